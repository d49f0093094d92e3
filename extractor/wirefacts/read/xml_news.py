"""Stage 1 reader: NITF and NewsML XML (bytes) -> RawDoc per news item.

Parsed with defusedxml: a document that declares entities (the "billion
laughs" bomb) or references external ones is refused at once with a
FailedInput, never expanded. Namespaces are ignored; elements are matched by
local name.

Supported document shapes (root element):

- ``nitf``: NITF 3.x; ``head/title`` or ``hedline/hl1``, ``docdata/doc-id``,
  ``date.issue``/``pubdata``, ``byline``, ``dateline``, ``body.content`` paragraphs.
- ``NewsML`` (1.x): each ``NewsItem`` (``NewsLines/HeadLine``, ``NewsItemId``,
  ``FirstCreated``, content in ``DataContent``, often an embedded NITF).
- ``newsMessage`` / ``newsItem`` (NewsML-G2): ``contentMeta/headline``,
  ``@guid``, ``contentCreated``/``firstCreated``, ``inlineXML`` content.
- ``newsitem`` (the Reuters RCV1 flavour): ``@itemid``, ``@date``, ``headline``,
  ``dateline``, ``text/p``.
- ``TimeML`` (TempEval): ``TEXT``, ``TITLE``, the ``DCT`` value as published.
- ``html``: XHTML saved as .xml is handed to the HTML reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from wirefacts.errors import InputError
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read.dates import normalize_date
from wirefacts.read.decode import decode_bytes, fix_line, fix_text
from wirefacts.read.html import read_html

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATELINE_DASH = re.compile(r"\s*[-–—]+\s*\Z")
_BYLINE = re.compile(r"^\s*by\s+", re.I)
_BLOCK_TAGS = frozenset({"p", "hl2", "li", "pre", "blockquote", "h1", "h2", "h3", "h4"})


def parse_xml(data: bytes) -> Element:
    """Parse safely, refusing entity declarations and external references.

    Raises:
        InputError: with a one-line reason for a bomb, an external entity or
            malformed XML.
    """
    try:
        return safe_et.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden as exc:
        raise InputError("XML entity expansion refused") from exc
    except ExternalReferenceForbidden as exc:
        raise InputError("XML external entity refused") from exc
    except DTDForbidden as exc:  # pragma: no cover - DTDs are allowed above
        raise InputError("XML DTD refused") from exc
    except ParseError as exc:
        if "encoding" in str(exc).lower():
            return _parse_decoded(data)
        raise InputError(f"not well-formed XML ({exc})") from exc
    except ValueError as exc:
        raise InputError(f"not well-formed XML ({exc})") from exc


def _parse_decoded(data: bytes) -> Element:
    """Retry with our own decoding when expat does not know the declared encoding."""
    text = _XML_DECLARATION.sub("", decode_bytes(data), count=1)
    try:
        return safe_et.fromstring(
            text, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden as exc:
        raise InputError("XML entity expansion refused") from exc
    except ExternalReferenceForbidden as exc:
        raise InputError("XML external entity refused") from exc
    except ParseError as exc:
        raise InputError(f"not well-formed XML ({exc})") from exc


def read_xml(data: bytes, source_path: str) -> Iterator[RawDoc | FailedInput]:
    """Read an XML news document; one RawDoc per news item it holds."""
    root = parse_xml(data)
    kind = local(root.tag).lower()
    readers: dict[str, Callable[[Element], Iterable[Element]]] = {
        "nitf": lambda r: [r],
        "newsml": lambda r: list(_descendants(r, "NewsItem")),
        "newsmessage": lambda r: list(_descendants(r, "newsItem")),
        "newsitem": lambda r: [r],
        "timeml": lambda r: [r],
    }
    if kind == "html":
        yield read_html(decode_bytes(data), source_path)
        return
    if kind not in readers:
        raise InputError(f"unsupported XML document (root element <{local(root.tag)}>)")
    items = list(readers[kind](root))
    if not items:
        raise InputError(f"no news items in <{local(root.tag)}> document")
    for number, item in enumerate(items, start=1):
        record = f"item {number}" if len(items) > 1 else None
        try:
            yield _read_item(item, source_path, record)
        except InputError as exc:
            yield FailedInput(source_path, str(exc), record)
        except Exception as exc:  # noqa: BLE001 - one odd item must not stop the file
            yield FailedInput(
                source_path, f"unreadable item: {type(exc).__name__}", record
            )


def _read_item(item: Element, source_path: str, record: str | None) -> RawDoc:
    name = local(item.tag)
    if name == "nitf":
        fields = _nitf_fields(item)
    elif name == "NewsItem":
        fields = _newsml1_fields(item)
    elif name == "newsItem":
        fields = _g2_fields(item)
    elif name == "newsitem":
        fields = _rcv1_fields(item)
    else:
        fields = _timeml_fields(item)
    content = fields.pop("content", None)
    if not content or not content.strip():
        raise InputError("no body text")
    dateline = fields.get("dateline")
    author = fields.get("author")
    return RawDoc(
        source_path=source_path,
        content=content,
        kind="text",
        record=record,
        external_id=_line(fields.get("external_id")),
        title=_line(fields.get("title")),
        published=normalize_date(fields.get("published")),
        source=_line(fields.get("source")),
        url=_line(fields.get("url")),
        author=_line(_BYLINE.sub("", author)) if author else None,
        language=_line(fields.get("language")),
        dateline=_line(_DATELINE_DASH.sub("", dateline)) if dateline else None,
    )


def _nitf_fields(nitf: Element) -> dict[str, str | None]:
    head = _first(nitf, "head")
    body = _first(nitf, "body")
    docdata = _first(head, "docdata") if head is not None else None
    return {
        "title": _text(_first(nitf, "hl1")) or _text(_first(head, "title")),
        "external_id": _attr(_first(docdata, "doc-id"), "id-string"),
        "published": _attr(_first(docdata, "date.issue"), "norm")
        or _attr(_first(head, "pubdata"), "date.publication")
        or _attr(_first(docdata, "date.release"), "norm")
        or _attr(_first(nitf, "story.date"), "norm")
        or _text(_first(nitf, "story.date")),
        "author": _text(_first(body, "byline")),
        "dateline": _text(_first(body, "dateline")),
        "source": _text(_first(body, "distributor"))
        or _attr(_first(docdata, "doc.copyright"), "holder"),
        "language": nitf.get("{http://www.w3.org/XML/1998/namespace}lang")
        or _attr(_first(head, "meta", name="language"), "content"),
        "content": _paragraphs(_first(body, "body.content")),
    }


def _newsml1_fields(item: Element) -> dict[str, str | None]:
    nitf = _first(item, "nitf")
    fields = _nitf_fields(nitf) if nitf is not None else {}
    lines = _first(item, "NewsLines")
    content = fields.get("content") or _paragraphs(_first(item, "DataContent"))
    return {
        **fields,
        "title": _text(_first(lines, "HeadLine")) or fields.get("title"),
        "external_id": _text(_first(item, "PublicIdentifier"))
        or _text(_first(item, "NewsItemId"))
        or fields.get("external_id"),
        "published": _text(_first(item, "FirstCreated"))
        or _text(_first(item, "DateId"))
        or fields.get("published"),
        "author": _text(_first(lines, "ByLine")) or fields.get("author"),
        "dateline": _text(_first(lines, "DateLine")) or fields.get("dateline"),
        "source": _text(_first(lines, "CreditLine")) or fields.get("source"),
        "content": content,
    }


def _g2_fields(item: Element) -> dict[str, str | None]:
    meta = _first(item, "contentMeta")
    item_meta = _first(item, "itemMeta")
    inline = _first(item, "inlineXML")
    nitf = _first(inline, "nitf")
    body = _first(inline, "body") if nitf is None else _first(nitf, "body.content")
    language = _first(meta, "language")
    return {
        "title": _text(_first(meta, "headline")) or _text(_first(nitf, "hl1")),
        "external_id": item.get("guid"),
        "published": _text(_first(meta, "contentCreated"))
        or _text(_first(item_meta, "firstCreated"))
        or _text(_first(item_meta, "versionCreated")),
        "author": _text(_first(meta, "by")),
        "dateline": _text(_first(meta, "dateline")),
        "source": _text(_first(meta, "creditline")),
        "language": _attr(language, "tag")
        or item.get("{http://www.w3.org/XML/1998/namespace}lang"),
        "content": _paragraphs(body if body is not None else inline),
    }


def _rcv1_fields(item: Element) -> dict[str, str | None]:
    return {
        "title": _text(_first(item, "headline")) or _text(_first(item, "title")),
        "external_id": item.get("itemid"),
        "published": item.get("date"),
        "author": _text(_first(item, "byline")),
        "dateline": _text(_first(item, "dateline")),
        "language": item.get("{http://www.w3.org/XML/1998/namespace}lang"),
        "content": _paragraphs(_first(item, "text")),
    }


def _timeml_fields(doc: Element) -> dict[str, str | None]:
    dct = _first(_first(doc, "DCT"), "TIMEX3")
    return {
        "title": _text(_first(doc, "TITLE")),
        "external_id": _text(_first(doc, "DOCID")),
        "published": _attr(dct, "value"),
        "content": _paragraphs(_first(doc, "TEXT")),
    }


def local(tag: object) -> str:
    """An element's tag without its namespace."""
    return str(tag).rsplit("}", 1)[-1]


