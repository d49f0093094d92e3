"""Stage 1 reader: ``.json`` / ``.jsonl`` (decoded text) -> RawDoc per article.

Accepted shapes:

- one article object: ``{"text": ..., "title": ..., "published": ...}``
- an array of article objects (record ``item N``)
- an object holding the articles under a key such as ``articles``, as a list or
  as a mapping ``{title: {...}}`` (the scraped Boeing corpus shape)
- JSON Lines, one object a line (record ``line N``)

Field names are matched case-insensitively against the synonym lists below.
A record whose text is missing or not a string becomes a FailedInput for that
record; a wrong-typed optional field is simply left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from wirefacts.errors import InputError
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read.dates import normalize_date
from wirefacts.read.decode import fix_line, fix_text

TEXT_KEYS = (
    "text",
    "body",
    "content",
    "articlebody",
    "article",
    "story",
    "full_text",
    "fulltext",
    "maintext",
)
TITLE_KEYS = ("title", "headline", "heading")
DATE_KEYS = (
    "published",
    "date",
    "publish_date",
    "published_at",
    "publication_date",
    "pubdate",
    "datepublished",
    "date_published",
    "published_date",
    "created_at",
    "timestamp",
    "time",
)
SOURCE_KEYS = (
    "source",
    "publisher",
    "original_publisher",
    "article_publisher",
    "site",
    "site_name",
    "agency",
)
URL_KEYS = ("url", "link", "href", "permalink", "canonical_url")
ID_KEYS = ("id", "guid", "uuid", "article_id", "doc_id", "docid", "newid", "_id")
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
LANGUAGE_KEYS = ("language", "lang", "locale")
CONTAINER_KEYS = (
    "articles",
    "items",
    "data",
    "docs",
    "documents",
    "results",
    "records",
    "entries",
    "stories",
    "news",
    "posts",
    "rows",
)


def read_json(text: str, source_path: str) -> Iterator[RawDoc | FailedInput]:
    """Read a ``.json`` file: one article, a list of them, or a container object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from read_jsonl(text, source_path)  # JSON Lines saved as .json
            return
        raise InputError(f"not valid JSON at line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise InputError("JSON nested too deeply") from exc
    yield from _read_value(data, source_path)


def read_jsonl(text: str, source_path: str) -> Iterator[RawDoc | FailedInput]:
    """Read JSON Lines: one article object a line; blank lines are skipped."""
    seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        record = f"line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield FailedInput(
                source_path, f"not valid JSON at line {number}: {exc.msg}", record
            )
            continue
        except RecursionError:
            yield FailedInput(
                source_path, f"JSON nested too deeply at line {number}", record
            )
            continue
        yield article_from_object(data, source_path, record)
    if not seen:
        raise InputError("empty file")


def _read_value(data: Any, source_path: str) -> Iterator[RawDoc | FailedInput]:
    if isinstance(data, list):
        yield from _read_items(data, source_path)
        return
    if not isinstance(data, dict):
        raise InputError(
            f"JSON top level is a {_type_name(data)}, not an article object or list"
        )
    if _lookup(data, TEXT_KEYS) is not None:
        yield article_from_object(data, source_path, None)
        return
    container = _container(data)
    if container is None:
        raise InputError(
            "no article text field (text/body/content) and no list of articles"
        )
    yield from _read_items(container, source_path)


def _container(data: dict[str, Any]) -> list[Any] | None:
    """The list of articles an object holds: a known key, else its only list value."""
    lowered = {
        key.lower(): value for key, value in data.items() if isinstance(key, str)
    }
    for key in CONTAINER_KEYS:
        value = lowered.get(key)
        if isinstance(value, list):
            return value
        if (
            isinstance(value, dict)
            and value
            and all(isinstance(v, dict) for v in value.values())
        ):
            return list(value.values())
    lists = [
        v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)
    ]
    return lists[0] if len(lists) == 1 else None


def _read_items(items: list[Any], source_path: str) -> Iterator[RawDoc | FailedInput]:
    if not items:
        raise InputError("JSON holds no articles")
    for number, item in enumerate(items, start=1):
        yield article_from_object(item, source_path, f"item {number}")


def article_from_object(
    data: Any, source_path: str, record: str | None
) -> RawDoc | FailedInput:
    """Map one JSON object's fields to a RawDoc, or explain why it is not an article."""
    where = f"{record}: " if record else ""
    if not isinstance(data, dict):
        return FailedInput(
            source_path, f"{where}{_type_name(data)} is not an article object", record
        )
    text = _lookup(data, TEXT_KEYS)
    if text is None:
        present = any(isinstance(k, str) and k.lower() in TEXT_KEYS for k in data)
        reason = "empty text" if present else "no text field (text/body/content)"
        return FailedInput(source_path, f"{where}{reason}", record)
    if isinstance(text, list) and all(isinstance(part, str) for part in text):
        text = "\n\n".join(part.strip() for part in text if part.strip())
    if not isinstance(text, str):
        return FailedInput(
            source_path,
            f"{where}text field is a {_type_name(text)}, not a string",
            record,
        )
    content = fix_text(text).strip()
    if not content:
        return FailedInput(source_path, f"{where}empty text", record)
    return RawDoc(
        source_path=source_path,
        content=content,
        kind="text",
        record=record,
        external_id=_scalar(_lookup(data, ID_KEYS)),
        title=_line(_lookup(data, TITLE_KEYS)),
        published=_date(_lookup(data, DATE_KEYS)),
        source=_line(_named(_lookup(data, SOURCE_KEYS))),
        url=_line(_lookup(data, URL_KEYS)),
        author=_line(_names(_lookup(data, AUTHOR_KEYS))),
        language=_line(_lookup(data, LANGUAGE_KEYS)),
    )


def _lookup(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The first present, non-empty value among ``keys`` (case-insensitive)."""
    lowered = {
        key.lower(): value for key, value in data.items() if isinstance(key, str)
    }
    for key in keys:
        value = lowered.get(key)
        if value is not None and value != "" and value != []:
            return value
    return None


def _line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return fix_line(value) or None


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return _line(value)


def _date(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("$date") or value.get("date")
    return normalize_date(value)


def _named(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("name") or value.get("title")
    return value


def _names(value: Any) -> Any:
    """Authors as a string, a list of strings or a list of {name: ...} objects."""
    if isinstance(value, list):
        names = [_named(item) for item in value]
        return ", ".join(n.strip() for n in names if isinstance(n, str) and n.strip())
    return _named(value)


def _type_name(value: Any) -> str:
    return {
        dict: "object",
        list: "list",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), "value")
