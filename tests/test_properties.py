"""Property tests (hypothesis) for reading, cleaning and extraction on any input.

For arbitrary bytes and wire-like text: the readers yield RawDoc/FailedInput or
raise InputError, the cleaner returns an Article or raises a WirefactsError,
cleaning never duplicates or reorders paragraphs, and every extracted fact
satisfies ``text[start:end] == fact.text``. Example counts are modest here;
``WIREFACTS_LONG=1`` (``make test-long``) runs many more.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wirefacts.clean import clean
from wirefacts.errors import WirefactsError
from wirefacts.facts import Article, FailedInput, RawDoc, check_offsets
from wirefacts.read.registry import SUPPORTED_SUFFIXES, read_bytes

LONG = os.environ.get("WIREFACTS_LONG") == "1"


def examples(fast: int, long: int) -> settings:
    """Hypothesis settings: ``fast`` examples normally, ``long`` under LONG."""
    return settings(
        max_examples=long if LONG else fast,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
    )


# Pieces of real wire copy and markup; hypothesis shuffles and repeats them.
WIRE_PIECES = [
    "WASHINGTON (Reuters) - ",
    "SINGAPORE, March 3 (Xinhua) -- ",
    "President Donald Trump said on Thursday ",
    "tariffs on US$250 billion of Chinese goods will rise to 25 per cent ",
    "from 10% on Oct. 15. ",
    '"We will win," Mr Trump said. ',
    "\u201cIt is a bad deal,\u201d said Ms Ng. ",
    "The EU imposed duties of 15 percent last month. ",
    "S$1.2 million",
    "\n\n",
    "\n",
    "  ",
    "(Reporting by Jane Doe; Editing by Tom Lee)",
    "SEE ALSO: Steel prices",
    "Advertisement",
    "READ MORE: ",
    "Published: 2024-03-14\n",
    "Title: Steel\n",
    "Reuter\n",
    "-- ",
    "\u2014",
    "\u00a0",
    "\t",
    "'",
    '"',
    "=",
    "@",
    "\u200b",
    "\ufeff",
    "\r\n",
]
MARKUP_PIECES = [
    "<html>", "<body>", "<p>", "</p>", "<div class='nav'>", "</div>", "<script>x=1",
    "</script>", "<!-- c -->", "<title>T</title>", "<REUTERS NEWID=\"1\">",
    "</REUTERS>", "<BODY>", "</BODY>", "<TEXT>", "</TEXT>", "&lt;", "&#3;", "&amp;",
    '{"text": "', '"}', "[", "]", ",", "\n", "<?xml version='1.0'?>", "<nitf>",
    "<body.content>", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "text,title\n",
    '"a,b",c\n',
]

wire_text = st.lists(
    st.one_of(st.sampled_from(WIRE_PIECES), st.text(max_size=12)), max_size=40
).map("".join)
markup_text = st.lists(
    st.one_of(st.sampled_from(MARKUP_PIECES + WIRE_PIECES), st.text(max_size=8)),
    max_size=40,
).map("".join)
any_bytes = st.one_of(
    st.binary(max_size=600),
    markup_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    wire_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    wire_text.map(lambda s: s.encode("cp1252", "replace")),
    wire_text.map(lambda s: s.encode("utf-16")),
)
SUFFIXES = sorted(SUPPORTED_SUFFIXES | {"", ".dat"})


@examples(fast=150, long=5000)
@given(data=any_bytes, suffix=st.sampled_from(SUFFIXES))
def test_readers_return_docs_or_raise_input_error(data: bytes, suffix: str) -> None:
    try:
        items = list(read_bytes(data, "f" + suffix, suffix))
    except WirefactsError:
        return
    for item in items:
        assert isinstance(item, RawDoc | FailedInput)
        if isinstance(item, RawDoc):
            assert isinstance(item.content, str) and item.content.strip()
        else:
            assert item.reason and "\n" not in item.reason


def _paragraph_starts(article: Article) -> list[int]:
    """Raw offsets of the first character of every cleaned paragraph."""
    starts, position = [], 0
    for paragraph in article.text.split("\n\n"):
        if paragraph.strip():
            first = position + len(paragraph) - len(paragraph.lstrip())
            starts.append(article.raw_offset(first))
        position += len(paragraph) + 2
    return starts


def _cleaned(rules, text: str, kind: str) -> Article | None:
    raw = RawDoc(source_path="p.txt", content=text, kind=kind)  # type: ignore[arg-type]
    try:
        return clean(raw, rules)
    except WirefactsError:
        return None


@examples(fast=150, long=5000)
@given(text=wire_text)
def test_cleaning_keeps_paragraph_order_without_copies(rules, text: str) -> None:
    article = _cleaned(rules, text, "text")
    if article is None:
        return
    starts = _paragraph_starts(article)
    # Strictly increasing raw positions: no paragraph repeated, none moved up.
    assert starts == sorted(set(starts)), (article.text, starts)
    for clean_pos, raw_pos in article.offset_map:
        assert 0 <= clean_pos <= len(article.text)
        assert 0 <= raw_pos <= len(article.raw_text)
    raws = [r for _, r in article.offset_map]
    assert raws == sorted(raws)


@examples(fast=60, long=2000)
@given(text=markup_text)
def test_cleaning_html_returns_article_or_project_error(rules, text: str) -> None:
    article = _cleaned(rules, text, "html")
    if article is not None:
        assert isinstance(article.text, str)
        raws = [r for _, r in article.offset_map]
        assert raws == sorted(raws)


@pytest.mark.slow
@examples(fast=30, long=800)
@given(text=wire_text)
def test_extracted_facts_point_at_their_own_text(rules, nlp, text: str) -> None:
    article = _cleaned(rules, text, "text")
    if article is None:
        return
    extractor = _extractor(rules, nlp)
    try:
        facts = extractor.extract(article)
    except WirefactsError:
        return
    assert check_offsets(article.text, facts) == []


_EXTRACTORS: dict[int, object] = {}


def _extractor(rules, nlp):  # type: ignore[no-untyped-def]
    """One Extractor for the session's rules and pipeline (built once)."""
    from wirefacts.extract.article import Extractor

    key = id(nlp)
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(rules, nlp)
    return _EXTRACTORS[key]
