"""Stage 3 helper: the boundaries of a person's name the model found.

Input: a spaCy ``Doc``, a PERSON ``Candidate`` from the model and the entity and
title lexicons; output: the same candidate with its edges on the name itself,
or None when what is left is no person (``person_checks``). The name ends at a
possessive ("Elon Musk's SpaceX") and before a suffix such as "-era"; it runs on
over surname particles ("Ursula von der Leyen"), hyphenated syllables ("Han
Duck-soo"), Irish surnames ("Michael O'Leary") and a capitalised pronoun that is
a name ("Liu He"); it drops an ALL-CAPS word at its edge, a title glued to it
("PresidentDonald") and a verb glued to it ("Trumpsaid"); a name title such as
"Sheikh" before it is part of it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from wirefacts.extract.entities import EntityLexicon
from wirefacts.extract.mention_candidate import Candidate, set_tokens, trim_span
from wirefacts.extract.person_checks import plausible_person
from wirefacts.extract.titles import TitleLexicon, is_capitalised, title_before
from wirefacts.names import person_key

# Scraped copy that lost the space between a title and a name: "PresidentDonald",
# "GE Aerospace CEOLarry Culp".
GLUED_TITLE = re.compile(
    r"^(President|Premier|Minister|Secretary|Chairman|Governor|"
    r"Senator|Chancellor|Ambassador|CEO|CFO|COO)(?=[A-Z][A-Za-z])"
)
# The same anywhere in a text: a cheap test before looking at every token.
GLUED_TITLE_ANYWHERE = re.compile(GLUED_TITLE.pattern.removeprefix("^"))
# Scraped copy that lost a space after a name: "Donald Trumpsaid", "Gatespledged".
_GLUED_TAIL = re.compile(
    r"^([A-Z][a-z]{2,})(said|says|told|and|pledged|added|with|to)$"
)
# Tails that also end real names ("Holland", "Pinto"): cut only for a known surname.
_AMBIGUOUS_TAILS = frozenset({"and", "with", "to"})
_IRISH_NAME = re.compile(r"^(?:O|D|Mc|Mac)['\u2019][A-Z][a-z]+$")
# Stop words that stay function words even when capitalised mid-sentence; other
# capitalised stop words there are names ("Liu He").
FUNCTION_WORDS = frozenset(
    {
        "i",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "it",
        "we",
        "they",
        "this",
        "that",
        "these",
        "those",
        "if",
        "so",
    }
)


def clean_person(
    doc: Doc, cand: Candidate, lex: EntityLexicon, tlex: TitleLexicon
) -> Candidate | None:
    """A model PERSON span cut to the name itself, or None if it names nobody."""
    first = doc[cand.start]
    glued = GLUED_TITLE.match(first.text)
    if not trim_span(doc, cand, lex, tlex, person=True):
        return None
    _cut_at_possessive(doc, cand)
    if (
        cand.end - cand.start > 2
        and doc[cand.end - 2].text == "-"
        and doc[cand.end - 1].lower_ in lex.hyphen_words
    ):
        set_tokens(doc, cand, cand.start, cand.end - 2)  # "Donald Trump-era"
    _extend_particles(doc, cand, lex)
    _trim_caps_edges(doc, cand)
    if glued and cand.start == first.i:
        cand.s_char += glued.end()
        cand.titled = True
    _take_name_title(doc, cand, tlex)
    _cut_glued_tail(doc, cand, lex)
    if not cand.titled and title_before(doc, cand.start, tlex) is not None:
        cand.titled = True
    if cand.start > 0 and doc[cand.start - 1].lower_.rstrip(".") in lex.honorifics:
        cand.honorific = True
    return cand if plausible_person(doc, cand, lex, tlex) else None


def _cut_glued_tail(doc: Doc, cand: Candidate, lex: EntityLexicon) -> None:
    """ "Donald Trumpsaid": the name ends before a glued reporting verb; before a
    glued "and"/"with"/"to" ("Holland", "Trumpto restore") only when the bare
    surname is a known person's or stands alone elsewhere in the text."""
    last = doc[cand.end - 1]
    glued = _GLUED_TAIL.match(last.text)
    if glued is None:
        return
    surname, tail = glued.groups()
    if (
        tail not in _AMBIGUOUS_TAILS
        or person_key(surname, lex.honorifics) in lex.known_people
        or any(t.text == surname for t in doc)
    ):
        cand.e_char = last.idx + len(surname)


