"""Stage 3 extraction, tariff helpers: dependency-tree walks and lexicon lookups.

Input: spaCy ``Token``s of one parsed sentence plus the tariff lexicons
(``data/rules/tariffs.yml``, ``data/rules/tariffs_countries.yml``); output: plain
values (distances, token lists, country names) that ``tariffs.py`` turns into
``Tariff`` facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from wirefacts.errors import RuleError
from wirefacts.extract.rules import RuleSet

GOODS_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod",
                                 "case"})
CLIMB_VERB_DEPS = frozenset({"xcomp", "pcomp", "auxpass", "aux"})


@dataclass(frozen=True, slots=True)
class TariffLexicon:
    """The tariff lexicons, parsed once per rule set."""

    strong_triggers: frozenset[str]
    weak_triggers: frozenset[str]
    non_trade: frozenset[str]
    rate_pattern: re.Pattern[str]
    change_nouns: frozenset[str]
    change_preps: frozenset[str]
    status_by_cue: dict[str, str]
    status_rank: dict[str, int]
    future_auxiliaries: frozenset[str]
    reporting_verbs: frozenset[str]
    goods_preps: frozenset[str]
    quantity_nouns: frozenset[str]
    max_goods_words: int
    max_rate_distance: int
    max_date_distance: int
    foreign_clause_deps: frozenset[str]
    compound_heads: frozenset[str]
    target_subject_verbs: frozenset[str]
    effect_cues: frozenset[str]
    rate_units: frozenset[str]
    zero_words: frozenset[str]
    previous_adverbs: frozenset[str]
    aliases: dict[str, str]
    demonyms: dict[str, str]
    actors: dict[str, str]


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@lru_cache(maxsize=8)
def tariff_lexicon(rules: RuleSet) -> TariffLexicon:
    """Parse and compile the tariff lexicons once per rule set."""
    lex = rules.lexicon("tariffs")
    countries = rules.lexicon("tariffs_countries")
    try:
        status_by_cue = {
            str(cue).lower(): status
            for status, cues in lex["status_cues"].items() for cue in cues
        }
        return TariffLexicon(
            strong_triggers=_words(lex["triggers"]["strong"]),
            weak_triggers=_words(lex["triggers"]["weak"]),
            non_trade=_words(lex["non_trade_modifiers"]),
            rate_pattern=re.compile(lex["rate_pattern"], re.IGNORECASE),
            change_nouns=_words(lex["change_nouns"]),
            change_preps=_words(lex["change_preps"]),
            status_by_cue=status_by_cue,
            status_rank={s: i for i, s in enumerate(lex["status_rank"])},
            future_auxiliaries=_words(lex["future_auxiliaries"]),
            reporting_verbs=_words(lex["reporting_verbs"]),
            goods_preps=_words(lex["goods_preps"]),
            quantity_nouns=_words(lex["quantity_nouns"]),
            max_goods_words=int(lex["max_goods_words"]),
            max_rate_distance=int(lex["max_rate_distance"]),
            max_date_distance=int(lex["max_date_distance"]),
            foreign_clause_deps=_words(lex["foreign_clause_deps"]),
            compound_heads=_words(lex["compound_heads"]),
            target_subject_verbs=_words(lex["target_subject_verbs"]),
            effect_cues=_words(lex.get("effect_cues", [])),
            rate_units=_words(lex.get("rate_units", ["%"])),
            zero_words=_words(lex.get("zero_rate_words", [])),
            previous_adverbs=_words(lex.get("previous_rate_adverbs", [])),
            aliases={str(k): str(v) for k, v in countries["aliases"].items()},
            demonyms={str(k): str(v) for k, v in countries["demonyms"].items()},
            actors={str(k): str(v) for k, v in countries["actors"].items()},
        )
    except (KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
        raise RuleError(f"{rules.folder}/tariffs.yml: {exc!r}") from None


def tree_path(a: Token, b: Token) -> tuple[list[Token], list[Token], Token]:
    """The path between two tokens of one sentence: (a side, b side, common head).

    Each side runs from the token up to, but not including, the common head.
    """
    a_chain = [a, *a.ancestors]
    position = {t.i: n for n, t in enumerate(a_chain)}
    b_side: list[Token] = []
    node = b
    while node.i not in position:
        b_side.append(node)
        if node.head.i == node.i:
            break
        node = node.head
    if node.i not in position:  # different sentences: no path
        return a_chain, b_side, node
    return a_chain[: position[node.i]], b_side, node


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens (large across sentences)."""
    if a.sent.start != b.sent.start:
        return 10_000
    a_side, b_side, _ = tree_path(a, b)
    return len(a_side) + len(b_side)


