"""Write a folder of inputs that no reader can turn into an article.

Each file is small and made here, so nothing broken is committed. Tests for the
readers and for the CLI (exit code 1, no traceback) use the same set:

    from make_bad_inputs import make_bad_inputs  # or load by path
    expected = make_bad_inputs(tmp_path)         # {file name: reason substring}

``make_corpus(folder, max_bytes)`` writes the whole hostile corpus the CLI
robustness test ingests: the files above, the odd-but-readable files of
``odd_inputs()`` (BOMs, Windows-1252, mixed and invalid UTF-8, wrong extensions,
deep HTML nesting, wrong-typed JSON fields, unclosed SGML records, CSV formula
cells), and one file over ``max_bytes``. It returns what each file must become.

Run as a script to write them to a folder: ``python make_bad_inputs.py OUT_DIR``.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import NamedTuple

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<nitf><body><body.content><p>&secret;</p></body.content></body></nitf>
"""

STORY = (
    b"Published: 2024-03-14\n\nWASHINGTON (Reuters) - Officials said on Thursday that "
    b"tariffs on steel would rise to 25 per cent next month.\n"
)


# One large entity referenced many times: no nesting, yet megabytes once expanded.
QUADRATIC_BLOWUP = (
    b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "'
    + b"x" * 50_000
    + b'">]><nitf><body><body.content><p>'
    + b"&a;" * 2_000
    + b"</p></body.content></body></nitf>"
)


