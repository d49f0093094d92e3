"""Stage 2 (clean): credit lines and dateline agencies -> ``Article.sources`` names.

Input: a credit string as printed ("BLOOMBERG, REUTERS, WASHINGTON POST",
"Reuters", "AFP"). Output: agency names as the agencies write them
("Bloomberg", "Reuters", "Washington Post", "AFP", "dpa").
"""

from __future__ import annotations

import re

from wirefacts.clean.patterns import CleaningRules

CREDIT_SEPARATOR = re.compile(r"\s*(?:,|;|/|\band\b|\bAND\b|&)\s*")
MAX_WORDS_PER_CREDIT = 5


def split_credits(printed: str, rules: CleaningRules) -> list[str]:
    """Name every credit in one credit line; ``[]`` when it does not look like one."""
    whole = printed.strip().strip("-–—").strip()
    if whole.casefold() in rules.agencies:
        return [rules.agencies[whole.casefold()]]
    names = []
    for part in CREDIT_SEPARATOR.split(whole):
        part = part.strip(" .-–—")
        if not part:
            continue
        if len(part) < 2 or len(part.split()) > MAX_WORDS_PER_CREDIT:
            return []
        names.append(name_credit(part, rules))
    return names


def name_credit(printed: str, rules: CleaningRules) -> str:
    """One credit as the agency writes it: lexicon first, else careful title case."""
    known = rules.agencies.get(printed.casefold())
    if known:
        return known
    if not printed.isupper():
        return printed
    words = []
    for position, word in enumerate(printed.split()):
        folded = word.casefold()
        if folded in rules.acronyms:
            words.append(rules.acronyms[folded])
        elif position > 0 and folded in rules.small_words:
            words.append(folded)
        else:
            parts = word.split("-")
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in parts))
    return " ".join(words)


def merge_sources(*groups: list[str]) -> tuple[str, ...]:
    """Concatenate credit names in order, dropping repeats (case-insensitive)."""
    seen: set[str] = set()
    merged = []
    for group in groups:
        for name in group:
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                merged.append(name)
    return tuple(merged)
