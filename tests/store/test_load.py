"""Loading batches: new, idempotent re-ingest, exact and near duplicates, one
transaction per batch, failures, runs and re-extraction (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from sqlalchemy import func, select
from storekit import make_article, people_facts
from wirefacts.export import write_table
from wirefacts.facts import ArticleFacts, DateFact, FailedInput, Money
from wirefacts.store.tables import ArticleRow, MentionRow, Person

WIRE = """WASHINGTON, Sept 20 (Reuters) - U.S. and Chinese trade negotiators resumed \
face-to-face talks in Washington on Thursday for the first time in nearly two months, \
seeking to lay the groundwork for high-level negotiations next month.

Deputy U.S. Trade Representative Jeffrey Gerrish led the talks with Chinese Vice \
Finance Minister Liao Min, a U.S. official said, declining to give details of the \
agenda for the two days of meetings.

Sessions on agriculture will get a disproportionate amount of time, the official \
said, because Beijing is keen to show goodwill with purchases of soybeans and pork.

The talks are expected to prepare for a meeting in October between Trade \
Representative Robert Lighthizer, Treasury Secretary Steven Mnuchin and Chinese \
Vice Premier Liu He.

President Donald Trump has said he wants a comprehensive deal, not a partial \
agreement covering only farm goods, and that he is in no hurry to sign one before \
the presidential election next year.

China has asked for the removal of tariffs on about $360 billion of its goods as a \
condition for any agreement, while Washington wants Beijing to stop forcing \
American companies to hand over technology.

Analysts said the two sides remained far apart on the structural issues that \
derailed talks in May, when Washington accused Beijing of backtracking on \
commitments it had made during months of negotiations.

Business groups on both sides urged the negotiators to reach an interim agreement \
that would at least halt the escalation of tariffs scheduled for October and \
December, which they say would hurt consumers before the holiday season.

Chinese state media struck a cautiously optimistic tone, saying the talks were \
constructive and that both sides had agreed to keep in close contact on the \
arrangements for the next round.

