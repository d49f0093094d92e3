"""Stage 3 helper: is a repaired PERSON span really a person's name?

Input: a spaCy ``Doc``, a ``Candidate`` whose edges are already repaired, and
the entity and title lexicons; output: True or False (and ``Candidate.caps``
set for an ALL-CAPS display line). Rejected are numbers and markup from
results tables, spans that start a known organisation's name ("Moet Hennessy
Louis"), company names ("Samuel Montagu and Co", Reuters' ``<...>`` markup),
places ("Victoria Harbour"), one-word organisations ("Huawei"), bare honorifics
and title words, and names after an organisation noun ("retailer Best Buy").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from wirefacts.extract.entities import EntityLexicon
from wirefacts.extract.mention_candidate import Candidate
from wirefacts.extract.titles import TitleLexicon, doc_text, skip_wraps
from wirefacts.names import org_key

# Words that, right after a name, show it is part of a company or institution
# name ("Samuel Montagu and Co", "Carolin Mines Ltd").
ORG_TAIL_WORDS = frozenset(
    {
        "inc",
        "inc.",
        "corp",
        "corp.",
        "co",
        "co.",
        "ltd",
        "ltd.",
        "plc",
        "llc",
        "lp",
        "&",
        "group",
        "holdings",
        "bank",
        "foundation",
        "institute",
        "university",
        "airlines",
        "motors",
        "associates",
        "partners",
        "securities",
        "capital",
        "brothers",
        "bros",
        "sons",
        "company",
        "corporation",
        "ag",
        "sa",
        "nv",
        "gmbh",
    }
)


MAX_NAME_TOKENS = 5


def plausible_person(
    doc: Doc, cand: Candidate, lex: EntityLexicon, tlex: TitleLexicon
) -> bool:
    """Reject spans that are not a person's name (see module docstring)."""
    toks = [t for t in doc[cand.start : cand.end] if not t.is_space]
    text = doc_text(doc)[cand.s_char : cand.e_char]
    words = text.split()
    if not words or len(toks) > MAX_NAME_TOKENS + 2:
        return False
    if any(ch.isdigit() or ch in "[](){}|/\\<>@#*=+_" for ch in text) or any(
        t.lower_.rstrip(".") in lex.not_names for t in toks
    ):
        return False
    if org_key(text) in lex.not_person or _starts_org_alias(doc, cand, lex):
        return False
    first_word, last_word = words[0], words[-1]
    if first_word[0].islower() and first_word.casefold() not in lex.particles:
        return False
    if last_word[0].islower() and not re.match(r"^[a-z]+-?[A-Z]", last_word):
        return False  # "Heldring en"; but "al-Khatib", "deGrom" are names
    if any(t.lower_ in ORG_TAIL_WORDS for t in toks[1:]):
        return False  # "Industrial Co", "Hillards Plc"
    if len(toks) > 1 and toks[-1].lower_ in lex.place_tails:
        return False  # "Victoria Harbour", "John F Kennedy Airport"
    if any(org_key(t.text) in lex.not_person_words for t in toks if t.is_alpha):
        return False  # "Will Boeing", "Huawei"
    if len(toks) == 1 and toks[0].lower_.rstrip(".") in lex.honorifics:
        return False  # a bare "Sir"
    mixed = any(t.is_alpha and not t.is_upper for t in toks)
    if mixed and any(t.is_upper and t.is_alpha and len(t) > 2 for t in toks):
        return False  # "MACIF Sante Prevoyance", "NFL Draft"
    if all(
        tlex.is_title_word(t) or t.lower_ in tlex.modifiers for t in toks if t.is_alpha
    ):
        return False
    prev = doc[cand.start - 1] if cand.start > 0 else None
    if prev is not None and prev.lower_ in lex.org_nouns and not cand.honorific:
        return False  # "the state oil company Pertamina", "retailer Best Buy"
    cand.caps = all(t.is_upper for t in toks if t.is_alpha) and len(text) > 3
    return not _inside_org_name(doc, cand)


def _starts_org_alias(doc: Doc, cand: Candidate, lex: EntityLexicon) -> bool:
    """True when a known organisation's name starts where the span does and
    covers it ("Moet Hennessy Louis" of "Moet Hennessy Louis Vuitton")."""
    text = doc_text(doc)
    length = cand.e_char - cand.s_char
    head = text[cand.s_char : cand.s_char + 80].casefold()
    for alias in lex.org_aliases_by_first.get(doc[cand.start].lower_, ()):
        if len(alias) < length:
            break  # longest first
        folded = alias.casefold()
        if head.startswith(folded) and (
            len(head) == len(folded) or not head[len(folded)].isalnum()
        ):
            return True
    return False


def _inside_org_name(doc: Doc, cand: Candidate) -> bool:
    """True when the name is part of a company name ("<J.P. Morgan and Co>")."""
    nxt = skip_wraps(doc, cand.end, 1)
    if nxt < len(doc):
        word = doc[nxt].lower_
        if word in ORG_TAIL_WORDS or (
            word == "and"
            and nxt + 1 < len(doc)
            and doc[nxt + 1].lower_ in ORG_TAIL_WORDS
        ):
            return True
    # Reuters 1987 marks company names with angle brackets: "<Laurie Milbank and Co>"
    text = doc_text(doc)
    line_start = max(text.rfind("\n\n", 0, cand.s_char), 0)
    opened = text.rfind("<", line_start, cand.s_char)
    return (
        opened != -1
        and text.rfind(">", opened, cand.s_char) == -1
        and text.find(">", cand.e_char, cand.e_char + 80) != -1
    )
