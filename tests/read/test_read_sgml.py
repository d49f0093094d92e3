"""Reuters-21578 SGML: many records a file, furniture removed, streamed."""

# ruff: noqa: E501 - fixtures quote real documents line for line

from __future__ import annotations

import time

import pytest
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read import read_path
from wirefacts.read.sgml import read_sgml

RECORD = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="{newid}">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<UNKNOWN>
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;REVIEW&gt;</TITLE>
<AUTHOR>    By Peter Torday, Reuters</AUTHOR>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, &lt;Comissaria Smith> said.
    The dry period means the temporao will be late this year.
    "It is late," he said.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""

BRIEF = """<REUTERS TOPICS="NO" NEWID="{newid}">
<DATE>26-FEB-1987 15:43:14.36</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
"""

UNPROC = """<REUTERS TOPICS="NO" NEWID="{newid}">
<DATE>26-FEB-1987 16:00:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26
 Net free reserves.............644 vs.....1,337
 Bank borrowings...............680 vs.......425
 REUTER
&#3;</TEXT>
</REUTERS>
"""

EMPTY = """<REUTERS NEWID="{newid}">
<DATE> 3-APR-1987 07:09:06.48</DATE>
<TEXT TYPE="UNPROC">&#2;
&#3;

</TEXT>
</REUTERS>
"""


def test_sgml_record_fields() -> None:
    [doc] = list(read_sgml(RECORD.format(newid=1), "r.sgm"))
    assert doc == RawDoc(
        source_path="r.sgm",
        content=(
            "Showers continued throughout the week in the Bahia cocoa zone, "
            "<Comissaria Smith> said.\n\nThe dry period means the temporao will be late "
            'this year.\n\n"It is late," he said.'
        ),
        record="NEWID=1",
        external_id="1",
        title="BAHIA COCOA <REVIEW>",
        published="1987-02-26",
        source="Reuters",
        author="Peter Torday",
        language="en",
        dateline="SALVADOR, Feb 26",
    )


def test_sgml_records_without_body() -> None:
    text = (
        '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'
        + BRIEF.format(newid=2)
        + UNPROC.format(newid=3)
        + EMPTY.format(newid=4)
    )
    brief, unproc, empty = read_sgml(text, "r.sgm")
    assert (
        brief.content
        == "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK"
    )
    assert unproc.content.startswith(
        "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n Net free"
    )
    assert unproc.content.endswith("425") and unproc.title is None
    assert empty == FailedInput("r.sgm", "no body", "NEWID=4")


@pytest.mark.parametrize(
    "ending",
    [
        " Reuter\n&#3;",
        " REUTER\n&#3;",
        " reuter^M\n&#3;",
        " REUTER...\n&#3;",
        "\n Reuter",
    ],
)
def test_sgml_sign_off_removed(ending: str) -> None:
    record = RECORD.format(newid=9).replace(" Reuter\n&#3;", ending)
    [doc] = list(read_sgml(record, "r.sgm"))
    assert doc.content.endswith('"It is late," he said.')


def test_sgml_two_thousand_records_stream(write) -> None:
    records = "".join(RECORD.format(newid=n) for n in range(1, 2001))
    path = write("big.sgm", '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + records)
    started = time.perf_counter()
    items = read_path(path)
    first = next(items)
    assert first.record == "NEWID=1"
    rest = list(items)
    assert len(rest) == 1999 and all(isinstance(i, RawDoc) for i in rest)
    assert rest[-1].external_id == "2000"
    assert time.perf_counter() - started < 10


def test_sgml_latin1_byte(write, read_one) -> None:
    data = RECORD.format(newid=5).replace("temporao", "tempor\xe3o").encode("latin-1")
    doc = read_one(write("latin.sgm", data))
    assert "temporão" in doc.content


def test_sgml_full_reuters_corpus(corpora) -> None:
    """All 22 files: every one of the 21,578 records is an article or a failure."""
    files = sorted((corpora / "reuters21578").glob("reut2-*.sgm"))
    assert len(files) == 22
    total = bodies = 0
    for path in files:
        for item in read_path(path):
            total += 1
            if isinstance(item, RawDoc):
                bodies += 1
                assert item.external_id and item.record == f"NEWID={item.external_id}"
                assert item.published and item.published.startswith("1987-")
                assert "&#" not in item.content and "&lt;" not in item.content
                assert not item.content.rstrip().lower().endswith("reuter")
            else:
                assert item.reason == "no body"
    assert total == 21578
    assert bodies >= 21570


def test_sgml_first_reuters_record(corpora) -> None:
    first = next(read_path(corpora / "reuters21578" / "reut2-000.sgm"))
    assert first.external_id == "1" and first.published == "1987-02-26"
    assert first.title == "BAHIA COCOA REVIEW"
    assert first.dateline == "SALVADOR, Feb 26"
    assert first.content.startswith(
        "Showers continued throughout the week in the Bahia cocoa "
        "zone, alleviating the drought"
    )
