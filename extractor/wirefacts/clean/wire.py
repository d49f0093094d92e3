"""Stage 2 (clean): wire-copy artefacts found as spans of the raw body text.

Input: raw wire text (as printed, or extracted from a page) and ``CleaningRules``.
Output: ``WireCleaning`` -- the kept ``Piece`` list plus what was moved out of the
text: dateline place, credit names and byline author. Each step is a small pure
function that chooses spans; nothing here rewrites text beyond same-place
replacements, so the clean -> raw offset map stays exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wirefacts.clean.credits import merge_sources, name_credit, split_credits
from wirefacts.clean.patterns import CleaningRules
from wirefacts.clean.pullquotes import find_pull_quotes
from wirefacts.clean.segments import Edit, Piece, apply_edits

# How far back from the end a trailer or credit line may start.
TAIL_WINDOW = 600
MAX_HEAD_STEPS = 4
NEWLINE_RUN = re.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*")
SENTENCE_END = frozenset('.!?"”’:)]')
# Spaces that only differ from " " in typography; replaced one for one.
SPACE_LIKE = re.compile("[\n\t\u00a0\u2007\u202f\u2009\u200a]")
PARAGRAPH_BREAK = "\n\n"


@dataclass(slots=True)
class WireCleaning:
    """The outcome of cleaning one wire body."""

    pieces: list[Piece] = field(default_factory=list)
    dateline: str | None = None
    sources: tuple[str, ...] = ()
    author: str | None = None


@dataclass(slots=True)
class Head:
    """What the top of the body held: where the body starts and what was moved."""

    start: int
    dateline: str | None = None
    agencies: list[str] = field(default_factory=list)
    author: str | None = None


def clean_wire(raw: str, rules: CleaningRules) -> WireCleaning:
    """Find and drop wire artefacts in ``raw``; return kept pieces and metadata."""
    cut, credits = find_tail(raw, 0, rules)
    head = find_head(raw, cut, rules)
    paragraphs = split_paragraphs(raw, head.start, cut)
    paragraphs = [p for p in paragraphs if not is_furniture(raw[p[0]:p[1]], rules)]
    quotes = find_pull_quotes([raw[s:e] for s, e in paragraphs], rules.pull_quotes)
    kept = [p for i, p in enumerate(paragraphs) if i not in quotes]
    return WireCleaning(
        pieces=join_paragraphs(raw, kept, rules),
        dateline=head.dateline,
        sources=merge_sources(head.agencies, credits),
        author=head.author,
    )


def find_tail(raw: str, start: int, rules: CleaningRules) -> tuple[int, list[str]]:
    """Peel trailers and credit lines off the end; return the new end and credits.

    Patterns are tried again after each hit because trailers stack and may be
    glued to the credit line ("...WASHINGTON POSTSEE OPINION").
    """
    cut = len(raw)
    credits: list[str] = []
    while True:
        cut = rstrip_position(raw, start, cut)
        hit = None
        for rule in rules.tail:
            match = rule.regex.search(raw, max(start, cut - TAIL_WINDOW), cut)
            if match is None or match.start() <= start or match.end() != cut:
                continue
            names: list[str] = []
            if "credits" in rule.regex.groupindex and match.group("credits"):
                names = split_credits(match.group("credits"), rules)
                if not names:
                    continue
            hit = match.start(), names
            break
        if hit is None:
            return cut, credits
        cut, names = hit
        credits[:0] = names


def find_head(raw: str, end: int, rules: CleaningRules) -> Head:
    """Skip bylines, notices and the dateline at the top of the body."""
    head = Head(start=lstrip_position(raw, 0, end))
    dateline_seen = False
    for _ in range(MAX_HEAD_STEPS):
        moved = False
        for rule in rules.leading:
            match = rule.regex.match(raw, head.start, end)
            if match and match.end() > head.start and match.end() < end:
                author = match.groupdict().get("author")
                if author and head.author is None:
                    head.author = author.strip()
                head.start = lstrip_position(raw, match.end(), end)
                moved = True
                break
        if not dateline_seen:
            found = match_dateline(raw, head.start, end, rules)
            if found is not None:
                stop, place, agency = found
                head.dateline = place
                if agency:
                    head.agencies.append(agency)
                head.start = lstrip_position(raw, stop, end)
                dateline_seen = moved = True
        if not moved:
            return head
    return head


def match_dateline(raw: str, start: int, end: int,
                   rules: CleaningRules) -> tuple[int, str | None, str | None] | None:
    """``(end, place, agency)`` of a dateline opening ``raw[start:end]``, or None."""
    for rule in rules.datelines:
        match = rule.regex.match(raw, start, end)
        if match is None or match.end() >= end:
            continue
        groups = match.groupdict()
        place = (groups.get("place") or "").strip(" ,") or None
        agency = groups.get("agency")
        agency_name = name_credit(agency.strip(), rules) if agency else None
        if place and place.casefold() in rules.agencies:
            continue
        return match.end(), place, agency_name
    return None


def dateline_place(printed: str | None, rules: CleaningRules) -> str | None:
    """The place part of a dateline given apart from the body ("LONDON, March 9 - ")."""
    if not printed or not printed.strip():
        return None
    probe = printed.strip().rstrip("-–—•: ") + " - x"
    found = match_dateline(probe, 0, len(probe), rules)
    if found is not None and found[1]:
        return found[1]
    return printed.strip().split(",")[0].strip(" -–—•:") or None


def split_paragraphs(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the paragraphs in ``raw[start:end]``, outer whitespace trimmed.

    A paragraph ends at a blank line, at a newline before an indented line (the
    Reuters-21578 layout) or at a newline after sentence-final punctuation; any
    other newline is a hard wrap inside the paragraph.
    """
    spans = []
    para_start = start
    for match in NEWLINE_RUN.finditer(raw, start, end):
        before = raw[match.start() - 1] if match.start() > start else ""
        is_break = (
            match.group().count("\n") > 1
            or (match.group().endswith((" ", "\t")) and match.end() < end)
            or before in SENTENCE_END
        )
        if is_break:
            spans.append((para_start, match.start()))
            para_start = match.end()
    spans.append((para_start, end))
    trimmed = []
    for s, e in spans:
        s, e = lstrip_position(raw, s, e), rstrip_position(raw, s, e)
        if e > s:
            trimmed.append((s, e))
    return trimmed


