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
REUTERS_0309 = dt.date(1987, 3, 9)
REUTERS_0330 = dt.date(1987, 3, 30)
REUTERS_0331 = dt.date(1987, 3, 31)
WSJ_1101 = dt.date(1989, 11, 1)  # TimeBank WSJ, Wednesday
TE3_0322 = dt.date(2013, 3, 22)  # TempEval-3 platinum, Friday
TE3_0321 = dt.date(2013, 3, 21)
NYT_0206 = dt.date(1998, 2, 6)  # TimeBank NYT, Friday
WSJ_1026 = dt.date(1989, 10, 26)  # TimeBank WSJ, Thursday
WSJ_1030 = dt.date(1989, 10, 30)  # Monday
WSJ_1031 = dt.date(1989, 10, 31)
WSJ_1102 = dt.date(1989, 11, 2)

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
    # TempEval-3 / TimeBank sentences for the fixes measured by bench_dates.py
    # year ranges: each year its own date (TimeML), a two-digit end in its century
    ("One exception was the swine flu pandemic of 2009-2010, when 348 children "
     "died.", TE3_0322, "2010", "2010", "year"),
    ("One exception was the swine flu pandemic of 2009-2010, when 348 children "
     "died.", TE3_0322, "2009", "2009", "year"),
    ("Mr Lowe also took part in the trans-Antarctic expedition of 1957-58, which "
     "made the first successful overland crossing of Antarctica.", TE3_0322, "58",
     "1958", "year"),
    # a bare past participle reports a past event ("the record set on Aug. 6")
    ("Stocks rose, leaving the index within 70 points of its record high set on "
     "Aug. 6.", NYT_0206, "Aug. 6", "1997-08-06", "day"),
    ("The divested Courtaulds textile operations had operating profit of #50 "
     "million on #980 million in revenue in the year ended March 31.", WSJ_1031,
     "March 31", "1989-03-31", "day"),
    ("But under new terms of the agreement, announced Friday, LIN holders would "
     "receive a special cash dividend of $42 a share.", WSJ_1030, "Friday",
     "1989-10-27", "day"),
    ("In the fiscal year ended Jan. 31, the company reported sales of $59.5 million "
     "and pretax profit of $2.9 million.", WSJ_1031, "Jan. 31", "1989-01-31", "day"),
    # a present participle clause takes its head's tense
    ("Nashua's stock has fluctuated sharply on takeover speculation, rising to a "
     "high for the year of $42.875 a share in June from $29.75 in March.", WSJ_1030,
     "March", "1989-03", "month"),
    # a progressive verb says nothing of a noun's month; "effective" detaches a date
    ("Poughkeepsie said it is continuing to try to sell itself, under a June "
     "agreement with a dissident-shareholder group.", WSJ_1026, "June", "1989-06",
     "month"),
    ("U.S. Trust also created a four-member office of the chairman, effective "
     "Feb. 1.", WSJ_1026, "Feb. 1", "1990-02-01", "day"),
    # earnings copy: "period" is no game word; a forecast quarter is not reported
    ("In the year-ago period, Bethlehem earned $101.4 million, or $1.27 a share."
     "\n\nThird-quarter sales dropped 11% to $1.27 billion from $1.43 billion a "
     "year ago.", WSJ_1026, "Third-quarter", "1989-Q3", "quarter"),
    ("Bethlehem Steel Corp. posted a 54% drop in third-quarter profit. Wall Street "
     "analysts expect the disappointing trend to continue into the fourth quarter. "
     "In the year-ago period, Bethlehem earned $101.4 million.",
     WSJ_1026, "the year-ago period", "1988-Q3", "quarter"),
    ("The Los Angeles thrift holding company said it had a loss of $92.2 million, "
     "or $6.98 a share, for the quarter ended Sept. 30.", WSJ_1101, "the quarter",
     "1989-Q3", "quarter"),
    ("In the quarter ended July 31, Jayark had an average of 5.6 million shares "
     "outstanding.", WSJ_1030, "the quarter", "1989-Q2", "quarter"),
    ("The company reported a net loss of $8.1 million for the third quarter ended "
     "Sept. 30. These results compare with net income of $1.8 million, or 44 cents "
     "a share, for the corresponding period last year.", WSJ_1101,
     "the corresponding period last year", "1988-Q3", "quarter"),
    # years that name the plural noun they modify
    ("The company also said it expects to post sales in the current fiscal year "
     "that are slightly above fiscal 1989 sales of $155 million.", WSJ_1102,
     "fiscal 1989", "1989", "year"),
    ("Analysts were predicting 1990 BellSouth earnings in the range of $3.90 a "
     "share.", WSJ_1030, "1990", "1990", "year"),
    ("The non-food operations accounted for about 27% of Provigo's 7.38 billion "
     "Canadian dollars in sales in the latest fiscal year.", WSJ_1026,
     "the latest fiscal year", "1988", "year"),
    ("Hughes announced a plan to reduce employment by at least 6,000 people by "
     "year end.", WSJ_1026, "year end", "1989", "year"),
    ("This flu season started in early December, a month earlier than usual, and "
     "peaked by the end of year.", TE3_0322, "the end of year", "2012", "year"),
    ("The thrift holding company said it expects to obtain regulatory approval and "
     "complete the transaction by year-end.", WSJ_1101, "year-end", "1989", "year"),
    # a deferral names the coming day whatever the tense
    ("Northern Ireland's World Cup qualifier with Russia has been postponed until "
     "15:00 GMT Saturday due to heavy snow.", TE3_0322, "Saturday", "2013-03-23",
     "day"),
    # Reuters-21578, 1987: "qtr", forecasts, year-end, fiscal years
    ("SMITH INTERNATIONAL INC <SII> 4TH QTR LOSS", REUTERS_0330, "4TH QTR",
     "1986-Q4", "quarter"),
    ("NOTE: Net includes loss from discontinued operations of 78,000 dlrs, or two "
     "cts a share, versus 597,000, or 15 cts a share in the prior 2nd qtr.",
     REUTERS_0330, "the prior 2nd qtr", "1986-Q2", "quarter"),
    ("That qualification is expected by the fourth quarter, the company said.",
     REUTERS_0331, "the fourth quarter", "1987-Q4", "quarter"),
    ("Solomon forecast inflation at 4.5 pct by year-end, but said it could be kept "
     "below five pct.", REUTERS_0309, "year-end", "1987", "year"),
    ("Canadian Pacific's consolidated assets fell to 17.70 billion dlrs at year end "
     "from 21.3 billion dlrs at the end of 1985, it said.", REUTERS_0331,
     "year end", "1986", "year"),
    ("Rival GM said tariffs were projected to cost it between $4 billion and $5 "
     "billion, while Toyota projected tariff costs for April and May at around $1.2 "
     "billion.", dt.date(2025, 5, 9), "April", "2025-04", "month"),
    ("For its fiscal year ended July 31 Caesars World reported net income of 41 mln "
     "dlrs.", REUTERS_0309, "July 31", "1986-07-31", "day"),
    ("M-3 rose 4.4 pct year-on-year in the quarter based on December after rising "
     "5.4 pct in the quarter centred on September.", REUTERS_0309, "September",
     "1986-09", "month"),
    # spelled millennium years (broadcast transcripts)
    ("His promise to half unemployment by the year two thousand has now been "
     "abandoned.", dt.date(1998, 2, 5), "the year two thousand", "2000", "year"),
    # counted from the story's last date, not publication
    ("On May 22, 1995, Farkas was made a brigadier general, and the following year "
     "he was appointed military attache at the Hungarian embassy in Washington.",
     dt.date(1998, 4, 18), "the following year", "1996", "year"),
    ("Imports of the watches totaled about $37.3 million in 1988, a relatively "
     "small share of the $1.5 billion in U.S. watch imports that year.", WSJ_1102,
     "that year", "1988", "year"),
    ("In March, American Medical received a $24-a-share offer. The following "
     "month, the company put itself up for sale.", dt.date(1989, 10, 27),
     "The following month", "1989-04", "month"),
    # China Daily via People's Daily, Wednesday 2018-08-22: an infinitive on a
    # noun names an event still to come
    ("The tariffs would be the same as those the US has already imposed on $34 "
     "billion in Chinese goods, and on another $16 billion to be activated on "
     "Thursday.", dt.date(2018, 8, 22), "Thursday", "2018-08-23", "day"),
    # Reuters, Tuesday 2021-06-15: a report's date is when it appeared
    ("On Tuesday they said they would suspend the tariffs for five years, in line "
     "with a Reuters report on Monday, while still working on the overarching "
     "agreement.", dt.date(2021, 6, 15), "Monday", "2021-06-14", "day"),
    ("The ministry will publish its report on Monday.", dt.date(2021, 6, 15),
     "Monday", "2021-06-21", "day"),
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
    # Reuters 2025: a 24-hour clock time before a time zone is no year
    ("Meetings at the residence of Switzerland's ambassador to the U.N. concluded "
     "at about 8 p.m. local time (1800 GMT).", "1800"),
    # TimeML values outside the contract are not emitted by default
    ("A New York man who was accused of faking his death last summer pleaded "
     "guilty.", "summer"),
    ("We in fact have seen hate group numbers dropping through the nineties.",
     "nineties"),
    ("It led to the deaths of as many as 1.7 million Cambodians in the late 1970s.",
     "1970"),
    ("Ms. Ayotte joined the ranks of a 20th century institution.", "century"),
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


