"""Write a folder of inputs that no reader can turn into an article.

Each file is small and made here, so nothing broken is committed. Tests for the
readers and for the CLI (exit code 1, no traceback) use the same set:

    from make_bad_inputs import make_bad_inputs  # or load by path
    expected = make_bad_inputs(tmp_path)         # {file name: reason substring}

Run as a script to write them to a folder: ``python make_bad_inputs.py OUT_DIR``.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

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
    }


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """Write every bad input into ``folder``; return {file name: expected reason}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (data, reason) in bad_inputs().items():
        (folder / name).write_bytes(data)
        expected[name] = reason
    return expected


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_bad_inputs.py OUT_DIR")
    for name, reason in make_bad_inputs(Path(sys.argv[1])).items():
        print(f"{name}\t{reason}")
