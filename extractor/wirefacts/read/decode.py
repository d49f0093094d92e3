"""Stage 1 helper: bytes -> str, and the text normalisation every reader applies.

``decode_bytes(data) -> str`` finds the encoding (BOM, then strict UTF-8, then a
declared charset, then charset-normalizer; mostly-ASCII text with a few high
bytes is read as Windows-1252, which is what wire copy in a "Latin" encoding
nearly always is). It raises :class:`~wirefacts.errors.InputError` with a
one-line reason ("empty file", "binary file") when there is no text to read.

``fix_text(str) -> str`` repairs unambiguous mojibake ("Ã©" -> "é",
"â€™" -> "’"), applies Unicode NFC, turns non-breaking spaces into spaces,
unifies line ends and drops invisible control characters. Quote characters
are never changed: quote detection needs to see curly and straight quotes as
printed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from wirefacts.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte codecs charset-normalizer may propose for Western text. For
# mostly-ASCII news copy they are all really Windows-1252 (a superset of
# Latin-1 in practice): the WHATWG encoding standard maps "latin1" to it too.
_LATINISH = frozenset(
    {
        "ascii",
        "latin_1",
        "iso8859_1",
        "iso8859_15",
        "iso8859_2",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_16",
        "iso8859_3",
        "iso8859_4",
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "cp1258",
        "cp437",
        "cp850",
        "cp858",
        "mac_roman",
        "mac_latin2",
        "mac_iceland",
        "mac_turkish",
        "cp1125",
        "kz1048",
        "ptcp154",
        "hp_roman8",
        "cp273",
        "cp500",
        "cp037",
    }
)

_SNIFF_BYTES = 8192
_ASCII = bytes(range(128))
# C0/C1 controls other than tab and newline, and invisible format characters
# that only get in the way of offsets (BOM / zero-width no-break space, zero
# width space, word joiner, soft hyphen).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
# What counts against a text when deciding it is binary junk.
_JUNK = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
_NBSP = re.compile("[\u00a0\u2007\u202f]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")

# Mojibake markers: a UTF-8 lead byte read as Windows-1252/Latin-1 (Ã, Â, â, ...)
# followed by what a continuation byte reads as in those code pages.
_CONT = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026"
    "\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CONT}]")


def _cp1252_table() -> dict[int, str]:
    """Map each character Windows-1252 (or Latin-1) decodes to, back to its byte."""
    table: dict[int, str] = {}
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            char = chr(byte)  # 0x81, 0x8D, 0x8F, 0x90, 0x9D keep their Latin-1 meaning
        table[ord(char)] = chr(byte)
    for byte in range(0x80, 0xA0):
        table.setdefault(byte, chr(byte))  # C1 controls left by a Latin-1 read
    return table


_TO_CP1252 = _cp1252_table()


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: undefined Windows-1252 bytes read as Latin-1."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("wirefacts-latin1", _latin1_fallback)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a file's bytes to text, or raise InputError("binary file"/"empty file").

    Args:
        data: the file's bytes (already decompressed).
        declared: a charset the document declares itself (HTML ``<meta charset>``,
            XML declaration); used only when the bytes are not valid UTF-8.
    """
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} after byte-order mark") from exc
            return _checked(text)
    if b"\x00" in data[:_SNIFF_BYTES] or data.count(b"\x00") > len(data) // 100:
        text16 = _try_bomless_utf16(data)
        if text16 is None:
            raise InputError("binary file")
        return _checked(text16)
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data, declared))


def _try_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of ASCII text."""
    sample = data[: _SNIFF_BYTES & ~1]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls < 0.05 * half:
        encoding = "utf-16-le"
    elif even_nuls > 0.6 * half and odd_nuls < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data[: len(data) & ~1].decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_legacy(data: bytes, declared: str | None) -> str:
    """Decode bytes that are not UTF-8: declared charset, Windows-1252 or a guess."""
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "ascii"):
            try:
                text = data.decode(codec)
            except (UnicodeDecodeError, LookupError):  # LookupError: "zlib" etc.
                pass
            else:
                return _cp1252_for_latin(data, codec) or text
    high = len(data.translate(None, _ASCII))
    if high <= 0.01 * len(data):
        # A few accented letters or curly quotes in English copy: Windows-1252.
        return _decode_cp1252(data)
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None:
        raise InputError("binary file")
    encoding = codecs.lookup(best.encoding).name.replace("-", "_")
    if encoding in _LATINISH and high <= 0.2 * len(data):
        return _decode_cp1252(data)
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        return data.decode(best.encoding, errors="replace")


def _cp1252_for_latin(data: bytes, codec: str) -> str | None:
    """Pages declaring ISO-8859-1 are Windows-1252 in practice (WHATWG)."""
    if codec in ("iso8859-1", "latin-1", "iso8859_1"):
        return _decode_cp1252(data)
    return None


def _decode_cp1252(data: bytes) -> str:
    """Windows-1252, with Latin-1's meaning for its five undefined bytes."""
    return data.decode("cp1252", errors="wirefacts-latin1")


def _checked(text: str) -> str:
    """Refuse decoded text that is empty or mostly control characters."""
    if not text.strip():
        raise InputError("empty file")
    sample = text[:65536]
    if len(_JUNK.findall(sample)) > 0.05 * len(sample):
        raise InputError("binary file")
    return text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252/Latin-1 when the whole text decodes cleanly.

    The text is only changed when every character maps back to a byte and the
    bytes are valid UTF-8, so a text that mixes correct accents with mojibake,
    or legitimately contains "Ã" followed by punctuation, is left alone. Two
    rounds undo double encoding ("Ãƒ©").

    >>> repair_mojibake("cafÃ© â€œfoodâ€\u009d")
    'café “food”'
    """
    for _ in range(2):
        if not _MOJIBAKE.search(text):
            break
        try:
            fixed = text.translate(_TO_CP1252).encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
        if len(_MOJIBAKE.findall(fixed)) >= len(_MOJIBAKE.findall(text)):
            break
        text = fixed
    return text


def fix_text(text: str) -> str:
    """Repair mojibake, NFC-normalise, nbsp -> space, unify newlines, drop controls.

    Quote characters (straight or curly) are kept exactly as they are.
    """
    text = repair_mojibake(text)
    # Cheap membership tests first: most texts have none of these.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    if "\u00a0" in text or "\u2007" in text or "\u202f" in text:
        text = _NBSP.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def fix_line(text: str) -> str:
    """fix_text for one-line metadata (titles, authors): whitespace collapsed."""
    return " ".join(fix_text(text).split())
