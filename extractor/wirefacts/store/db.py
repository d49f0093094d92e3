"""Stage 4 entry point: ``Store`` opens (and migrates) a database and loads batches.

``Store.open(url, rules)`` connects to any SQLAlchemy URL (SQLite and PostgreSQL
are tested), brings the schema to the latest Alembic revision (a fresh database
is created by the migrations themselves), and raises ``StoreError`` with the
password hidden when it cannot. ``load_batch`` writes one batch of
``(Article, ArticleFacts | None)`` in a single transaction (``load.py``);
exports read through ``Store.engine`` (``wirefacts.export``).

SQLite connections use WAL, ``synchronous=NORMAL`` and foreign keys; the
driver's own transaction handling is turned off so that SQLAlchemy's BEGIN /
COMMIT are the real ones (the SQLAlchemy "pysqlite serializable" recipe).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from wirefacts import __version__
from wirefacts.config import hide_password
from wirefacts.errors import StoreError
from wirefacts.facts import Article, ArticleFacts, FailedInput
from wirefacts.names import load_honorifics
from wirefacts.store.dedup import DEFAULT_THRESHOLD
from wirefacts.store.diff import TableDiff, apply_diffs, diff_article, read_rows
from wirefacts.store.load import Loader, LoadResult
from wirefacts.store.normalize import EntityResolver, load_org_lexicon
from wirefacts.store.tables import (
    ArticleRow,
    Base,
    DateRow,
    ExtractionRun,
    IngestError,
    MentionRow,
    MoneyRow,
    Organization,
    Person,
    Place,
    QuoteRow,
    RoleRow,
    TariffMeasure,
    TariffRow,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FACT_ROW_TABLES: dict[str, Any] = {
    "mentions": MentionRow,
    "roles": RoleRow,
    "money": MoneyRow,
    "tariffs": TariffRow,
    "dates": DateRow,
    "quotes": QuoteRow,
}

__all__ = [
    "LoadResult",
    "Store",
    "hide_password",
    "make_engine",
    "schema_drift",
    "upgrade",
]


SQLITE_LOCKED = (
    " (another process is writing to this SQLite file and SQLite allows one writer"
    " at a time; nothing was half-written: run this again once the other run has"
    " finished, or use PostgreSQL for concurrent runs)"
)
# Serialises first-time migrations of one PostgreSQL database by concurrent runs.
MIGRATION_LOCK_KEY = 0x77F_AC75


def _reason(exc: BaseException, url: str) -> str:
    """A one-line reason that never repeats the password."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        password = None
    if password:
        text = text.replace(str(password), "***")
    if "database is locked" in text:
        return text[:200] + SQLITE_LOCKED
    return text[:300]


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets its pragmas and real transactions."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        # The installed driver is psycopg 3; a bare postgresql:// would ask for
        # psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    engine = create_engine(parsed, connect_args={"timeout": 30})
    in_memory = parsed.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged migrations, sharing ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` inside one transaction."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                         {"key": MIGRATION_LOCK_KEY})
        if revision == "head" and current_revision(conn) == head_revision():
            return
        command.upgrade(alembic_config(conn), revision)


def upgrade_url(url: str) -> None:
    """Migrate the store at ``url`` to head; StoreError (no password) on failure."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    except Exception as exc:  # noqa: BLE001 - reported, never a traceback
        raise StoreError(
            f"cannot upgrade {hide_password(url)}: {_reason(exc, url)}"
        ) from None
    finally:
        engine.dispose()


def schema_drift(url: str = "sqlite://") -> list[Any]:
    """Differences between the models and a database migrated to head (the
    ``alembic check`` comparison); an empty list means none."""
    from alembic.autogenerate import compare_metadata

    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Store:
    """A wirefacts database: articles, deduplicated, with their normalised facts."""

    def __init__(
        self, engine: Engine, url: str, resolver: EntityResolver, near_threshold: float
    ) -> None:
        self.engine = engine
        self.url = url
        self.loader = Loader(resolver, near_threshold)
        self.run_id: int | None = None  # the run started last, for failures

    @classmethod
    def open(
        cls,
        url: str,
        rules: Any,
        near_threshold: float = DEFAULT_THRESHOLD,
        attach_surnames: bool = False,
    ) -> Store:
        """Connect, migrate to the current schema, and return the store.

        Args:
            url: any SQLAlchemy URL (``postgresql://`` means psycopg 3).
            rules: the RuleSet (honorifics from ``people.yml``, organisation
                lexicon from ``organizations.yml``; both optional).
            near_threshold: Jaccard similarity of word 5-shingles from which an
                article is a near duplicate of an earlier one.
            attach_surnames: also attach a surname-only name to the one
                full-name person known under that surname in *other* articles
                (``normalize.py``). Off by default: across articles a surname
                alone is no evidence (Pope "Francis" is not the pitcher Bowden
                Francis); only the same article or the ``known_people`` lexicon
                link it to a full name.

        Raises:
            StoreError: the URL is invalid, the server unreachable or the schema
                cannot be brought up to date (the message hides any password).
        """
        shown = hide_password(url)
        try:
            engine = make_engine(url)
        except (ArgumentError, ValueError) as exc:
            raise StoreError(f"bad database URL {shown}: {exc}") from None
        except ImportError as exc:
            raise StoreError(f"no driver for {shown}: {exc}") from None
        try:
            upgrade(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(
                f"cannot open database {shown}: {_reason(exc, url)}"
            ) from None
        except OSError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {shown}: {exc}") from None
        resolver = EntityResolver(
            load_honorifics(rules), load_org_lexicon(rules), attach_surnames
        )
        return cls(engine, url, resolver, near_threshold)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, exc: SQLAlchemyError, doing: str) -> StoreError:
        self.loader.invalidate()
        return StoreError(
            f"cannot {doing} in {hide_password(self.url)}: {_reason(exc, self.url)}"
        )

    # -- runs ---------------------------------------------------------------------

    def start_run(self, fingerprint: str, model: str, command: str) -> int:
        """Record the start of an ingest/reextract run; returns its id."""
        try:
            with self.engine.begin() as conn:
                self.run_id = int(
                    conn.execute(
                        insert(ExtractionRun).returning(ExtractionRun.id),
                        {
                            "fingerprint": fingerprint,
                            "model": model,
                            "command": command,
                            "wirefacts_version": __version__,
                            "started_at": _now(),
                        },
                    ).scalar_one()
                )
                return self.run_id
        except SQLAlchemyError as exc:
            raise self._fail(exc, "start a run") from None

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        """Record the end of a run and what it did."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    update(ExtractionRun)
                    .where(ExtractionRun.id == run_id)
                    .values(
                        finished_at=_now(), counts=json.dumps(counts, sort_keys=True)
                    )
                )
        except SQLAlchemyError as exc:
            raise self._fail(exc, "finish a run") from None

    # -- loading ------------------------------------------------------------------

    def duplicate_of(self, article: Article) -> int | None:
        """The original's id when an exact copy of ``article`` is stored (cheap:
        lets the batch skip extracting it), else None."""
        return self.duplicates_of([article])[0]

    def duplicates_of(self, articles: Sequence[Article]) -> list[int | None]:
        """``duplicate_of`` for a whole batch in one query."""
        from wirefacts.store.dedup import content_hash

        hashes = [content_hash(article.text) for article in articles]
        if not hashes:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ArticleRow.content_hash, ArticleRow.id, ArticleRow.duplicate_of)
                .where(ArticleRow.content_hash.in_(set(hashes)))
                .order_by(ArticleRow.id)
            ).all()
        first: dict[str, int] = {}
        for chash, article_id, original in rows:
            first.setdefault(chash, int(original or article_id))
        return [first.get(chash) for chash in hashes]

    def load_batch(
        self,
        items: Sequence[tuple[Article, ArticleFacts | None]],
        run_id: int | None = None,
    ) -> list[LoadResult]:
        """Load articles and their facts in one transaction (see ``load.py``).

        A unique-key clash (another writer loaded the same article or entity at
        the same moment) is retried once with fresh caches.
        """
        if not items:
            return []
        for attempt in (1, 2):
            try:
                with self.engine.begin() as conn:
                    return self.loader.load(conn, items, run_id)
            except IntegrityError as exc:
                self.loader.invalidate()
                if attempt == 2:
                    raise self._fail(exc, "load a batch") from None
            except SQLAlchemyError as exc:
                raise self._fail(exc, "load a batch") from None
            except BaseException:
                self.loader.invalidate()
                raise
        raise AssertionError("unreachable")

    def record_failures(
        self, failures: Sequence[FailedInput], run_id: int | None = None
    ) -> None:
        """Store one ``errors`` row per failed input; a failure seen again (same
        file, record and reason) only refreshes its time. ``run_id`` defaults to
        the run this store started last."""
        if not failures:
            return
        run_id = self.run_id if run_id is None else run_id
        now = _now()
        rows: dict[str, dict[str, Any]] = {}
        for f in failures:
            key = hashlib.sha256(
                "\0".join([f.source_path, f.record or "", f.reason]).encode("utf-8")
            ).hexdigest()
            rows[key] = {
                "error_key": key,
                "source_path": f.source_path,
                "record": f.record or "",
                "reason": f.reason,
                "at": now,
                "run_id": run_id,
            }
        try:
            with self.engine.begin() as conn:
                known = set(
                    conn.execute(
                        select(IngestError.error_key).where(
                            IngestError.error_key.in_(list(rows))
                        )
                    ).scalars()
                )
                fresh = [r for k, r in rows.items() if k not in known]
                if fresh:
                    conn.execute(insert(IngestError), fresh)
                if known:
                    conn.execute(
                        update(IngestError)
                        .where(IngestError.error_key.in_(list(known)))
                        .values(at=now, run_id=run_id)
                    )
        except SQLAlchemyError as exc:
            raise self._fail(exc, "record failures") from None

    # -- re-extraction --------------------------------------------------------------

    def stale_articles(self, fingerprint: str, everything: bool = False) -> list[int]:
        """Ids of the articles to re-extract: those whose facts were made with
        another fingerprint (or never), or all of them; exact duplicates never."""
        query = select(ArticleRow.id).where(
            or_(
                ArticleRow.duplicate_kind.is_(None),
                ArticleRow.duplicate_kind != "exact",
            )
        )
        if not everything:
            query = query.where(
                or_(
                    ArticleRow.extraction_key.is_(None),
                    ArticleRow.extraction_key != fingerprint,
                )
            )
        with self.engine.connect() as conn:
            return list(conn.execute(query.order_by(ArticleRow.id)).scalars())

    def get_article(self, article_id: int) -> Article:
        """The stored article, as the cleaning stage made it."""
        found = self.get_articles([article_id])
        if not found:
            raise StoreError(f"no article {article_id}")
        return found[0][1]

    def get_articles(self, article_ids: Sequence[int]) -> list[tuple[int, Article]]:
        """The stored articles among ``article_ids`` (one query), in id order."""
        if not article_ids:
            return []
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(ArticleRow)
                    .where(ArticleRow.id.in_(list(article_ids)))
                    .order_by(ArticleRow.id)
                ).mappings()
                return [(int(row["id"]), _article(row)) for row in rows]
        except SQLAlchemyError as exc:
            raise self._fail(exc, "read articles") from None

    def fact_counts(self, article_id: int) -> dict[str, int]:
        """Rows per fact table for one article (for ``reextract --dry-run``)."""
        tables = FACT_ROW_TABLES
        with self.engine.connect() as conn:
            return {
                name: int(
                    conn.execute(
                        select(func.count())
                        .select_from(t)
                        .where(t.article_id == article_id)
                    ).scalar_one()
                )
                for name, t in tables.items()
            }

    def replace_facts(
        self, article_id: int, facts: ArticleFacts, run_id: int | None = None
    ) -> int:
        """Swap one article's facts for new ones atomically; returns its fact rows.

        Only what changed is written (``reextract_batch``); entities and tariff
        measures no longer referred to by any fact are removed.
        """
        article = self.get_article(article_id)
        with self.engine.connect() as conn:
            fingerprint = self.loader._fingerprint(conn, run_id)
        diffs = self.reextract_batch([(article_id, article, facts)], fingerprint,
                                     run_id)
        return sum(d.rows_after for d in diffs[0])

    def reextract_batch(
        self,
        items: Sequence[tuple[int, Article, ArticleFacts]],
        fingerprint: str | None,
        run_id: int | None = None,
        dry_run: bool = False,
    ) -> list[list[TableDiff]]:
        """Bring stored articles' facts in line with new ones, in one transaction.

        A fact that comes out the same keeps its row and id; only added, removed
        and changed rows are written (``store/diff.py``), then each article gets
        ``extraction_key = fingerprint`` and ``run_id``, and entities and measures
        no fact refers to any more are removed. With ``dry_run`` the same work is
        done and rolled back, so the diffs are exact and nothing changes.

        Returns:
            per article (in order), one ``TableDiff`` per fact table.
        """
        if not items:
            return []
        conn = self.engine.connect()
        try:
            transaction = conn.begin()
            try:
                diffs = self._rediff(conn, items)
                if dry_run:
                    transaction.rollback()
                else:
                    apply_diffs(conn, [d for per in diffs for d in per])
                    conn.execute(
                        update(ArticleRow)
                        .where(ArticleRow.id.in_([aid for aid, _, _ in items]))
                        .values(extraction_key=fingerprint, run_id=run_id)
                    )
                    _delete_orphans(conn)
                    transaction.commit()
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
            finally:
                # The caches saw rows that were rolled back or later deleted.
                self.loader.invalidate()
        except SQLAlchemyError as exc:
            raise self._fail(exc, "re-extract") from None
        finally:
            conn.close()
        return diffs

    def _rediff(
        self, conn: Connection, items: Sequence[tuple[int, Article, ArticleFacts]]
    ) -> list[list[TableDiff]]:
        old = read_rows(conn, [aid for aid, _, _ in items])
        new = self.loader.fact_rows(conn, items)
        return [
            diff_article(aid, old[aid], rows)
            for (aid, _, _), rows in zip(items, new, strict=True)
        ]


def _article(row: Any) -> Article:
    """An ``articles`` row as the Article the cleaning stage made."""
    return Article(
        source_path=row["source_path"],
        text=row["text"],
        raw_text=row["raw_text"],
        offset_map=tuple(tuple(p) for p in json.loads(row["offset_map"])),  # type: ignore[misc]
        record=row["record"] or None,
        external_id=row["external_id"],
        title=row["title"],
        published=row["published"],
        dateline=row["dateline"],
        sources=tuple(json.loads(row["sources"] or "[]")),
        source=row["source"],
        url=row["url"],
        author=row["author"],
    )


def _delete_orphans(conn: Connection) -> None:
    """Remove entities and measures that no fact refers to any more."""
    used_people = (
        select(MentionRow.person_id)
        .where(MentionRow.person_id.is_not(None))
        .union(
            select(RoleRow.person_id).where(RoleRow.person_id.is_not(None)),
            select(QuoteRow.person_id).where(QuoteRow.person_id.is_not(None)),
        )
    )
    conn.execute(delete(Person).where(Person.id.not_in(used_people)))
    used_orgs = (
        select(MentionRow.org_id)
        .where(MentionRow.org_id.is_not(None))
        .union(
            select(RoleRow.org_id).where(RoleRow.org_id.is_not(None)),
            select(QuoteRow.org_id).where(QuoteRow.org_id.is_not(None)),
        )
    )
    conn.execute(delete(Organization).where(Organization.id.not_in(used_orgs)))
    conn.execute(
        delete(Place).where(
            Place.id.not_in(
                select(MentionRow.place_id).where(MentionRow.place_id.is_not(None))
            )
        )
    )
    conn.execute(
        delete(TariffMeasure).where(
            TariffMeasure.id.not_in(
                select(TariffRow.measure_id).where(TariffRow.measure_id.is_not(None))
            )
        )
    )
