"""Stage 3 helper for quotes: pair quotation marks in cleaned text (str -> spans).

Input is the article text and the quote-mark lexicon (``data/rules/quotes.yml``);
output is a list of ``MarkedSpan`` (opening mark, closing mark, inner text offsets).
Character-level on purpose: offsets must index ``Article.text`` exactly, and the
tokenizer does not always split marks off scraped text ("said\"We").

Conventions followed (AP/Reuters style books):

* A straight mark ``"`` opens when it follows whitespace, a bracket or a dash and
  precedes a non-space; it closes when it follows a non-space and precedes space,
  punctuation or the end. Curly marks say what they are.
* A quote that runs over paragraphs has no closing mark at the end of each
  paragraph but the next paragraph opens again. Such a run is ONE span: its inner
  text runs from after the first opening mark to before the final closing mark, so
  it contains the paragraph break and the re-opening mark, e.g.
  ``Para one.\\n\\n"Para two.`` (``text[start:end]`` stays exact). The same holds for
  copy whose paragraphs were joined into one line: an opening mark after a
  sentence end, met while a quote is open, continues that quote (up to 1,200
  characters on: further, the open quote more likely lost its closing mark).
* An opening mark mid-sentence while a quote is open (a curly “, or a straight
  mark after a space more than 250 characters on) means the open quote lost its
  closing mark: that one is dropped and the new one opens.
* An opening mark never closed in its paragraph, and not continued in the next,
  is unbalanced: it is recorded (``MarkScan.unbalanced``) and skipped, not guessed
  (textacy raises on an odd number of marks; we record and move on).
* Single marks (‘…’ or '…') pair only outside double quotes, only inside one
  paragraph and not across a sentence-length limit, and never when the mark is
  an apostrophe: inside a word ("it's", "Trump's"), an elision ("'90s", "'em") or a
  plural possessive before a lower-case word ("farmers' union").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

OPEN, CLOSE, AMBIGUOUS = "open", "close", "ambiguous"

# A paragraph break: a blank line, or a new line starting with indentation (the
# Reuters-21578 layout, whose lines are otherwise hard-wrapped).
_BLANK_OR_INDENT = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+(?=\S)")
_NEWLINE = re.compile(r"\n\s*")
_SENTENCE_END = ".!?…"
_JOINED_MAX = 1200  # characters a quote may run before a re-opening mark
_NESTED = 250  # characters: beyond this an opening mark does not close a quote
_LINE_END = set('.!?…:"”’)]')
_APOSTROPHE_S = re.compile(r"(?:s|t|d|ll|re|ve|m)\b")
_DECADE = re.compile(r"\d{2}s?\b")
_OPEN_BEFORE = "([{<—–-/"  # characters after which a mark opens
_CLOSE_AFTER = ".,;:!?)]}>—–-/…"  # characters before which a mark closes


@dataclass(frozen=True, slots=True)
class MarkStyle:
    """One family of quotation marks: which glyphs open, close, or do both."""

    name: str  # "double" or "single"
    opening: frozenset[str]
    closing: frozenset[str]
    glyphs: frozenset[str]
    finder: re.Pattern[str]  # any glyph of the style


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """A quoted stretch: marks at ``open_at``/``close_at``; inner text ``start:end``."""

    open_at: int
    close_at: int
    start: int
    end: int
    style: str
    paragraphs: int = 1  # how many paragraphs the quote runs over


@dataclass(slots=True)
class MarkScan:
    """Result of scanning one text: the spans and the marks left unpaired."""

    spans: list[MarkedSpan] = field(default_factory=list)
    unbalanced: list[int] = field(default_factory=list)


def make_styles(pairs: Iterable[dict[str, str]], name: str) -> MarkStyle:
    """Build a style from the lexicon's ``{open: .., close: ..}`` pairs."""
    rows = list(pairs)
    opening = frozenset(str(r["open"]) for r in rows)
    closing = frozenset(str(r["close"]) for r in rows)
    glyphs = opening | closing
    finder = re.compile(
        "[" + "".join(re.escape(g) for g in sorted(glyphs)) + "]" if glyphs else r"(?!)"
    )
    return MarkStyle(name, opening, closing, glyphs, finder)


def paragraph_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of paragraph separators, sorted.

    Blank lines or indented new lines when the text has them. Otherwise single new
    lines, unless the text is hard-wrapped (most lines end mid-sentence, as in
    Reuters-21578 copy): then a new line after a sentence end is no sign either.
    """
    found = [(m.start(), m.end()) for m in _BLANK_OR_INDENT.finditer(text)]
    if found:
        return found
    lines = text.rstrip().split("\n")[:-1]
    ends = [line.rstrip()[-1:] for line in lines if line.strip()]
    if not ends or sum(e in _LINE_END for e in ends) * 2 < len(ends):
        return []
    return [(m.start(), m.end()) for m in _NEWLINE.finditer(text)]


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every paragraph, separators excluded."""
    ranges = []
    pos = 0
    for b_start, b_end in paragraph_breaks(text):
        if b_start > pos:
            ranges.append((pos, b_start))
        pos = b_end
    if pos < len(text):
        ranges.append((pos, len(text)))
    return ranges


