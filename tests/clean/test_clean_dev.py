"""Stage 2 (clean): the dev articles give exactly the gold cleaning targets."""

from __future__ import annotations

import json

import pytest
from wirefacts.clean import clean
from wirefacts.facts import RawDoc


def read_dev_article(path):
    """Split the contract's optional header block from the body (the reader's job)."""
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    meta = dict(line.split(": ", 1) for line in header.splitlines())
    return RawDoc(str(path), body, published=meta.get("Published"),
                  source=meta.get("Source"))


def dev_cases(shared):
    gold = json.loads((shared / "eval" / "dev" / "gold.json").read_text())
    return [(shared / "eval" / "dev" / "articles" / g["file"], g)
            for g in gold["articles"]]


def test_dev_articles_meet_gold_cleaning(shared, rules):
    cases = dev_cases(shared)
    assert cases
    for path, gold in cases:
        article = clean(read_dev_article(path), rules)
        assert article.dateline == gold["dateline"]
        assert {s.casefold() for s in article.sources} == \
            {s.casefold() for s in gold["sources"]}
        for excluded in gold["text_excludes"]:
            assert excluded not in article.text, (path.name, excluded)
        for kept in gold["text_includes_once"]:
            assert article.text.count(kept) == 1, (path.name, kept)
        assert article.published == gold["published"]


def test_dev_article_keeps_sources_in_printed_order(shared, rules):
    path = shared / "eval" / "dev" / "articles" / "000_5ee75fb57193de32.txt"
    if not path.is_file():
        pytest.skip("dev article missing")
    article = clean(read_dev_article(path), rules)
    assert article.sources == ("Bloomberg", "Reuters", "Washington Post")
    assert article.text.startswith("Trade negotiators from the US and China")
    assert article.text.endswith("hurt by Mr Trump's tariffs.")
    assert article.source == "The Straits Times"
