"""Stage 3 helper: recovery of the names the model misses, from what surrounds them.

Input: a spaCy ``Doc``, the candidates the model gave and the entity and title
lexicons; output: new PERSON ``Candidate`` objects, and ``merge_recovered`` to
put them in place of what they overlap. A run of capitalised words is a name
after an honorific ("Mr Ross"), after a capitalised title ("Vice-Premier Liu
He", "Vice Minister of Commerce Fu Ziying") or a lower-case job title ("Airbus
chief executive Guillaume Faury"), before an appositive title ("Sergey Frolov,
chief economist at ...") and after a reporting verb ('said Bob Bannon of ...');
also after a title glued to it in scraped copy ("U.S. PresidentDonald Trump").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from wirefacts.extract.entities import EntityLexicon
from wirefacts.extract.mention_candidate import Candidate, trim_span
from wirefacts.extract.name_boundaries import (
    FUNCTION_WORDS,
    GLUED_TITLE,
    GLUED_TITLE_ANYWHERE,
    opens_sentence,
)
from wirefacts.extract.person_checks import plausible_person
from wirefacts.extract.titles import (
    TitleLexicon,
    doc_text,
    is_capitalised,
    title_after,
    title_before,
)
from wirefacts.names import org_key, person_key


def recover_people(
    doc: Doc, cands: list[Candidate], lex: EntityLexicon, tlex: TitleLexicon
) -> list[Candidate]:
    """Names the model missed, recovered from what surrounds them.

    After an honorific ("Mr Ross") or a capitalised title ("Vice-Premier Liu
    He"); before an appositive title ("Sergey Frolov, chief economist at ...");
    after a reporting verb ('said Bob Bannon of ...').
    """
    person_tokens = {
        i for c in cands if c.label == "PERSON" for i in range(c.start, c.end)
    }
    found: list[Candidate] = _recover_glued(doc, person_tokens, lex, tlex)
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
        cand = Candidate(
            i,
            end,
            "PERSON",
            name.start_char,
            name.end_char,
            honorific=reason == "honorific",
            titled=reason == "title",
            recovered=True,
        )
        trim_span(doc, cand, lex, tlex, person=True)
        if plausible_person(doc, cand, lex, tlex):
            found.append(cand)
        i = end
    return found


def _recover_glued(
    doc: Doc, person_tokens: set[int], lex: EntityLexicon, tlex: TitleLexicon
) -> list[Candidate]:
    """Scraped copy: "U.S. PresidentDonald Trump" -> "Donald Trump" after "President".

    Taken only when the surname is a well-known one or is named again in the
    article, since the glue can also eat the space after a name ("Putinwith").
    """
    found: list[Candidate] = []
    if GLUED_TITLE_ANYWHERE.search(doc_text(doc)) is None:
        return found
    for tok in doc:
        glued = GLUED_TITLE.match(tok.text)
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
            Candidate(
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
        and (opens_sentence(tok) or word in FUNCTION_WORDS)
        or tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT")
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


def _overlaps(c: Candidate, spans: list[tuple[int, int]]) -> bool:
    return any(c.s_char < e and s < c.e_char for s, e in spans)


def merge_recovered(cands: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """Recovered names replace what overlaps them; a person beats another label."""
    taken = [(c.s_char, c.e_char) for c in found]
    kept = [c for c in cands if not _overlaps(c, taken)]
    people = [(c.s_char, c.e_char) for c in kept if c.label == "PERSON"]
    kept = [c for c in kept if c.label == "PERSON" or not _overlaps(c, people)]
    return sorted(kept + found, key=lambda c: c.start)
