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

This module runs those steps in order; each lives in its own module:
``mention_candidate`` (the candidate and its trimming), ``name_boundaries``
(where a person's name starts and ends), ``person_checks`` (what is not a
person), ``name_recovery`` (names the model missed) and ``name_linking``
(in-article linking). Organisations and places are repaired here.
"""

from __future__ import annotations

from spacy.tokens import Doc

from wirefacts.extract.entities import EntityLexicon, entity_lexicon
from wirefacts.extract.mention_candidate import Candidate, first_paragraph, trim_span
from wirefacts.extract.name_boundaries import clean_person
from wirefacts.extract.name_linking import link_people
from wirefacts.extract.name_recovery import merge_recovered, recover_people
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.titles import TitleLexicon, doc_text, title_lexicon
from wirefacts.facts import Mention
from wirefacts.names import org_key, strip_possessive

LABELS = ("PERSON", "ORG", "GPE", "NORP")


def find_mentions(doc: Doc, rules: RuleSet) -> list[Mention]:
    """PERSON, ORG, GPE and NORP mentions of ``doc`` with in-article canonical names."""
    lex = entity_lexicon(rules)
    tlex = title_lexicon(rules)
    cands: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        cand = first_paragraph(doc, ent)
        if cand is None:
            continue
        if cand.label == "PERSON":
            cand = clean_person(doc, cand, lex, tlex)
        else:
            cand = _clean_other(doc, cand, lex, tlex)
        if cand is not None:
            cands.append(cand)
    cands = merge_recovered(cands, recover_people(doc, cands, lex, tlex))
    for cand in cands:
        if cand.label == "ORG":
            _extend_org(doc, cand, lex)
    persons = link_people(doc, cands, lex)
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


def _clean_other(
    doc: Doc, cand: Candidate, lex: EntityLexicon, tlex: TitleLexicon
) -> Candidate | None:
    """An ORG, GPE or NORP span trimmed; None when only title words are left."""
    if not trim_span(doc, cand, lex, tlex, person=False):
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


def _extend_org(doc: Doc, cand: Candidate, lex: EntityLexicon) -> None:
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
    """The lexicon's name of an organisation or place, else the text as written."""
    clean = " ".join(strip_possessive(text).split())
    key = org_key(clean)
    if label == "GPE":
        return lex.place_by_key.get(key, clean)
    if label == "ORG":
        return lex.org_by_key.get(key, lex.place_by_key.get(key, clean))
    return clean
