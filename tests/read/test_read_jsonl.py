"""JSON and JSON Lines: one article, arrays, containers, bad records."""

from __future__ import annotations

import json

import pytest
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read import read_path


def _items(path):
    return list(read_path(path))


def test_jsonl_single_object(write, read_one) -> None:
    doc = read_one(
        write(
            "one.json",
            json.dumps(
                {
                    "id": 7,
                    "title": " A  title ",
                    "published": "2024-06-03",
                    "source": {"name": "Wire"},
                    "url": "https://x/y",
                    "authors": [{"name": "A B"}, "C D"],
                    "text": "Body \u00a0text.",
                }
            ),
        )
    )
    assert doc == RawDoc(
        source_path=doc.source_path,
        content="Body  text.",
        external_id="7",
        title="A title",
        published="2024-06-03",
        source="Wire",
        url="https://x/y",
        author="A B, C D",
    )


def test_jsonl_array_with_wrong_typed_fields(write) -> None:
    data = [
        {
            "body": "First.",
            "title": ["not", "a", "string"],
            "date": {"nested": True},
            "id": None,
        },
        {"content": 42},
        "just a string",
        {"title": "no text"},
        {"text": "   "},
        {"text": ["Para one.", "Para two."], "published": 1556668800},
    ]
    items = _items(write("many.json", json.dumps(data)))
    assert [type(i).__name__ for i in items] == [
        "RawDoc",
        "FailedInput",
        "FailedInput",
        "FailedInput",
        "FailedInput",
        "RawDoc",
    ]
    first, last = items[0], items[-1]
    assert first.content == "First." and first.title is None and first.published is None
    assert first.record == "item 1"
    assert "not a string" in items[1].reason and items[1].record == "item 2"
    assert "not an article object" in items[2].reason
    assert "no text field" in items[3].reason
    assert "empty text" in items[4].reason
    assert last.content == "Para one.\n\nPara two." and last.published == "2019-05-01"


def test_jsonl_container_mapping(write) -> None:
    data = {
        "articles": {
            "Headline A": {
                "title": "Headline A",
                "text": "A.",
                "publish_date": "January 12, 2024 12:34 PM GMT+1",
            },
            "Headline B": {"title": "Headline B", "text": "B."},
        }
    }
    items = _items(write("boeing-shape.json", json.dumps(data)))
    assert [(i.record, i.title, i.published) for i in items] == [
        ("item 1", "Headline A", "2024-01-12"),
        ("item 2", "Headline B", None),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"text": "a",\n"title": }', "not valid JSON at line 2"),
        ("42", "not an article object or list"),
        ("[]", "holds no articles"),
        ('{"meta": {"count": 0}}', "no article text field"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
    ids=["syntax", "scalar", "empty-list", "no-articles", "deep"],
)
def test_jsonl_bad_json_file(write, read_one, content: str, reason: str) -> None:
    item = read_one(write("bad.json", content))
    assert isinstance(item, FailedInput)
    assert reason in item.reason
    assert item.record is None


def test_jsonl_lines_with_a_bad_line(write) -> None:
    lines = [
        '{"id": "a", "text": "One."}',
        "",
        "{broken",
        '{"id": "b", "text": "Two."}',
        "[1]",
    ]
    items = _items(write("feed.jsonl", "\n".join(lines) + "\n"))
    assert [(type(i).__name__, i.record) for i in items] == [
        ("RawDoc", "line 1"),
        ("FailedInput", "line 3"),
        ("RawDoc", "line 4"),
        ("FailedInput", "line 5"),
    ]
    assert items[1].reason.startswith("not valid JSON at line 3")


def test_jsonl_saved_as_json_is_read_as_lines(write) -> None:
    items = _items(write("feed.json", '{"text": "One."}\n{"text": "Two."}\n'))
    assert [i.content for i in items] == ["One.", "Two."]


def test_jsonl_reuters_2025_corpus(corpora) -> None:
    path = corpora / "reuters-2025-05" / "reuters_articles.json"
    items = _items(path)
    assert len(items) == 499
    assert all(isinstance(i, RawDoc) for i in items)
    first = items[0]
    assert first.title == "Albania votes as PM Rama seeks fourth term"
    assert first.published and first.published.startswith("2025-05")
    assert first.url and first.url.startswith("https://www.reuters.com/")
    assert first.content.startswith("TIRANA, May 10 (Reuters) - ")
    assert len({i.record for i in items}) == 499


def test_jsonl_boeing_corpus(corpora) -> None:
    folder = corpora / "boeing-news-2017-2024"
    counts = {
        "bbc_scraped_articles.json": 651,
        "cnn_scraped_articles.json": 791,
        "reuters_articles.json": 189,
    }
    for name, count in counts.items():
        items = _items(folder / name)
        assert len(items) == count
        docs = [i for i in items if isinstance(i, RawDoc)]
        failed = [i for i in items if isinstance(i, FailedInput)]
        assert all(f.reason.endswith("empty text") for f in failed)
        assert len(docs) >= count - 40
        assert all(d.published and d.title for d in docs)
    cnn = _items(folder / "cnn_scraped_articles.json")[0]
    assert (
        cnn.title
        == "Boeing defends its planes\u2019 safety ahead of whistleblower hearing"
    )
    assert cnn.published == "2024-04-15"
    assert cnn.author == "Chris Isidore, Pete Muntean"
