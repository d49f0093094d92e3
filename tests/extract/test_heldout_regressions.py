"""Regression tests for errors found on held-out real wire copy (tests/heldout).

Each test is one real sentence from a corpus article the extractors were not
fitted to (BBC 2020, Reuters 1987, Reuters 2025, People's Daily/Xinhua 2018),
asserting the value the held-out gold expects.
"""

from __future__ import annotations

import datetime as dt

import pytest
from wirefacts.extract.dates import find_dates
from wirefacts.extract.money import find_money
from wirefacts.extract.people import find_mentions
from wirefacts.extract.quotes import find_quotes
from wirefacts.extract.roles import find_roles
from wirefacts.extract.tariffs import find_tariffs

pytestmark = pytest.mark.slow


def extract(nlp, rules, text, published="2020-10-13"):
    """Mentions, roles, quotes and rated tariffs of ``text``, offsets checked."""
    doc = nlp(text)
    mentions = find_mentions(doc, rules)
    dates = find_dates(doc, dt.date.fromisoformat(published), rules)
    money = find_money(doc, rules)
    tariffs = [
        t
        for t in find_tariffs(doc, money, dates, mentions, rules)
        if t.rate is not None
    ]
    quotes = find_quotes(doc, mentions, rules)
    for fact in [*mentions, *tariffs, *quotes]:
        assert text[fact.start : fact.end] == fact.text
    return mentions, find_roles(doc, mentions, rules), tariffs, quotes


def test_heldout_lowercase_title_before_name_makes_a_person(nlp, rules):
    # BBC style: a lower-case job title; the model labels the name ORG.
    text = (
        "In a statement, Airbus chief executive Guillaume Faury said the firm wanted "
        'the two sides to settle the fight and remove tariffs. "It is time to find a '
        'solution now so that tariffs can be removed on both sides," he said.'
    )
    mentions, roles, _, quotes = extract(nlp, rules, text)
    people = {m.entity for m in mentions if m.type == "PERSON"}
    assert people == {"Guillaume Faury"}
    assert [(r.person, r.role) for r in roles] == [
        ("Guillaume Faury", "Airbus chief executive")
    ]
    assert [q.speaker for q in quotes] == ["Guillaume Faury"]


def test_heldout_pronoun_skips_name_in_subordinate_clause(nlp, rules):
    text = (
        "U.S. Trade Representative Clayton Yeutter said it was all but certain "
        "President Reagan would go ahead today and impose curbs on Japanese exports "
        "as planned. Asked in a television interview what the chance was for Reagan "
        "to cancel the scheduled 100 pct tariffs on Japanese electronic exports, he "
        'said "slim to none."'
    )
    _, _, _, quotes = extract(nlp, rules, text, "1987-04-17")
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Clayton Yeutter", "slim to none.")
    ]


def test_heldout_programme_title_in_quotes_is_not_speech(nlp, rules):
    text = (
        'Yeutter, on the NBC program "Today," said the United States did not want to '
        "terminate the agreement and would drop the tariffs once Japan began "
        "fulfilling the agreement."
    )
    _, _, _, quotes = extract(nlp, rules, text, "1987-04-17")
    assert quotes == []


def test_heldout_effect_sentence_dates_the_rates_before_it(nlp, rules):
    text = (
        "The Customs Tariff Commission of the State Council unveiled lists of 3,571 "
        "items of U.S. products to be subject to additional tariffs of 10 percent, and "
        "lists of another 1,636 items to be subject to additional tariffs of 5 "
        "percent. The new tax rates will take effect at 12:01 p.m. Beijing time on "
        "Sept. 24, said the commission."
    )
    _, _, tariffs, _ = extract(nlp, rules, text, "2018-09-19")
    assert [(t.rate, t.effective_date) for t in tariffs] == [
        (10.0, "2018-09-24"),
        (5.0, "2018-09-24"),
    ]


def test_heldout_effective_date_not_taken_from_coordinated_clause(nlp, rules):
    text = (
        "Trump launched an investigation into imported vehicles in May, and "
        "repeatedly threatened to impose a 20 percent import tariff on vehicles."
    )
    _, _, tariffs, _ = extract(nlp, rules, text, "2018-06-30")
    assert [(t.rate, t.effective_date, t.status) for t in tariffs] == [
        (20.0, None, "threatened")
    ]


def test_heldout_rate_range_gives_both_rates(nlp, rules):
    text = (
        "WTO panels have found both sides at fault and authorised the US to retaliate "
        "last year, leading to new US duties of 15%-25% on European items such as "
        "aircraft, French cheese and Scotch whiskey."
    )
    _, _, tariffs, _ = extract(nlp, rules, text)
    assert sorted(t.rate for t in tariffs) == [15.0, 25.0]
