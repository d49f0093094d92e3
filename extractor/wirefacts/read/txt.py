"""Stage 1 reader: a ``.txt`` wire story (decoded text) -> RawDoc.

The contract's optional header block is a run of ``Key: value`` lines at the top
of the file (keys ``Published``, ``Source``, ``Title``, ``URL``, ``Author``,
``ID``, ``Language``, any case), ended by a blank line. The first lines count
as a header only when every one of them is such a line, so a story that opens
with "WASHINGTON: Officials said..." keeps its first paragraph.

    Published: 2019-09-21
    Source: The Straits Times

    WASHINGTON • Trade negotiators from the US and China ...
"""

from __future__ import annotations

import re

from wirefacts.errors import InputError
from wirefacts.facts import RawDoc
from wirefacts.read.dates import normalize_date
from wirefacts.read.decode import fix_line, fix_text

# Header key (lower case) -> RawDoc field. "date" is a common spelling of
# "published" in hand-made files; nothing else is guessed.
HEADER_KEYS = {
    "published": "published",
    "date": "published",
    "source": "source",
    "title": "title",
    "url": "url",
    "author": "author",
    "id": "external_id",
    "language": "language",
}
_HEADER_LINE = re.compile(
    r"^(?P<key>[A-Za-z][A-Za-z _-]{0,20}?)[ \t]*:[ \t]*(?P<value>.*)$"
)
_MAX_HEADER_LINES = 20


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split ``text`` into (header fields by RawDoc field name, body).

    Returns an empty dict and the text unchanged when the top of the file is
    not a header block.
    """
    stripped = text.lstrip("\n")
    lines = stripped.split("\n", _MAX_HEADER_LINES + 1)
    fields: dict[str, str] = {}
    for index, line in enumerate(lines[: _MAX_HEADER_LINES + 1]):
        if not line.strip():
            if index == 0:
                return {}, text
            return fields, "\n".join(lines[index + 1 :])
        match = _HEADER_LINE.match(line.strip())
        if not match:
            return {}, text
        key = match["key"].strip().lower().replace("-", " ").replace("_", " ")
        field = HEADER_KEYS.get(key)
        if field is None:
            return {}, text
        value = match["value"].strip()
        if value and field not in fields:
            fields[field] = value
    if len(lines) <= _MAX_HEADER_LINES + 1:
        return fields, ""  # the file is nothing but a header block
    return {}, text


def read_txt(text: str, source_path: str) -> RawDoc:
    """Read one wire story with an optional header block.

    Raises:
        InputError: the file has a header but no story text after it.
    """
    header, body = split_header(fix_text(text))
    body = body.strip("\n").rstrip()
    if not body.strip():
        raise InputError(
            "no article text after the header block" if header else "empty file"
        )
    published = header.get("published")
    return RawDoc(
        source_path=source_path,
        content=body,
        kind="text",
        external_id=header.get("external_id"),
        title=fix_line(header["title"]) if "title" in header else None,
        published=normalize_date(published) if published else None,
        source=fix_line(header["source"]) if "source" in header else None,
        url=header.get("url"),
        author=fix_line(header["author"]) if "author" in header else None,
        language=header.get("language"),
    )


def looks_like_header_text(text: str) -> bool:
    """True when the text opens with a header block (used to sniff unknown files)."""
    header, _ = split_header(text)
    return bool(header)
