"""Plain-text wire stories with the optional header block."""

from __future__ import annotations

import pytest
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read.txt import read_txt, split_header

STORY = "WASHINGTON • Trade negotiators resumed talks.\n\nMore text here.\n"


def test_txt_header_block_fills_metadata() -> None:
    text = (
        "Published: 2019-09-21\nsource: The Straits Times\nTITLE:  Talks resume \n"
        "URL: https://example.com/a\nAuthor: Jane Doe\nID: st-42\nLanguage: en\n\n"
        + STORY
    )
    doc = read_txt(text, "a.txt")
    assert doc == RawDoc(
        source_path="a.txt",
        content=STORY.rstrip(),
        kind="text",
        external_id="st-42",
        title="Talks resume",
        published="2019-09-21",
        source="The Straits Times",
        url="https://example.com/a",
        author="Jane Doe",
        language="en",
    )


@pytest.mark.parametrize(
    "text",
    [
        STORY,
        "WASHINGTON: Officials said on Monday.\n\nMore.\n",  # looks like Key: value
        "Published: 2019-09-21\nThis line is not a header\n\nBody\n",
        "Note: unknown key\n\nBody\n",
    ],
    ids=["no-header", "dateline-colon", "mixed-lines", "unknown-key"],
)
def test_txt_without_header_keeps_text(text: str) -> None:
    header, body = split_header(text)
    assert header == {}
    assert body == text


def test_txt_header_crlf_and_bad_date(write, read_one) -> None:
    path = write(
        "story.txt", "Published: sometime soon\r\nSource: Wire\r\n\r\nBody line.\r\n"
    )
    doc = read_one(path)
    assert isinstance(doc, RawDoc)
    assert doc.published is None  # never guessed
    assert doc.source == "Wire"
    assert doc.content == "Body line."
    assert doc.record is None


def test_txt_header_only_is_failed(write, read_one) -> None:
    item = read_one(write("only.txt", "Published: 2024-01-01\nSource: Wire\n\n\n"))
    assert isinstance(item, FailedInput)
    assert "no article text" in item.reason


def test_txt_dev_article_reads(shared, read_one) -> None:
    articles = sorted((shared / "eval" / "dev" / "articles").glob("*.txt"))
    if not articles:
        pytest.skip("no dev articles")
    doc = read_one(articles[0])
    assert isinstance(doc, RawDoc)
    assert doc.published and doc.source
    assert not doc.content.startswith("Published:")