Markets rose on hopes of a deal, with the S&P 500 index ending the week near a \
record high after two months of tit-for-tat tariff increases."""


def rows(store, table):
    out = io.StringIO()
    write_table(store, table, out, "jsonl")
    return [json.loads(line) for line in out.getvalue().splitlines()]


def count(store, column):
    with store.engine.connect() as conn:
        return conn.execute(select(func.count(column))).scalar_one()


def wire_facts(text):
    return people_facts(
        text,
        [
            ("Jeffrey Gerrish", "Jeffrey Gerrish"),
            ("Liao Min", "Liao Min"),
            ("Robert Lighthizer", "Robert Lighthizer"),
        ],
    )


@pytest.mark.parametrize("path", ["wire.txt"])
def test_load_new_article_keeps_text_metadata_and_facts(store, path):
    article = make_article(
        WIRE,
        path,
        record="7",
        external_id="R-7",
        title="Talks",
        published="2019-09-20",
        dateline="WASHINGTON",
        sources=("Reuters", "Bloomberg"),
        url="http://x/y",
        author="A. Writer",
        source="Reuters",
        raw_text="RAW " + WIRE,
        offset_map=((0, 4),),
    )
    run = store.start_run("fp-1", "model", "ingest")
    [result] = store.load_batch([(article, wire_facts(WIRE))], run)
    assert (result.status, result.duplicate_of, result.facts) == ("new", None, 3)
    assert store.get_article(result.article_id) == article
    [row] = rows(store, "articles")
    assert row["sources"] == "Reuters; Bloomberg"
    assert row["record"] == "7" and row["external_id"] == "R-7"
    assert row["extraction_key"] == "fp-1" and row["duplicate_of"] is None


@pytest.mark.parametrize("batches", [1, 2])
def test_load_reingest_adds_nothing(store, batches):
    items = [(make_article(WIRE, "wire.txt"), wire_facts(WIRE))]
    first = store.load_batch(items)
    again = [store.load_batch(items)[0] for _ in range(batches)]
    assert all(r.status == "already_loaded" and r.facts == 0 for r in again)
    assert {r.article_id for r in again} == {first[0].article_id}
    assert count(store, ArticleRow.id) == 1
    assert count(store, MentionRow.id) == 3
    assert count(store, Person.id) == 3


@pytest.mark.parametrize(
    "variant",
    [
        WIRE,
        WIRE.replace("\n\n", "\n").replace("  ", " ").upper(),
    ],
)
def test_load_exact_duplicate_is_linked_without_facts(store, variant):
    [first] = store.load_batch([(make_article(WIRE, "a.txt"), wire_facts(WIRE))])
    copy = make_article(variant, "b.txt")
    assert store.duplicate_of(copy) == first.article_id
    [dup] = store.load_batch([(copy, None)])
    assert (dup.status, dup.duplicate_of, dup.facts) == (
        "duplicate",
        first.article_id,
        0,
    )
    assert count(store, MentionRow.id) == 3
    people = rows(store, "people")
    assert {p["article_count"] for p in people} == {1}


def test_load_duplicates_within_one_batch(store):
    items = [
        (make_article(WIRE, "a.txt"), wire_facts(WIRE)),
        (make_article(WIRE, "b.txt"), wire_facts(WIRE)),
        (make_article(WIRE, "a.txt"), wire_facts(WIRE)),
    ]
    results = store.load_batch(items)
    assert [r.status for r in results] == ["new", "duplicate", "already_loaded"]
    assert results[1].duplicate_of == results[0].article_id
    assert results[2].article_id == results[0].article_id
    assert count(store, MentionRow.id) == 3


def trimmed_copy(text: str) -> str:
    """A republished copy: last paragraph cut, a byline added, a figure corrected."""
    paragraphs = text.split("\n\n")
    body = "\n\n".join(paragraphs[:-1])
    return "By Staff Writer\n\n" + body.replace("two days", "three days")


@pytest.mark.parametrize("in_one_batch", [False, True])
def test_load_near_duplicate_is_linked_and_not_counted(store, in_one_batch):
    copy_text = trimmed_copy(WIRE)
    original = (make_article(WIRE, "a.txt", title="Talks resume"), wire_facts(WIRE))
    copy = (
        make_article(copy_text, "b.txt", title="US, China talks restart"),
        wire_facts(copy_text),
    )
    if in_one_batch:
        first, near = store.load_batch([original, copy])
    else:
        [first], [near] = store.load_batch([original]), store.load_batch([copy])
    assert near.status == "near_duplicate"
    assert near.duplicate_of == first.article_id
    assert near.facts == 3  # facts kept ...
    by_name = {p["name"]: p for p in rows(store, "people")}
    assert by_name["Liao Min"]["article_count"] == 1  # ... but not counted twice
    [row] = [r for r in rows(store, "articles") if r["article_id"] == near.article_id]
    assert row["duplicate_kind"] == "near" and 0.8 <= row["similarity"] < 1


def test_load_short_texts_are_never_near_duplicates(store):
    a = "Qtly div 10 cts vs 10 cts prior pay April 1 record March 15 ACME CORP"
    b = "Qtly div 10 cts vs 10 cts prior pay April 1 record March 15 APEX CORP"
    results = store.load_batch(
        [(make_article(a, "a"), None), (make_article(b, "b"), None)]
    )
    assert [r.status for r in results] == ["new", "new"]


@pytest.mark.parametrize(
    "first,second,status",
    [
        (
            201,
            254,
            "near_duplicate",
        ),  # Golden Knights preview re-sent with a new ending
        (168, 208, "near_duplicate"),  # Warriors preview re-headlined, one sentence cut
        (
            198,
            304,
            "new",
        ),  # the Roy hearing story updated with its outcome: a new story
    ],
)
def test_load_near_duplicate_real_republished_pairs(
    store, corpora, first, second, status
):
    data = json.loads(
        (corpora / "reuters-2025-05" / "reuters_articles.json").read_text(
            encoding="utf-8"
        )
    )

    def article(i):
        item = data[i]
        return make_article(
            item["content"],
            f"reuters.json#{i}",
            record=str(i),
            title=item["title"],
            published=item["date"],
        )

    [a] = store.load_batch([(article(first), None)])
    [b] = store.load_batch([(article(second), None)])
    assert a.status == "new"
    assert b.status == status
    assert b.duplicate_of == (a.article_id if status != "new" else None)


def test_load_batch_is_one_transaction(store, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("extraction of entities failed")

    monkeypatch.setattr(store.loader.resolver, "resolve", boom)
    with pytest.raises(RuntimeError):
        store.load_batch([(make_article(WIRE, "a.txt"), wire_facts(WIRE))])
    assert count(store, ArticleRow.id) == 0
    monkeypatch.undo()
    [result] = store.load_batch([(make_article(WIRE, "a.txt"), wire_facts(WIRE))])
    assert result.status == "new" and result.facts == 3


def test_load_facts_with_wrong_offsets_are_dropped(store):
    good = Money("US$5 billion", 0, 12, 5e9, "USD")
    text = "US$5 billion was promised on Friday."
    bad_date = DateFact("Friday", 0, 6, "2019-09-20", "day")
    facts = ArticleFacts(money=(good,), dates=(bad_date,))
    [result] = store.load_batch([(make_article(text), facts)])
    assert result.facts == 1
    assert [r["amount"] for r in rows(store, "money")] == [5000000000]


def test_load_failures_are_recorded_once(store):
    run = store.start_run("fp", "m", "ingest")
    failures = [
        FailedInput("bad.json", "not valid JSON at line 3"),
        FailedInput("many.sgm", "no body", record="12"),
    ]
    store.record_failures(failures)
    store.record_failures(failures[:1])
    got = rows(store, "errors")
    assert [(r["source_path"], r["record"], r["reason"]) for r in got] == [
        ("bad.json", None, "not valid JSON at line 3"),
        ("many.sgm", "12", "no body"),
    ]
    assert all(r["at"] and r["at"][:4].isdigit() for r in got)
    assert {r["run_id"] for r in got} == {run}


def test_load_runs_are_recorded(store):
    run = store.start_run("fp", "en_core_web_sm", "ingest")
    store.finish_run(run, {"new": 3, "failed": 1})
    [row] = rows(store, "extraction_runs")
    assert row["run_id"] == run and json.loads(row["counts"]) == {"failed": 1, "new": 3}
    assert row["finished_at"] >= row["started_at"]


def test_load_replace_facts_for_reextraction(store):
    run1 = store.start_run("fp-old", "m", "ingest")
    [a] = store.load_batch([(make_article(WIRE, "a.txt"), wire_facts(WIRE))], run1)
    [dup] = store.load_batch([(make_article(WIRE, "b.txt"), None)], run1)
    run2 = store.start_run("fp-new", "m", "reextract")
    assert store.stale_articles("fp-new") == [a.article_id]
    assert store.stale_articles("fp-old") == []
    facts = people_facts(WIRE, [("Steven Mnuchin", "Steven Mnuchin")])
    assert store.replace_facts(a.article_id, facts, run2) == 1
    assert store.fact_counts(a.article_id)["mentions"] == 1
    assert [p["name"] for p in rows(store, "people")] == ["Steven Mnuchin"]
    assert store.stale_articles("fp-new") == []
    assert store.stale_articles("fp-new", everything=True) == [a.article_id]
    assert dup.article_id not in store.stale_articles("x", everything=True)
    # the caches follow: a later batch finds the new person
    text2 = "Steven Mnuchin said talks went well, according to a statement on Friday."
    store.load_batch(
        [
            (
                make_article(text2, "c.txt"),
                people_facts(text2, [("Steven Mnuchin", "Steven Mnuchin")]),
            )
        ]
    )
    assert [p["article_count"] for p in rows(store, "people")] == [2]


def test_load_article_without_facts_is_left_for_extraction(store):
    run = store.start_run("fp", "m", "ingest")
    [a] = store.load_batch([(make_article(WIRE), None)], run)
    assert a.status == "new" and a.facts == 0
    assert store.stale_articles("fp") == [a.article_id]


def test_load_keeps_offsets_and_raw_text(store):
    article = dataclasses.replace(
        make_article("Body."), raw_text="HEAD\nBody.", offset_map=((0, 5),)
    )
    [r] = store.load_batch([(article, None)])
    back = store.get_article(r.article_id)
    assert back.raw_text == "HEAD\nBody." and back.raw_offset(2) == 7
