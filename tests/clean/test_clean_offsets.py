"""Stage 2 (clean): the clean -> raw offset map is exact; clean() never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wirefacts.clean import clean
from wirefacts.facts import RawDoc

WIRE = ("WASHINGTON • Trade negotiators resumed talks.\n\n"
        "CORRECTING IMBALANCES What we need is to correct the big imbalances, not just "
        "the trade deficit... COMMERCE SECRETARY WILBUR ROSS\n\n"
        '"What we need is to correct the big imbalances, not just the trade deficit," '
        "Mr Ross said.\n\nBoeing (BA.N)New Tab shares rose. read more Airbus fell.\n\n"
        "BLOOMBERG, REUTERS, WASHINGTON POST\n\nSEE OPINION")


def assert_offsets_exact(article):
    for position, char in enumerate(article.text):
        raw_position = article.raw_offset(position)
        assert 0 <= raw_position < max(1, len(article.raw_text))
        if not char.isspace():
            assert article.raw_text[raw_position] == char, position
    pairs = article.offset_map
    assert list(pairs) == sorted(pairs)
    for before, after in zip(pairs, pairs[1:], strict=False):
        assert after[0] > before[0] and after[1] > before[1]


def test_offsets_map_every_kept_character(rules):
    article = clean(RawDoc("w.txt", WIRE), rules)
    assert article.raw_text == WIRE
    assert_offsets_exact(article)
    start = article.text.index("Mr Ross said")
    raw_start = article.raw_offset(start)
    assert WIRE[raw_start:raw_start + 12] == "Mr Ross said"


def paragraphs_in_order(article):
    """Each kept paragraph comes from its own place in raw_text, after the
    previous one's: nothing is reordered and no raw paragraph is kept twice."""
    cursor = -1
    clean_at = 0
    for paragraph in article.text.split("\n\n"):
        if paragraph.strip():
            raw_at = article.raw_offset(clean_at)
            assert raw_at > cursor
            cursor = article.raw_offset(clean_at + len(paragraph.rstrip()) - 1)
        clean_at += len(paragraph) + 2


WIRE_PIECES = st.sampled_from([
    "WASHINGTON • ", "LONDON (Reuters) - ", "REUTERS", "SEE OPINION", "\n\n", "\n",
    "By John Smith\n\n", "(BA.N)New Tab", ", opens new tab", " read more ",
    "CORRECTING IMBALANCES ", "Mr Trump said the talks went well.", " - Reuters",
    '"We need a deal," he said.', "PHOTO: AFP", "\u00a0", "(Reporting by X)",
])


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(WIRE_PIECES, st.text(max_size=40)), max_size=25))
def test_offsets_property_never_raises_and_stays_consistent(rules, parts):
    raw = "".join(parts)
    article = clean(RawDoc("h.txt", raw), rules)
    assert_offsets_exact(article)
    paragraphs_in_order(article)
