"""Stage 3 helper: the mention candidate that ``people`` repairs, and its edges.

Input: a spaCy ``Doc`` and one model entity; output: a ``Candidate`` (token
range plus exact character range, with what was learnt on the way: honorific,
title, ALL CAPS, recovered, canonical name). ``first_paragraph`` cuts an entity
at its first paragraph break, ``set_tokens`` moves a candidate's edges and
``trim_span`` strips what never belongs to a name or organisation: a leading
determiner, honorific ("Mr") or title ("President"), a nationality before a
name, a dateline glued to it, and a trailing possessive "'s".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from wirefacts.extract.entities import EntityLexicon
from wirefacts.extract.titles import TitleLexicon, doc_text, is_break, is_capitalised
from wirefacts.names import strip_possessive

_POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019", "s"})


@dataclass(slots=True)
class Candidate:
    """A mention being repaired: token range plus exact character range."""

    start: int
    end: int
    label: str
    s_char: int
    e_char: int
    honorific: bool = False
    titled: bool = False
    caps: bool = False
    recovered: bool = False
    entity: str = ""
    words: list[str] = field(default_factory=list)


def first_paragraph(doc: Doc, ent: Span) -> Candidate | None:
    """The entity cut at its first paragraph break, as a candidate."""
    start, end = ent.start, ent.end
    for tok in ent:
        if tok.is_space and is_break(tok):
            if any(t.is_alpha for t in doc[start : tok.i]):
                end = tok.i
                break
            start = tok.i + 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if end <= start:
        return None
    span = doc[start:end]
    return Candidate(start, end, ent.label_, span.start_char, span.end_char)


def set_tokens(doc: Doc, cand: Candidate, start: int, end: int) -> None:
    """Move ``cand`` to tokens ``start:end`` and their exact characters."""
    cand.start, cand.end = start, end
    cand.s_char = doc[start].idx
    cand.e_char = doc[end - 1].idx + len(doc[end - 1].text)


def trim_span(
    doc: Doc, cand: Candidate, lex: EntityLexicon, tlex: TitleLexicon, person: bool
) -> bool:
    """Trim determiners, honorifics, titles, possessives; False if nothing is left."""
    start, end = cand.start, cand.end
    while start < end:
        tok = doc[start]
        word = tok.lower_.rstrip(".")
        if tok.lower_ in ("the", "a", "an") or tok.is_punct or tok.is_space:
            start += 1
        elif person and word in lex.honorifics and start + 1 < end:
            cand.honorific = True
            start += 1
        elif person and start + 1 < end and tlex.is_title_word(tok):
            cand.titled = True
            start += 1
        elif (
            person
            and start + 1 < end
            and tok.lower_ in lex.demonyms
            and is_capitalised(doc[start + 1])
        ):
            start += 1  # "Argentine Francis": the nationality is not the name
        elif (
            person
            and start + 2 < end
            and tok.is_upper
            and tok.is_alpha
            and len(tok.text) > 2
            and doc[start + 1].is_punct
            and not all(t.is_upper for t in doc[start + 1 : end] if t.is_alpha)
        ):
            start += 1  # a dateline glued to the name: "JAKARTA-- Chinese"
        else:
            break
    while end > start and (
        doc[end - 1].lower_ in _POSSESSIVE_TOKENS
        or doc[end - 1].is_space
        or doc[end - 1].is_punct
        and doc[end - 1].text != "."
    ):
        end -= 1
    if end <= start:
        return False
    set_tokens(doc, cand, start, end)
    text = doc_text(doc)[cand.s_char : cand.e_char]
    stripped = strip_possessive(text)
    cand.e_char -= len(text) - len(stripped)
    return cand.e_char > cand.s_char