def bad_inputs() -> dict[str, tuple[bytes, str]]:
    """File name -> (bytes to write, substring of the expected FailedInput reason)."""
    whole_gzip = gzip.compress(STORY * 50)
    return {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b"  \n\n\t \r\n", "empty file"),
        "binary.txt": (bytes(range(256)) * 40, "binary file"),
        "truncated.txt.gz": (whole_gzip[: len(whole_gzip) // 2], "truncated gzip"),
        "zero-length.txt.gz": (b"", "empty file"),
        "not-really.html.gz": (
            b"<html><body>plain, not gzip</body></html>",
            "not a gzip file",
        ),
        "corrupt.json.gz": (whole_gzip[:10] + b"\xff" * 64 + whole_gzip[74:], "gzip"),
        "broken.json": (
            b'{"title": "A", "text": "B",\n\n "id": }',
            "not valid JSON at line 3",
        ),
        "no-text.json": (b'{"title": "A headline only"}', "no article text field"),
        "wrong-type.json": (b'{"text": 42, "title": "Numbers"}', "not a string"),
        "no-text-column.csv": (
            b"title,date\nA headline,2024-01-01\n",
            "no text column",
        ),
        "bomb.xml": (BILLION_LAUGHS, "entity expansion refused"),
        "external.nitf": (EXTERNAL_ENTITY, "refused"),
        "malformed.xml": (b"<nitf><body><p>unclosed</body>", "not well-formed XML"),
        "unknown.dat": (
            b"just some words without any header\n",
            "unsupported file type",
        ),
        "records.sgm": (
            b"<html>no reuters records here</html>",
            "no <REUTERS> records",
        ),
        "nul-bytes.txt": (STORY + b"\x00\x00 half a record \x00\n", "binary file"),
        "report.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 8, "binary file"),
        "page-named.json": (
            b"<html><body><p>" + STORY + b"</p></body></html>",
            "not valid JSON at line 1",
        ),
        "header-only.txt": (
            b"Published: 2024-03-14\nTitle: A headline\n\n",
            "no article text",
        ),
        "no-extension": (b"just a line of words\n", "unsupported file type"),
        "deep.json": (
            b'{"text": "words", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "nested too deeply",
        ),
        "quadratic.xml": (QUADRATIC_BLOWUP, "entity expansion refused"),
    }


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """Write every bad input into ``folder``; return {file name: expected reason}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (data, reason) in bad_inputs().items():
        (folder / name).write_bytes(data)
        expected[name] = reason
    return expected


class Odd(NamedTuple):
    """A readable but awkward file: how many articles and failures it must give.

    ``text`` must appear in one loaded article's text (after cleaning), so the
    test can tell the file was decoded, not merely survived.
    """

    data: bytes
    articles: int
    failures: int = 0
    text: str = "tariffs on steel"


BODY = STORY.split(b"\n\n", 1)[1].strip()
JSON_BODY = BODY.replace(b'"', b"'")


def odd_inputs() -> dict[str, Odd]:
    """File name -> Odd: inputs a wire archive really holds, which must load."""
    cp1252 = "The caf\u00e9 owner said \u201cprices\u201d rose \u2013 again.\n"
    sgml_record = (
        b'<REUTERS NEWID="%d"><DATE>14-MAR-1987 10:00:00.00</DATE><TEXT>'
        b"<TITLE>STEEL</TITLE><BODY>" + BODY + b"\n Reuter\n</BODY></TEXT></REUTERS>\n"
    )
    return {
        "windows-1252.txt": Odd(STORY + cp1252.encode("cp1252"), 1, text="caf\u00e9"),
        "mixed-encodings.txt": Odd(
            STORY + "Caf\u00e9 \u201cquoted\u201d\n".encode()
            + "na\u00efve \u2013 text\n".encode("cp1252"),
            1,
        ),
        "invalid-utf8.txt": Odd(STORY + b"bad \xc3\x28 bytes \xed\xa0\x80 here\n", 1),
        "bom-utf8.txt": Odd(b"\xef\xbb\xbf" + STORY, 1),
        "bom-utf16.txt": Odd(STORY.decode().encode("utf-16"), 1),
        "bom-utf16be.json": Odd(
            b"\xfe\xff" + f'{{"text": "{JSON_BODY.decode()}"}}'.encode("utf-16-be"),
            1,
        ),
        "control-chars.txt": Odd(STORY + b"\x1b[31m red \x07\x08 text\n", 1),
        "json-named.txt": Odd(b'{"title": "T", "text": "' + JSON_BODY + b'"}', 1),
        "deep-nesting.html": Odd(
            b"<html><body>" + b"<div>" * 50_000 + b"<p>" + BODY + b"</p>"
            + b"</div>" * 50_000 + b"</body></html>",
            1,
        ),
        "deep-unclosed.html": Odd(
            b"<html><body>" + b"<div><span>" * 20_000 + b"<p>" + BODY, 1
        ),
        "wrong-types.json": Odd(
            b'{"text": "' + JSON_BODY + b'", "title": ["a", 1], '
            b'"published": 20240314, "id": {"x": 1}, "source": null}',
            1,
        ),
        "mixed-items.json": Odd(
            b'[{"text": "' + JSON_BODY + b'"}, 42, {"title": "no text"}, "str"]', 1, 3
        ),
        "mixed-lines.jsonl": Odd(
            b'{"text": "' + JSON_BODY + b'"}\nnot json\n{"body": 5}\n[]\n', 1, 3
        ),
        "unclosed-records.sgm": Odd(
            sgml_record % 1
            + b'<REUTERS NEWID="2"><TEXT><BODY>' + BODY + b"\n"
            + sgml_record % 3
            + b'<REUTERS NEWID="4"><TEXT><BODY>cut off mid-',
            2,
            2,
        ),
        "formula-cells.csv": Odd(
            b'title,text,date\n"=HYPERLINK(""http://x.invalid"",""go"")",'
            b'"' + BODY + b'",2024-03-14\n'
            b'"@SUM(A1)","=cmd|\' /C calc\'!A0 and ' + BODY + b'",2024-03-15\n',
            2,
        ),
        "story.txt.gz": Odd(gzip.compress(STORY), 1),
    }


def huge_input(max_bytes: int) -> bytes:
    """A valid story padded to just over ``max_bytes`` (refused by size alone)."""
    filler = b"Officials said the talks would continue next week.\n\n"
    return STORY + filler * (max_bytes // len(filler) + 1)


class Corpus(NamedTuple):
    """What ``make_corpus`` wrote: bad files (reason) and odd files (outcome)."""

    bad: dict[str, str]
    odd: dict[str, Odd]

def make_corpus(folder: Path, max_bytes: int) -> Corpus:
    """Write bad, odd and one oversized file; ``max_bytes`` is the ingest limit."""
    bad = make_bad_inputs(folder)
    (folder / "huge.txt").write_bytes(huge_input(max_bytes))
    bad["huge.txt"] = "file over"
    odd = odd_inputs()
    for name, item in odd.items():
        (folder / name).write_bytes(item.data)
    return Corpus(bad, odd)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_bad_inputs.py OUT_DIR")
    for name, reason in make_bad_inputs(Path(sys.argv[1])).items():
        print(f"{name}\t{reason}")
