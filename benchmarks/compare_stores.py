"""Compare two wirefacts stores table by table, modulo surrogate ids.

    python benchmarks/compare_stores.py URL_A URL_B [--tables people,mentions]
                                        [--examples 5]

Input: two database URLs (SQLite, PostgreSQL). Output: per export table, the row
counts of A and B, the rows only in A and only in B, and a few examples; exit 0
when every compared table is identical, 1 otherwise, 2 on a usage or store error.

Every table is exported with the project's own ``wirefacts.export.write_table``
(JSON lines), so this compares what users get, not the raw schema. Rows are then
made comparable across databases: a surrogate integer id is replaced by a natural
key of what it points at, so a fact pointing at another article or person still
shows up as a difference:

- article -> ``source_path#record@content_hash`` (what the ingest key is made of);
- person, organisation -> its name; place -> ``type:name``;
- tariff measure -> its imposer, target, rate, goods value, currency and date;
- money ``converted_from`` -> the source amount's article and offsets.

The ids of the rows themselves (``mention_id``, ``person_id`` of ``people`` ...),
run ids, timestamps and extraction keys / fingerprints (which change with the code,
not with the content) are dropped. Should two entities of one store share a
natural key, the key is completed with the entity's whole (id-free) row. Each
table is then compared as a multiset of rows. Opening a store brings its schema
up to date, as every wirefacts command does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from wirefacts.config import default_rules_dir, hide_password
from wirefacts.errors import WirefactsError
from wirefacts.export import TABLES, write_table
from wirefacts.extract.rules import RuleSet
from wirefacts.store.db import Store

Row = dict[str, Any]
# Not content: when and by which run or code version a row was made.
VOLATILE = {
    "ingested_at",
    "at",
    "started_at",
    "finished_at",
    "run_id",
    "extraction_key",
    "fingerprint",
}
# Each table's own surrogate id, dropped.
OWN_ID = {
    "articles": "article_id",
    "errors": "error_id",
    "people": "person_id",
    "organizations": "org_id",
    "places": "place_id",
    "mentions": "mention_id",
    "roles": "role_id",
    "money": "money_id",
    "tariffs": "tariff_id",
    "dates": "date_id",
    "quotes": "quote_id",
    "tariff_measures": "measure_id",
    "extraction_runs": "run_id",
}
# Columns holding an id of another table: column -> kind of natural key.
REFERENCES = {
    "articles": {"duplicate_of": "article"},
    "mentions": {"article_id": "article", "entity_id": "entity"},
    "roles": {"article_id": "article", "person_id": "person", "org_id": "org"},
    "money": {"article_id": "article", "converted_from": "money"},
    "tariffs": {"article_id": "article", "measure_id": "measure"},
    "dates": {"article_id": "article"},
    "quotes": {"article_id": "article", "person_id": "person", "org_id": "org"},
    "tariff_measures": {"article_ids": "article_list"},
}
# Tables whose natural keys other tables need, in the order they are built.
KEYED = ("articles", "people", "organizations", "places", "tariff_measures", "money")
# Columns that name "the same fact" when pairing differing rows for examples.
IDENTITY = ("article_id", "start", "end", "type", "name", "source_path", "record")
SHOWN_CHARS = 80


def article_key(row: Row) -> str:
    return f"{row['source_path']}#{row.get('record') or ''}@{row['content_hash']}"


def measure_key(row: Row) -> str:
    cols = ("imposer", "target", "rate", "goods_value", "goods_currency")
    return json.dumps([row.get(c) for c in (*cols, "effective_date")])


NATURAL: dict[str, Callable[[Row, Keys], str]] = {
    "articles": lambda r, k: article_key(r),
    "people": lambda r, k: str(r["name"]),
    "organizations": lambda r, k: str(r["name"]),
    "places": lambda r, k: f"{r['type']}:{r['name']}",
    "tariff_measures": lambda r, k: measure_key(r),
    "money": lambda r, k: (
        f"{k.natural('article', r['article_id'], r)}@{r['start']}:{r['end']}"
    ),
}


@dataclass
class Keys:
    """Surrogate id -> natural key, per kind of entity, for one store."""

    by_kind: dict[str, dict[int, str]] = field(default_factory=dict)

    def natural(self, kind: str, value: Any, row: Row) -> Any:
        if value is None:
            return None
        if kind == "article_list":
            ids = [int(v) for v in str(value).split("; ") if v]
            return sorted(self.natural("article", i, row) for i in ids)
        if kind == "entity":
            kind = {"PERSON": "person", "ORG": "org"}.get(str(row.get("type")), "place")
        table = {
            "article": "articles",
            "person": "people",
            "org": "organizations",
            "place": "places",
            "measure": "tariff_measures",
            "money": "money",
        }[kind]
        return self.by_kind.get(table, {}).get(int(value), f"<no {kind} {value}>")


@dataclass
class TableDiff:
    """How one table differs between store A and store B."""

    table: str
    rows_a: int
    rows_b: int
    only_a: list[Row]
    only_b: list[Row]

    @property
    def identical(self) -> bool:
        return not self.only_a and not self.only_b


@contextmanager
def exported(store: Store, table: str) -> Iterator[Callable[[], Iterator[Row]]]:
    """One export table in a temporary file; yields a function that reads it."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as tmp:
        write_table(store, table, tmp, "jsonl")

        def rows() -> Iterator[Row]:
            tmp.seek(0)
            for line in tmp:
                yield json.loads(line)

        yield rows


