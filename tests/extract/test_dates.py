"""find_dates on real wire sentences: absolute, year-less, relative, tense, quarters."""

from __future__ import annotations

import datetime as dt

import pytest
from wirefacts.extract.date_grammar import compile_grammar, grammar_for
from wirefacts.extract.date_resolve import (
    week_value,
    weekday_date,
    year_for_month,
    year_for_month_day,
)
from wirefacts.extract.dates import find_dates
from wirefacts.facts import ArticleFacts, check_offsets

ST_0921 = dt.date(2019, 9, 21)  # The Straits Times, Saturday
ST_0920 = dt.date(2019, 9, 20)  # Friday
REUTERS_0226 = dt.date(1987, 2, 26)  # Reuters-21578, Thursday
WSJ_1101 = dt.date(1989, 11, 1)  # TimeBank WSJ, Wednesday
TE3_0322 = dt.date(2013, 3, 22)  # TempEval-3 platinum, Friday
TE3_0321 = dt.date(2013, 3, 21)

# (sentence, published, expected text, value, granularity)
CASES = [
    # 2019 trade-war copy (The Straits Times, Reuters, Bloomberg)
    ("Talks between a Chinese delegation led by Vice-Minister for Finance Liao Min "
     "and Deputy US Trade Representative Jeffrey Gerrish began on Thursday and "
     "continued yesterday.", ST_0921, "Thursday", "2019-09-19", "day"),
    ("Talks between a Chinese delegation and US officials began on Thursday and "
     "continued yesterday.", ST_0921, "yesterday", "2019-09-20", "day"),
    ("US Agriculture Department Secretary Sonny Perdue on Thursday said Chinese "
     "officials will visit American farms next week.", ST_0921, "next week",
     "2019-W39", "week"),
    ("But in an easing of tensions last week, Mr Trump delayed a scheduled Oct 1 "
     "tariff hike.", ST_0920, "last week", "2019-W37", "week"),
    ("But in an easing of tensions last week, Mr Trump delayed a scheduled Oct 1 "
     "tariff hike.", ST_0920, "Oct 1", "2019-10-01", "day"),
    ("Tariffs on some goods were postponed to Dec 15.", ST_0921, "Dec 15",
     "2019-12-15", "day"),
    ("Mr Trump announced an increase in planned tariffs, which he began imposing on "
     "Sept 1.", ST_0921, "Sept 1", "2019-09-01", "day"),
    ("The burst of diplomacy follows two months of ratcheting up of the trade war "
     "after senior officials last met in Shanghai in late July.", ST_0921,
     "late July", "2019-07", "month"),
    ("The negotiations are aimed at laying the groundwork for high-level talks early "
     "next month.", ST_0920, "early next month", "2019-10", "month"),
    ("A delegation of about 30 Chinese officials was set to launch talks yesterday "
     "morning.", ST_0920, "yesterday morning", "2019-09-19", "day"),
    ("Mr Mnuchin formally declared China a currency manipulator last month.",
     ST_0920, "last month", "2019-08", "month"),
    ("The US Federal Reserve on Wednesday cut rates for the second time this year.",
     ST_0920, "Wednesday", "2019-09-18", "day"),
    ("The US Federal Reserve on Wednesday cut rates for the second time this year.",
     ST_0920, "this year", "2019", "year"),
    ("Even if the September and October negotiations were to produce an interim "
     "deal, the trade war has hardened.", ST_0920, "October", "2019-10", "month"),
    ("The hike on US$250 billion of Chinese goods is now set for 15 October 2019.",
     ST_0920, "15 October 2019", "2019-10-15", "day"),
    ("Washington will publish the list on 2019-09-21, officials said.", ST_0920,
     "2019-09-21", "2019-09-21", "day"),
    # Reuters-21578, 1987
    ("A surprise 7.5 pct drop in U.S. January durable goods orders points to a "
     "slowdown in the first quarter of 1987, economists said.", REUTERS_0226,
     "the first quarter of 1987", "1987-Q1", "quarter"),
    ("Seixas, director of the Brazilian central bank's foreign debt department, met "
     "the full panel on Tuesday and Wednesday.", REUTERS_0226, "Wednesday",
     "1987-02-25", "day"),
    ("The alternative proposal is designed to avoid an impasse when debt "
     "rescheduling talks reopen in New York on Tuesday.", REUTERS_0226, "Tuesday",
     "1987-03-03", "day"),
    ("He said he plans to announce a decision early next week.", REUTERS_0226,
     "early next week", "1987-W10", "week"),
    ("But Argentina did not suspend interest payments on its foreign debts, as "
     "neighboring Brazil did last week.", REUTERS_0226, "last week", "1987-W08",
     "week"),
    ("The company will pay the dividend to stockholders of record on March 27, "
     "1987.", REUTERS_0226, "March 27, 1987", "1987-03-27", "day"),
    ("Pork production in 1986 was up 4.5 pct.", REUTERS_0226, "1986", "1986", "year"),
    # TimeBank / TempEval-3
    ("Separately, Citadel posted a third-quarter net loss of $2.3 million, versus "
     "net income of $5.3 million a year earlier.", WSJ_1101, "third-quarter",
     "1989-Q3", "quarter"),
    ("Separately, Citadel posted a third-quarter net loss of $2.3 million, versus "
     "net income of $5.3 million a year earlier.", WSJ_1101, "a year earlier",
     "1988-Q3", "quarter"),
    ("Net income rose to $5 million from $3 million in the year-ago quarter.",
     WSJ_1101, "the year-ago quarter", "1988-Q3", "quarter"),
    ("This flu season started in early December, a month earlier than usual.",
     TE3_0322, "early December", "2012-12", "month"),
    ("The FAA must cut nearly $600 million from its budget this fiscal year.",
     TE3_0322, "this fiscal year", "2013", "year"),
    ("Officials put forward strict new fuel standards four years ago.", TE3_0321,
     "four years ago", "2009", "year"),
    ("Mr. Sarkozy lost his re-election bid last May and his immunity expired.",
     TE3_0321, "last May", "2012-05", "month"),
    ("The reduced dividend is payable Jan. 2 to stock of record Dec. 15.",
     WSJ_1101, "Dec. 15", "1989-12-15", "day"),
    ("The team expects the vote by Q3 2019, the spokesman said.", ST_0920, "Q3 2019",
     "2019-Q3", "quarter"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,published,text,value,granularity", CASES)
def test_dates_value(nlp, rules, sentence, published, text, value, granularity):
    facts = find_dates(nlp(sentence), published, rules)
    got = {(f.text, f.value, f.granularity) for f in facts}
    assert (text, value, granularity) in got, got
    assert check_offsets(sentence, ArticleFacts(dates=tuple(facts))) == []


# Durations, generic references and words that only look like dates.
NOT_DATES = [
    ("Mr Trump later announced a two-week delay on raising existing tariffs.",
     "two-week"),
    ("The burst of diplomacy follows two months of ratcheting up of the trade war.",
     "two months"),
    ("Central banks around the world loosened policy in recent months.", "recent"),
    ("Prime Minister Theresa May said the talks had stalled.", "May"),
    ("Investors may sell the shares, he said.", "may"),
    ("The company bought 1987 tonnes of copper.", "1987"),
    ("The unit was sold for $2019 million.", "2019"),
    ("The Celtics led 96-70 at the end of the third quarter.", "quarter"),
    ("The tariff hike is now set for Oct 15.", "now"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,word", NOT_DATES)
def test_dates_skip_non_dates(nlp, rules, sentence, word):
    facts = find_dates(nlp(sentence), ST_0920, rules)
    assert not [f for f in facts if word in f.text], facts


@pytest.mark.slow
@pytest.mark.parametrize("sentence,expected", [
    ("Talks began on Thursday and resume next week.",
     [("Thursday", None), ("next week", None)]),
    ("The tariffs rise on Oct 15 after Sept 1, 2019 levels.",
     [("Oct 15", None), ("Sept 1, 2019", "2019-09-01")]),
    ("Sales fell in 1986 and in March 1987.",
     [("1986", "1986"), ("March 1987", "1987-03")]),
])
def test_dates_without_published(nlp, rules, sentence, expected):
    facts = find_dates(nlp(sentence), None, rules)
    assert [(f.text, f.value) for f in facts] == expected


@pytest.mark.slow
def test_dates_sorted_with_offsets(nlp, rules):
    text = ("Yesterday, documents published by the Office of the US Trade "
            "Representative listed products. Talks resume on Oct 15 and late July "
            "saw the last round; next month the tariffs rise.")
    facts = find_dates(nlp(text), ST_0921, rules)
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    assert [f.text for f in facts] == ["Yesterday", "Oct 15", "late July", "next month"]
    assert check_offsets(text, ArticleFacts(dates=tuple(facts))) == []


@pytest.mark.parametrize("weekday,tense,relation,expected", [
    (3, "past", None, dt.date(2019, 9, 19)),      # Thursday, said on Saturday
    (5, "past", None, dt.date(2019, 9, 21)),      # same day counts
    (0, "future", None, dt.date(2019, 9, 23)),    # "will meet on Monday"
    (0, "present", None, dt.date(2019, 9, 23)),   # "talks reopen on Monday"
    (4, "unknown", "last", dt.date(2019, 9, 20)),
    (5, "unknown", "next", dt.date(2019, 9, 28)),
])
def test_dates_weekday_convention(weekday, tense, relation, expected):
    assert weekday_date(weekday, ST_0921, tense, relation) == expected


@pytest.mark.parametrize("month,day,published,tense,expected", [
    (12, 15, ST_0921, "past", dt.date(2019, 12, 15)),   # "postponed to Dec 15"
    (10, 23, dt.date(1999, 5, 6), "past", dt.date(1998, 10, 23)),
    (1, 14, dt.date(1999, 12, 20), "future", dt.date(2000, 1, 14)),
    (12, 31, dt.date(2000, 1, 3), "unknown", dt.date(1999, 12, 31)),
])
def test_dates_year_for_month_day(month, day, published, tense, expected):
    assert year_for_month_day(month, day, published, tense) == expected


@pytest.mark.parametrize("month,published,tense,expected", [
    (10, ST_0920, "past", 2019),                 # one month ahead still this year
    (12, dt.date(1998, 4, 18), "past", 1997),
    (2, dt.date(1989, 11, 1), "unknown", 1990),  # nearest
    (6, dt.date(2013, 3, 18), "future", 2013),
])
def test_dates_year_for_month(month, published, tense, expected):
    assert year_for_month(month, published, tense) == expected


@pytest.mark.parametrize("day,expected", [
    (dt.date(2019, 9, 28), "2019-W39"), (dt.date(2021, 1, 2), "2020-W53"),
    (dt.date(1987, 3, 5), "1987-W10"),
])
def test_dates_iso_week(day, expected):
    assert week_value(day) == expected


def test_dates_rule_examples_match(rules):
    """Every pattern in dates.yml matches its own example sentence."""
    grammar = grammar_for(rules)
    assert grammar.patterns
    for pattern in grammar.patterns:
        assert pattern.regex.search(pattern.example), pattern.id


def test_dates_bad_rules_raise_rule_error():
    from wirefacts.errors import RuleError

    with pytest.raises(RuleError):
        compile_grammar({"patterns": [{"id": "x", "pattern": "{NOPE}"}]})
    with pytest.raises(RuleError):
        compile_grammar({"patterns": [{"id": "y", "pattern": "(unclosed"}]})
    with pytest.raises(RuleError):
        compile_grammar({"months": "not a map"})


def test_dates_timeml_references_only_when_switched_on(rules):
    data = dict(rules.lexicon("dates"))
    assert "reference" not in {p.kind for p in compile_grammar(data).patterns}
    grammar = compile_grammar({**data, "timeml_references": True})
    reference = [p for p in grammar.patterns if p.kind == "reference"]
    assert reference and reference[0].regex.search("Prices are now higher")
    assert grammar.references["now"] == "PRESENT_REF"
