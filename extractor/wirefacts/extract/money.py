"""Stage 3 extraction, money: a parsed ``Doc`` -> ``list[Money]`` sorted by start.

Amounts are found with one regular expression built from the currency lexicon
(``data/rules/currencies.yml``): a currency printed before the number ("US$100
billion", "€5m", "RMB 3 billion") or a currency word after it ("300 mln dlrs",
"1.5 billion yen", "50 cents"). The small spaCy model both misses amounts ("S$344
billion") and tags percentages as MONEY, so its MONEY entities only settle words
that are also plain English ("2 trillion won" vs "he won 2 games").

Ranges give one ``Money`` per endpoint: "$5-6 billion" -> "$5" (5e9 USD) and
"6 billion" (6e9 USD); the first endpoint borrows the multiplier and currency it
lacks. An amount right after another in brackets or after ", or about" is a
conversion ("US$100 billion (S$138 billion)") and points at it by
``converted_from``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from wirefacts.errors import RuleError
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.titles import doc_text
from wirefacts.facts import Money

DOLLAR = "DOLLAR"
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:-\d{1,2}/\d{1,2})?"


@dataclass(frozen=True, slots=True)
class MoneyGrammar:
    """The compiled money pattern and the lexicon tables it refers to."""

    pattern: re.Pattern[str]
    conversion_gaps: tuple[re.Pattern[str], ...]
    prefixes: dict[str, str]
    words: dict[str, str]
    subunits: dict[str, str]
    multipliers: dict[str, float]
    number_words: dict[str, float]
    ambiguous: frozenset[str]
    dollar_by_source: tuple[tuple[str, str], ...]
    default_dollar: str


def _alternation(items: Any) -> str:
    """Regex alternation of literal strings, longest first so "US$" beats "$"."""
    return "|".join(re.escape(str(s)) for s in sorted(items, key=len, reverse=True))


def _build_pattern(lex: dict[str, Any]) -> re.Pattern[str]:
    prefixes = _alternation(lex["prefixes"])
    words = _alternation({**lex["words"], **lex["subunits"]})
    loose = _alternation(lex["multipliers"])
    tight = _alternation(lex["tight_multipliers"])
    number_words = _alternation(lex["number_words"])
    mult = rf"(?:[\s-]?(?:{loose})|(?:{tight}))(?![A-Za-z])"
    joiner = "|".join(re.escape(j) for j in lex["range_joiners"])
    count = rf"(?:{NUMBER}|(?i:\b(?:{number_words}))(?=[\s-](?:{loose})\b))"
    before = (
        rf"(?<![A-Za-z0-9])(?P<pre>{prefixes})\s?(?P<n1>{NUMBER})(?P<m1>{mult})?"
        rf"(?:(?:{joiner})(?P<pre2>{prefixes})?\s?(?P<n2>{NUMBER})(?P<m2>{mult})?)?"
        r"(?![\d,]*\d)"
    )
    after = (
        rf"(?<![\w.,$])(?P<c1>{count})(?P<cm1>{mult})?"
        rf"(?:(?:{joiner})(?P<c2>{NUMBER})(?P<cm2>{mult})?)?"
        rf"\s(?P<word>{words})(?![A-Za-z])"
    )
    return re.compile(f"{before}|{after}")


@lru_cache(maxsize=8)
def money_grammar(rules: RuleSet) -> MoneyGrammar:
    """Compile the money grammar once per rule set."""
    lex = rules.lexicon("currencies")
    try:
        multipliers = {k.lower(): float(v) for k, v in lex["multipliers"].items()}
        multipliers.update({k: float(v) for k, v in lex["tight_multipliers"].items()})
        return MoneyGrammar(
            pattern=_build_pattern(lex),
            conversion_gaps=tuple(re.compile(p) for p in lex["conversion_gaps"]),
            prefixes={str(k): str(v) for k, v in lex["prefixes"].items()},
            words={str(k): str(v) for k, v in lex["words"].items()},
            subunits={str(k): str(v) for k, v in lex["subunits"].items()},
            multipliers=multipliers,
            number_words={k.lower(): float(v) for k, v in lex["number_words"].items()},
            ambiguous=frozenset(str(w) for w in lex.get("ambiguous_words", [])),
            dollar_by_source=tuple(
                (str(k).casefold(), str(v)) for k, v in lex["dollar_by_source"].items()
            ),
            default_dollar=str(lex["default_dollar"]),
        )
    except (KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
        raise RuleError(f"{rules.folder}/currencies.yml: {exc!r}") from None


def local_dollar(grammar: MoneyGrammar, source: str | None) -> str:
    """The currency a bare "$" means for this publisher (US dollar by default)."""
    if source:
        name = source.casefold()
        for needle, currency in grammar.dollar_by_source:
            if needle in name:
                return currency
    return grammar.default_dollar


def parse_number(text: str, grammar: MoneyGrammar) -> float:
    """ "1,449" -> 1449.0, "1-1/2" -> 1.5 (Reuters fractions), "two" -> 2.0."""
    word = grammar.number_words.get(text.lower())
    if word is not None:
        return word
    whole, _, fraction = text.replace(",", "").partition("-")
    value = float(whole)
    if fraction:
        top, _, bottom = fraction.partition("/")
        value += float(top) / float(bottom)
    return value


def _factor(mult: str | None, grammar: MoneyGrammar) -> float | None:
    if not mult:
        return None
    key = mult.strip(" -\t\n")
    return grammar.multipliers.get(key, grammar.multipliers.get(key.lower()))


def _amount(number: str, factor: float | None, grammar: MoneyGrammar) -> float:
    return round(parse_number(number, grammar) * (factor or 1.0), 6)


def _overlaps_money_entity(doc: Doc, start: int, end: int) -> bool:
    return any(
        ent.label_ == "MONEY" and ent.start_char < end and start < ent.end_char
        for ent in doc.ents
    )


def _endpoints(match: re.Match[str], grammar: MoneyGrammar, dollar: str,
               doc: Doc) -> list[tuple[int, int, float, str]]:
    """(start, end, amount, currency) for each endpoint of one regex match."""
    if match.group("pre"):
        currency = grammar.prefixes[match.group("pre")]
        n1, m1, n2, m2 = "n1", "m1", "n2", "m2"
        scale = 1.0
        second_start = match.start("pre2") if match.group("pre2") else match.start("n2")
    else:
        word = match.group("word")
        if word in grammar.subunits:
            currency, scale = grammar.subunits[word], 0.01
        else:
            currency, scale = grammar.words[word], 1.0
        n1, m1, n2, m2 = "c1", "cm1", "c2", "cm2"
        second_start = match.start("c2")
        if (word in grammar.ambiguous and not match.group(m1)
                and not match.group(m2)
                and not _overlaps_money_entity(doc, *match.span())):
            return []
    if currency == DOLLAR:
        currency = dollar
    hi_factor = _factor(match.group(m2), grammar)
    lo_factor = _factor(match.group(m1), grammar)
    if not match.group(n2):
        return [(match.start(), match.end(),
                 _amount(match.group(n1), lo_factor, grammar) * scale, currency)]
    lo_end = match.end(m1) if match.group(m1) else match.end(n1)
    return [
        (match.start(), lo_end,
         _amount(match.group(n1), lo_factor or hi_factor, grammar) * scale, currency),
        (second_start, match.end(),
         _amount(match.group(n2), hi_factor, grammar) * scale, currency),
    ]


def _is_conversion(text: str, grammar: MoneyGrammar) -> bool:
    return any(gap.search(text) for gap in grammar.conversion_gaps)


def find_money(doc: Doc, rules: RuleSet, source: str | None = None) -> list[Money]:
    """Every money amount in the document, sorted by start.

    Args:
        doc: the parsed article (character offsets index ``Article.text``).
        rules: the rule set holding ``currencies.yml``.
        source: the publisher's name; decides what a bare "$" means.
    """
    grammar = money_grammar(rules)
    dollar = local_dollar(grammar, source)
    text = doc_text(doc)
    found: list[Money] = []
    for match in grammar.pattern.finditer(text):
        for start, end, amount, currency in _endpoints(match, grammar, dollar, doc):
            converted_from = None
            if found and found[-1].currency != currency and _is_conversion(
                text[found[-1].end:start], grammar
            ):
                converted_from = len(found) - 1
            found.append(Money(text=text[start:end], start=start, end=end,
                               amount=round(amount, 6), currency=currency,
                               converted_from=converted_from))
    return found
