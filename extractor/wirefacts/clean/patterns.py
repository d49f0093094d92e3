"""Stage 2 (clean): the cleaning patterns of ``data/rules/cleaning.yml``, compiled.

Input: a ``RuleSet``. Output: ``CleaningRules`` (compiled regexes and credit
lexicons), built once per RuleSet and cached, so ``clean()`` never compiles.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

from wirefacts.errors import RuleError
from wirefacts.extract.rules import RuleSet

RULE_NAME = "cleaning"


@dataclass(frozen=True, slots=True)
class NamedPattern:
    """One compiled rule: its id, regex, replacement and the example it must match."""

    id: str
    regex: re.Pattern[str]
    example: str = ""
    replace: str = ""


@dataclass(frozen=True, slots=True)
class PullQuoteSettings:
    """Thresholds for dropping a display paragraph that repeats the body."""

    ngram: int = 5
    min_shared: float = 0.5
    min_words: int = 6


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """Everything the cleaning steps need, compiled once."""

    datelines: tuple[NamedPattern, ...]
    leading: tuple[NamedPattern, ...]
    tail: tuple[NamedPattern, ...]
    paragraphs: tuple[NamedPattern, ...]
    paragraph_max_chars: int
    inline: tuple[NamedPattern, ...]
    agencies: dict[str, str]
    acronyms: dict[str, str]
    small_words: frozenset[str]
    pull_quotes: PullQuoteSettings


_CACHE: weakref.WeakKeyDictionary[RuleSet, CleaningRules] = weakref.WeakKeyDictionary()


def cleaning_rules(rules: RuleSet) -> CleaningRules:
    """The compiled cleaning rules of ``rules`` (built on first use, then cached)."""
    compiled = _CACHE.get(rules)
    if compiled is None:
        compiled = compile_cleaning_rules(rules.lexicon(RULE_NAME), str(rules.folder))
        _CACHE[rules] = compiled
    return compiled


def compile_cleaning_rules(data: Any, where: str = RULE_NAME) -> CleaningRules:
    """Compile the parsed ``cleaning.yml``; raise ``RuleError`` on a bad entry."""
    if not isinstance(data, dict):
        raise RuleError(f"{where}/{RULE_NAME}.yml: expected a mapping at the top")
    paragraphs = data.get("paragraphs") or {}
    pull = data.get("pull_quotes") or {}
    acronyms = [str(a) for a in data.get("acronyms") or []]
    return CleaningRules(
        datelines=_compile_list(data.get("datelines"), "datelines", where),
        leading=_compile_list(data.get("leading"), "leading", where),
        tail=_compile_list(data.get("tail"), "tail", where),
        paragraphs=_compile_list(paragraphs.get("patterns"), "paragraphs", where),
        paragraph_max_chars=int(paragraphs.get("max_chars", 300)),
        inline=_compile_list(data.get("inline"), "inline", where),
        agencies={str(k).casefold(): str(v) for k, v in
                  (data.get("agencies") or {}).items()},
        acronyms={a.casefold(): a for a in acronyms},
        small_words=frozenset(str(w).casefold() for w in data.get("small_words") or []),
        pull_quotes=PullQuoteSettings(
            ngram=int(pull.get("ngram", 5)),
            min_shared=float(pull.get("min_shared", 0.5)),
            min_words=int(pull.get("min_words", 6)),
        ),
    )


def _compile_list(entries: Any, section: str, where: str) -> tuple[NamedPattern, ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise RuleError(f"{where}/{RULE_NAME}.yml: {section} must be a list")
    compiled = []
    for position, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "pattern" not in entry:
            raise RuleError(f"{where}/{RULE_NAME}.yml: {section}[{position}] needs a "
                            "pattern")
        rule_id = str(entry.get("id", f"{section}{position}"))
        try:
            regex = re.compile(str(entry["pattern"]))
        except re.error as exc:
            raise RuleError(f"{where}/{RULE_NAME}.yml: {section} {rule_id}: bad regex: "
                            f"{exc}") from None
        examples = entry.get("examples") or [entry.get("example", "")]
        compiled.append(NamedPattern(rule_id, regex, str(examples[0] or ""),
                                     str(entry.get("replace", ""))))
    return tuple(compiled)


def rule_examples(data: Any) -> list[tuple[str, str, str]]:
    """Every ``(section, pattern, example)`` in the parsed file, for tests."""
    found = []
    sections = {k: data.get(k) for k in ("datelines", "leading", "tail", "inline")}
    sections["paragraphs"] = (data.get("paragraphs") or {}).get("patterns")
    for section, entries in sections.items():
        for entry in entries or []:
            examples = entry.get("examples") or [entry.get("example")]
            for example in examples:
                if example:
                    found.append((section, str(entry["pattern"]), str(example)))
    return found