def test_dates_timeml_values_only_when_switched_on(rules):
    data = dict(rules.lexicon("dates"))
    assert not [p for p in compile_grammar(data).patterns
                if p.kind.startswith("timeml_")]
    grammar = compile_grammar({**data, "timeml_values": True})
    reference = [p for p in grammar.patterns if p.kind == "timeml_reference"]
    assert reference and reference[0].regex.search("Prices are now higher")
    assert grammar.references["now"] == "PRESENT_REF"


@pytest.fixture(scope="module")
def timeml_rules(rules, tmp_path_factory):
    import shutil

    from wirefacts.extract.rules import RuleSet

    folder = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(rules.folder, folder)
    dates = folder / "dates.yml"
    text = dates.read_text(encoding="utf-8")
    dates.write_text(text.replace("timeml_values: false", "timeml_values: true"),
                     encoding="utf-8")
    return RuleSet(folder)


@pytest.mark.slow
@pytest.mark.parametrize("sentence,published,text,value", [
    ("A New York man who was accused of faking his death last summer pleaded "
     "guilty to a conspiracy charge Thursday.", TE3_0322, "last summer", "2012-SU"),
    ("We in fact have seen hate group numbers dropping through the nineties.",
     dt.date(1998, 3, 3), "the nineties", "199"),
    ("It led to the deaths of as many as 1.7 million Cambodians when the communist "
     "group held power in the late 1970s.", dt.date(1998, 2, 19), "the late 1970s",
     "197"),
    ("She joined the most rarefied ranks of the 20th century.", TE3_0321,
     "the 20th century", "19"),
    ("Joblessness is now at its highest level in Germany.", dt.date(1998, 2, 5),
     "now", "PRESENT_REF"),
])
def test_dates_timeml_values(nlp, timeml_rules, sentence, published, text, value):
    facts = find_dates(nlp(sentence), published, timeml_rules)
    assert (text, value) in {(f.text, f.value) for f in facts}, facts
