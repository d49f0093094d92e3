"""Stage 2 (clean): news pages -> body text (benchmark pages and malformed markup)."""

from __future__ import annotations

import gzip
import json

import pytest
from wirefacts.clean import clean
from wirefacts.clean.html import extract_page
from wirefacts.facts import RawDoc

REUTERS_PAGE = "06e5123e4e"  # WeWork / New York State Attorney General, Reuters


def benchmark_page(corpora, prefix):
    folder = corpora / "article-extraction-benchmark"
    if not folder.is_dir():
        pytest.skip("article-extraction-benchmark missing")
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    item = next(k for k in gold if k.startswith(prefix))
    markup = gzip.decompress((folder / "html" / f"{item}.html.gz").read_bytes())
    return markup.decode("utf-8", errors="replace"), gold[item]["articleBody"]


def test_html_reuters_page_body_without_clutter(corpora, rules):
    markup, gold = benchmark_page(corpora, REUTERS_PAGE)
    article = clean(RawDoc("p.html", markup, kind="html"), rules)
    assert ("The New York State Attorney General (NYAG) is investigating WeWork"
            in article.text)
    assert article.sources == ("Reuters",)
    assert "Reporting by" not in article.text
    assert article.title and "WeWork" in article.title
    for nav in ("Sign In", "Subscribe", "All Quotes"):
        assert nav not in article.text
    assert "\n\n" in article.text


@pytest.mark.parametrize("prefix", ["82b6d780c7", "d0382c0d95", "e7994d5500"])
def test_html_ap_pages_keep_gold_sentences(corpora, rules, prefix):
    markup, gold = benchmark_page(corpora, prefix)
    article = clean(RawDoc("p.html", markup, kind="html"), rules)
    sentences = [s for s in gold.split(". ")[1:6] if len(s) > 30]
    assert sentences
    for sentence in sentences:
        assert sentence in article.text
    assert article.dateline is not None
    assert article.sources == ("AP",)
    assert article.raw_text != article.text


def test_html_offsets_index_extracted_text(corpora, rules):
    markup, _ = benchmark_page(corpora, REUTERS_PAGE)
    article = clean(RawDoc("p.html", markup, kind="html"), rules)
    for position, char in enumerate(article.text):
        if not char.isspace():
            assert article.raw_text[article.raw_offset(position)] == char


def test_html_reader_title_wins(rules):
    markup = ("<html><head><title>Page title</title></head><body><article>"
              + "<p>Beijing and Washington resumed trade talks on Thursday.</p>" * 4
              + "</article></body></html>")
    article = clean(RawDoc("p.html", markup, kind="html", title="Given"), rules)
    assert article.title == "Given"
    assert "Beijing and Washington resumed trade talks" in article.text


@pytest.mark.parametrize("markup", [
    "", "   ", "<html><body><p>unclosed <b>bold <i>and<div></p></span>",
    "<<<>>>&&&;;", "<?xml version='1.0'?><rss><item>x</item></rss>",
    "\x00\x01\x02binary\xff", "<p>" * 5000, "<script>var a = 1;</script>",
])
def test_html_malformed_markup_does_not_crash(rules, markup):
    article = clean(RawDoc("bad.html", markup, kind="html"), rules)
    assert isinstance(article.text, str)
    assert "var a" not in article.text


def test_html_fallback_finds_paragraphs_when_engine_finds_none():
    markup = ("<html><body><nav><p>Home News Sport</p></nav><div class='story'>"
              "<p>Chinese officials will visit American farms next week.</p>"
              "<p>The visit is meant to build goodwill.</p></div>"
              "<div class='share-bar'><p>Share on Facebook</p></div></body></html>")
    page = extract_page(markup)
    assert "Chinese officials will visit American farms next week." in page.text
    assert "Home News Sport" not in page.text
    assert "Share on Facebook" not in page.text
