"""Stage 5: one stored table -> CSV or JSON lines, columns in contract order.

``write_table(store, "people", out)`` writes the columns fixed by the contract
(``CONTRACT.md``, "Export tables") first and extra columns after. Cells: ``None``
is an empty cell (``null`` in JSON lines); numbers are plain decimals
(100000000000, 2.5, -5; never 1e+11 nor a trailing ".0"); lists are
``"; "``-joined; times are ISO-8601 in UTC. Rows come in id order, and every
aggregate (aliases, roles, article counts, evidence) is computed here from the
fact tables with a deterministic sort, so SQLite and PostgreSQL stores loaded
with the same inputs export the same files (modulo surrogate ids and times).

Aggregates leave duplicates out: ``article_count`` and ``evidence_count`` count
only articles that are not exact or near duplicates of another.

Spreadsheet safety (OWASP "CSV injection"): by default a CSV text cell starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with ``'`` so
Excel or LibreOffice shows it instead of running it as a formula. Span cells
(kind ``span``: ``articles.text`` and the ``text``/``role`` cell of every fact
with ``start``/``end``) are never changed, because ``text[start:end]`` must
equal the row's text byte for byte; numbers are never changed either. JSON
lines are never changed. ``excel_safe=False`` (CLI ``--raw``) writes every cell
as stored; ``bom=True`` (CLI ``--bom``) starts a CSV with a UTF-8 byte-order mark
so Excel reads it as UTF-8.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, TextIO

from sqlalchemy import Select, select
from sqlalchemy.engine import Connection

from wirefacts.errors import WirefactsError
from wirefacts.store.db import Store
from wirefacts.store.measures import plain_number
from wirefacts.store.tables import (
    ArticleRow,
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

Format = Literal["csv", "jsonl"]
# Column kinds: "int" and "num" are numbers, "str" text, "time" a timestamp,
# "span" text that offsets point into or at (never altered, see above).
Kind = Literal["int", "num", "str", "time", "span"]
Rows = tuple[list[tuple[str, Kind]], Iterable[tuple[Any, ...]]]

SEP = "; "
BATCH = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


def _cols(spec: str) -> list[tuple[str, Kind]]:
    """``"article_id:int text amount:num"`` -> [(name, kind), ...]."""
    out: list[tuple[str, Kind]] = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        out.append((name, (kind or "str")))  # type: ignore[arg-type]
    return out


def _stream(conn: Connection, query: Select[Any]) -> Iterator[Any]:
    return iter(conn.execution_options(yield_per=BATCH).execute(query))


def _joined(values: Iterable[str]) -> str:
    return SEP.join(sorted(set(values), key=lambda v: (v.casefold(), v)))


def _counted() -> Any:
    """Articles that count: neither an exact nor a near duplicate."""
    return ArticleRow.duplicate_of.is_(None)


# -- tables -------------------------------------------------------------------------


def _articles(conn: Connection) -> Rows:
    cols = _cols(
        "article_id:int source_path external_id title published dateline sources "
        "text:span duplicate_of:int record duplicate_kind similarity:num content_hash "
        "source url author ingested_at:time extraction_key"
    )
    a = ArticleRow
    query = select(
        a.id,
        a.source_path,
        a.external_id,
        a.title,
        a.published,
        a.dateline,
        a.sources,
        a.text,
        a.duplicate_of,
        a.record,
        a.duplicate_kind,
        a.similarity,
        a.content_hash,
        a.source,
        a.url,
        a.author,
        a.ingested_at,
        a.extraction_key,
    ).order_by(a.id)

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _stream(conn, query):
            sources = SEP.join(json.loads(r.sources or "[]"))
            yield (*r[:6], sources, r.text, r.duplicate_of, r.record or None, *r[10:])

    return cols, rows()


def _errors(conn: Connection) -> Rows:
    cols = _cols("source_path record reason at:time error_id:int run_id:int")
    e = IngestError
    query = select(e.source_path, e.record, e.reason, e.at, e.id, e.run_id)
    return cols, (
        (r[0], r[1] or None, *r[2:]) for r in _stream(conn, query.order_by(e.id))
    )


def _entity_stats(
    conn: Connection, id_column: Any, extra: Iterable[Any] = ()
) -> tuple[dict[int, set[str]], dict[int, set[int]]]:
    """Per entity id: distinct surface forms, and counted articles naming it."""
    aliases: dict[int, set[str]] = defaultdict(set)
    articles: dict[int, set[int]] = defaultdict(set)
    query = (
        select(id_column, MentionRow.text, MentionRow.article_id, _counted())
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(id_column.is_not(None))
    )
    for eid, text, aid, counted in _stream(conn, query):
        aliases[eid].add(text)
        if counted:
            articles[eid].add(aid)
    for column in extra:  # roles (and other facts) name an entity too
        query = (
            select(column, column.table.c.article_id, _counted())
            .join(ArticleRow, ArticleRow.id == column.table.c.article_id)
            .where(column.is_not(None))
        )
        for eid, aid, counted in _stream(conn, query):
            if counted:
                articles[eid].add(aid)
    return aliases, articles


def _people(conn: Connection) -> Rows:
    cols = _cols("person_id:int name aliases article_count:int roles surname_only")
    aliases, articles = _entity_stats(conn, MentionRow.person_id, [RoleRow.person_id])
    roles: dict[int, set[str]] = defaultdict(set)
    query = select(RoleRow.person_id, RoleRow.role).where(
        RoleRow.person_id.is_not(None)
    )
    for pid, role in _stream(conn, query):
        roles[pid].add(role)
    people = select(Person.id, Person.name, Person.single).order_by(Person.id)

    def rows() -> Iterator[tuple[Any, ...]]:
        for pid, name, single in _stream(conn, people):
            yield (
                pid,
                name,
                _joined(aliases.get(pid, ())),
                len(articles.get(pid, ())),
                _joined(roles.get(pid, ())),
                "yes" if single else None,
            )

    return cols, rows()


def _organizations(conn: Connection) -> Rows:
    cols = _cols("org_id:int name aliases article_count:int")
    aliases, articles = _entity_stats(conn, MentionRow.org_id, [RoleRow.org_id])
    query = select(Organization.id, Organization.name).order_by(Organization.id)
    return cols, (
        (oid, name, _joined(aliases.get(oid, ())), len(articles.get(oid, ())))
        for oid, name in _stream(conn, query)
    )


def _places(conn: Connection) -> Rows:
    cols = _cols("place_id:int name type aliases article_count:int")
    aliases, articles = _entity_stats(conn, MentionRow.place_id)
    query = select(Place.id, Place.name, Place.type).order_by(Place.id)
    return cols, (
        (pid, name, kind, _joined(aliases.get(pid, ())), len(articles.get(pid, ())))
        for pid, name, kind in _stream(conn, query)
    )


def _mentions(conn: Connection) -> Rows:
    cols = _cols(
        "article_id:int entity_id:int entity type text:span start:int end:int "
        "mention_id:int article_entity"
    )
    m = MentionRow
    query = (
        select(
            m.article_id,
            m.person_id,
            m.org_id,
            m.place_id,
            Person.name,
            Organization.name,
            Place.name,
            m.entity,
            m.type,
            m.text,
            m.start,
            m.end,
            m.id,
        )
        .outerjoin(Person, Person.id == m.person_id)
        .outerjoin(Organization, Organization.id == m.org_id)
        .outerjoin(Place, Place.id == m.place_id)
        .order_by(m.id)
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _stream(conn, query):
            eid = r[1] or r[2] or r[3]
            name = r[4] or r[5] or r[6] or r.entity
            yield (
                r.article_id,
                eid,
                name,
                r.type,
                r.text,
                r.start,
                r.end,
                r.id,
                r.entity,
            )

    return cols, rows()


def _roles(conn: Connection) -> Rows:
    cols = _cols(
        "article_id:int person_id:int person role:span organization start:int end:int "
        "role_id:int org_id:int"
    )
    r = RoleRow
    query = (
        select(
            r.article_id,
            r.person_id,
            Person.name,
            r.person,
            r.role,
            r.organization,
            r.start,
            r.end,
            r.id,
            r.org_id,
        )
        .outerjoin(Person, Person.id == r.person_id)
        .order_by(r.id)
    )
    return cols, (
        (row[0], row[1], row[2] or row[3], *row[4:]) for row in _stream(conn, query)
    )


def _money(conn: Connection) -> Rows:
    cols = _cols(
        "article_id:int text:span amount:num currency start:int end:int money_id:int "
        "converted_from:int"
    )
    m = MoneyRow
    source = MoneyRow.__table__.alias("source")
    query = (
        select(
            m.article_id,
            m.text,
            m.amount,
            m.currency,
            m.start,
            m.end,
            m.id,
            source.c.id,
        )
        .outerjoin(
            source,
            (source.c.article_id == m.article_id)
            & (source.c.seq == m.converted_from_seq),
        )
        .order_by(m.id)
    )
    return cols, (tuple(row) for row in _stream(conn, query))


def _tariffs(conn: Connection) -> Rows:
    cols = _cols(
        "article_id:int imposer target rate:num previous_rate:num goods "
        "goods_value:num goods_currency effective_date status text:span start:int "
        "end:int tariff_id:int measure_id:int"
    )
    t = TariffRow
    query = select(
        t.article_id,
        t.imposer,
        t.target,
        t.rate,
        t.previous_rate,
        t.goods,
        t.goods_value,
        t.goods_currency,
        t.effective_date,
        t.status,
        t.text,
        t.start,
        t.end,
        t.id,
        t.measure_id,
    ).order_by(t.id)
    return cols, (tuple(row) for row in _stream(conn, query))


def _dates(conn: Connection) -> Rows:
    cols = _cols(
        "article_id:int text:span value granularity start:int end:int date_id:int"
    )
    d = DateRow
    query = select(d.article_id, d.text, d.value, d.granularity, d.start, d.end, d.id)
    return cols, (tuple(row) for row in _stream(conn, query.order_by(d.id)))


def _quotes(conn: Connection) -> Rows:
    cols = _cols(
        "article_id:int speaker text:span start:int end:int quote_id:int speaker_type "
        "person_id:int org_id:int"
    )
    q = QuoteRow
    query = (
        select(
            q.article_id,
            Person.name,
            Organization.name,
            q.speaker,
            q.text,
            q.start,
            q.end,
            q.id,
            q.speaker_type,
            q.person_id,
            q.org_id,
        )
        .outerjoin(Person, Person.id == q.person_id)
        .outerjoin(Organization, Organization.id == q.org_id)
        .order_by(q.id)
    )
    return cols, ((r[0], r[1] or r[2] or r[3], *r[4:]) for r in _stream(conn, query))


def _tariff_measures(conn: Connection) -> Rows:
    cols = _cols(
        "measure_id:int imposer target rate:num goods_value:num goods_currency "
        "effective_date statuses evidence_count:int first_seen last_seen "
        "article_ids near_duplicate_count:int"
    )
    evidence: dict[int, set[int]] = defaultdict(set)
    copies: dict[int, set[int]] = defaultdict(set)
    seen: dict[int, list[str]] = defaultdict(list)
    statuses: dict[int, set[str]] = defaultdict(set)
    query = (
        select(
            TariffRow.measure_id,
            TariffRow.article_id,
            TariffRow.status,
            ArticleRow.published,
            ArticleRow.ingested_at,
            _counted(),
        )
        .join(ArticleRow, ArticleRow.id == TariffRow.article_id)
        .where(TariffRow.measure_id.is_not(None))
    )
    for mid, aid, status, published, ingested, counted in _stream(conn, query):
        if not counted:
            copies[mid].add(aid)
            continue
        evidence[mid].add(aid)
        seen[mid].append(published or _utc(ingested).date().isoformat())
        if status:
            statuses[mid].add(status)
    m = TariffMeasure
    query = select(
        m.id,
        m.imposer,
        m.target,
        m.rate,
        m.goods_value,
        m.goods_currency,
        m.effective_date,
    ).order_by(m.id)

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _stream(conn, query):
            mid = r[0]
            dates = seen.get(mid) or []
            yield (
                *r,
                _joined(statuses.get(mid, ())),
                len(evidence.get(mid, ())),
                min(dates) if dates else None,
                max(dates) if dates else None,
                SEP.join(str(a) for a in sorted(evidence.get(mid, ()))),
                len(copies.get(mid, ())),
            )

    return cols, rows()


def _extraction_runs(conn: Connection) -> Rows:
    cols = _cols(
        "run_id:int command fingerprint model wirefacts_version started_at:time "
        "finished_at:time counts"
    )
    r = ExtractionRun
    query = select(
        r.id,
        r.command,
        r.fingerprint,
        r.model,
        r.wirefacts_version,
        r.started_at,
        r.finished_at,
        r.counts,
    ).order_by(r.id)
    return cols, (tuple(row) for row in _stream(conn, query))


BUILDERS: dict[str, Callable[[Connection], Rows]] = {
    "articles": _articles,
    "errors": _errors,
    "people": _people,
    "organizations": _organizations,
    "mentions": _mentions,
    "roles": _roles,
    "money": _money,
    "tariffs": _tariffs,
    "dates": _dates,
    "quotes": _quotes,
    "tariff_measures": _tariff_measures,
    "places": _places,
    "extraction_runs": _extraction_runs,
}
TABLES: tuple[str, ...] = tuple(BUILDERS)


# -- cells ----------------------------------------------------------------------------


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands timestamps back naive; they were written in UTC.
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


def _time(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return _utc(value).astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def csv_cell(value: Any, kind: Kind, excel_safe: bool = True) -> str:
    """One CSV cell: empty for None, plain decimals for numbers; with
    ``excel_safe`` a text cell that a spreadsheet would run as a formula gets a
    leading ``'`` (span cells never do)."""
    if value is None:
        return ""
    if kind == "num":
        return plain_number(float(value))
    if kind == "int":
        return str(int(value))
    if kind == "time":
        return _time(value) or ""
    text = str(value)
    if excel_safe and kind == "str" and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def json_value(value: Any, kind: Kind) -> Any:
    """One JSON value: numbers as numbers (integral ones without ".0")."""
    if value is None:
        return None
    if kind == "num":
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == "int":
        return int(value)
    if kind == "time":
        return _time(value)
    return str(value)


