"""Stage 1 entry points: paths -> files -> ``RawDoc`` or ``FailedInput``.

``iter_input_files`` expands the paths a user gives (folders recursively,
sorted, hidden entries skipped). ``read_path`` reads one file: it undoes gzip,
picks a reader by extension (or, for an unknown extension, by content) and
yields the file's articles. It never raises for bad input: whatever is wrong
becomes a ``FailedInput`` with a one-line reason, for the whole file or for
the one record of a multi-record file.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from wirefacts.errors import InputError
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read.csvfile import read_csv
from wirefacts.read.decode import decode_bytes
from wirefacts.read.html import read_html
from wirefacts.read.jsonl import read_json, read_jsonl
from wirefacts.read.sgml import read_sgml
from wirefacts.read.txt import looks_like_header_text, read_txt
from wirefacts.read.xml_news import read_xml

Item = RawDoc | FailedInput
MAX_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"

_TextReader = Callable[[str, str], Iterable[Item]]


def _one(reader: Callable[[str, str], RawDoc]) -> _TextReader:
    return lambda text, source_path: [reader(text, source_path)]


# Suffix (lower case, without ".gz") -> reader of decoded text. XML readers take
# bytes so the parser can honour the document's own encoding declaration.
TEXT_READERS: dict[str, _TextReader] = {
    ".txt": _one(read_txt),
    ".text": _one(read_txt),
    ".html": _one(read_html),
    ".htm": _one(read_html),
    ".xhtml": _one(read_html),
    ".shtml": _one(read_html),
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".sgm": read_sgml,
    ".sgml": read_sgml,
}
XML_SUFFIXES = frozenset({".xml", ".nitf", ".newsml", ".nml", ".tml"})
SUPPORTED_SUFFIXES = frozenset(TEXT_READERS) | XML_SUFFIXES

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.I
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")


def iter_input_files(
    paths: Sequence[str | Path], recursive: bool = True
) -> Iterator[Path | FailedInput]:
    """Expand files and folders into files, in a stable order.

    Folders are walked in sorted order (recursively unless ``recursive`` is
    False), skipping hidden files and folders (``.git``, ``.DS_Store``). A
    path that does not exist or cannot be listed becomes a FailedInput. A file
    named twice is yielded once.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except FileNotFoundError:
            yield FailedInput(str(given), "no such file or directory")
            continue
        except OSError as exc:
            yield FailedInput(str(given), f"cannot open: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, recursive, seen)
        elif _first_time(path, seen):
            yield path


def _walk(
    folder: Path, recursive: bool, seen: set[Path]
) -> Iterator[Path | FailedInput]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield FailedInput(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    subfolders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            subfolders.append(path)
        elif _first_time(path, seen):
            yield path
    if recursive:
        for sub in subfolders:
            yield from _walk(sub, recursive, seen)


def _first_time(path: Path, seen: set[Path]) -> bool:
    try:
        key = path.resolve()
    except OSError:
        key = path.absolute()
    if key in seen:
        return False
    seen.add(key)
    return True


def read_path(path: str | Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Read one file into its articles; every problem becomes a FailedInput.

    Yields:
        RawDoc for each article, FailedInput for the whole file (record None)
        or for one bad record of a multi-record file.
    """
    source_path = str(path)
    try:
        data, suffix = _load(Path(path), max_bytes)
        yield from read_bytes(data, source_path, suffix)
    except InputError as exc:
        yield FailedInput(source_path, str(exc))
    except MemoryError:
        yield FailedInput(source_path, "out of memory reading the file")
    except RecursionError:
        yield FailedInput(source_path, "input nested too deeply")
    except Exception as exc:  # noqa: BLE001 - bad input must never stop a run
        yield FailedInput(
            source_path, f"unreadable ({type(exc).__name__}: {_short(exc)})"
        )


def read_bytes(data: bytes, source_path: str, suffix: str) -> Iterator[Item]:
    """Read a file's (decompressed) bytes with the reader for ``suffix``.

    Raises:
        InputError: the whole file cannot be read (callers normally go through
            read_path, which turns this into a FailedInput).
    """
    suffix = suffix.lower()
    if suffix in XML_SUFFIXES:
        decode_bytes(data)  # refuse binary junk and empty files the same way
        yield from _non_empty(read_xml(data, source_path))
        return
    text_reader = TEXT_READERS.get(suffix)
    if text_reader is None:
        suffix = _sniff(data, suffix)
        yield from read_bytes(data, source_path, suffix)
        return
    text = decode_bytes(data, declared=_declared_charset(data, suffix))
    yield from _non_empty(text_reader(text, source_path))


def _non_empty(items: Iterable[Item]) -> Iterator[Item]:
    """Turn an article left with no visible text after normalisation into a failure."""
    for item in items:
        if isinstance(item, RawDoc) and not item.content.strip():
            reason = "empty file" if item.record is None else "empty text"
            yield FailedInput(item.source_path, reason, item.record)
        else:
            yield item


def _load(path: Path, max_bytes: int) -> tuple[bytes, str]:
    """The file's bytes (gunzipped) and the suffix that names its format."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file")
    if info.st_size > max_bytes:
        raise InputError(f"file over {_size(max_bytes)} limit")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(f"file over {_size(max_bytes)} limit")
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    is_gz = bool(suffixes) and suffixes[-1] in (".gz", ".gzip")
    if is_gz or data.startswith(GZIP_MAGIC):
        if not data:
            raise InputError("empty file")
        data = gunzip(data, max_bytes)
        inner = suffixes[-2] if is_gz and len(suffixes) == 2 else ""
        return data, inner if is_gz else (suffixes[-1] if suffixes else "")
    return data, suffixes[-1] if suffixes else ""


def gunzip(data: bytes, max_bytes: int = MAX_BYTES) -> bytes:
    """Decompress gzip data, refusing corrupt, truncated or oversized streams."""
    if not data.startswith(GZIP_MAGIC):
        raise InputError("not a gzip file")
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    chunks: list[bytes] = []
    total = 0
    remaining = data
    try:
        while remaining:
            chunk = decompressor.decompress(remaining, max_bytes + 1 - total)
            total += len(chunk)
            chunks.append(chunk)
            if total > max_bytes:
                raise InputError(
                    f"file over {_size(max_bytes)} limit once decompressed"
                )
            if decompressor.unconsumed_tail:
                remaining = decompressor.unconsumed_tail
                continue
            if decompressor.eof:
                remaining = decompressor.unused_data
                if remaining.strip(b"\x00"):
                    if not remaining.startswith(GZIP_MAGIC):
                        break  # trailing garbage after the stream: gzip ignores it too
                    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                    continue
                break
            raise InputError("truncated gzip")
    except zlib.error as exc:
        raise InputError(f"corrupt gzip ({_short(exc)})") from exc
    if not decompressor.eof and not decompressor.unconsumed_tail:
        raise InputError("truncated gzip")
    return b"".join(chunks)


def _sniff(data: bytes, suffix: str) -> str:
    """Pick a format for an unknown extension from the content, or refuse."""
    head = decode_bytes(data)[:4096]  # binary junk and empty files stop here
    start = head.lstrip()[:1000]
    lowered = start.lower()
    if start.startswith("<"):
        if "<reuters" in lowered or lowered.startswith("<!doctype lewis"):
            return ".sgm"
        if _HTML_START.search(start):
            return ".html"
        return ".xml"
    if start.startswith(("{", "[")):
        first_line = start.split("\n", 1)[0].rstrip()
        return (
            ".jsonl"
            if first_line.startswith("{") and first_line.endswith("}")
            else ".json"
        )
    if looks_like_header_text(head):
        return ".txt"
    shown = suffix or "no extension"
    raise InputError(f"unsupported file type ({shown})")


def _declared_charset(data: bytes, suffix: str) -> str | None:
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        match = _CHARSET.search(data[:4096])
    else:
        match = _XML_ENCODING.search(data[:200])
    return match.group(1).decode("ascii") if match else None


def _size(limit: int) -> str:
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    if limit >= 1024:
        return f"{limit / 1024:g} KB"
    return f"{limit} bytes"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__
