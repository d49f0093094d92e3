"""Stage 2 (clean): kept segments of the raw text and the clean -> raw offset map.

Input: a list of ``Piece`` (a slice of raw text kept as is, or a short replacement
standing for a raw span). Output: the cleaned text and ``Article.offset_map``.
Every step only chooses spans to keep, drop or replace, so offsets stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Piece:
    """``text`` appears in the clean text; it stands for raw text from ``raw_start``."""

    text: str
    raw_start: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace raw ``[start, end)`` by ``replace`` (empty: drop the span)."""

    start: int
    end: int
    replace: str = ""


def apply_edits(raw: str, start: int, end: int, edits: list[Edit]) -> list[Piece]:
    """Pieces of ``raw[start:end]`` with non-overlapping ``edits`` applied.

    Overlapping edits keep the earlier (then longer) one, so the result never
    repeats or reorders raw text.
    """
    pieces: list[Piece] = []
    cursor = start
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if edit.start < cursor or edit.end > end or edit.start >= edit.end:
            continue
        if edit.start > cursor:
            pieces.append(Piece(raw[cursor:edit.start], cursor))
        if edit.replace:
            pieces.append(Piece(edit.replace, edit.start))
        cursor = edit.end
    if cursor < end:
        pieces.append(Piece(raw[cursor:end], cursor))
    return pieces


def assemble(pieces: list[Piece]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join pieces into the clean text and its ``(clean, raw)`` offset map."""
    parts: list[str] = []
    offset_map: list[tuple[int, int]] = []
    clean_pos = 0
    for piece in pieces:
        if not piece.text:
            continue
        if offset_map:
            last_clean, last_raw = offset_map[-1]
            # contiguous raw text needs no new pair
            if last_raw + (clean_pos - last_clean) == piece.raw_start:
                parts.append(piece.text)
                clean_pos += len(piece.text)
                continue
        offset_map.append((clean_pos, piece.raw_start))
        parts.append(piece.text)
        clean_pos += len(piece.text)
    return "".join(parts), tuple(offset_map) or ((0, 0),)