def _descendants(element: Element | None, name: str) -> Iterator[Element]:
    if element is None:
        return
    for child in element.iter():
        if local(child.tag) == name:
            yield child


def _first(element: Element | None, tag: str, **attrs: str) -> Element | None:
    for child in _descendants(element, tag):
        if all(child.get(key) == value for key, value in attrs.items()):
            return child
    return None


def _attr(element: Element | None, name: str) -> str | None:
    return element.get(name) if element is not None else None


def _text(element: Element | None) -> str | None:
    if element is None:
        return None
    return " ".join("".join(element.itertext()).split()) or None


def _paragraphs(container: Element | None) -> str | None:
    """Paragraph texts joined by blank lines; the whole text when there are no <p>."""
    if container is None:
        return None
    blocks = [
        " ".join("".join(element.itertext()).split())
        for element in container.iter()
        if local(element.tag).lower() in _BLOCK_TAGS
        and not any(
            local(c.tag).lower() in _BLOCK_TAGS
            for c in element.iter()
            if c is not element
        )
    ]
    blocks = [block for block in blocks if block]
    if not blocks:
        text = "".join(container.itertext())
        return fix_text(re.sub(r"\n\s*\n\s*", "\n\n", text)).strip() or None
    return fix_text("\n\n".join(blocks))


def _line(value: str | None) -> str | None:
    return fix_line(value) or None if value else None
