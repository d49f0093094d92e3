"""find_tariffs on real wire sentences, with the real pipeline and hand-valued dates."""

from __future__ import annotations

import pytest
from wirefacts.extract.money import find_money
from wirefacts.extract.tariffs import find_tariffs
from wirefacts.facts import DateFact

pytestmark = pytest.mark.slow


def tariffs(nlp, rules, text, date_values=None, source=None):
    """Tariffs of ``text``; DATE entities get the values in ``date_values``."""
    doc = nlp(text)
    values = date_values or {}
    dates = [DateFact(e.text, e.start_char, e.end_char, values.get(e.text), "day")
             for e in doc.ents if e.label_ == "DATE"]
    for phrase, value in values.items():  # dates the small model misses
        at = text.find(phrase)
        if at >= 0 and not any(d.start <= at < d.end for d in dates):
            dates.append(DateFact(phrase, at, at + len(phrase), value, "day"))
    money = find_money(doc, rules, source=source)
    found = find_tariffs(doc, money, sorted(dates, key=lambda d: d.start), [], rules)
    for tariff in found:
        assert text[tariff.start:tariff.end] == tariff.text
    return found


def rated(found):
    return [t for t in found if t.rate is not None]


def test_tariffs_increase_from_to_with_goods_value_and_date(nlp, rules):
    text = ("Frustrated by the lack of progress after that meeting, Mr Trump announced "
            "an increase in planned tariffs on an additional batch of US$300 billion "
            "of Chinese goods from 10 per cent to 15 per cent, which he began "
            "imposing on Sept 1.")
    [row] = rated(tariffs(nlp, rules, text, {"Sept 1": "2019-09-01"}))
    assert (row.rate, row.previous_rate) == (15.0, 10.0)
    assert (row.goods_value, row.goods_currency) == (3e11, "USD")
    assert row.goods == "Chinese goods" and row.target == "China"
    assert row.effective_date == "2019-09-01"
    assert row.status == "raised"


def test_tariffs_delay_on_raising(nlp, rules):
    text = ("Mr Trump later announced a two-week delay on raising existing tariffs on "
            "US$250 billion of Chinese goods from 25 per cent to 30 per cent, which is "
            "now set for Oct 15.")
    [row] = rated(tariffs(nlp, rules, text, {"Oct 15": "2019-10-15"}))
    assert (row.rate, row.previous_rate, row.goods_value) == (30.0, 25.0, 2.5e11)
    assert row.effective_date == "2019-10-15"
    assert row.status == "delayed"


def test_tariffs_rise_to_from_on_date(nlp, rules):
    text = ("Tariffs on US$250 billion of Chinese goods will rise to 30 per cent from "
            "25 per cent on Oct 15.")
    [row] = rated(tariffs(nlp, rules, text, {"Oct 15": "2019-10-15"}))
    assert (row.rate, row.previous_rate, row.goods_value) == (30.0, 25.0, 2.5e11)
    assert row.effective_date == "2019-10-15"
    assert row.status == "raised"


def test_tariffs_impose_without_previous_and_when_clause_date(nlp, rules):
    text = ("When such purchases failed to materialise during US-China trade talks in "
            "late July, Mr Trump quickly moved to impose 10 per cent tariffs on "
            "virtually all remaining Chinese imports untouched by previous rounds of "
            "tariffs.")
    [row] = rated(tariffs(nlp, rules, text, {"late July": "2019-07"}))
    assert (row.rate, row.previous_rate) == (10.0, None)
    assert row.effective_date is None  # late July dates the failed talks
    assert row.status == "imposed"
    assert row.imposer == "United States" and row.target == "China"


def test_tariffs_reuters_1987_pct_and_mln_dlrs(nlp, rules):
    text = ("The 100 pct tariffs are to be imposed on 300 mln dlrs of Japanese goods "
            "recommended for curbs by a special panel of experts headed by the U.S.")
    [row] = rated(tariffs(nlp, rules, text))
    assert row.rate == 100.0
    assert (row.goods_value, row.goods_currency) == (3e8, "USD")
    assert row.target == "Japan"
    text = ("Earlier today, Reagan imposed 100 pct tariffs on a range of Japanese "
            "goods in retaliation for Japan's alleged violation of a bilateral pact.")
    [row] = rated(tariffs(nlp, rules, text))
    assert (row.rate, row.imposer, row.target, row.status) == (
        100.0, "United States", "Japan", "imposed")


def test_tariffs_two_actions_in_one_sentence_stay_separate(nlp, rules):
    text = ("Trade tensions between the two nations escalated last month, when the "
            "U.S. boosted tariffs on all Chinese imports to a whopping 145%, and China "
            "then raised levies on U.S. imports to 125%.")
    rows = rated(tariffs(nlp, rules, text))
    assert [(r.rate, r.imposer, r.target, r.status) for r in rows] == [
        (145.0, "United States", "China", "raised"),
        (125.0, "China", "United States", "raised"),
    ]
    assert rows[0].end <= rows[1].start


