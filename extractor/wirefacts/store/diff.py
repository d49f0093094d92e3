"""Stage 4 re-extraction: stored fact rows vs freshly built rows -> per-table diffs.

Input: one article's rows as stored (dicts with ``id``, ``read_rows``) and as the
loader builds them from new facts (dicts without ids, ``Loader.fact_rows``).
Output: a ``TableDiff`` per fact table with the rows to insert, update (by id) and
delete, and the visible ``Change`` records (added / removed / changed) that
``reextract --dry-run`` and ``--diff`` report.

Identity: a fact is the same fact when its *key* columns agree (its span, plus
the entity type for mentions and the person for roles). A new row equal to a
stored one in key and compared values keeps the stored row and its id; one that
agrees only on the key is ``changed`` and updated in place (same id); the rest
are ``added`` or ``removed``. Positions inside the article (``seq``) are kept in
step silently: they are not facts, and a money conversion is compared by the
span of the amount it converts, not by its position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from wirefacts.store.tables import (
    DateRow,
    MentionRow,
    MoneyRow,
    QuoteRow,
    RoleRow,
    TariffRow,
)

ChangeKind = Literal["added", "removed", "changed"]
Row = dict[str, Any]
CHUNK = 500


@dataclass(frozen=True, slots=True)
class TableSpec:
    """How the facts of one table are identified and compared."""

    name: str
    model: Any
    key: tuple[str, ...]
    values: tuple[str, ...]
    internal: tuple[str, ...] = ()
    # column -> column of the same table it points at (compared by that row's span)
    references: tuple[tuple[str, str], ...] = ()

    @property
    def written(self) -> tuple[str, ...]:
        """Columns an update sets (everything but the key, the id and article)."""
        return self.values + self.internal

    @property
    def positional(self) -> tuple[str, ...]:
        """Columns holding positions inside the article (seq and references)."""
        return self.internal + tuple(ref for ref, _ in self.references)


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "mentions",
        MentionRow,
        ("start", "end", "type"),
        ("text", "entity", "person_id", "org_id", "place_id"),
    ),
    TableSpec(
        "roles",
        RoleRow,
        ("start", "end", "person"),
        ("role", "organization", "person_id", "org_id"),
    ),
    TableSpec(
        "money",
        MoneyRow,
        ("start", "end"),
        ("text", "amount", "currency", "converted_from_seq"),
        internal=("seq",),
        references=(("converted_from_seq", "seq"),),
    ),
    TableSpec(
        "tariffs",
        TariffRow,
        ("start", "end"),
        (
            "text",
            "imposer",
            "target",
            "rate",
            "previous_rate",
            "goods",
            "goods_value",
            "goods_currency",
            "effective_date",
            "status",
            "measure_id",
        ),
        internal=("seq",),
    ),
    TableSpec("dates", DateRow, ("start", "end"), ("text", "value", "granularity")),
    TableSpec(
        "quotes",
        QuoteRow,
        ("start", "end"),
        ("text", "speaker", "speaker_type", "person_id", "org_id"),
    ),
)
SPEC_BY_MODEL: dict[Any, TableSpec] = {s.model: s for s in SPECS}
TABLE_NAMES: tuple[str, ...] = tuple(s.name for s in SPECS)


@dataclass(frozen=True, slots=True)
class Change:
    """One fact that re-extraction adds, removes or changes."""

    table: str
    article_id: int
    change: ChangeKind
    key: dict[str, Any]
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None


@dataclass
class TableDiff:
    """What re-extraction does to one article's rows of one table."""

    spec: TableSpec
    article_id: int
    inserts: list[Row] = field(default_factory=list)
    updates: list[Row] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def count(self, kind: ChangeKind) -> int:
        """How many facts are ``kind``."""
        return sum(1 for c in self.changes if c.change == kind)

    @property
    def rows_after(self) -> int:
        """The article's rows in this table once the diff is applied."""
        return self.unchanged + len(self.inserts) + self.count("changed")


def _compared(spec: TableSpec, rows: Sequence[Row]) -> list[tuple[tuple, tuple]]:
    """(key, compared values) per row; references become the span they point at."""
    spans: dict[str, dict[Any, tuple[int, int]]] = {}
    for _, target in spec.references:
        spans[target] = {r[target]: (r["start"], r["end"]) for r in rows}
    out = []
    for row in rows:
        values = []
        for column in spec.values:
            value = row[column]
            for ref, target in spec.references:
                if column == ref and value is not None:
                    value = spans[target].get(value)
            values.append(value)
        out.append((tuple(row[c] for c in spec.key), tuple(values)))
    return out


