"""Stage 3 helper: the date grammar of ``data/rules/dates.yml``, compiled once.

Input: a RuleSet. Output: a ``DateGrammar`` holding the lexicons (month and
weekday numbers, counts, future cues) and one compiled regular expression per
pattern, each wrapped in word boundaries. ``grammar_for(rules)`` caches the
grammar per RuleSet, so extraction never compiles a pattern twice.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

from wirefacts.errors import RuleError
from wirefacts.extract.rules import RuleSet

RULE_FILE = "dates"
PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")
# Lexicons offered to patterns as {NAME} alternations.
ALTERNATIONS = {
    "MONTH": "months",
    "BARE_MONTH": "bare_months",
    "WEEKDAY": "weekdays",
    "NUMBER": "numbers",
    "QUARTER_ORDINAL": "quarter_ordinals",
    "UNIT": "units",
    "RELATIVE_DAY": "relative_days",
    "TIME_OF_DAY": "times_of_day",
    "SPELLED_TENS": "spelled_tens",
    "SPELLED_UNIT": "spelled_units",
    "REFERENCE": "references",
}
# Pattern kinds whose values (PRESENT_REF, 1998-SU, 199, 19) are TimeML's but not
# the export contract's: compiled only when ``timeml_values`` is true.
TIMEML_KIND_PREFIX = "timeml_"


@dataclass(frozen=True)
class DatePattern:
    """One compiled pattern of the grammar."""

    id: str
    kind: str
    regex: re.Pattern[str]
    example: str


@dataclass(frozen=True)
class DateGrammar:
    """Lexicons and compiled patterns of one rule set."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    quarter_ordinals: dict[str, int]
    relative_words: dict[str, int]
    relative_days: dict[str, int]
    future_auxiliaries: frozenset[str]
    future_heads: frozenset[str]
    spelled_centuries: dict[str, int]
    spelled_tens: dict[str, int]
    spelled_units: dict[str, int]
    references: dict[str, str]
    quarter_cues: tuple[str, ...]
    sports_cues: frozenset[str]
    year_nouns: frozenset[str]
    deferral_verbs: frozenset[str]
    forecast_verbs: frozenset[str]
    patterns: tuple[DatePattern, ...]
    report_nouns: frozenset[str] = frozenset()


_CACHE: weakref.WeakKeyDictionary[RuleSet, DateGrammar] = weakref.WeakKeyDictionary()


def grammar_for(rules: RuleSet) -> DateGrammar:
    """The compiled date grammar of ``rules`` (built on first use, then cached)."""
    grammar = _CACHE.get(rules)
    if grammar is None:
        grammar = compile_grammar(rules.lexicon(RULE_FILE), str(rules.folder))
        _CACHE[rules] = grammar
    return grammar


def _alternation(entries: Any) -> str:
    words = sorted((str(w) for w in entries), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def _expand(pattern: str, fragments: dict[str, str], where: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise RuleError(f"{where}: unknown placeholder {{{name}}}")
        return f"(?:{fragments[name]})"

    for _ in range(5):  # fragments may reference fragments
        expanded = PLACEHOLDER.sub(substitute, pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise RuleError(f"{where}: placeholders nest too deeply")


def _int_map(data: dict[str, Any], name: str, where: str) -> dict[str, int]:
    try:
        return {str(k).lower(): int(v) for k, v in dict(data.get(name) or {}).items()}
    except (TypeError, ValueError) as exc:
        raise RuleError(f"{where}: {name}: {exc}") from None


def compile_grammar(data: Any, folder: str = "") -> DateGrammar:
    """Build the grammar from the parsed ``dates.yml``; RuleError on mistakes."""
    where = f"{folder}/{RULE_FILE}.yml"
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise RuleError(f"{where}: needs a 'patterns' list")
    fragments = {name: _alternation(data.get(lex) or ())
                 for name, lex in ALTERNATIONS.items()}
    fragments.update({str(k): str(v) for k, v in (data.get("fragments") or {}).items()})
    patterns = []
    with_timeml = bool(data.get("timeml_values", False))
    for row in data["patterns"]:
        pid = str(row.get("id", "?"))
        if str(row.get("kind", "")).startswith(TIMEML_KIND_PREFIX) and not with_timeml:
            continue
        try:
            body = _expand(str(row["pattern"]), fragments, f"{where}: {pid}")
            regex = re.compile(rf"(?<![\w'’-])(?:{body})(?![\w])", re.I | re.X)
        except (KeyError, re.error) as exc:
            raise RuleError(f"{where}: pattern {pid}: {exc}") from None
        patterns.append(DatePattern(pid, str(row.get("kind", "")), regex,
                                    str(row.get("example", ""))))
    return DateGrammar(
        months=_int_map(data, "months", where),
        weekdays=_int_map(data, "weekdays", where),
        numbers=_int_map(data, "numbers", where),
        units={str(k).lower(): str(v) for k, v in (data.get("units") or {}).items()},
        quarter_ordinals=_int_map(data, "quarter_ordinals", where),
        relative_words=_int_map(data, "relative_words", where),
        relative_days=_int_map(data, "relative_days", where),
        future_auxiliaries=frozenset(str(w).lower()
                                     for w in data.get("future_auxiliaries") or ()),
        future_heads=frozenset(str(w).lower() for w in data.get("future_heads") or ()),
        spelled_centuries=_int_map(data, "spelled_centuries", where),
        spelled_tens=_int_map(data, "spelled_tens", where),
        spelled_units=_int_map(data, "spelled_units", where),
        quarter_cues=tuple(str(w).lower() for w in data.get("quarter_cues") or ()),
        sports_cues=frozenset(str(w).lower() for w in data.get("sports_cues") or ()),
        year_nouns=frozenset(str(w).lower() for w in data.get("year_nouns") or ()),
        deferral_verbs=frozenset(str(w).lower()
                                 for w in data.get("deferral_verbs") or ()),
        forecast_verbs=frozenset(str(w).lower()
                                 for w in data.get("forecast_verbs") or ()),
        references={" ".join(str(k).lower().split()): str(v)
                    for k, v in (data.get("references") or {}).items()},
        patterns=tuple(patterns),
        report_nouns=frozenset(str(w).lower() for w in data.get("report_nouns") or ()),
    )
