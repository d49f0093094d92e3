"""Stage 1 reader: Reuters-21578 SGML (decoded text) -> RawDoc per ``<REUTERS>`` record.

Each record carries ``NEWID`` (-> ``external_id`` and record ``NEWID=N``), a
``<DATE>`` like ``26-FEB-1987 15:01:01.79`` (-> ``published`` ``1987-02-26``)
and a ``<TEXT>`` with ``<TITLE>``, ``<DATELINE>`` (``    NEW YORK, March 3 - ``
-> ``"NEW YORK, March 3"``), ``<AUTHOR>`` and ``<BODY>``.

The body is cleaned of the format's own furniture: the control characters
written as entities (``&#3;`` end-of-text, ``&#2;``, ``&#5;``, ...), the
``Reuter``/``REUTER`` sign-off on its last line, and SGML entities (``&lt;``)
are decoded. Lines are hard-wrapped at about 70 columns and a paragraph starts
with an indented line; wrapped lines are joined so that a paragraph is one
line and paragraphs are separated by a blank line.

Records without ``<BODY>``: ``TYPE="UNPROC"`` keeps its text as laid out
(tables); ``TYPE="BRIEF"`` is a headline whose text is the placeholder
"Blah blah blah.", so its headline is the article text. A record with no text
at all becomes a FailedInput ("no body").
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read.dates import normalize_date
from wirefacts.read.decode import fix_line, fix_text

# A record ends at its </REUTERS>; one left unclosed (a truncated file) ends at
# the next <REUTERS> or the end of the file and is reported, never merged or lost.
_RECORD = re.compile(
    r"<REUTERS\b(?P<attrs>[^>]*)>(?P<inner>.*?)(?:(?P<close></REUTERS>)|(?=<REUTERS\b)|\Z)",
    re.DOTALL | re.I,
)
_ATTR = re.compile(r'(?P<name>[A-Z]+)\s*=\s*"(?P<value>[^"]*)"', re.I)
_TEXT = re.compile(r"<TEXT\b(?P<attrs>[^>]*)>(?P<inner>.*?)</TEXT>", re.DOTALL | re.I)
_CONTROL_ENTITY = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]|127);")
_TAG = re.compile(r"<[^>]{1,80}>")
# "Reuter", "REUTER", "reuter", "REUTER^M", "Reuter..." on the last line.
_SIGN_OFF = re.compile(r"(?<!\S)reuters?(?:\^M|\.{2,}|\s)*\Z", re.I)
_BRIEF_PLACEHOLDER = re.compile(r"\A\W*Blah blah blah\.?\W*\Z", re.I)
_DATELINE_DASH = re.compile(r"\s*[-–—]+\s*\Z")
_FIELDS = {
    tag: re.compile(rf"<{tag}\b[^>]*>(.*?)</{tag}>", re.S | re.I)
    for tag in ("TITLE", "BODY", "DATELINE", "AUTHOR", "DATE")
}
_AUTHOR = re.compile(r"^\s*by\s+|,?\s*Reuters?\s*$", re.I)


def read_sgml(text: str, source_path: str) -> Iterator[RawDoc | FailedInput]:
    """Yield one RawDoc (or FailedInput) per ``<REUTERS>`` record, in file order."""
    position = 0
    text = fix_text(text)  # once for the file, not once a field
    for position, match in enumerate(_RECORD.finditer(text), start=1):
        attrs = {m["name"].upper(): m["value"] for m in _ATTR.finditer(match["attrs"])}
        newid = attrs.get("NEWID", "").strip()
        record = f"NEWID={newid}" if newid else f"record {position}"
        if match["close"] is None:
            yield FailedInput(source_path, "unclosed <REUTERS> record", record)
            continue
        try:
            yield _read_record(match["inner"], source_path, record, newid or None)
        except Exception as exc:  # noqa: BLE001 - one odd record must not stop the file
            yield FailedInput(
                source_path, f"unreadable record: {type(exc).__name__}", record
            )
    if position == 0:
        yield FailedInput(source_path, "no <REUTERS> records found")


def _read_record(
    inner: str, source_path: str, record: str, newid: str | None
) -> RawDoc | FailedInput:
    text_match = _TEXT.search(inner)
    text_type = ""
    text_inner = ""
    if text_match:
        text_inner = text_match["inner"]
        type_match = re.search(r'TYPE\s*=\s*"([^"]*)"', text_match["attrs"], re.I)
        text_type = type_match.group(1).upper() if type_match else ""
    title = _field(text_inner, "TITLE")
    body = _field(text_inner, "BODY", keep_layout=True)
    if body is not None:
        content = _reflow(_strip_sign_off(body))
    else:
        rest = _TAG.sub(
            " ", re.sub(r"<TITLE>.*?</TITLE>", " ", text_inner, flags=re.S | re.I)
        )
        rest = _strip_sign_off(_decode(rest)).strip("\n")
        if _BRIEF_PLACEHOLDER.match(rest) or not any(c.isalnum() for c in rest):
            rest = ""
        content = rest.rstrip() if text_type == "UNPROC" else _reflow(rest)
        if not content.strip() and text_type == "BRIEF" and title:
            content = _strip_sign_off(fix_line(title))
    if not content.strip():
        return FailedInput(source_path, "no body", record)
    dateline = _field(text_inner, "DATELINE")
    author = _field(text_inner, "AUTHOR")
    date = _field(inner, "DATE")
    return RawDoc(
        source_path=source_path,
        content=content,
        kind="text",
        record=record,
        external_id=newid,
        title=fix_line(title) if title else None,
        published=normalize_date(date) if date else None,
        source="Reuters",
        author=fix_line(_AUTHOR.sub("", author)) or None if author else None,
        language="en",
        dateline=fix_line(_DATELINE_DASH.sub("", dateline)) or None
        if dateline
        else None,
    )


def _field(inner: str, tag: str, keep_layout: bool = False) -> str | None:
    """The decoded text inside ``<TAG>...</TAG>``, or None when the tag is absent."""
    match = _FIELDS[tag].search(inner)
    if not match:
        return None
    value = _decode(match.group(1))
    return value if keep_layout else " ".join(value.split())


def _decode(value: str) -> str:
    """Drop control-character entities and decode SGML entities (``&lt;``)."""
    value = html.unescape(_CONTROL_ENTITY.sub("", value)) if "&" in value else value
    return value.replace("\u00a0", " ")


def _strip_sign_off(body: str) -> str:
    """Remove the trailing "Reuter" line every body ends with (a few have two)."""
    body = body.rstrip()
    for _ in range(3):
        match = _SIGN_OFF.search(body, max(0, len(body) - 30))  # only the tail
        if not match:
            break
        body = body[: match.start()].rstrip()
    return body


def _reflow(body: str) -> str:
    """Join hard-wrapped lines; an indented or blank line starts a new paragraph."""
    paragraphs: list[list[str]] = []
    for line in body.split("\n"):
        if not line.strip():
            if paragraphs and paragraphs[-1]:
                paragraphs.append([])
            continue
        if not paragraphs or line[:1] in (" ", "\t") or not paragraphs[-1]:
            if paragraphs and not paragraphs[-1]:
                paragraphs[-1].append(line.strip())
            else:
                paragraphs.append([line.strip()])
        else:
            paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(lines) for lines in paragraphs if lines)