def _shown(spec: TableSpec, values: tuple) -> dict[str, Any]:
    refs = {ref: ref.removesuffix("_seq") for ref, _ in spec.references}
    shown = {}
    for column, value in zip(spec.values, values, strict=True):
        if column in refs:
            column = refs[column]
            value = None if value is None else f"{value[0]}:{value[1]}"
        shown[column] = value
    return shown


def diff_rows(
    spec: TableSpec, article_id: int, old: Sequence[Row], new: Sequence[Row]
) -> TableDiff:
    """Match one article's stored rows (with ``id``) to its new rows (without)."""
    diff = TableDiff(spec, article_id)
    old_cmp, new_cmp = _compared(spec, old), _compared(spec, new)
    exact: dict[tuple, list[int]] = defaultdict(list)
    for i, (key, values) in enumerate(old_cmp):
        exact[(key, values)].append(i)
    used: set[int] = set()
    leftover: list[int] = []
    for j, pair in enumerate(new_cmp):
        if exact.get(pair):
            i = exact[pair].pop(0)
            used.add(i)
            diff.unchanged += 1
            if any(old[i][c] != new[j][c] for c in spec.positional):
                diff.updates.append(_update_row(spec, old[i]["id"], new[j]))
        else:
            leftover.append(j)
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, (key, _) in enumerate(old_cmp):
        if i not in used:
            by_key[key].append(i)
    for j in leftover:
        key, values = new_cmp[j]
        if by_key.get(key):
            i = by_key[key].pop(0)
            used.add(i)
            diff.updates.append(_update_row(spec, old[i]["id"], new[j]))
            diff.changes.append(
                Change(
                    spec.name,
                    article_id,
                    "changed",
                    dict(zip(spec.key, key, strict=True)),
                    _shown(spec, old_cmp[i][1]),
                    _shown(spec, values),
                )
            )
        else:
            diff.inserts.append(dict(new[j]))
            diff.changes.append(
                Change(
                    spec.name,
                    article_id,
                    "added",
                    dict(zip(spec.key, key, strict=True)),
                    None,
                    _shown(spec, values),
                )
            )
    for i, (key, values) in enumerate(old_cmp):
        if i not in used:
            diff.deletes.append(old[i]["id"])
            diff.changes.append(
                Change(
                    spec.name,
                    article_id,
                    "removed",
                    dict(zip(spec.key, key, strict=True)),
                    _shown(spec, values),
                    None,
                )
            )
    diff.changes.sort(key=lambda c: (c.key.get("start", 0), c.change))
    return diff


def _update_row(spec: TableSpec, row_id: int, new: Row) -> Row:
    return {"b_id": row_id, **{f"b_{c}": new[c] for c in spec.written}}


def diff_article(
    article_id: int, old: dict[str, list[Row]], new: dict[Any, list[Row]]
) -> list[TableDiff]:
    """Diffs of every fact table of one article.

    Args:
        article_id: the article.
        old: table name -> stored rows (``read_rows``).
        new: table model -> new rows (``Loader.fact_rows``).
    """
    return [
        diff_rows(spec, article_id, old.get(spec.name, []), new.get(spec.model, []))
        for spec in SPECS
    ]


def read_rows(
    conn: Connection, article_ids: Iterable[int]
) -> dict[int, dict[str, list[Row]]]:
    """Stored fact rows of the articles: article id -> table name -> rows."""
    ids = sorted(set(article_ids))
    out: dict[int, dict[str, list[Row]]] = {a: defaultdict(list) for a in ids}
    for spec in SPECS:
        table = spec.model.__table__
        for i in range(0, len(ids), CHUNK):
            query = (
                select(table)
                .where(table.c.article_id.in_(ids[i : i + CHUNK]))
                .order_by(table.c.id)
            )
            for row in conn.execute(query).mappings():
                out[row["article_id"]][spec.name].append(dict(row))
    return out


def apply_diffs(conn: Connection, diffs: Iterable[TableDiff]) -> None:
    """Write the diffs inside ``conn``'s transaction: deletes, updates, inserts."""
    by_spec: dict[str, list[TableDiff]] = defaultdict(list)
    for diff in diffs:
        by_spec[diff.spec.name].append(diff)
    for spec in SPECS:
        group = by_spec.get(spec.name, [])
        model = spec.model
        deletes = [row_id for d in group for row_id in d.deletes]
        for i in range(0, len(deletes), CHUNK):
            conn.execute(delete(model).where(model.id.in_(deletes[i : i + CHUNK])))
        updates = [row for d in group for row in d.updates]
        if updates:
            statement = (
                update(model)
                .where(model.id == bindparam("b_id"))
                .values({c: bindparam(f"b_{c}") for c in spec.written})
            )
            conn.execute(statement, updates)
        inserts = [row for d in group for row in d.inserts]
        if inserts:
            conn.execute(insert(model), inserts)
