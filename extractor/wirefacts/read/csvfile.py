"""Stage 1 reader: ``.csv`` (decoded text) -> RawDoc per row.

The header row must name a text column (``text``, ``body`` or ``content``, any
case); ``title``, ``date``/``published``, ``id`` and ``url``/``link`` are used
when present (the same synonyms as JSON). Rows are numbered from 1 after the
header (record ``row N``). Tab- and semicolon-separated files are recognised
from the header line.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from wirefacts.errors import InputError
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read.jsonl import article_from_object

CSV_TEXT_KEYS = (
    "text",
    "body",
    "content",
    "articlebody",
    "article",
    "story",
    "full_text",
)
_DELIMITERS = (",", "\t", ";", "|")

# Article bodies are longer than csv's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(text: str, source_path: str) -> Iterator[RawDoc | FailedInput]:
    """Read one article a row; rows without text become FailedInput records."""
    stream = io.StringIO(text, newline="")
    first_line = stream.readline()
    stream.seek(0)
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError("empty file") from exc
    except csv.Error as exc:
        raise InputError(f"not valid CSV in the header row: {exc}") from exc
    names = [name.strip().lstrip("\ufeff").lower() for name in header]
    if not any(name in CSV_TEXT_KEYS for name in names):
        raise InputError("no text column (text/body/content) in the CSV header")
    number = 0
    while True:
        number += 1
        record = f"row {number}"
        try:
            row = next(reader)
        except StopIteration:
            if number == 1:
                raise InputError("CSV has a header row but no articles") from None
            return
        except csv.Error as exc:
            yield FailedInput(source_path, f"not valid CSV at {record}: {exc}", record)
            return
        if not any(cell.strip() for cell in row):
            number -= 1  # a blank line is not a row
            continue
        fields = {name: value for name, value in zip(names, row, strict=False) if name}
        yield article_from_object(fields, source_path, record)
