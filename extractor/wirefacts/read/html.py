"""Stage 1 reader: a saved news page (decoded markup) -> RawDoc(kind="html").

The markup itself is passed on untouched (body extraction is the cleaning
stage's job). This reader only takes what the page states about itself:

- published: ``article:published_time`` and its kin, JSON-LD ``datePublished``,
  ``<time datetime>`` / ``pubdate``; normalised to ``YYYY-MM-DD``.
- title: ``og:title``, JSON-LD ``headline``, then ``<title>`` without a
  trailing " | Site Name".
- url (``og:url``, canonical link), author, site name (as ``source``), language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

from wirefacts.facts import RawDoc
from wirefacts.read.dates import normalize_date
from wirefacts.read.decode import fix_line, fix_text

# <meta> names/properties/itemprops that carry the publication time, best first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dc.date",
    "date",
    "originalpublicationdate",
    "article_date_original",
    "og:pubdate",
    "displaydate",
    "cxenseparse:recs:publishtime",
)
TITLE_META = (
    "og:title",
    "twitter:title",
    "headline",
    "parsely-title",
    "sailthru.title",
)
AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "dc.creator",
)
SITE_META = ("og:site_name", "application-name", "publisher")
URL_META = ("og:url", "twitter:url", "parsely-link")
ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "blogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "webpage",
        "socialmediaposting",
        "liveblogposting",
        "report",
    }
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:•·]\s+")
_BYLINE = re.compile(r"^\s*by\s+", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def read_html(markup: str, source_path: str) -> RawDoc:
    """Read one page's metadata; the markup goes on as ``content``."""
    markup = fix_text(markup)
    root = _parse(markup)
    meta = _meta_values(root) if root is not None else {}
    ld = list(_json_ld_articles(root)) if root is not None else []
    title = _first(meta, TITLE_META) or _ld_value(ld, "headline")
    title = _strip_site(title, meta) if title else _page_title(root, meta)
    published = _published(root, meta, ld)
    return RawDoc(
        source_path=source_path,
        content=markup,
        kind="html",
        title=fix_line(title) if title else None,
        published=published,
        source=_clean(_first(meta, SITE_META) or _ld_publisher(ld)),
        url=_clean(_first(meta, URL_META) or _canonical(root) or _ld_value(ld, "url")),
        author=_clean(_BYLINE.sub("", _author(meta, ld) or "")),
        language=_language(root, meta),
    )


def _parse(markup: str) -> Any:
    """Parse leniently; lxml refuses str input that carries an XML declaration."""
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return None
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, huge_tree=False
    )
    try:
        return lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None


def _meta_values(root: Any) -> dict[str, str]:
    """Each ``<meta>`` (and itemprop) value by lower-cased name; first one wins."""
    values: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (
            element.get("property")
            or element.get("name")
            or element.get("itemprop")
            or ""
        )
        value = element.get("content")
        key = key.strip().lower()
        if key and value and value.strip() and key not in values:
            values[key] = value.strip()
    for element in root.xpath("//*[@itemprop='datePublished' and not(self::meta)]"):
        value = (
            element.get("datetime") or element.get("content") or element.text_content()
        )
        if value and value.strip():
            values.setdefault("datepublished", value.strip())
            break
    return values


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key]
    return None


def _json_ld_articles(root: Any) -> Iterator[dict[str, Any]]:
    """JSON-LD objects (``@graph`` and lists flattened), article types first."""
    others: list[dict[str, Any]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        raw = raw.removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _walk_ld(data, depth=0):
            types = item.get("@type")
            names = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in names):
                yield item
            else:
                others.append(item)
    yield from others


def _walk_ld(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk_ld(data[key], depth + 1)


def _ld_value(ld: list[dict[str, Any]], key: str) -> str | None:
    for item in ld:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _ld_publisher(ld: list[dict[str, Any]]) -> str | None:
    for item in ld:
        publisher = item.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return str(publisher["name"])
    return None


def _published(root: Any, meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    """The first candidate that normalises to a date, best-trusted source first."""
    candidates: list[str | None] = [meta.get("article:published_time")]
    candidates.append(_ld_value(ld, "datePublished"))
    candidates.extend(meta.get(key) for key in PUBLISHED_META[1:])
    if root is not None:
        candidates.extend(_time_candidates(root))
    candidates.append(_ld_value(ld, "dateCreated"))
    for candidate in candidates:
        found = normalize_date(candidate) if candidate else None
        if found:
            return found
    return None


def _time_candidates(root: Any) -> Iterator[str]:
    """``<time>`` values: marked as publication first, then in the article, then any."""
    queries = (
        "//time[@pubdate or contains(@class, 'publish')"
        " or contains(@class, 'pubdate')]",
        "//*[@pubdate and not(self::time)]",
        "//article//time",
        "//time",
    )
    for query in queries:
        for element in root.xpath(query):
            value = (
                element.get("datetime")
                or element.get("pubdate")
                or element.text_content()
            )
            if value and value.strip() and value.strip().lower() != "pubdate":
                yield value.strip()
                break


def _page_title(root: Any, meta: dict[str, str]) -> str | None:
    """``<title>`` minus a trailing site name (" | The Site", " - Site")."""
    if root is None:
        return None
    element = root.find(".//title")
    if element is None:
        return None
    title = " ".join(element.text_content().split())
    if not title:
        return None
    site = (meta.get("og:site_name") or "").strip().lower()
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    head, tail = title[: last.start()], title[last.end() :]
    if tail.strip().lower() == site or (not site and len(tail) < 40 < len(head) + 20):
        return head
    return title


def _strip_site(title: str, meta: dict[str, str]) -> str:
    """Drop a trailing " - Site Name" when it is exactly the page's og:site_name."""
    site = (meta.get("og:site_name") or "").strip().lower()
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if site and separators and title[separators[-1].end() :].strip().lower() == site:
        return title[: separators[-1].start()]
    return title


def _canonical(root: Any) -> str | None:
    if root is None:
        return None
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return str(link.get("href"))
    return None


def _author(meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    for key in AUTHOR_META:
        value = meta.get(key)
        if value and not value.startswith(("http://", "https://")):
            return value
    for item in ld:
        author = item.get("author")
        people = author if isinstance(author, list) else [author]
        found = [p.get("name") if isinstance(p, dict) else p for p in people]
        names = [n.strip() for n in found if isinstance(n, str) and n.strip()]
        if names:
            return ", ".join(names)
    return None


def _language(root: Any, meta: dict[str, str]) -> str | None:
    if root is not None and root.get("lang"):
        return str(root.get("lang")).strip() or None
    locale = meta.get("og:locale") or meta.get("content-language")
    return locale.replace("_", "-") if locale else None


def _clean(value: str | None) -> str | None:
    return fix_line(value) or None if value else None