def is_furniture(paragraph: str, rules: CleaningRules) -> bool:
    """True for a short paragraph that is a trailer, caption or web furniture."""
    stripped = paragraph.strip()
    if len(stripped) > rules.paragraph_max_chars:
        return False
    return any(rule.regex.fullmatch(stripped) for rule in rules.paragraphs)


def paragraph_edits(raw: str, start: int, end: int, rules: CleaningRules) -> list[Edit]:
    """Scrape artefacts inside one paragraph, hard wraps and odd spaces."""
    edits = []
    for rule in rules.inline:
        for match in rule.regex.finditer(raw, start, end):
            if match.end() > match.start():
                edits.append(Edit(match.start(), match.end(), rule.replace))
    for match in SPACE_LIKE.finditer(raw, start, end):
        edits.append(Edit(match.start(), match.end(), " "))
    return edits


def join_paragraphs(raw: str, kept: list[tuple[int, int]],
                    rules: CleaningRules) -> list[Piece]:
    """Pieces of the kept paragraphs, separated by one blank line each."""
    pieces: list[Piece] = []
    for index, (start, end) in enumerate(kept):
        if index:
            # stands for the raw gap; equal to it when the copy used blank lines
            pieces.append(Piece(PARAGRAPH_BREAK, kept[index - 1][1]))
        pieces.extend(apply_edits(raw, start, end, paragraph_edits(raw, start, end,
                                                                   rules)))
    return trim_pieces(pieces)


def trim_pieces(pieces: list[Piece]) -> list[Piece]:
    """Drop whitespace a removed artefact left at either end of the text."""
    while pieces and not pieces[0].text.strip():
        pieces.pop(0)
    while pieces and not pieces[-1].text.strip():
        pieces.pop()
    if pieces:
        first = pieces[0]
        lead = len(first.text) - len(first.text.lstrip())
        pieces[0] = Piece(first.text[lead:], first.raw_start + lead)
        last = pieces[-1]
        pieces[-1] = Piece(last.text.rstrip(), last.raw_start)
    return pieces


def lstrip_position(raw: str, start: int, end: int) -> int:
    """First non-space position in ``raw[start:end]`` (``end`` if none)."""
    while start < end and raw[start].isspace():
        start += 1
    return start


def rstrip_position(raw: str, start: int, end: int) -> int:
    """End of ``raw[start:end]`` with trailing whitespace removed."""
    while end > start and raw[end - 1].isspace():
        end -= 1
    return end
