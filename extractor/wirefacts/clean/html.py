"""Stage 2 (clean): the article body of a news page as plain text.

Input: page markup (``RawDoc.content`` of kind ``html``). Output: ``PageText`` --
the body as paragraphs separated by blank lines, and the page title (bs4 + lxml,
``og:title``/``<h1>``/``<title>``). trafilatura (Barbaresi, ACL 2021), measured
best on the article-extraction benchmark (``benchmarks/bench_clean.py``), picks
the main text. When it finds nothing, our own pass (furniture removed,
then the densest block of ``<p>`` text) is used instead.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import trafilatura
from bs4 import BeautifulSoup, Comment, SoupStrainer, Tag, XMLParsedAsHTMLWarning

# Removed before our own fallback pass looks for the densest paragraphs.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form",
             "button", "select", "nav", "aside", "footer", "header", "figcaption")
# class/id words of page furniture (share bars, promos, comment threads...)
FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:share|sharing|social|related|recommend\w*|promo|newsletter|"
    r"subscribe|advert\w*|sponsor\w*|comments?|disqus|breadcrumbs?|caption|"
    r"cookie\w*|paywall|outbrain|taboola|most-?popular|trending|signup)(?:$|[-_\s])",
    re.IGNORECASE,
)
BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")
TITLE_TAGS = SoupStrainer(["title", "meta", "h1"])
MIN_MAIN_TEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class PageText:
    """The body text of a page (paragraphs split by blank lines) and its title."""

    text: str
    title: str | None = None


def extract_page(markup: str, want_title: bool = True) -> PageText:
    """Body text and title of a news page; empty text when there is no body.

    trafilatura reads the raw markup: a bs4 furniture pass before it measured
    worse on the benchmark (F1 0.904 against 0.965), so our own pass only runs
    when trafilatura finds no body.
    """
    if not markup or not markup.strip():
        return PageText("")
    body = extract_main_text(markup)
    if len(body) < MIN_MAIN_TEXT_CHARS:
        fallback = densest_paragraphs(markup)
        if len(fallback) > len(body):
            body = fallback
    return PageText(body, page_title(markup) if want_title else None)


def parse_markup(markup: str, only: SoupStrainer | None = None) -> BeautifulSoup | None:
    """Parse with lxml; None when the markup holds nothing parseable."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(markup, "lxml", parse_only=only)
        except (ValueError, TypeError, RecursionError, AssertionError):
            return None


def page_title(markup: str) -> str | None:
    """``og:title``, else the first ``<h1>``, else ``<title>``."""
    soup = parse_markup(markup, TITLE_TAGS)
    if soup is None:
        return None
    meta = soup.find("meta", attrs={"property": "og:title"})
    if isinstance(meta, Tag) and str(meta.get("content") or "").strip():
        return " ".join(str(meta["content"]).split())
    for name in ("h1", "title"):
        tag = soup.find(name)
        if isinstance(tag, Tag):
            text = " ".join(tag.get_text(" ").split())
            if text:
                return text
    return None


def strip_furniture(soup: BeautifulSoup) -> None:
    """Remove scripts, navigation, widgets, captions and comments in place."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        # Not ``tag.decomposed``: on a live tag bs4 answers it with a search of
        # every descendant, which is quadratic on deeply nested pages.
        if tag.__dict__.get("_decomposed") or tag.name in (
            "html", "body", "article", "main"
        ):
            continue
        attrs = tag.attrs if isinstance(tag.attrs, dict) else {}
        classes: object = attrs.get("class") or []
        words = " ".join(classes) if isinstance(classes, list) else str(classes)
        words += " " + str(attrs.get("id") or "")
        if words.strip() and FURNITURE.search(words):
            tag.decompose()


def extract_main_text(markup: str) -> str:
    """trafilatura's main text, paragraphs separated by blank lines."""
    try:
        text = trafilatura.extract(markup, include_comments=False,
                                   include_tables=True, favor_precision=True)
    except (ValueError, TypeError, RecursionError, AttributeError):
        return ""
    return blank_line_paragraphs(text or "")


def densest_paragraphs(markup: str) -> str:
    """Our own pass: furniture removed, the paragraphs of the element holding the
    most ``<p>`` words."""
    soup = parse_markup(markup)
    if soup is None:
        return ""
    strip_furniture(soup)
    words_by_parent: dict[int, int] = {}
    parents: dict[int, Tag] = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if isinstance(parent, Tag):
            key = id(parent)
            parents[key] = parent
            words_by_parent[key] = (words_by_parent.get(key, 0)
                                    + len(paragraph.get_text(" ").split()))
    if not words_by_parent:
        return ""
    best = parents[max(words_by_parent, key=words_by_parent.__getitem__)]
    blocks = (" ".join(tag.get_text(" ").split()) for tag in best.find_all(BLOCK_TAGS))
    return "\n\n".join(block for block in blocks if block)


def blank_line_paragraphs(text: str) -> str:
    """One paragraph a line -> paragraphs separated by one blank line."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)
