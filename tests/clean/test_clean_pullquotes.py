"""Stage 2 (clean): pull quotes are dropped so a quote is counted once."""

from __future__ import annotations

from wirefacts.clean import clean
from wirefacts.clean.patterns import PullQuoteSettings
from wirefacts.clean.pullquotes import find_pull_quotes, has_display_caps
from wirefacts.facts import RawDoc

QUOTE_PARAGRAPH = (
    '"What we need is to correct the big imbalances, not just the current '
    'trade deficit, but also the structural imbalances," Mr Ross said in '
    "an interview with Fox Business Network."
)
PULL_QUOTE = (
    "CORRECTING IMBALANCES What we need is to correct the big imbalances, not "
    "just the current trade deficit, but also the structural imbalances... "
    "COMMERCE SECRETARY WILBUR ROSS"
)


def test_pullquotes_display_block_dropped_body_kept(rules):
    text = "\n\n".join(["China has targeted US exports.", PULL_QUOTE,
                        "Commerce Secretary Wilbur Ross on Thursday reiterated it.",
                        QUOTE_PARAGRAPH])
    article = clean(RawDoc("p.txt", text), rules)
    assert "CORRECTING IMBALANCES" not in article.text
    assert "WILBUR ROSS" not in article.text
    assert article.text.count("What we need is to correct the big imbalances") == 1


def test_pullquotes_unrelated_caps_paragraph_kept():
    paragraphs = [
        "NEW YORK STOCKS rallied on Friday after the jobs report beat forecasts.",
        "Bond yields fell and the dollar weakened against the yen on Friday.",
    ]
    assert find_pull_quotes(paragraphs, PullQuoteSettings()) == set()


def test_pullquotes_later_long_copy_dropped_not_original():
    paragraph = ("Beijing is also seeking an easing of US sanctions against telecoms "
                 "equipment maker Huawei Technologies, which has been largely cut off.")
    found = find_pull_quotes(["Intro line here.", paragraph, "Middle.", paragraph],
                             PullQuoteSettings())
    assert found == {3}


def test_pullquotes_short_repeated_lines_kept():
    line = "Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp."
    assert find_pull_quotes([line, "Lunch", line], PullQuoteSettings()) == set()


def test_pullquotes_display_caps_detection():
    assert has_display_caps(PULL_QUOTE)
    assert not has_display_caps(QUOTE_PARAGRAPH)
    assert not has_display_caps("US President Donald Trump said so.")
