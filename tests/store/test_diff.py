"""Fact identity and diffs for re-extraction: rows keep their ids when the fact
comes out the same; only added, removed and changed rows are written."""

from __future__ import annotations

import io
import json

from sqlalchemy import select
from storekit import make_article, span
from wirefacts.export import write_table
from wirefacts.facts import ArticleFacts, Mention, Money, Role
from wirefacts.store.diff import SPECS, diff_rows
from wirefacts.store.tables import MentionRow, MoneyRow, Person, RoleRow

SPEC = {s.name: s for s in SPECS}

TEXT = (
    "Deputy U.S. Trade Representative Jeffrey Gerrish led the talks with Chinese "
    "Vice Finance Minister Liao Min, a U.S. official said. China has asked for the "
    "removal of tariffs on about $360 billion (S$490 billion) of its goods."
)


def date_row(start: int, end: int, value: str | None, row_id: int | None = None):
    row = {"start": start, "end": end, "text": "x" * (end - start), "value": value,
           "granularity": "day"}
    return row if row_id is None else {"id": row_id, **row}


def test_diff_same_rows_keep_ids_and_write_nothing():
    old = [date_row(0, 5, "2019-09-20", 11), date_row(10, 14, "2019", 12)]
    new = [date_row(10, 14, "2019"), date_row(0, 5, "2019-09-20")]
    diff = diff_rows(SPEC["dates"], 1, old, new)
    assert diff.unchanged == 2
    assert (diff.inserts, diff.updates, diff.deletes, diff.changes) == ([], [], [], [])


def test_diff_changed_value_updates_the_same_row():
    old = [date_row(0, 5, "2019-09-20", 11), date_row(10, 14, None, 12)]
    new = [date_row(0, 5, "2019-09-20"), date_row(10, 14, "2019-10")]
    diff = diff_rows(SPEC["dates"], 7, old, new)
    [change] = diff.changes
    assert change.change == "changed" and change.article_id == 7
    assert change.key == {"start": 10, "end": 14}
    assert (change.old["value"], change.new["value"]) == (None, "2019-10")
    assert [u["b_id"] for u in diff.updates] == [12] and diff.updates[0]["b_value"] == (
        "2019-10"
    )
    assert diff.inserts == [] and diff.deletes == [] and diff.unchanged == 1


def test_diff_added_and_removed_spans():
    old = [date_row(0, 5, "2019-09-20", 11), date_row(10, 14, "2019", 12)]
    new = [date_row(0, 5, "2019-09-20"), date_row(20, 28, "2019-Q4")]
    diff = diff_rows(SPEC["dates"], 1, old, new)
    assert [(c.change, c.key["start"]) for c in diff.changes] == [
        ("removed", 10),
        ("added", 20),
    ]
    assert diff.deletes == [12] and diff.inserts == [new[1]] and diff.rows_after == 2


def test_diff_roles_are_keyed_by_span_and_person():
    base = {"role": "President", "organization": None, "person_id": 1, "org_id": None}
    old = [{"id": 5, "start": 0, "end": 9, "person": "Donald Trump", **base}]
    new = [{"start": 0, "end": 9, "person": "Xi Jinping", **base, "person_id": 2}]
    diff = diff_rows(SPEC["roles"], 1, old, new)
    assert sorted(c.change for c in diff.changes) == ["added", "removed"]


def test_diff_money_renumbered_by_a_new_amount_is_not_a_change():
    # "$360 billion (S$490 billion)": the conversion points at the first amount by
    # position; an amount found earlier in the text shifts positions only.
    def money(seq, start, end, conv, row_id=None):
        row = {"seq": seq, "start": start, "end": end, "text": "t", "amount": 1.0,
               "currency": "USD", "converted_from_seq": conv}
        return row if row_id is None else {"id": row_id, **row}

    old = [money(0, 50, 62, None, 1), money(1, 64, 77, 0, 2)]
    new = [money(0, 5, 9, None), money(1, 50, 62, None), money(2, 64, 77, 1)]
    diff = diff_rows(SPEC["money"], 1, old, new)
    assert [c.change for c in diff.changes] == ["added"] and diff.unchanged == 2
    assert sorted((u["b_id"], u["b_seq"], u["b_converted_from_seq"])
                  for u in diff.updates) == [(1, 1, None), (2, 2, 1)]


