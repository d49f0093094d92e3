"""CSV: one article a row, a header naming the text column."""

# ruff: noqa: E501 - fixtures quote real documents line for line

from __future__ import annotations

import pytest
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read import read_path


def test_csvfile_rows(write) -> None:
    text = (
        "ID,Title,Date,Link,Body\r\n"
        '1,"Talks, resumed","December 15, 2018",https://x/1,"Line one.\r\nLine two."\r\n'
        "2,No text,2018-12-16,https://x/2,\r\n"
        "\r\n"
        "3,Third,not a date,,Third body.\r\n"
    )
    items = list(read_path(write("a.csv", text)))
    assert [(type(i).__name__, i.record) for i in items] == [
        ("RawDoc", "row 1"),
        ("FailedInput", "row 2"),
        ("RawDoc", "row 3"),
    ]
    first, failed, third = items
    assert first == RawDoc(
        source_path=first.source_path,
        content="Line one.\nLine two.",
        record="row 1",
        external_id="1",
        title="Talks, resumed",
        published="2018-12-15",
        url="https://x/1",
    )
    assert "empty text" in failed.reason
    assert third.published is None and third.url is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("title,date\nA,2024-01-01\n", "no text column"),
        ("", "empty file"),
    ],
    ids=["no-text-column", "empty"],
)
def test_csvfile_whole_file_failures(
    write, read_one, content: str, reason: str
) -> None:
    item = read_one(write("bad.csv", content))
    assert (
        isinstance(item, FailedInput) and reason in item.reason and item.record is None
    )


def test_csvfile_tab_separated_and_long_field(write) -> None:
    body = "word " * 60000  # longer than csv's default field limit
    items = list(read_path(write("a.tsv", f"title\ttext\nLong\t{body}\n")))
    assert len(items) == 1 and isinstance(items[0], RawDoc)
    assert items[0].content == body.strip()


def test_csvfile_peoples_daily_corpus(corpora) -> None:
    items = list(
        read_path(corpora / "peoples-daily-tariffs" / "peoplesDailyOutput_tariff.csv")
    )
    assert len(items) == 519
    assert all(isinstance(i, RawDoc) for i in items)
    first = items[0]
    assert (
        first.title
        == "Chinese mainland, Hong Kong ink deal on trade in goods under CEPA"
    )
    assert first.published == "2018-12-15"
    assert first.url == "http://english.people.com.cn/n3/2018/1215/c90000-9528837.html"
    assert first.record == "row 1" and first.external_id is None
    assert sum("tariff" in i.content.lower() for i in items) >= 500