def test_tariffs_xinhua_cuts_pair_each_from_to(nlp, rules):
    text = ("A tariff on cosmetics will fall to 2 percent from 5 percent, while a duty "
            "on diapers will decline to 2 percent from 7.5 percent, according to the "
            "ministry.")
    rows = rated(tariffs(nlp, rules, text))
    assert [(r.rate, r.previous_rate, r.goods, r.status) for r in rows] == [
        (2.0, 5.0, "cosmetics", "cut"), (2.0, 7.5, "diapers", "cut")]


def test_tariffs_xinhua_worth_phrase_and_effective_from(nlp, rules):
    text = ("The United States has announced its decision to impose additional 10 "
            "percent tariffs on 200 billion U.S. dollars worth of Chinese products "
            "from Sept. 24, saying that it will take other escalating tariff measures.")
    [row] = rated(tariffs(nlp, rules, text, {"Sept. 24": "2018-09-24"}))
    assert (row.rate, row.goods_value, row.goods) == (10.0, 2e11, "Chinese products")
    assert row.effective_date == "2018-09-24"


def test_tariffs_ignore_shares_changes_and_effects(nlp, rules):
    texts = [
        "Based on the situation as of April 29, the BoE estimated the U.S. tariffs "
        "would lower British inflation by 0.2 percentage points in two years' time "
        "and reduce the size of the economy by 0.3% after three years.",
        "Zhang noted that the U.S. import of steel accounts for around 16 percent of "
        "its consumption.",
        "La Electricidad is seeking permission for a 50 pct increase in industrial "
        "and commercial tariffs, which officials say would bring in an extra 1.3 "
        "billion bolivars this year.",
    ]
    for text in texts:
        assert tariffs(nlp, rules, text) == []


def test_tariffs_without_rate_need_an_action(nlp, rules):
    [row] = tariffs(nlp, rules, "Tariffs on some goods were postponed to Dec 15.",
                    {"Dec 15": "2019-12-15"})
    assert (row.rate, row.status, row.effective_date) == (None, "delayed", "2019-12-15")
    text = ("He added that while he is no fan of tariffs, Mr Trump was right to "
            "challenge China's trade actions.")
    assert tariffs(nlp, rules, text) == []


def test_tariffs_target_is_passive_subject(nlp, rules):
    text = "Switzerland was hit particularly hard with a 31% tariff rate."
    [row] = rated(tariffs(nlp, rules, text))
    assert (row.rate, row.target, row.status) == (31.0, "Switzerland", "imposed")


def test_tariffs_cut_to_zero_takes_the_rate_on_the_tariff_as_previous(nlp, rules):
    # Reuters, May 2025 (US-UK trade deal)
    text = ("The trade deal, announced on Thursday, will reduce Britain's 19% tariffs "
            "on U.S. ethanol to zero through a 1.4 billion-litre (370 million gallon) "
            "quota that far exceeds U.S. exports to the UK last year.")
    [row] = rated(tariffs(nlp, rules, text))
    assert (row.rate, row.previous_rate) == (0.0, 19.0)
    assert row.status == "cut"


def test_tariffs_instead_of_names_the_previous_rate(nlp, rules):
    # China Daily via People's Daily, August 2018
    text = ("The reports say a 25 percent tariff \u2014 instead of the original 10 "
            "percent \u2014 would be proposed on $200 billion of Chinese goods by the "
            "administration of US President Donald Trump.")
    [row] = rated(tariffs(nlp, rules, text))
    assert (row.rate, row.previous_rate) == (25.0, 10.0)
    assert (row.goods_value, row.goods_currency) == (2e11, "USD")
    assert row.status == "planned"


def test_tariffs_zero_outside_a_tariff_clause_is_no_rate(nlp, rules):
    text = "The company cut its debt to zero last year, and tariffs stayed high."
    assert rated(tariffs(nlp, rules, text)) == []


@pytest.mark.parametrize("text", [
    # China Daily via People's Daily, August 2018: the parser hangs the goods on
    # the rate's preposition ...
    ("US President Donald Trump has directed the US trade representative to "
     "consider increasing the additional duty from 10 percent to 25 percent on "
     "$200 billion worth of Chinese imports, targeting thousands of consumer "
     "products ranging from chemicals to cosmetics."),
    # ... or on a verb of the tariff word (Xinhua, August 2018)
    ("The decision was made in response to a U.S. plan to raise tariffs to be "
     "imposed on 200 billion dollars of Chinese goods from 10 percent to 25 "
     "percent."),
])
def test_tariffs_goods_value_hung_off_the_rate_or_tariff_verb(nlp, rules, text):
    [row] = rated(tariffs(nlp, rules, text))
    assert (row.rate, row.previous_rate) == (25.0, 10.0)
    assert (row.goods_value, row.goods_currency) == (2e11, "USD")