def export_rows(store, table):
    out = io.StringIO()
    write_table(store, table, out, "jsonl")
    return [json.loads(line) for line in out.getvalue().splitlines()]


def facts_for(text: str, role: bool, money_amount: float) -> ArticleFacts:
    gerrish, liao = span(text, "Jeffrey Gerrish"), span(text, "Liao Min")
    title = span(text, "Deputy U.S. Trade Representative")
    usd, sgd = span(text, "$360 billion"), span(text, "S$490 billion")
    mentions = (
        Mention("Jeffrey Gerrish", *gerrish, "PERSON", "Jeffrey Gerrish"),
        Mention("Liao Min", *liao, "PERSON", "Liao Min"),
    )
    roles = (Role("Jeffrey Gerrish", text[title[0]:title[1]], *title),) if role else ()
    money = (
        Money("$360 billion", *usd, money_amount, "USD"),
        Money("S$490 billion", *sgd, 490e9, "SGD", converted_from=0),
    )
    return ArticleFacts(mentions=mentions, roles=roles, money=money)


def test_reextract_batch_keeps_ids_and_drops_orphans(store):
    run1 = store.start_run("fp-1", "m", "ingest")
    [a] = store.load_batch([(make_article(TEXT), facts_for(TEXT, False, 360e9))], run1)
    with store.engine.connect() as conn:
        mention_ids = list(conn.execute(select(MentionRow.id).order_by(MentionRow.id))
                           .scalars())
        money_before = list(conn.execute(select(MoneyRow.id, MoneyRow.amount)
                                         .order_by(MoneyRow.id)))
    run2 = store.start_run("fp-2", "m", "reextract")
    article = store.get_article(a.article_id)
    # new rules: a role appears, the USD amount is read differently, Liao Min is
    # no longer a mention (so the person disappears)
    new = facts_for(TEXT, True, 3.6e11 + 1)
    new = ArticleFacts(mentions=new.mentions[:1], roles=new.roles, money=new.money)
    [diffs] = store.reextract_batch([(a.article_id, article, new)], "fp-2", run2)
    counts = {d.spec.name: (d.count("added"), d.count("removed"), d.count("changed"))
              for d in diffs}
    assert counts["mentions"] == (0, 1, 0)
    assert counts["roles"] == (1, 0, 0)
    assert counts["money"] == (0, 0, 1)
    with store.engine.connect() as conn:
        assert list(conn.execute(select(MentionRow.id)).scalars()) == mention_ids[:1]
        money_after = list(conn.execute(select(MoneyRow.id, MoneyRow.amount)
                                        .order_by(MoneyRow.id)))
        assert [m[0] for m in money_after] == [m[0] for m in money_before]
        assert money_after[0][1] == 3.6e11 + 1
        assert list(conn.execute(select(Person.name)).scalars()) == ["Jeffrey Gerrish"]
        assert conn.execute(select(RoleRow.role)).scalar_one() == (
            "Deputy U.S. Trade Representative"
        )
    [conversion] = [m for m in export_rows(store, "money") if m["currency"] == "SGD"]
    assert conversion["converted_from"] == money_before[0][0]
    assert store.stale_articles("fp-2") == []


def test_reextract_batch_dry_run_changes_nothing(store):
    run1 = store.start_run("fp-1", "m", "ingest")
    [a] = store.load_batch([(make_article(TEXT), facts_for(TEXT, False, 360e9))], run1)
    tables = ("people", "mentions", "roles", "money", "articles")
    before = {t: export_rows(store, t) for t in tables}
    article = store.get_article(a.article_id)
    [diffs] = store.reextract_batch(
        [(a.article_id, article, ArticleFacts())], "fp-2", None, dry_run=True
    )
    assert sum(d.count("removed") for d in diffs) == 4
    assert {t: export_rows(store, t) for t in tables} == before
    assert store.stale_articles("fp-2") == [a.article_id]
    # the caches were dropped with the rollback: a real run still works
    [diffs] = store.reextract_batch([(a.article_id, article, ArticleFacts())], "fp-2")
    assert export_rows(store, "people") == [] and export_rows(store, "mentions") == []