def _take_name_title(doc: Doc, cand: Candidate, tlex: TitleLexicon) -> None:
    """ "Prime Minister Sheikh" + "Hasina": a name title just before the name
    ("Sheikh") is part of it, not of the role."""
    i = cand.start - 1
    if i >= 0 and doc[i].lower_ in tlex.name_titles and is_capitalised(doc[i]):
        set_tokens(doc, cand, i, cand.end)


def _cut_at_possessive(doc: Doc, cand: Candidate) -> None:
    """ "Elon Musk’s SpaceX", "Musk’s Semi": the name ends at the possessive."""
    for tok in doc[cand.start + 1 : cand.end - 1]:
        if tok.tag_ == "POS" or tok.lower_ in ("'s", "\u2019s"):
            set_tokens(doc, cand, cand.start, tok.i)
            return


def _extend_particles(doc: Doc, cand: Candidate, lex: EntityLexicon) -> None:
    """ "Ursula von der" + "Leyen": a name does not end in a surname particle."""
    j = cand.end
    while j < len(doc) and doc[j].text in lex.particles:
        j += 1
    ends_in_particle = doc[cand.end - 1].text in lex.particles
    if (j > cand.end or ends_in_particle) and j < len(doc) and _capital_word(doc[j]):
        set_tokens(doc, cand, cand.start, j + 1)
    elif _hyphen_syllable(doc, cand.end, lex):
        set_tokens(doc, cand, cand.start, cand.end + 2)  # "Han Duck" + "-soo"
    elif cand.end < len(doc) and _IRISH_NAME.match(doc[cand.end].text):
        set_tokens(doc, cand, cand.start, cand.end + 1)  # "Michael" + "O’Leary"
    elif (
        cand.end < len(doc)
        and doc[cand.end].is_stop
        and doc[cand.end].is_title
        and doc[cand.end].lower_ not in FUNCTION_WORDS
        and not opens_sentence(doc[cand.end])
    ):
        # A capitalised pronoun mid-sentence is a name: "Liu" + "He".
        set_tokens(doc, cand, cand.start, cand.end + 1)


def _hyphen_syllable(doc: Doc, i: int, lex: EntityLexicon) -> bool:
    """True when a hyphen and a short lower-case syllable continue the name at
    token ``i`` ("Han Duck" + "-soo"), but not "Trump" + "-era"."""
    if i + 1 >= len(doc) or i == 0 or doc[i].text != "-":
        return False
    tail = doc[i + 1]
    return (
        not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and tail.is_alpha
        and tail.is_lower
        and len(tail.text) <= 5
        and tail.lower_ not in lex.hyphen_words
    )


def _capital_word(tok: Token) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper


def _trim_caps_edges(doc: Doc, cand: Candidate) -> None:
    """Drop an ALL-CAPS word at the edge of a mixed-case name ("Isaac Paredes RBI")."""
    toks = doc[cand.start : cand.end]
    if len(toks) < 3 or all(t.is_upper for t in toks if t.is_alpha):
        return
    start, end = cand.start, cand.end
    if doc[end - 1].is_upper and doc[end - 1].is_alpha and len(doc[end - 1]) > 2:
        end -= 1
    if doc[start].is_upper and doc[start].is_alpha and len(doc[start]) > 2:
        start += 1
    if (start, end) != (cand.start, cand.end):
        set_tokens(doc, cand, start, end)


def opens_sentence(tok: Token) -> bool:
    """First word of a sentence by punctuation (the parser splits "Liu He will")."""
    i = tok.i - 1
    while i >= 0 and tok.doc[i].is_space:
        if "\n" in tok.doc[i].text:
            return True
        i -= 1
    return i < 0 or tok.doc[i].text in (
        ".",
        "!",
        "?",
        ":",
        '"',
        "\u201c",
        "\u201d",
        ";",
    )