def span_root(doc_span: Span) -> Token:
    """The token of a span whose head lies outside it."""
    return doc_span.root


def climb_clause(trigger: Token, lex: TariffLexicon) -> list[Token]:
    """Tokens from the tariff word up to the head of the clause that acts on it.

    Nouns and prepositions are climbed through; a verb is included and climbed past
    only when it is a complement of the next one ("moved to impose", "delay on
    raising"). Verbs of saying end the climb without being included.
    """
    path: list[Token] = []
    node = trigger
    for _ in range(8):
        if node is not trigger and node.lemma_.lower() in lex.reporting_verbs \
                and node.pos_ == "VERB":
            break
        path.append(node)
        if node.head.i == node.i or node.dep_ in lex.foreign_clause_deps:
            break
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in CLIMB_VERB_DEPS:
            break
        if node.dep_ in ("relcl", "acl", "conj", "appos"):
            break
        if node.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in node.head.children):
            break  # "tariffs would lower inflation": the tariff acts, is not acted on
        node = node.head
    # "are to be imposed on ...", "is set to impose": the action verb is a complement
    # below the clause head.
    below = path[-1]
    for _ in range(3):
        complements = [c for c in below.children if c.dep_ == "xcomp" and c not in path]
        if not complements:
            break
        below = complements[0]
        path.append(below)
    return path


def goods_head(start: Token, money_tokens: set[int], lex: TariffLexicon) -> Token:
    """Descend "a batch of US$300 billion of Chinese goods" to "goods"."""
    node = start
    for _ in range(5):
        is_amount = node.i in money_tokens or node.lower_ in lex.quantity_nouns
        if not is_amount:
            return node
        of_objects = [
            grand for child in node.children if child.lower_ == "of"
            for grand in child.children if grand.dep_ == "pobj"
        ]
        if not of_objects:
            # "on 200 billion U.S. dollars worth of Chinese products": the parser
            # often hangs "worth" beside the amount, as a second object.
            siblings = [t for t in node.head.children
                        if t.dep_ == "pobj" and t.i > node.i]
            if not siblings:
                return node
            node = siblings[0]
            continue
        node = of_objects[0]
    return node


def goods_tokens(head: Token, lex: TariffLexicon) -> list[Token]:
    """The compact noun phrase of the goods: modifiers, head and conjoined nouns."""
    first = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ not in GOODS_MODIFIER_DEPS or child.right_edge.i != first - 1:
            break
        first = child.left_edge.i
    last = head.i
    for child in head.rights:
        if child.dep_ == "conj":
            last = max(last, child.i)
            for grand in child.rights:
                if grand.dep_ == "conj":
                    last = max(last, grand.i)
    if last - first + 1 > lex.max_goods_words:
        last = head.i
    doc = head.doc
    while first < head.i and doc[first].is_punct:
        first += 1
    return list(doc[first:last + 1])


def country_of(token: Token, lex: TariffLexicon) -> str | None:
    """The country (or bloc) a token names, stands for or is an adjective of."""
    candidates = []
    if token.ent_type_:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                text = ent.text
                candidates.append(text.removeprefix("the ").removeprefix("The "))
                candidates.append(ent[-1].text)
                break
    left = [t.text for t in token.lefts if t.dep_ == "compound"]
    if left:
        candidates.append(" ".join([*left, token.text]))
    candidates.append(token.text)
    for name in candidates:
        for table in (lex.aliases, lex.demonyms, lex.actors):
            if name in table:
                return table[name]
    if token.ent_type_ in ("GPE",):
        return candidates[0]
    return None
