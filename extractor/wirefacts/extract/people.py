"""Stage 3: named-entity mentions (PERSON, ORG, GPE, NORP) of one parsed article.

Input: a spaCy ``Doc`` (statistical NER plus the entity ruler of
``data/rules/entities.jsonl``) and the rule set; output: ``list[Mention]`` sorted
by start, each with its canonical name within the article (``Mention.entity``).

The model's entities are repaired for wire copy before they become facts:

- a name's span covers the name only: no honorific ("Mr"), no title
  ("President"), no possessive "'s", never a paragraph break;
- names the model misses after a title or honorific are recovered
  ("Vice Minister of Commerce Fu Ziying", "Vice-Premier Liu He");
- things that are not people are dropped (numbers from results tables,
  company names in Reuters' ``<...>`` markup, "Huawei", title words);
- surname-only and honorific forms ("Mr Trump", "Trump") are linked to the
  fullest name of the same person in the article ("Donald Trump");
- organisations and places get their canonical names from
  ``organizations.yml`` and ``places.yml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from wirefacts.extract.entities import EntityLexicon, entity_lexicon
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.titles import (
    TitleLexicon,
    doc_text,
    is_break,
    is_capitalised,
    is_line_wrap,
    title_after,
    title_before,
    title_lexicon,
)
from wirefacts.facts import Mention
from wirefacts.names import org_key, person_key, strip_possessive

LABELS = ("PERSON", "ORG", "GPE", "NORP")
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
_GLUED_TITLE = re.compile(
    r"^(President|Premier|Minister|Secretary|Chairman|Governor|"
    r"Senator|Chancellor|Ambassador)(?=[A-Z][A-Za-z])"
)
# Scraped copy that lost a space after a name: "Donald Trumpsaid", "Gatespledged".
_GLUED_TAIL = re.compile(r"^([A-Z][a-z]{2,})(said|says|told|and|pledged|added|with)$")
_AMBIGUOUS_TAILS = frozenset({"and", "with"})
_POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019", "s"})
MAX_NAME_TOKENS = 5
_IRISH_NAME = re.compile(r"^(?:O|D|Mc|Mac)['\u2019][A-Z][a-z]+$")
_FUNCTION_WORDS = frozenset(
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


@dataclass(slots=True)
class _Cand:
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


def find_mentions(doc: Doc, rules: RuleSet) -> list[Mention]:
    """PERSON, ORG, GPE and NORP mentions of ``doc`` with in-article canonical names."""
    lex = entity_lexicon(rules)
    tlex = title_lexicon(rules)
    cands: list[_Cand] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        cand = _first_paragraph(doc, ent)
        if cand is None:
            continue
        if cand.label == "PERSON":
            cand = _clean_person(doc, cand, lex, tlex)
        else:
            cand = _clean_other(doc, cand, lex, tlex)
        if cand is not None:
            cands.append(cand)
    cands = _merge_recovered(cands, _recover_people(doc, cands, lex, tlex))
    for cand in cands:
        if cand.label == "ORG":
            _extend_org(doc, cand, lex)
    persons = _link_people(doc, cands, lex)
    mentions = [
        Mention(
            doc_text(doc)[c.s_char : c.e_char], c.s_char, c.e_char, c.label, c.entity
        )
        for c in persons
    ]
    for cand in cands:
        if cand.label == "PERSON":
            continue
        text = doc_text(doc)[cand.s_char : cand.e_char]
        mentions.append(
            Mention(
                text,
                cand.s_char,
                cand.e_char,
                cand.label,
                _canonical_other(cand.label, text, lex),
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


# --- repairing spans ---------------------------------------------------------


def _first_paragraph(doc: Doc, ent: Span) -> _Cand | None:
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
    return _Cand(start, end, ent.label_, span.start_char, span.end_char)


def _set_tokens(doc: Doc, cand: _Cand, start: int, end: int) -> None:
    cand.start, cand.end = start, end
    cand.s_char = doc[start].idx
    cand.e_char = doc[end - 1].idx + len(doc[end - 1].text)


def _trim(
    doc: Doc, cand: _Cand, lex: EntityLexicon, tlex: TitleLexicon, person: bool
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
    _set_tokens(doc, cand, start, end)
    text = doc_text(doc)[cand.s_char : cand.e_char]
    stripped = strip_possessive(text)
    cand.e_char -= len(text) - len(stripped)
    return cand.e_char > cand.s_char


def _clean_other(
    doc: Doc, cand: _Cand, lex: EntityLexicon, tlex: TitleLexicon
) -> _Cand | None:
    if not _trim(doc, cand, lex, tlex, person=False):
        return None
    toks = [t for t in doc[cand.start : cand.end] if not t.is_space]
    text = doc_text(doc)[cand.s_char : cand.e_char]
    if (
        cand.label == "ORG"
        and org_key(text) not in lex.org_by_key
        and all(
            tlex.is_title_word(t) or t.lower_ in tlex.modifiers
            for t in toks
            if t.is_alpha
        )
    ):
        return None  # "COMMERCE" of "COMMERCE SECRETARY WILBUR ROSS"
    return cand


def _clean_person(
    doc: Doc, cand: _Cand, lex: EntityLexicon, tlex: TitleLexicon
) -> _Cand | None:
    first = doc[cand.start]
    glued = _GLUED_TITLE.match(first.text)
    if not _trim(doc, cand, lex, tlex, person=True):
        return None
    _cut_at_possessive(doc, cand)
    if (
        cand.end - cand.start > 2
        and doc[cand.end - 2].text == "-"
        and doc[cand.end - 1].lower_ in lex.hyphen_words
    ):
        _set_tokens(doc, cand, cand.start, cand.end - 2)  # "Donald Trump-era"
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
    return cand if _plausible_person(doc, cand, lex, tlex) else None


def _cut_glued_tail(doc: Doc, cand: _Cand, lex: EntityLexicon) -> None:
    """ "Donald Trumpsaid": the name ends before a glued reporting verb; before a
    glued "and"/"with" ("Holland") only when the bare surname is a known person's
    or stands alone elsewhere in the text."""
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


def _take_name_title(doc: Doc, cand: _Cand, tlex: TitleLexicon) -> None:
    """ "Prime Minister Sheikh" + "Hasina": a name title just before the name
    ("Sheikh") is part of it, not of the role."""
    i = cand.start - 1
    if i >= 0 and doc[i].lower_ in tlex.name_titles and is_capitalised(doc[i]):
        _set_tokens(doc, cand, i, cand.end)


def _cut_at_possessive(doc: Doc, cand: _Cand) -> None:
    """ "Elon Musk’s SpaceX", "Musk’s Semi": the name ends at the possessive."""
    for tok in doc[cand.start + 1 : cand.end - 1]:
        if tok.tag_ == "POS" or tok.lower_ in ("'s", "\u2019s"):
            _set_tokens(doc, cand, cand.start, tok.i)
            return


def _extend_particles(doc: Doc, cand: _Cand, lex: EntityLexicon) -> None:
    """ "Ursula von der" + "Leyen": a name does not end in a surname particle."""
    j = cand.end
    while j < len(doc) and doc[j].text in lex.particles:
        j += 1
    ends_in_particle = doc[cand.end - 1].text in lex.particles
    if (j > cand.end or ends_in_particle) and j < len(doc) and _capital_word(doc[j]):
        _set_tokens(doc, cand, cand.start, j + 1)
    elif _hyphen_syllable(doc, cand.end, lex):
        _set_tokens(doc, cand, cand.start, cand.end + 2)  # "Han Duck" + "-soo"
    elif cand.end < len(doc) and _IRISH_NAME.match(doc[cand.end].text):
        _set_tokens(doc, cand, cand.start, cand.end + 1)  # "Michael" + "O’Leary"
    elif (
        cand.end < len(doc)
        and doc[cand.end].is_stop
        and doc[cand.end].is_title
        and doc[cand.end].lower_ not in _FUNCTION_WORDS
        and not _opens_sentence(doc[cand.end])
    ):
        # A capitalised pronoun mid-sentence is a name: "Liu" + "He".
        _set_tokens(doc, cand, cand.start, cand.end + 1)


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


def _trim_caps_edges(doc: Doc, cand: _Cand) -> None:
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
        _set_tokens(doc, cand, start, end)


def _plausible_person(
    doc: Doc, cand: _Cand, lex: EntityLexicon, tlex: TitleLexicon
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


def _starts_org_alias(doc: Doc, cand: _Cand, lex: EntityLexicon) -> bool:
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


def _inside_org_name(doc: Doc, cand: _Cand) -> bool:
    """True when the name is part of a company name ("<J.P. Morgan and Co>")."""
    nxt = cand.end
    while nxt < len(doc) and doc[nxt].is_space and is_line_wrap(doc[nxt]):
        nxt += 1
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


# --- recovering missed names ---------------------------------------------------


def _recover_people(
    doc: Doc, cands: list[_Cand], lex: EntityLexicon, tlex: TitleLexicon
) -> list[_Cand]:
    """Names the model missed, recovered from what surrounds them.

    After an honorific ("Mr Ross") or a capitalised title ("Vice-Premier Liu
    He"); before an appositive title ("Sergey Frolov, chief economist at ...");
    after a reporting verb ('said Bob Bannon of ...').
    """
    person_tokens = {
        i for c in cands if c.label == "PERSON" for i in range(c.start, c.end)
    }
    found: list[_Cand] = _recover_glued(doc, person_tokens, lex, tlex)
    person_tokens.update(i for c in found for i in range(c.start, c.end))
    i = 0
    while i < len(doc):
        prev = doc[i - 1] if i > 0 else None
        if (
            i in person_tokens
            or not _name_token(doc[i], lex, tlex)
            or prev is not None
            and _name_token(prev, lex, tlex)
            and i - 1 not in person_tokens
            and not tlex.is_title_word(prev)
        ):
            i += 1
            continue
        end = i
        while (
            end < len(doc)
            and end - i < 3
            and end not in person_tokens
            and _name_token(doc[end], lex, tlex)
        ):
            end += 1
        name = doc[i:end]
        reason = _recovery_reason(doc, i, end, lex, tlex)
        if reason is None or not _recoverable(name, lex, reason == "honorific"):
            i = end
            continue
        cand = _Cand(
            i,
            end,
            "PERSON",
            name.start_char,
            name.end_char,
            honorific=reason == "honorific",
            titled=reason == "title",
            recovered=True,
        )
        _trim(doc, cand, lex, tlex, person=True)
        if _plausible_person(doc, cand, lex, tlex):
            found.append(cand)
        i = end
    return found


def _recover_glued(
    doc: Doc, person_tokens: set[int], lex: EntityLexicon, tlex: TitleLexicon
) -> list[_Cand]:
    """Scraped copy: "U.S. PresidentDonald Trump" -> "Donald Trump" after "President".

    Taken only when the surname is a well-known one or is named again in the
    article, since the glue can also eat the space after a name ("Putinwith").
    """
    found = []
    for tok in doc:
        glued = _GLUED_TITLE.match(tok.text)
        if glued is None or tok.i in person_tokens or not tok.is_alpha:
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i < 3 and _name_token(doc[end], lex, tlex):
            end += 1
        if end == tok.i + 1:
            continue
        surname_tok = doc[end - 1]
        named_again = any(
            t.text == surname_tok.text for t in doc if t.i != surname_tok.i
        )
        if not named_again and person_key(surname_tok.text, lex.honorifics) not in (
            lex.known_people
        ):
            continue
        found.append(
            _Cand(
                tok.i,
                end,
                "PERSON",
                tok.idx + glued.end(),
                surname_tok.idx + len(surname_tok.text),
                titled=True,
                recovered=True,
            )
        )
    return found


def _recovery_reason(
    doc: Doc, i: int, end: int, lex: EntityLexicon, tlex: TitleLexicon
) -> str | None:
    """Why tokens ``i:end`` are a person's name, or None."""
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and (
        prev.lower_.rstrip(".") in lex.honorifics
        or prev.text == "."
        and i > 1
        and doc[i - 2].lower_ in lex.honorifics
    ):
        return "honorific"
    title = title_before(doc, i, tlex) if prev is not None else None
    head = _title_head(doc, title, tlex) if title is not None else None
    if (
        head is not None
        and is_capitalised(doc[head])
        and doc[head].lower_ not in tlex.weak_heads
    ):
        # After "Minister of Commerce" one capitalised word may still be the
        # complement ("of British Aerospace"); a name there needs two words.
        # So does one inside a name that starts with the "title" ("Premier
        # League", "General Agreement on Tariffs and Trade").
        in_name = doc[i].ent_type_ not in ("", "PERSON") and doc[head].ent_iob_ in "BI"
        if end - i >= 2 or (head == i - 1 and not in_name and doc[i].pos_ == "PROPN"):
            return "title"
        return None
    if head is not None and head == i - 1 and _lowercase_title_name(doc, i, end):
        return "title"
    untagged = all(t.ent_type_ in ("", "PERSON") for t in doc[i:end])
    if end - i < 2 or not untagged:
        return None
    if title_after(doc, end, tlex) is not None:
        return "appositive"
    nxt = doc[end].text if end < len(doc) else "."
    if prev is not None and prev.lemma_ in ("say", "tell") and nxt in (",", ".", "of"):
        return "reported"
    return None


def _lowercase_title_name(doc: Doc, i: int, end: int) -> bool:
    """Two or three proper nouns right after a lower-case job title.

    BBC and Guardian style write titles in lower case ("Airbus chief executive
    Guillaume Faury", "company spokeswoman Jane Doe"); the model often labels such
    names ORG. A common noun head followed by a title-case proper name is a person.
    """
    name = doc[i:end]
    return (
        2 <= len(name) <= 3
        and doc[i - 1].is_lower
        and all(t.pos_ == "PROPN" and t.is_title for t in name)
        and all(t.ent_type_ in ("", "PERSON", "ORG") for t in name)
    )


def _title_head(doc: Doc, title: tuple[int, int], tlex: TitleLexicon) -> int | None:
    """Position of the last head word inside a title span."""
    for k in range(title[1] - 1, title[0] - 1, -1):
        if tlex.is_head(doc[k]):
            return k
    return None


def _name_token(tok: Token, lex: EntityLexicon, tlex: TitleLexicon) -> bool:
    """A token that can be part of a recovered name ("Fu", "Ziying", "He")."""
    text = tok.text
    if not text[:1].isupper() or tok.is_space:
        return False
    if not (
        tok.is_alpha
        or re.fullmatch(
            r"[A-Z][a-z]*-[A-Za-z]+|[A-Z]\.|[A-Z][a-z]*['\u2019][A-Z][a-z]+", text
        )
    ):
        return False
    word = tok.lower_
    return not (
        word in tlex.heads
        or word in tlex.post_heads
        or word in tlex.modifiers
        or word in tlex.connectors
        or word in lex.not_names
        # A capitalised function word mid-sentence is a name ("Vice Premier He
        # Lifeng"); at a sentence start it is just capitalised.
        or tok.is_stop
        and (_opens_sentence(tok) or word in _FUNCTION_WORDS)
        or tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT")
    )


def _opens_sentence(tok: Token) -> bool:
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


def _recoverable(name: Span, lex: EntityLexicon, honorific: bool) -> bool:
    if not len(name) or len(name.text) < 2:
        return False
    if org_key(name.text) in lex.not_person:
        return False
    if any(t.is_upper and len(t) > 1 for t in name) and not all(
        t.is_upper for t in name
    ):
        return False
    if name[0].pos_ not in ("PROPN", "NOUN", "ADJ", "X") and not honorific:
        return False
    # A name the model gave a non-person label is taken only if that entity is
    # not a known organisation or place (the lexicon check above).
    return True


def _overlaps(c: _Cand, spans: list[tuple[int, int]]) -> bool:
    return any(c.s_char < e and s < c.e_char for s, e in spans)


def _merge_recovered(cands: list[_Cand], found: list[_Cand]) -> list[_Cand]:
    """Recovered names replace what overlaps them; a person beats another label."""
    taken = [(c.s_char, c.e_char) for c in found]
    kept = [c for c in cands if not _overlaps(c, taken)]
    people = [(c.s_char, c.e_char) for c in kept if c.label == "PERSON"]
    kept = [c for c in kept if c.label == "PERSON" or not _overlaps(c, people)]
    return sorted(kept + found, key=lambda c: c.start)


# --- organisations and places ----------------------------------------------


def _extend_org(doc: Doc, cand: _Cand, lex: EntityLexicon) -> None:
    """Extend a cut-short ORG to the full lexicon name ("Office of the US Trade")."""
    text = doc_text(doc)
    first = doc[cand.start].lower_
    for alias in lex.org_aliases_by_first.get(first, ()):
        end_char = cand.s_char + len(alias)
        if end_char <= cand.e_char:
            break  # aliases are sorted longest first
        piece = text[cand.s_char : end_char]
        if piece.casefold() != alias.casefold() or "\n" in piece:
            continue
        if end_char < len(text) and (text[end_char].isalnum()):
            continue
        cand.e_char = end_char
        return


def _canonical_other(label: str, text: str, lex: EntityLexicon) -> str:
    clean = " ".join(strip_possessive(text).split())
    key = org_key(clean)
    if label == "GPE":
        return lex.place_by_key.get(key, clean)
    if label == "ORG":
        return lex.org_by_key.get(key, lex.place_by_key.get(key, clean))
    return clean


# --- linking people within the article ---------------------------------------------


def _name_words(doc: Doc, cand: _Cand) -> list[str]:
    return strip_possessive(doc_text(doc)[cand.s_char : cand.e_char]).split()


def _link_people(doc: Doc, cands: list[_Cand], lex: EntityLexicon) -> list[_Cand]:
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
    out: list[_Cand] = []
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


def _known_person(doc: Doc, c: _Cand, lex: EntityLexicon) -> str:
    """Full name of a well-known person named by surname alone ("Putin said")."""
    if c.honorific and c.start > 0:
        prev = doc[c.start - 1] if doc[c.start - 1].text != "." else doc[c.start - 2]
        if prev.lower_.rstrip(".") not in _MALE_OR_NEUTRAL_HONORIFICS:
            return ""  # "Mrs Trump" is not Donald Trump
    return lex.known_people.get(person_key(" ".join(c.words), lex.honorifics), "")


_MALE_OR_NEUTRAL_HONORIFICS = frozenset({"mr", "dr", "sir", "prof", "messrs", "mx"})


@functools.lru_cache(maxsize=4096)
def _key(word: str) -> str:
    return person_key(word, frozenset())


def _is_full(c: _Cand, lex: EntityLexicon) -> bool:
    words = [w for w in c.words if w.rstrip(".").casefold() not in lex.suffixes]
    return len(words) >= 2


def _group_full_names(fulls: list[_Cand], lex: EntityLexicon) -> list[list[_Cand]]:
    """Full names grouped by person; each group's canonical form comes first."""
    groups: list[list[_Cand]] = []
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


def _group_of(c: _Cand, groups: list[list[_Cand]]) -> str:
    for g in groups:
        if c in g:
            return " ".join(g[0].words)
    return " ".join(c.words)


def _link_partial(c: _Cand, groups: list[list[_Cand]], lex: EntityLexicon) -> str:
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
