"""find_money on sentences from real wire copy (blank tokenizer: no model needed)."""

from __future__ import annotations

import re

import pytest
import spacy
from wirefacts.extract.money import find_money


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def amounts(blank, rules, text, source=None):
    found = find_money(blank(text), rules, source=source)
    for money in found:
        assert text[money.start:money.end] == money.text
    return [(m.text, m.amount, m.currency, m.converted_from) for m in found]


def test_money_conversion_in_brackets_links_pair(blank, rules):
    text = ("President Donald Trump yesterday said the US is taking in billions from "
            "tariffs on Chinese imports, with the total soon reaching US$100 billion "
            "(S$138 billion).")
    assert amounts(blank, rules, text, "The Straits Times") == [
        ("US$100 billion", 1e11, "USD", None),
        ("S$138 billion", 1.38e11, "SGD", 0),
    ]


def test_money_reuters_mln_dlrs_and_yen(blank, rules):
    text = ("The 100 pct tariffs are to be imposed on 300 mln dlrs of Japanese goods. "
            "Exports rose to 1.5 billion yen from 1-1/2 mln stg.")
    assert amounts(blank, rules, text) == [
        ("300 mln dlrs", 3e8, "USD", None),
        ("1.5 billion yen", 1.5e9, "JPY", None),
        ("1-1/2 mln stg", 1.5e6, "GBP", None),
    ]


def test_money_xinhua_us_dollars_worth(blank, rules):
    text = ("The US imposed 25 percent tariffs on 34 billion U.S. dollars worth of "
            "Chinese exports to the US on July 6.")
    assert amounts(blank, rules, text) == [
        ("34 billion U.S. dollars", 3.4e10, "USD", None)]


def test_money_symbols_and_codes(blank, rules):
    text = ("€5m, £3.2bn, ¥100, 100 yuan, 5 billion renminbi, RMB 3 billion, "
            "HK$2 billion, A$3.5 million, C$2bn, NT$40 billion, Rs 500 crore, "
            "2 trillion won.")
    assert [(t, a, c) for t, a, c, _ in amounts(blank, rules, text)] == [
        ("€5m", 5e6, "EUR"), ("£3.2bn", 3.2e9, "GBP"), ("¥100", 100.0, "JPY"),
        ("100 yuan", 100.0, "CNY"), ("5 billion renminbi", 5e9, "CNY"),
        ("RMB 3 billion", 3e9, "CNY"), ("HK$2 billion", 2e9, "HKD"),
        ("A$3.5 million", 3.5e6, "AUD"), ("C$2bn", 2e9, "CAD"),
        ("NT$40 billion", 4e10, "TWD"), ("Rs 500 crore", 5e9, "INR"),
        ("2 trillion won", 2e12, "KRW"),
    ]


def test_money_per_share_and_cents(blank, rules):
    text = ("Shr profit 12 cts vs loss 1.50 dlrs per share; the fee is 50 cents and "
            "2 rupees.")
    assert [(t, a, c) for t, a, c, _ in amounts(blank, rules, text)] == [
        ("12 cts", 0.12, "USD"), ("1.50 dlrs", 1.5, "USD"),
        ("50 cents", 0.5, "USD"), ("2 rupees", 2.0, "INR")]


def test_money_ranges_give_one_amount_per_endpoint(blank, rules):
    text = "a $5-6 billion deal, between $5 billion and $6 billion, 5 to 6 mln dlrs"
    assert [(t, a) for t, a, _, _ in amounts(blank, rules, text)] == [
        ("$5", 5e9), ("6 billion", 6e9), ("$5 billion", 5e9), ("$6 billion", 6e9),
        ("5", 5e6), ("6 mln dlrs", 6e6)]


def test_money_bare_dollar_follows_the_publisher(blank, rules):
    text = "The project will cost $3 billion."
    assert amounts(blank, rules, text, "The Straits Times")[0][2] == "SGD"
    assert amounts(blank, rules, text, "Reuters")[0][2] == "USD"
    assert amounts(blank, rules, text, None)[0][2] == "USD"


def test_money_ignores_percentages_and_bare_symbols(blank, rules):
    text = ("tariffs from 25 per cent to 30 per cent, 100 pct, 25%, the US$ and "
            "the yuan weakened beyond 7 to the dollar; he won 2 games; 500 pounds "
            "of beef.")
    assert amounts(blank, rules, text) == []


def test_money_conversion_after_or_about(blank, rules):
    text = "It invested 500 mln yuan, or about 72 mln dlrs, in the plant."
    assert amounts(blank, rules, text)[1] == ("72 mln dlrs", 7.2e7, "USD", 0)


def test_money_reuters_corpus_offsets_and_no_percent(blank, rules, corpora):
    raw = (corpora / "reuters21578" / "reut2-000.sgm").read_text(encoding="latin-1")
    bodies = re.findall(r"<BODY>(.*?)</BODY>", raw, re.S)[:300]
    total = 0
    for body in bodies:
        found = find_money(blank(body), rules)
        total += len(found)
        for money in found:
            assert body[money.start:money.end] == money.text
            assert "pct" not in money.text and "%" not in money.text
            assert money.amount is not None and money.amount >= 0
    assert total > 100
