"""Stage 3 helper: linking the names of one person within an article.

Input: a spaCy ``Doc``, the repaired candidates and the entity lexicon; output:
the PERSON candidates, each with its canonical name (``Candidate.entity``).
Full names that agree on first and last word, or one of which ends the other
("Boone Pickens" of "T. Boone Pickens"), are one person named by the fullest
form; a surname, honorific or ALL-CAPS form ("Trump", "Mr Xi", "WILBUR ROSS")
links to that full name (namesakes: the one introduced last before it), a
well-known surname alone to the ``known_people`` lexicon ("Putin"), and an ORG
that is a person's name ("the Trump administration") becomes a PERSON. A lone
word tied to no full name, title or honorific is dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from spacy.tokens import Doc

from wirefacts.extract.entities import EntityLexicon
from wirefacts.extract.mention_candidate import Candidate
from wirefacts.extract.titles import doc_text
from wirefacts.names import org_key, person_key, strip_possessive

_MALE_OR_NEUTRAL_HONORIFICS = frozenset({"mr", "dr", "sir", "prof", "messrs", "mx"})


def _name_words(doc: Doc, cand: Candidate) -> list[str]:
    return strip_possessive(doc_text(doc)[cand.s_char : cand.e_char]).split()


def link_people(
    doc: Doc, cands: list[Candidate], lex: EntityLexicon
) -> list[Candidate]:
    """Give every PERSON candidate its canonical name; drop unlinkable oddities."""
    hon = lex.honorifics
    persons = [c for c in cands if c.label == "PERSON"]
    for c in persons:
        c.words = _name_words(doc, c)
    fulls = [c for c in persons if _is_full(c, lex) and not c.caps]
    groups = _group_full_names(fulls, lex)
    # ORG mentions that are a known person's name ("the Trump administration")
    person_keys = {person_key(" ".join(m.words), hon) for g in groups for m in g}
    surnames = {_key(g[0].words[-1]) for g in groups}
    for c in cands:
        if c.label == "ORG":
            text = doc_text(doc)[c.s_char : c.e_char]
            key = person_key(text, hon)
            if org_key(text) not in lex.org_by_key and (
                key in person_keys or key in surnames or key in lex.known_people
            ):
                c.label = "PERSON"
                c.words = _name_words(doc, c)
                persons.append(c)
    out: list[Candidate] = []
    for c in persons:
        if c in fulls:
            c.entity = _group_of(c, groups)
            out.append(c)
            continue
        target = _link_partial(c, groups, lex) or _known_person(doc, c, lex)
        if target:
            c.entity = target
            out.append(c)
        elif c.caps:
            continue  # an ALL-CAPS display line naming nobody else in the article
        elif len(c.words) == 1 and not (c.honorific or c.titled):
            # A lone capitalised word the story never ties to a full name, a
            # title or "Mr/Ms" is, on wire copy, far more often a product,
            # company or place ("737 Max", "Starliner", "Safran") than a person.
            continue
        else:
            c.entity = " ".join(c.words)
            out.append(c)
    return out


def _known_person(doc: Doc, c: Candidate, lex: EntityLexicon) -> str:
    """Full name of a well-known person named by surname alone ("Putin said")."""
    if c.honorific and c.start > 0:
        prev = doc[c.start - 1] if doc[c.start - 1].text != "." else doc[c.start - 2]
        if prev.lower_.rstrip(".") not in _MALE_OR_NEUTRAL_HONORIFICS:
            return ""  # "Mrs Trump" is not Donald Trump
    return lex.known_people.get(person_key(" ".join(c.words), lex.honorifics), "")


@functools.lru_cache(maxsize=4096)
def _key(word: str) -> str:
    return person_key(word, frozenset())


def _is_full(c: Candidate, lex: EntityLexicon) -> bool:
    words = [w for w in c.words if w.rstrip(".").casefold() not in lex.suffixes]
    return len(words) >= 2


def _group_full_names(
    fulls: list[Candidate], lex: EntityLexicon
) -> list[list[Candidate]]:
    """Full names grouped by person; each group's canonical form comes first."""
    groups: list[list[Candidate]] = []
    for c in fulls:
        key = [_key(w) for w in c.words]
        for g in groups:
            gkey = [_key(w) for w in g[0].words]
            same = (
                key == gkey
                or (key[0] == gkey[0] and key[-1] == gkey[-1])
                or _is_suffix(key, gkey)
                or _is_suffix(gkey, key)
            )
            if same:
                g.append(c)
                break
        else:
            groups.append([c])
    for g in groups:
        best = max(g, key=lambda c: (len(c.words), -c.start))
        g.remove(best)
        g.insert(0, best)
    return groups


def _is_suffix(short: list[str], long: list[str]) -> bool:
    """ "Boone Pickens" is the tail of "T. Boone Pickens"."""
    return len(short) >= 2 and len(long) > len(short) and long[-len(short) :] == short


def _group_of(c: Candidate, groups: list[list[Candidate]]) -> str:
    for g in groups:
        if c in g:
            return " ".join(g[0].words)
    return " ".join(c.words)


def _link_partial(
    c: Candidate, groups: list[list[Candidate]], lex: EntityLexicon
) -> str:
    """Canonical full name for "Trump", "Mr Xi", "WILBUR ROSS"; "" when none."""
    if not groups:
        return ""
    key = [_key(w) for w in c.words if w.rstrip(".").casefold() not in lex.suffixes]
    if not key:
        return ""
    if c.caps and len(key) >= 2:
        for g in groups:
            if [_key(w) for w in g[0].words] == key:
                return " ".join(g[0].words)
    joined = " ".join(key)
    by_surname = [
        g
        for g in groups
        if _key(_surname(g[0].words, lex)) == joined or _key(g[0].words[-1]) == joined
    ]
    if not by_surname and len(key) == 1:
        by_surname = [g for g in groups if _key(g[0].words[0]) == joined]
    if not by_surname:
        return ""
    if len(by_surname) == 1:
        return " ".join(by_surname[0][0].words)
    # Namesakes: the most recent one introduced before this mention, else the next.
    before = [
        (max(m.start for m in g if m.start < c.start), g)
        for g in by_surname
        if any(m.start < c.start for m in g)
    ]
    chosen = (
        max(before, key=lambda x: x[0])[1]
        if before
        else min(by_surname, key=lambda g: min(m.start for m in g))
    )
    return " ".join(chosen[0].words)


def _surname(words: Iterable[str], lex: EntityLexicon) -> str:
    ws = [w for w in words if w.rstrip(".").casefold() not in lex.suffixes]
    if not ws:
        return ""
    i = len(ws) - 1
    while i > 1 and ws[i - 1] in lex.particles:
        i -= 1
    return " ".join(ws[i:])
