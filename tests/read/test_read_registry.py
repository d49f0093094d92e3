"""Files and folders -> readers: expansion, gzip, sniffing, never raising."""

# ruff: noqa: E501 - fixtures quote real documents line for line

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wirefacts.errors import InputError
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read import iter_input_files, read_bytes, read_path

STORY = "Published: 2024-03-14\nTitle: Steel\n\nWASHINGTON (Reuters) - Tariffs rose.\n"


def test_registry_iter_input_files_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.txt",
        ".hidden.txt",
        "sub/c.json",
        "sub/.git/config",
        ".git/HEAD",
        "sub/deeper/d.sgm",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    missing = tmp_path / "missing.txt"
    found = list(iter_input_files([tmp_path, missing, tmp_path / "a.txt"]))
    names = [p.relative_to(tmp_path).as_posix() for p in found if isinstance(p, Path)]
    assert names == ["a.txt", "b.txt", "sub/c.json", "sub/deeper/d.sgm"]
    assert found[-1] == FailedInput(str(missing), "no such file or directory")
    flat = list(iter_input_files([str(tmp_path)], recursive=False))
    assert [p.name for p in flat] == ["a.txt", "b.txt"]


def test_registry_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    hidden = tmp_path / ".story.txt"
    hidden.write_text(STORY)
    assert list(iter_input_files([hidden])) == [hidden]


def test_registry_bad_inputs_each_fail_with_reason(tmp_path, bad_inputs_module) -> None:
    expected = bad_inputs_module.make_bad_inputs(tmp_path)
    for path in iter_input_files([tmp_path]):
        items = list(read_path(path))
        assert len(items) == 1, (path, items)
        [item] = items
        assert isinstance(item, FailedInput), (path, item)
        assert expected[path.name] in item.reason, (path.name, item.reason)
        assert item.source_path == str(path) and "\n" not in item.reason


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.txt.gz", gzip.compress(STORY.encode()), "text"),
        (
            "page.html.gz",
            gzip.compress(b"<html><head><title>T</title></head></html>"),
            "html",
        ),
        ("feed.jsonl.gz", gzip.compress(b'{"text": "x"}\n'), "text"),
        (
            "double.txt.gz",
            gzip.compress(STORY.encode()[:20]) + gzip.compress(STORY.encode()[20:]),
            "text",
        ),
        ("disguised.txt", gzip.compress(STORY.encode()), "text"),
    ],
    ids=["txt", "html", "jsonl", "multi-member", "gzip-without-suffix"],
)
def test_registry_gzip_transparent(
    write, read_one, name: str, data: bytes, kind: str
) -> None:
    item = read_one(write(name, data))
    assert isinstance(item, RawDoc) and item.kind == kind


def test_registry_gzip_trailing_garbage_and_bad_crc(write, read_one) -> None:
    good = gzip.compress(STORY.encode())
    assert isinstance(read_one(write("tail.txt.gz", good + b"\x00\x00junk")), RawDoc)
    bad_crc = good[:-8] + bytes(4) + good[-4:]
    item = read_one(write("crc.txt.gz", bad_crc))
    assert isinstance(item, FailedInput) and "corrupt gzip" in item.reason


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("story", STORY, "text"),
        ("page.dat", "<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        ("feed.bak", '[{"text": "one"}, {"text": "two"}]', 2),
        ("lines.log", '{"text": "one"}\n{"text": "two"}\n{"text": "three"}\n', 3),
        (
            "archive.001",
            '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS NEWID="1"><TEXT>'
            "<BODY>Body.\n Reuter\n&#3;</BODY></TEXT></REUTERS>",
            "text",
        ),
        (
            "notes.md",
            "# Just a readme\n\nNo header block here.\n",
            "unsupported file type (.md)",
        ),
        (
            "LICENSE",
            "MIT License\n\nCopyright\n",
            "unsupported file type (no extension)",
        ),
    ],
    ids=["header-text", "html", "json", "jsonl", "sgml", "markdown", "no-extension"],
)
def test_registry_sniffs_unknown_extension(write, name: str, data: str, expect) -> None:
    items = list(read_path(write(name, data)))
    if isinstance(expect, int):
        assert len(items) == expect and all(isinstance(i, RawDoc) for i in items)
    elif expect in ("text", "html"):
        assert (
            len(items) == 1 and isinstance(items[0], RawDoc) and items[0].kind == expect
        )
    else:
        assert items == [FailedInput(items[0].source_path, expect)]


def test_registry_wrong_extension(write, read_one) -> None:
    """Binary junk named .txt, JSON named .txt: refused or read as text, never a crash."""
    junk = read_one(
        write("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    )
    assert junk == FailedInput(junk.source_path, "binary file")
    json_as_txt = read_one(write("data.txt", json.dumps({"text": "x"})))
    assert isinstance(json_as_txt, RawDoc)


def test_registry_latin1_and_bom_text(write, read_one) -> None:
    latin = read_one(
        write(
            "latin.txt",
            "Title: Caf\xe9\n\nSoci\xe9t\xe9 G\xe9n\xe9rale said.\n".encode("latin-1"),
        )
    )
    assert latin.title == "Café" and latin.content == "Société Générale said."
    bom = read_one(write("bom.txt", b"\xef\xbb\xbf" + STORY.encode()))
    assert bom.title == "Steel" and bom.published == "2024-03-14"


def test_registry_size_limit(write) -> None:
    path = write("big.txt", "word " * 3000)
    [item] = read_path(path, max_bytes=10 * 1024)
    assert item == FailedInput(str(path), "file over 10 KB limit")
    bomb = write("bomb.txt.gz", gzip.compress(b"a" * (200 * 1024)))
    [item] = read_path(bomb, max_bytes=10 * 1024)
    assert isinstance(item, FailedInput) and "limit once decompressed" in item.reason


def test_registry_folder_and_special_files(tmp_path: Path) -> None:
    [item] = read_path(tmp_path)
    assert item.reason == "is a folder, not a file"
    [item] = read_path(tmp_path / "nope.txt")
    assert item.reason == "no such file"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        [item] = read_path(fifo)
        assert item.reason == "not a regular file"


def test_registry_samples_all_read() -> None:
    samples = Path(__file__).resolve().parents[2] / "data" / "samples"
    items = [item for path in iter_input_files([samples]) for item in read_path(path)]
    assert items and all(isinstance(i, RawDoc) for i in items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.text(max_size=1024).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [b"<", b"{", b"[", b"<REUTERS", b"\x1f\x8b", b"Title: x\n\n"]
        ).flatmap(lambda head: st.binary(max_size=512).map(lambda tail: head + tail)),
    ),
    suffix=st.sampled_from(
        [
            ".txt",
            ".html",
            ".json",
            ".jsonl",
            ".csv",
            ".sgm",
            ".xml",
            ".nitf",
            ".gz",
            ".txt.gz",
            ".dat",
            "",
        ]
    ),
)
def test_registry_never_raises_on_arbitrary_bytes(
    tmp_path_factory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_path(path))
    assert items
    for item in items:
        assert isinstance(item, (RawDoc, FailedInput))
        assert item.source_path == str(path)
        if isinstance(item, RawDoc):
            assert item.content.strip()
        else:
            assert item.reason and "\n" not in item.reason


@pytest.mark.parametrize("suffix", [".txt", ".json", ".sgm", ".xml"])
def test_registry_read_bytes_raises_input_error(suffix: str) -> None:
    with pytest.raises(InputError, match="binary file"):
        list(read_bytes(b"\x00\x01binary", "mem" + suffix, suffix))