def context_role(text: str, i: int) -> str:
    """Open/close/ambiguous from the characters either side of position ``i``."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = (before.isspace() or before in _OPEN_BEFORE) and not after.isspace()
    closes = (not before.isspace()) and (after.isspace() or after in _CLOSE_AFTER)
    if opens and not closes:
        return OPEN
    if closes and not opens:
        return CLOSE
    return AMBIGUOUS


def _role(style: MarkStyle, text: str, i: int) -> str:
    ch = text[i]
    if ch in style.opening and ch not in style.closing:
        return OPEN
    if ch in style.closing and ch not in style.opening:
        return CLOSE
    return context_role(text, i)


def _after_sentence_end(text: str, i: int, floor: int) -> bool:
    """True when the last non-space character before ``i`` ends a sentence."""
    j = i - 1
    while j >= floor and text[j].isspace():
        j -= 1
    return j >= floor and (text[j] in _SENTENCE_END or text[j] in ":")


def scan_double(text: str, style: MarkStyle) -> MarkScan:
    """Pair double quotation marks paragraph by paragraph (see module docstring)."""
    scan = MarkScan()
    paragraphs = paragraph_ranges(text)
    all_marks = [
        m.start()
        for m in style.finder.finditer(text)
        if not _apostrophe_like(text, m.start())
    ]
    opened: int | None = None  # position of the open mark of the current quote
    spread = 1
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = all_marks[
            bisect_left(all_marks, p_start) : bisect_left(all_marks, p_end)
        ]
        first = True
        for i in marks:
            role = _role(style, text, i)
            if opened is None:
                if role == CLOSE:
                    scan.unbalanced.append(i)  # a stray closing mark
                else:
                    opened, spread = i, 1
            elif first and i == _first_visible(text, p_start) and role != CLOSE:
                pass  # re-opening mark of a quote continued from the last paragraph
            elif (
                role == OPEN
                and _after_sentence_end(text, i, opened + 1)
                and i - opened <= _JOINED_MAX
            ):
                pass  # paragraphs joined into one line: the quote goes on
            elif role == OPEN and (
                text[i] not in style.closing or i - opened > _NESTED
            ):
                # an opening mark mid-sentence: the open quote lost its closing mark
                # (short spans may be a nested quote typed with double marks)
                scan.unbalanced.append(opened)
                opened, spread = i, 1
            else:
                scan.spans.append(_span(text, opened, i, style.name, spread))
                opened = None
            first = False
        if opened is not None:
            nxt = paragraphs[p_index + 1][0] if p_index + 1 < len(paragraphs) else None
            if (
                nxt is not None
                and text[nxt] in style.glyphs
                and _role(style, text, nxt) != CLOSE
            ):
                spread += 1  # the next paragraph opens again: same quote
            else:
                scan.unbalanced.append(opened)
                opened = None
    return scan


def _apostrophe_like(text: str, i: int) -> bool:
    """A double mark typed for an apostrophe (old wire copy): ``Suharto"s``."""
    return (
        i > 0 and text[i - 1].isalpha() and _APOSTROPHE_S.match(text, i + 1) is not None
    )


def _first_visible(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _span(
    text: str, open_at: int, close_at: int, style: str, spread: int
) -> MarkedSpan:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return MarkedSpan(open_at, close_at, start, end, style, spread)


def scan_single(
    text: str,
    style: MarkStyle,
    elisions: Sequence[str],
    outside: Sequence[MarkedSpan],
    max_chars: int = 300,
) -> MarkScan:
    """Pair single quotation marks that are not apostrophes, outside double quotes."""
    scan = MarkScan()
    blocked = [(s.open_at, s.close_at) for s in outside]
    elision_re = (
        re.compile(
            r"(?:" + "|".join(re.escape(e) for e in elisions) + r")\b", re.IGNORECASE
        )
        if elisions
        else None
    )
    openers = [
        m.start() for m in style.finder.finditer(text) if m.group() in style.opening
    ]
    if not openers:
        return scan
    taken = -1  # end of the last span found: spans do not overlap
    for p_start, p_end in paragraph_ranges(text):
        for i in openers[bisect_left(openers, p_start) : bisect_left(openers, p_end)]:
            if (
                i <= taken
                or not _single_opens(text, i, elision_re)
                or _inside(i, blocked)
            ):
                continue
            j = _single_close(text, i + 1, min(p_end, i + 1 + max_chars), style)
            if (
                j is not None
                and not _inside(j, blocked)
                and not _crosses(i, j, blocked)
            ):
                scan.spans.append(_span(text, i, j, style.name, 1))
                taken = j
    return scan


def _single_opens(text: str, i: int, elision_re: re.Pattern[str] | None) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if not (before.isspace() or before in _OPEN_BEFORE or before in '"“'):
        return False
    if not after.isalnum():
        return False
    if _DECADE.match(text, i + 1):
        return False  # '90s, '19
    return not (elision_re and elision_re.match(text, i + 1))


def _single_close(text: str, lo: int, hi: int, style: MarkStyle) -> int | None:
    for j in range(lo, hi):
        ch = text[j]
        if ch == "\n" and j + 1 < hi and text[j + 1] in "\n \t":
            return None
        if ch not in style.closing:
            continue
        before = text[j - 1]
        after = text[j + 1] if j + 1 < len(text) else " "
        if before.isspace() or after.isalnum():
            continue  # an opening mark or an apostrophe inside a word
        if (
            before in "sS"
            and after == " "
            and j + 2 < len(text)
            and text[j + 2].islower()
        ):
            continue  # plural possessive: "the farmers' union"
        if after.isspace() or after in _CLOSE_AFTER or after in '"”':
            return j
    return None


def _inside(i: int, blocked: Sequence[tuple[int, int]]) -> bool:
    return any(a <= i <= b for a, b in blocked)


def _crosses(i: int, j: int, blocked: Sequence[tuple[int, int]]) -> bool:
    return any(i < a < j or i < b < j for a, b in blocked)
