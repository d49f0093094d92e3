"""Saved web pages: markup passed on, title and date read from the metadata."""

# ruff: noqa: E501 - fixtures quote real documents line for line

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from wirefacts.facts import RawDoc
from wirefacts.read.html import read_html

PAGE = """<!DOCTYPE html><html lang="en-GB"><head>
<meta charset="utf-8"><title>Ignored title | Sample Times</title>
<meta property="og:title" content="Tariffs rise again">
<meta property="og:site_name" content="Sample Times">
<meta property="og:url" content="https://example.com/tariffs">
<meta name="author" content="By Jane Doe">
{meta}
</head><body><article><h1>Tariffs rise again</h1><p>Body.</p>{body}</article></body></html>"""


@pytest.mark.parametrize(
    ("meta", "body", "published"),
    [
        (
            '<meta property="article:published_time" content="2024-05-02T08:30:00Z">',
            "",
            "2024-05-02",
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
            '[{"@type": "WebSite", "name": "x"}, {"@type": "NewsArticle", '
            '"datePublished": "2019-11-19T10:00:00-05:00"}]}</script>',
            "",
            "2019-11-19",
        ),
        ('<meta name="pubdate" content="20190301">', "", "2019-03-01"),
        ("", '<time datetime="2018-12-15T09:00">Dec 15</time>', "2018-12-15"),
        ("", '<span pubdate="2017-06-01">June 1</span>', "2017-06-01"),
        ('<meta property="article:published_time" content="yesterday">', "", None),
        ("", "", None),
    ],
    ids=[
        "article-published-time",
        "json-ld-graph",
        "pubdate-meta",
        "time-element",
        "pubdate-attr",
        "relative-refused",
        "none",
    ],
)
def test_html_published_from_metadata(
    meta: str, body: str, published: str | None
) -> None:
    doc = read_html(PAGE.format(meta=meta, body=body), "p.html")
    assert doc.published == published
    assert doc.kind == "html"
    assert doc.title == "Tariffs rise again"
    assert doc.source == "Sample Times"
    assert doc.url == "https://example.com/tariffs"
    assert doc.author == "Jane Doe"
    assert doc.language == "en-GB"
    assert "<article>" in doc.content


@pytest.mark.parametrize(
    ("markup", "title"),
    [
        (
            "<html><head><title>Markets slide on tariff fears | The Daily Wire Service</title>"
            "</head><body><p>x</p></body></html>",
            "Markets slide on tariff fears",
        ),
        (
            "<html><head><title>Short | Long site name that goes on and on and on forever"
            "</title></head></html>",
            "Short | Long site name that goes on and on and on forever",
        ),
        (
            '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "From JSON-LD"}</script><title>T</title></head></html>',
            "From JSON-LD",
        ),
    ],
    ids=["title-minus-site", "title-kept", "json-ld-headline"],
)
def test_html_title(markup: str, title: str) -> None:
    assert read_html(markup, "p.html").title == title


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>Unclosed<body><p>text <b>bold <i>both</p></div></span>",
        "<p>fragment only",
        "<?xml version='1.0' encoding='utf-8'?><html><head><title>X</title></head></html>",
        '<html><head><script type="application/ld+json">{not json</script></head></html>',
        "<html>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</html>",
        "<!DOCTYPE html [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>]><p>&b;</p>",
    ],
    ids=["unclosed", "fragment", "xml-declaration", "bad-json-ld", "deep", "entities"],
)
def test_html_malformed_markup_does_not_crash(markup: str) -> None:
    doc = read_html(markup, "bad.html")
    assert isinstance(doc, RawDoc)
    assert doc.content


def test_html_declared_charset_is_used(write, read_one) -> None:
    markup = (
        '<html><head><meta charset="windows-1251"><title>Пошлины растут</title></head>'
        "<body><p>Правительство объявило новые пошлины.</p></body></html>"
    )
    doc = read_one(write("ru.htm", markup.encode("cp1251")))
    assert doc.title == "Пошлины растут"
    assert "Правительство" in doc.content


def test_html_benchmark_page_has_title_and_published(corpora, read_one) -> None:
    folder = corpora / "article-extraction-benchmark" / "html"
    page = (
        folder
        / "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz"
    )
    doc = read_one(page)
    assert isinstance(doc, RawDoc)
    assert doc.kind == "html"
    assert (
        doc.title
        == "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay"
    )
    assert doc.published == "2019-11-19"
    assert "<html" in doc.content.lower()


def test_html_benchmark_dates_agree_with_urls(corpora, read_one) -> None:
    """Most pages state a date; where the URL carries one, they agree within a day."""
    folder = corpora / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text())
    pages = sorted((folder / "html").glob("*.html.gz"))[:60]
    dated = agreeing = with_url_date = 0
    for page in pages:
        doc = read_one(page)
        assert isinstance(doc, RawDoc) and doc.title
        if doc.published:
            dated += 1
        url = truth[page.name.removesuffix(".html.gz")]["url"]
        match = re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", url)
        if match and doc.published:
            with_url_date += 1
            url_day = date(int(match[1]), int(match[2]), int(match[3]))
            agreeing += abs((date.fromisoformat(doc.published) - url_day).days) <= 1
    assert dated >= 0.8 * len(pages)
    assert agreeing == with_url_date > 5
