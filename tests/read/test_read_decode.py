"""Bytes -> text: encodings, binary junk, mojibake repair, normalisation."""

# ruff: noqa: E501 - fixtures quote real documents line for line

from __future__ import annotations

import codecs

import pytest
from wirefacts.errors import InputError
from wirefacts.read.decode import decode_bytes, fix_line, fix_text, repair_mojibake

LATIN_STORY = (
    "PARIS, March 3 - The café owners' association said Société Générale "
    "would lend 2.5 mln francs to the régie, officials said.\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (LATIN_STORY.encode("utf-8"), LATIN_STORY),
        (codecs.BOM_UTF8 + LATIN_STORY.encode("utf-8"), LATIN_STORY),
        (LATIN_STORY.encode("latin-1"), LATIN_STORY),
        (LATIN_STORY.encode("cp1252"), LATIN_STORY),
        (
            "He said \u201cno\u201d \u2013 it\u2019s over.\n".encode("cp1252"),
            "He said \u201cno\u201d \u2013 it\u2019s over.\n",
        ),
        (codecs.BOM_UTF16_LE + LATIN_STORY.encode("utf-16-le"), LATIN_STORY),
        (codecs.BOM_UTF16_BE + LATIN_STORY.encode("utf-16-be"), LATIN_STORY),
        (LATIN_STORY.encode("utf-16-le"), LATIN_STORY),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "latin1",
        "cp1252",
        "cp1252-quotes",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le-no-bom",
    ],
)
def test_decode_detects_encoding(data: bytes, expected: str) -> None:
    assert fix_text(decode_bytes(data)) == expected


def test_decode_uses_declared_charset_for_non_utf8() -> None:
    text = "Сегодня правительство объявило новые пошлины на сталь."
    assert decode_bytes(text.encode("koi8-r"), declared="koi8-r") == text


def test_decode_guesses_non_latin_legacy_encoding() -> None:
    text = "Правительство объявило о повышении пошлин на импорт стали и алюминия. " * 5
    assert decode_bytes(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "empty file"),
        (codecs.BOM_UTF8 + b"  \n", "empty file"),
        (b"\x00\x01\x02\x03" * 100, "binary file"),
        (bytes(range(256)) * 10, "binary file"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(32)) * 30, "binary file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 20, "binary file"),
    ],
    ids=["empty", "whitespace", "bom-only", "nuls", "all-bytes", "zip", "png"],
)
def test_decode_refuses_empty_and_binary(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cafÃ© sociÃ©tÃ©", "café société"),
        ("itâ€™s â€œdoneâ€\u009d", "it’s “done”"),
        ("Trumpâ€™s tariffs â€“ 25%", "Trump’s tariffs – 25%"),
        ("MÃ¼nchen", "München"),
        ("cafÃƒÂ©", "café"),  # encoded twice
    ],
    ids=["accents", "quotes", "dash", "umlaut", "double"],
)
def test_decode_repairs_unambiguous_mojibake(text: str, expected: str) -> None:
    assert repair_mojibake(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "café société",  # correct text
        "It’s “fine” and cafÃ© too",  # mixed: correct curly quotes + mojibake
        "Ã© is how a broken é looks",  # an explanation that mixes both
        "plain ASCII text",
        "Ã",
    ],
    ids=["correct", "mixed", "explanation", "ascii", "lone"],
)
def test_decode_leaves_ambiguous_text_alone(text: str) -> None:
    assert repair_mojibake(text) == text


def test_decode_fix_text_normalises_without_touching_quotes() -> None:
    raw = "e\u0301t\u00e9\u00a0\u201cquoted\u201d 'single' \"double\" \u2018x\u2019\r\nnext\u200b\x0c"
    assert (
        fix_text(raw)
        == "\u00e9t\u00e9 \u201cquoted\u201d 'single' \"double\" \u2018x\u2019\nnext"
    )


def test_decode_fix_line_collapses_whitespace() -> None:
    assert (
        fix_line("  A\u00a0headline\n over  two lines ") == "A headline over two lines"
    )