def comparable(table: str, row: Row, keys: Keys) -> Row:
    """``row`` without volatile columns and its own id, references mapped."""
    refs = REFERENCES.get(table, {})
    out: Row = {}
    for col, value in row.items():
        if col in VOLATILE or col == OWN_ID.get(table):
            continue
        out[col] = keys.natural(refs[col], value, row) if col in refs else value
    return out


def canonical(row: Row) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def natural_keys(table: str, rows: Iterator[Row], keys: Keys) -> dict[int, str]:
    """Own id -> natural key of every row; a key shared by two rows is completed
    with the row's id-free content."""
    natural: dict[int, str] = {}
    seen: dict[str, list[int]] = defaultdict(list)
    content: dict[int, str] = {}
    skip = {OWN_ID[table], *VOLATILE, *REFERENCES.get(table, {})}
    for row in rows:
        own = int(row[OWN_ID[table]])
        natural[own] = NATURAL[table](row, keys)
        seen[natural[own]].append(own)
        content[own] = canonical({c: v for c, v in row.items() if c not in skip})
    for key, ids in seen.items():
        if len(ids) > 1:
            for own in ids:
                natural[own] = f"{key} | {content[own]}"
    return natural


def load_table(store: Store, table: str, keys: Keys) -> Counter[str]:
    """The table as a multiset of comparable rows; first records the natural
    keys of its rows when other tables (or its own rows) refer to them."""
    with exported(store, table) as rows:
        if table in NATURAL:
            keys.by_kind[table] = natural_keys(table, rows(), keys)
        return Counter(canonical(comparable(table, row, keys)) for row in rows())


def compare_stores(
    url_a: str, url_b: str, tables: Sequence[str] = TABLES
) -> list[TableDiff]:
    """Compare ``tables`` of two stores; one TableDiff per table, in order."""
    rules = RuleSet(default_rules_dir())
    loaded: list[dict[str, Counter[str]]] = []
    for url in (url_a, url_b):
        keys = Keys()
        per_table: dict[str, Counter[str]] = {}
        with Store.open(url, rules) as store:
            for table in [*KEYED, *(t for t in tables if t not in KEYED)]:
                counted = load_table(store, table, keys)
                if table in tables:
                    per_table[table] = counted
        loaded.append(per_table)
    out = []
    for table in tables:
        a, b = loaded[0][table], loaded[1][table]
        out.append(
            TableDiff(
                table,
                sum(a.values()),
                sum(b.values()),
                [json.loads(r) for r in sorted((a - b).elements())],
                [json.loads(r) for r in sorted((b - a).elements())],
            )
        )
    return out


def shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 3] + "..."


def describe(diff: TableDiff, examples: int) -> list[str]:
    """Report lines for one table: counts, then up to ``examples`` differences
    (a row changed in place is shown column by column)."""
    state = "identical" if diff.identical else "DIFFERENT"
    lines = [
        f"{diff.table}: A {diff.rows_a} rows, B {diff.rows_b} rows, "
        f"only in A {len(diff.only_a)}, only in B {len(diff.only_b)}: {state}"
    ]

    def identity(row: Row) -> str:
        return canonical({c: row.get(c) for c in IDENTITY if c in row})

    b_by_id: dict[str, list[Row]] = defaultdict(list)
    for row in diff.only_b:
        b_by_id[identity(row)].append(row)
    shown_rows = 0
    for row in diff.only_a:
        if shown_rows >= examples:
            break
        shown_rows += 1
        match = b_by_id.get(identity(row))
        if match:
            other = match.pop(0)
            changed = [
                f"{c}: {shown(row.get(c))} -> {shown(other.get(c))}"
                for c in sorted(set(row) | set(other))
                if row.get(c) != other.get(c)
            ]
            lines.append(f"  ~ {shown(identity(row))} " + "; ".join(changed))
        else:
            lines.append(f"  - only in A: {shown(row)}")
    for rows in b_by_id.values():
        for row in rows:
            if shown_rows >= examples:
                break
            shown_rows += 1
            lines.append(f"  + only in B: {shown(row)}")
    return lines


def duplicate_counts(url: str) -> Counter[str]:
    """Articles by kind: original, exact and near duplicates."""
    with Store.open(url, RuleSet(default_rules_dir())) as store:
        with exported(store, "articles") as rows:
            return Counter(r.get("duplicate_kind") or "original" for r in rows())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url_a")
    parser.add_argument("url_b")
    parser.add_argument(
        "--tables",
        default=",".join(TABLES),
        help=f"comma-separated export tables (default: all of {', '.join(TABLES)})",
    )
    parser.add_argument("--examples", type=int, default=5, metavar="N")
    args = parser.parse_args(argv)
    tables = [t.strip() for t in args.tables.split(",") if t.strip()]
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        parser.error(f"unknown table(s) {', '.join(unknown)}")
    try:
        diffs = compare_stores(args.url_a, args.url_b, tables)
        counts = [duplicate_counts(u) for u in (args.url_a, args.url_b)]
    except WirefactsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, url, count in zip("AB", (args.url_a, args.url_b), counts, strict=True):
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(count.items()))
        print(f"{name}: {hide_password(url)} (articles: {kinds})")
    for diff in diffs:
        print("\n".join(describe(diff, args.examples)))
    different = [d.table for d in diffs if not d.identical]
    print("identical" if not different else f"different: {', '.join(different)}")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
