"""Stage 4 loading: (Article, ArticleFacts | None) batches -> rows, in one transaction.

For each article of a batch, in order:

- the same ``source_path`` + ``record`` with the same content was loaded before
  (by an earlier run or earlier in the batch): ``already_loaded``, nothing added;
- its ``content_hash`` is known: an exact ``duplicate`` row pointing at the
  original, no facts (the batch may skip extracting it: ``Store.duplicate_of``);
- its word 5-shingles have Jaccard >= the threshold with an original (MinHash/LSH
  candidates, confirmed exactly): a ``near_duplicate`` row with ``duplicate_of``
  and ``similarity``; its facts are stored but not counted in people's
  ``article_count`` nor in consolidated tariff measures;
- else ``new``, with its facts.

A fact whose offsets do not point at its own text is dropped with a warning
(``text[start:end]`` must equal the fact's text in every export).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from datasketch import MinHash
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from wirefacts.facts import Article, ArticleFacts, span_text
from wirefacts.store import dedup
from wirefacts.store.measures import MeasureIndex
from wirefacts.store.normalize import ArticleEntities, EntityResolver
from wirefacts.store.tables import (
    ArticleMinhash,
    ArticleRow,
    DateRow,
    ExtractionRun,
    MentionRow,
    MoneyRow,
    QuoteRow,
    RoleRow,
    TariffRow,
)

log = logging.getLogger(__name__)

# The fact tables, in the order their rows are written.
FACT_ROWS = (MentionRow, RoleRow, MoneyRow, TariffRow, DateRow, QuoteRow)

Status = Literal["new", "duplicate", "near_duplicate", "already_loaded"]
CHUNK = 500


@dataclass(frozen=True)
class LoadResult:
    """What happened to one article of a batch."""

    article_id: int | None
    status: Status
    duplicate_of: int | None
    facts: int


@dataclass
class _Plan:
    article: Article
    facts: ArticleFacts | None
    words: list[str]
    content_hash: str
    ingest_key: str
    status: Status = "new"
    ref: int | None = None  # duplicate_of: an article id ...
    batch_ref: int | None = None  # ... or the index of an earlier article of the batch
    similarity: float | None = None
    shingles: set[str] | None = None
    minhash: MinHash | None = None
    article_id: int | None = None
    fact_count: int = 0


def ingest_key(source_path: str, record: str | None, chash: str) -> str:
    """sha256 of where an article came from and what it says."""
    raw = "\0".join([source_path, record or "", chash])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def valid_facts(article: Article, facts: ArticleFacts) -> ArticleFacts:
    """``facts`` less the span facts whose offsets miss their text (logged)."""
    text = article.text

    def keep(group: tuple[Any, ...]) -> tuple[Any, ...]:
        good = tuple(f for f in group if text[f.start : f.end] == span_text(f))
        if len(good) != len(group):
            log.warning(
                "%s: dropped %d %s fact(s) with wrong offsets",
                article.source_path,
                len(group) - len(good),
                type(group[0]).__name__,
            )
        return good

    return ArticleFacts(
        mentions=keep(facts.mentions),
        roles=keep(facts.roles),
        money=facts.money,
        tariffs=keep(facts.tariffs),
        dates=keep(facts.dates),
        quotes=keep(facts.quotes),
    )


class Loader:
    """Writes batches; holds the caches that must be dropped after a rollback."""

    def __init__(self, resolver: EntityResolver, threshold: float) -> None:
        self.resolver = resolver
        self.threshold = threshold
        self._index: dedup.NearDuplicateIndex | None = None
        self.measures = MeasureIndex(resolver)
        self._fingerprints: dict[int, str] = {}

    def invalidate(self) -> None:
        """Forget every cache (the transaction that filled them rolled back)."""
        self._index = None
        self.measures.invalidate()
        self.resolver.invalidate()

    # -- dedup --------------------------------------------------------------------

    def near_index(self, conn: Connection) -> dedup.NearDuplicateIndex:
        """The LSH index of every original article, built on first use.

        Signatures made by another datasketch scheme or size are recomputed from
        the article text (and stored again), so they stay comparable.
        """
        if self._index is not None:
            return self._index
        index = dedup.NearDuplicateIndex(self.threshold)
        rows = conn.execute(
            select(
                ArticleMinhash.article_id,
                ArticleMinhash.num_perm,
                ArticleMinhash.scheme,
                ArticleMinhash.signature,
            )
            .join(ArticleRow, ArticleRow.id == ArticleMinhash.article_id)
            .where(ArticleRow.duplicate_of.is_(None))
            .order_by(ArticleMinhash.article_id)
        )
        stale = []
        for article_id, num_perm, scheme, signature in rows:
            if num_perm == index.num_perm and scheme == dedup.SCHEME:
                index.add(article_id, dedup.minhash_from_bytes(signature, num_perm))
            else:
                stale.append(article_id)
        for chunk in _chunks(stale):
            texts = conn.execute(
                select(ArticleRow.id, ArticleRow.text).where(ArticleRow.id.in_(chunk))
            )
            for article_id, text in texts:
                mh = dedup.make_minhash(dedup.shingles(dedup.text_words(text)))
                index.add(article_id, mh)
                conn.execute(
                    update(ArticleMinhash)
                    .where(ArticleMinhash.article_id == article_id)
                    .values(
                        num_perm=index.num_perm,
                        scheme=dedup.SCHEME,
                        signature=dedup.signature_bytes(mh),
                    )
                )
        self._index = index
        return index

    def _plan(
        self, conn: Connection, items: Sequence[tuple[Article, ArticleFacts | None]]
    ) -> list[_Plan]:
        plans = []
        for article, facts in items:
            words = dedup.text_words(article.text)
            chash = dedup.content_hash(article.text)
            plans.append(
                _Plan(
                    article,
                    facts,
                    words,
                    chash,
                    ingest_key(article.source_path, article.record, chash),
                )
            )
        loaded: dict[str, int] = {}
        roots: dict[str, int] = {}
        for chunk in _chunks(plans):
            found = conn.execute(
                select(ArticleRow.ingest_key, ArticleRow.id).where(
                    ArticleRow.ingest_key.in_({p.ingest_key for p in chunk})
                )
            )
            loaded.update((key, article_id) for key, article_id in found)
            rows = conn.execute(
                select(ArticleRow.content_hash, ArticleRow.id, ArticleRow.duplicate_of)
                .where(ArticleRow.content_hash.in_({p.content_hash for p in chunk}))
                .order_by(ArticleRow.id)
            )
            for chash, article_id, dup in rows:
                roots.setdefault(chash, dup or article_id)
        index = self.near_index(conn)
        first_key: dict[str, int] = {}
        first_hash: dict[str, int] = {}
        for i, plan in enumerate(plans):
            if plan.ingest_key in loaded:
                plan.status, plan.article_id = "already_loaded", loaded[plan.ingest_key]
            elif plan.ingest_key in first_key:
                plan.status, plan.batch_ref = (
                    "already_loaded",
                    first_key[plan.ingest_key],
                )
            elif plan.content_hash in roots:
                plan.status, plan.ref, plan.similarity = (
                    "duplicate",
                    roots[plan.content_hash],
                    1.0,
                )
            elif plan.content_hash in first_hash:
                j = first_hash[plan.content_hash]
                plan.status, plan.similarity = "duplicate", 1.0
                if plans[j].status == "new":
                    plan.batch_ref = j
                else:  # j is itself a copy: point at its original
                    plan.ref, plan.batch_ref = plans[j].ref, plans[j].batch_ref
            else:
                self._near(conn, plans, i, index)
            first_key.setdefault(plan.ingest_key, i)
            if plan.status != "already_loaded":
                first_hash.setdefault(plan.content_hash, i)
        return plans

    def _near(
        self,
        conn: Connection,
        plans: list[_Plan],
        i: int,
        index: dedup.NearDuplicateIndex,
    ) -> None:
        plan = plans[i]
        if len(plan.words) < dedup.MIN_WORDS:
            return
        plan.shingles = dedup.shingles(plan.words)
        plan.minhash = dedup.make_minhash(plan.shingles, index.num_perm)
        best: tuple[float, object] | None = None
        for key in index.candidates(plan.minhash):
            other = self._candidate_shingles(conn, plans, key)
            score = dedup.jaccard(plan.shingles, other)
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, key)
        if best is None:
            index.add(("batch", i), plan.minhash)
            return
        plan.status, plan.similarity = "near_duplicate", round(best[0], 4)
        key = best[1]
        if isinstance(key, tuple):
            plan.batch_ref = key[1]
        else:
            plan.ref = int(key)  # type: ignore[call-overload]

    @staticmethod
    def _candidate_shingles(
        conn: Connection, plans: list[_Plan], key: object
    ) -> set[str]:
        if isinstance(key, tuple):
            return plans[key[1]].shingles or set()
        text = conn.execute(
            select(ArticleRow.text).where(ArticleRow.id == key)
        ).scalar_one()
        return dedup.shingles(dedup.text_words(text))

    # -- writing ------------------------------------------------------------------

    def load(
        self,
        conn: Connection,
        items: Sequence[tuple[Article, ArticleFacts | None]],
        run_id: int | None,
    ) -> list[LoadResult]:
        """Load one batch inside ``conn``'s transaction."""
        plans = self._plan(conn, items)
        fingerprint = self._fingerprint(conn, run_id)
        self._insert_articles(conn, plans, run_id, fingerprint)
        with_facts = [
            p
            for p in plans
            if p.status in ("new", "near_duplicate") and p.facts is not None
        ]
        if with_facts:
            self.write_facts(
                conn,
                [
                    (p.article_id, p.article, p.facts)  # type: ignore[misc]
                    for p in with_facts
                ],
                counts=with_facts,
            )
        results = []
        for plan in plans:
            ref = plan.ref
            if plan.batch_ref is not None:
                ref = plans[plan.batch_ref].article_id
                if plan.status == "already_loaded":
                    plan.article_id, ref = ref, None
            results.append(
                LoadResult(
                    plan.article_id,
                    plan.status,
                    ref if plan.status != "already_loaded" else None,
                    plan.fact_count,
                )
            )
        return results

    def _fingerprint(self, conn: Connection, run_id: int | None) -> str | None:
        if run_id is None:
            return None
        if run_id not in self._fingerprints:
            found = conn.execute(
                select(ExtractionRun.fingerprint).where(ExtractionRun.id == run_id)
            ).scalar_one_or_none()
            if found is None:
                raise ValueError(f"no extraction run {run_id}")
            self._fingerprints[run_id] = found
        return self._fingerprints[run_id]

    def _insert_articles(
        self,
        conn: Connection,
        plans: list[_Plan],
        run_id: int | None,
        fingerprint: str | None,
    ) -> None:
        todo = [p for p in plans if p.status != "already_loaded"]
        if not todo:
            return
        now = _now()
        rows = []
        for p in todo:
            a = p.article
            extracted = p.status != "duplicate" and p.facts is not None
            rows.append(
                {
                    "source_path": a.source_path,
                    "record": a.record or "",
                    "external_id": a.external_id,
                    "title": a.title,
                    "published": a.published,
                    "dateline": a.dateline,
                    "sources": json.dumps(list(a.sources)),
                    "source": a.source,
                    "url": a.url,
                    "author": a.author,
                    "text": a.text,
                    "raw_text": a.raw_text,
                    "offset_map": json.dumps([list(x) for x in a.offset_map]),
                    "content_hash": p.content_hash,
                    "ingest_key": p.ingest_key,
                    "duplicate_of": p.ref,
                    "duplicate_kind": {
                        "duplicate": "exact",
                        "near_duplicate": "near",
                    }.get(p.status),
                    "similarity": p.similarity,
                    "extraction_key": fingerprint if extracted else None,
                    "run_id": run_id,
                    "ingested_at": now,
                }
            )
        ids = (
            conn.execute(
                insert(ArticleRow).returning(
                    ArticleRow.id, sort_by_parameter_order=True
                ),
                rows,
            )
            .scalars()
            .all()
        )
        for plan, article_id in zip(todo, ids, strict=True):
            plan.article_id = article_id
        fixups = [
            {"aid": p.article_id, "dup": plans[p.batch_ref].article_id}
            for p in todo
            if p.batch_ref is not None
        ]
        if fixups:
            conn.execute(
                update(ArticleRow)
                .where(ArticleRow.id == bindparam("aid"))
                .values(duplicate_of=bindparam("dup")),
                fixups,
            )
        index = self._index
        signatures = []
        for i, plan in enumerate(plans):
            if plan.status == "new" and plan.minhash is not None:
                signatures.append(
                    {
                        "article_id": plan.article_id,
                        "num_perm": plan.minhash.hashvalues.size,
                        "scheme": dedup.SCHEME,
                        "signature": dedup.signature_bytes(plan.minhash),
                    }
                )
                if index is not None:
                    index.rename(("batch", i), plan.article_id)
        if signatures:
            conn.execute(insert(ArticleMinhash), signatures)

    def write_facts(
        self,
        conn: Connection,
        batch: Sequence[tuple[int, Article, ArticleFacts]],
        counts: Sequence[_Plan] | None = None,
    ) -> list[int]:
        """Insert the facts of already stored articles; returns rows per article."""
        tables: dict[Any, list[dict[str, Any]]] = {t: [] for t in FACT_ROWS}
        per_article = []
        for rows_of_article in self.fact_rows(conn, batch):
            per_article.append(sum(len(v) for v in rows_of_article.values()))
            for table, rows in rows_of_article.items():
                tables[table].extend(rows)
        for table, rows in tables.items():
            for chunk in _chunks(rows, 5000):
                conn.execute(insert(table), chunk)
        if counts is not None:
            for plan, n in zip(counts, per_article, strict=True):
                plan.fact_count = n
        return per_article

    def fact_rows(
        self, conn: Connection, batch: Sequence[tuple[int, Article, ArticleFacts]]
    ) -> list[dict[Any, list[dict[str, Any]]]]:
        """The rows (table model -> column dicts, no ids) of each article's facts.

        Entities and tariff measures the facts name are found or created inside
        ``conn``'s transaction; nothing else is written.
        """
        checked = [(aid, valid_facts(article, facts)) for aid, article, facts in batch]
        entities = self.resolver.resolve(conn, checked)
        measures = self.measures.ids(conn, [f for _, f in checked])
        out = []
        for (aid, facts), ents, (_, article, _) in zip(
            checked, entities, batch, strict=True
        ):
            tables: dict[Any, list[dict[str, Any]]] = {t: [] for t in FACT_ROWS}
            self._fact_rows(aid, article.text, facts, ents, measures, tables)
            out.append(tables)
        return out

    @staticmethod
    def _fact_rows(
        aid: int,
        text: str,
        facts: ArticleFacts,
        ents: ArticleEntities,
        measures: dict[int, int | None],
        tables: dict[Any, list[dict[str, Any]]],
    ) -> None:
        for m in facts.mentions:
            ids: dict[str, int | None] = {
                "person_id": None,
                "org_id": None,
                "place_id": None,
            }
            if m.type == "PERSON":
                ids["person_id"] = ents.people.get(m.entity)
            elif m.type == "ORG":
                ids["org_id"] = ents.orgs.get(m.entity)
            else:
                ids["place_id"] = ents.places.get((m.type, m.entity))
            tables[MentionRow].append(
                {
                    "article_id": aid,
                    "type": m.type,
                    "text": m.text,
                    "entity": m.entity,
                    "start": m.start,
                    "end": m.end,
                    **ids,
                }
            )
        for r in facts.roles:
            tables[RoleRow].append(
                {
                    "article_id": aid,
                    "person_id": ents.people.get(r.person),
                    "person": r.person,
                    "role": r.role,
                    "organization": r.organization,
                    "org_id": ents.orgs.get(r.organization) if r.organization else None,
                    "start": r.start,
                    "end": r.end,
                }
            )
        for seq, money in enumerate(facts.money):
            # kept by position: converted_from refers to the index in facts.money
            if text[money.start : money.end] != money.text:
                log.warning(
                    "article %d: dropped money %r with wrong offsets", aid, money.text
                )
                continue
            tables[MoneyRow].append(
                {
                    "article_id": aid,
                    "seq": seq,
                    "text": money.text,
                    "amount": money.amount,
                    "currency": money.currency,
                    "start": money.start,
                    "end": money.end,
                    "converted_from_seq": money.converted_from,
                }
            )
        for seq, tariff in enumerate(facts.tariffs):
            tables[TariffRow].append(
                {
                    "article_id": aid,
                    "seq": seq,
                    "text": tariff.text,
                    "start": tariff.start,
                    "end": tariff.end,
                    "imposer": tariff.imposer,
                    "target": tariff.target,
                    "rate": tariff.rate,
                    "previous_rate": tariff.previous_rate,
                    "goods": tariff.goods,
                    "goods_value": tariff.goods_value,
                    "goods_currency": tariff.goods_currency,
                    "effective_date": tariff.effective_date,
                    "status": tariff.status,
                    "measure_id": measures.get(id(tariff)),
                }
            )
        for d in facts.dates:
            tables[DateRow].append(
                {
                    "article_id": aid,
                    "text": d.text,
                    "value": d.value,
                    "granularity": d.granularity,
                    "start": d.start,
                    "end": d.end,
                }
            )
        for q in facts.quotes:
            person_id = org_id = None
            if q.speaker and q.speaker_type in ("PERSON", None):
                person_id = ents.people.get(q.speaker)
            if q.speaker and q.speaker_type in ("ORG", None) and person_id is None:
                org_id = ents.orgs.get(q.speaker)
            tables[QuoteRow].append(
                {
                    "article_id": aid,
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "speaker": q.speaker,
                    "speaker_type": q.speaker_type,
                    "person_id": person_id,
                    "org_id": org_id,
                }
            )
