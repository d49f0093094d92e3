"""Cross-article normalisation: one row per real person or organisation however
it is written, and namesakes kept apart (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json

import pytest
from storekit import make_article, people_facts
from wirefacts.export import write_table
from wirefacts.facts import ArticleFacts, Mention, Quote, Role
from wirefacts.store.normalize import is_surname_only, name_rank, without_initials


def people(store):
    out = io.StringIO()
    write_table(store, "people", out, "jsonl")
    return [json.loads(line) for line in out.getvalue().splitlines()]


def story(n: int, body: str, names: list[tuple[str, str]]):
    text = f"Story {n}. {body} Filed from the newsroom as item number {n}."
    return make_article(text, f"s{n}.txt"), people_facts(text, names)


TRUMP_FULL = story(
    1,
    "President Donald Trump said on Monday that talks went well. Mr Trump added "
    "that Trump's team would travel.",
    [
        ("Donald Trump", "Donald Trump"),
        ("Trump", "Donald Trump"),
        ("Trump", "Donald Trump"),
    ],
)
TRUMP_SHORT = story(2, "Mr Trump spoke again on Tuesday.", [("Trump", "Trump")])
TRUMP_CAPS = story(
    3, "COMMERCE NOTE: DONALD TRUMP signed.", [("DONALD TRUMP", "DONALD TRUMP")]
)
TRUMP_INITIAL = story(
    4, "Donald J. Trump met farmers.", [("Donald J. Trump", "Donald J. Trump")]
)


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (1, 0, 3, 2), (3, 2, 1, 0)])
@pytest.mark.parametrize("one_batch", [False, True])
def test_normalize_name_variants_merge(store, order, one_batch):
    items = [TRUMP_FULL, TRUMP_SHORT, TRUMP_CAPS, TRUMP_INITIAL]
    ordered = [items[i] for i in order]
    if one_batch:
        store.load_batch(ordered)
    else:
        for item in ordered:
            store.load_batch([item])
    [row] = people(store)
    assert row["name"] == "Donald J. Trump"  # the fullest form
    assert row["article_count"] == 4
    assert row["aliases"] == "Donald J. Trump; DONALD TRUMP; Donald Trump; Trump"
    assert row["surname_only"] is None


def test_normalize_namesakes_stay_apart(store):
    store.load_batch(
        [
            story(1, "John Smith, a farmer, spoke.", [("John Smith", "John Smith")]),
            story(
                2, "Jane Smith, an economist, spoke.", [("Jane Smith", "Jane Smith")]
            ),
        ]
    )
    store.load_batch([story(3, "Mr Smith declined to comment.", [("Smith", "Smith")])])
    rows = {r["name"]: r for r in people(store)}
    assert set(rows) == {"John Smith", "Jane Smith", "Smith"}
    assert rows["Smith"]["surname_only"] == "yes"
    assert all(r["article_count"] == 1 for r in rows.values())


@pytest.mark.parametrize("second", ["John B. Smith", "John Smith"])
def test_normalize_initials_never_merge_two_initials(store, second):
    store.load_batch(
        [story(1, "John A. Smith spoke.", [("John A. Smith", "John A. Smith")])]
    )
    store.load_batch([story(2, f"{second} spoke.", [(second, second)])])
    names = sorted(r["name"] for r in people(store))
    if second == "John Smith":  # no initial: the same person
        assert names == ["John A. Smith"]
    else:
        assert names == ["John A. Smith", "John B. Smith"]


def test_normalize_short_form_linked_in_an_article_attaches_elsewhere(store):
    # "Xi" is not the last name of "Xi Jinping", but an article linked it to him.
    store.load_batch(
        [
            story(
                1,
                "President Xi Jinping met Mr Xi's advisers.",
                [("Xi Jinping", "Xi Jinping"), ("Xi", "Xi Jinping")],
            )
        ]
    )
    store.load_batch([story(2, "President Xi spoke by phone.", [("Xi", "Xi")])])
    [row] = people(store)
    assert row["name"] == "Xi Jinping" and row["article_count"] == 2


def test_normalize_surname_row_folds_into_later_full_name(store):
    store.load_batch([story(1, "Mr Lighthizer spoke.", [("Lighthizer", "Lighthizer")])])
    assert [r["name"] for r in people(store)] == ["Lighthizer"]
    store.load_batch(
        [
            story(
                2,
                "Robert Lighthizer said so.",
                [("Robert Lighthizer", "Robert Lighthizer")],
            )
        ]
    )
    [row] = people(store)
    assert (row["name"], row["article_count"]) == ("Robert Lighthizer", 2)


def test_normalize_roles_and_quotes_follow_the_person(store):
    text = (
        'Story 1. Treasury Secretary Steven Mnuchin said: "We are close." Mnuchin left.'
    )
    start = text.index("Steven Mnuchin")
    role_start = text.index("Treasury Secretary")
    quote_start = text.index("We are close.")
    facts = ArticleFacts(
        mentions=(
            Mention("Steven Mnuchin", start, start + 14, "PERSON", "Steven Mnuchin"),
            Mention(
                "Mnuchin",
                text.index("Mnuchin left"),
                text.index("Mnuchin left") + 7,
                "PERSON",
                "Steven Mnuchin",
            ),
        ),
        roles=(
            Role(
                "Steven Mnuchin",
                "Treasury Secretary",
                role_start,
                role_start + 18,
                "US Treasury",
            ),
        ),
        quotes=(
            Quote(
                "We are close.",
                quote_start,
                quote_start + 13,
                "Steven Mnuchin",
                "PERSON",
            ),
        ),
    )
    store.load_batch([(make_article(text, "m.txt"), facts)])
    [row] = people(store)
    assert row["roles"] == "Treasury Secretary"
    out = io.StringIO()
    write_table(store, "quotes", out, "jsonl")
    [quote] = [json.loads(x) for x in out.getvalue().splitlines()]
    assert (
        quote["speaker"] == "Steven Mnuchin" and quote["person_id"] == row["person_id"]
    )


@pytest.mark.parametrize(
    "forms", [("US Federal Reserve", "Fed", "the Federal Reserve")]
)
def test_normalize_organisations_through_the_lexicon(store, forms):
    batch = []
    for n, form in enumerate(forms):
        text = f"Story {n}. The decision by {form} surprised markets."
        start = text.index(form)
        mention = Mention(form, start, start + len(form), "ORG", form)
        batch.append(
            (make_article(text, f"o{n}.txt"), ArticleFacts(mentions=(mention,)))
        )
    store.load_batch(batch)
    out = io.StringIO()
    write_table(store, "organizations", out, "jsonl")
    [org] = [json.loads(x) for x in out.getvalue().splitlines()]
    assert org["name"] == "Federal Reserve" and org["article_count"] == 3
    assert org["aliases"] == "Fed; the Federal Reserve; US Federal Reserve"


@pytest.mark.parametrize(
    "key,expected",
    [
        ("trump", True),
        ("de gaulle", True),
        ("von der leyen", True),
        ("donald trump", False),
        ("charles de gaulle", False),
    ],
)
def test_normalize_is_surname_only(key, expected):
    assert is_surname_only(key) is expected


@pytest.mark.parametrize(
    "key,expected",
    [
        ("donald j trump", "donald trump"),
        ("george hw bush", "george hw bush"),
        ("xi jinping", "xi jinping"),
        ("a b c d", "a d"),
    ],
)
def test_normalize_without_initials(key, expected):
    assert without_initials(key) == expected


@pytest.mark.parametrize(
    "better,worse",
    [
        ("Donald Trump", "DONALD TRUMP"),
        ("Donald J. Trump", "Donald Trump"),
    ],
)
def test_normalize_name_rank_prefers_fullest_form(better, worse):
    assert name_rank(better) > name_rank(worse)


def test_normalize_surname_attachment_can_be_switched_off(store_url, rules):
    from wirefacts.store.db import Store

    store = Store.open(store_url, rules, attach_surnames=False)
    try:
        store.load_batch([TRUMP_FULL, TRUMP_SHORT])
        names = sorted(r["name"] for r in people(store))
    finally:
        store.close()
    assert names == ["Donald Trump", "Trump"]