def write_table(
    store: Store,
    table: str,
    out: TextIO,
    fmt: Format = "csv",
    excel_safe: bool = True,
    bom: bool = False,
) -> int:
    """Write ``table`` to ``out``; returns the number of rows written.

    ``excel_safe`` neutralises formula-like CSV text cells (module docstring);
    ``bom`` starts a CSV with a UTF-8 byte-order mark for Excel.

    Raises:
        WirefactsError: ``table`` is not one of ``TABLES`` or ``fmt`` unknown.
    """
    builder = BUILDERS.get(table)
    if builder is None:
        raise WirefactsError(
            f"unknown table {table!r}; choose from {', '.join(TABLES)}"
        )
    if fmt not in ("csv", "jsonl"):
        raise WirefactsError(f"unknown format {fmt!r}; choose csv or jsonl")
    count = 0
    with store.engine.connect() as conn:
        cols, rows = builder(conn)
        names = [n for n, _ in cols]
        kinds = [k for _, k in cols]
        if fmt == "csv":
            if bom:
                out.write(UTF8_BOM)
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(names)
            for row in rows:
                writer.writerow(
                    [
                        csv_cell(v, k, excel_safe)
                        for v, k in zip(row, kinds, strict=True)
                    ]
                )
                count += 1
        else:
            for row in rows:
                obj = {
                    n: json_value(v, k)
                    for n, v, k in zip(names, row, kinds, strict=True)
                }
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
                count += 1
    return count
