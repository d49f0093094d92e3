"""Stage 1, reading: files and folders -> ``RawDoc`` (or ``FailedInput``).

One module per format (txt, html, jsonl, csvfile, sgml, xml_news), ``decode``
for bytes -> text, ``dates`` for metadata dates, and ``registry`` which picks
the reader by extension or content and undoes gzip.
"""

from __future__ import annotations

from wirefacts.read.decode import decode_bytes, fix_text
from wirefacts.read.registry import (
    MAX_BYTES,
    SUPPORTED_SUFFIXES,
    iter_input_files,
    read_bytes,
    read_path,
)

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "decode_bytes",
    "fix_text",
    "iter_input_files",
    "read_bytes",
    "read_path",
]
