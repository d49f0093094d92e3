"""Name normalisation shared by extraction (stage 3) and the store (stage 4).

Pure string functions, no spaCy: ``str -> str`` keys that decide when two surface
forms name the same person or organisation. The honorific list is data
(``data/rules/people.yml``); everything else is orthography that holds for any
wire copy: case, punctuation, possessives, hyphens, accents and initials.

- ``person_key("Mr. Xi Jinping's")`` -> ``"xi jinping"``
- ``person_key("Jean-Claude Juncker") == person_key("Jean Claude Juncker")``
- ``org_key("the U.S. Federal Reserve") == org_key("US Federal Reserve")``
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Generational and post-nominal suffixes that follow a surname ("Martin Luther
# King Jr.", "John D. Rockefeller III"): never a surname themselves.
NAME_SUFFIXES = frozenset(
    {"jr", "sr", "jnr", "snr", "ii", "iii", "iv", "v", "phd", "md", "esq", "qc", "kc"}
)
# Lower-case particles that belong to the surname ("Ursula von der Leyen" is
# "Ms von der Leyen", "Charles de Gaulle" is "de Gaulle").
SURNAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "du",
        "da",
        "das",
        "dos",
        "di",
        "del",
        "della",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "binti",
        "al",
        "el",
        "ibn",
        "ben",
        "st",
    }
)
# Corporate-form words dropped at the end of an organisation key, so that
# "Boeing Co", "Boeing Co." and "Boeing" fold together.
ORG_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "ag",
        "sa",
        "nv",
        "bv",
        "spa",
        "gmbh",
        "holdings",
        "group",
    }
)
DEFAULT_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mdm",
        "madam",
        "madame",
        "mme",
        "dr",
        "sir",
        "dame",
        "messrs",
        "mx",
        "herr",
        "frau",
        "monsieur",
        "senor",
        "senora",
        "prof",
    }
)

_APOSTROPHES = "'\u2019\u2018`\u00b4"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s?$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def load_honorifics(rules: Any) -> frozenset[str]:
    """The honorifics of ``people.yml`` (key ``honorifics``), casefolded, no dots.

    ``rules`` is a ``wirefacts.extract.rules.RuleSet``; a rules folder without
    ``people.yml`` gives the built-in list so the store still works.
    """
    try:
        data = rules.lexicon("people")
    except Exception:  # noqa: BLE001 - a missing lexicon falls back to the defaults
        return DEFAULT_HONORIFICS
    words = (data or {}).get("honorifics") or []
    folded = {_fold_word(str(w)) for w in words if str(w).strip()}
    return frozenset(folded) or DEFAULT_HONORIFICS


def _fold_word(word: str) -> str:
    return _strip_accents(word.strip().rstrip(".").casefold())


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_honorific(token: str, honorifics: frozenset[str]) -> bool:
    return _fold_word(token) in honorifics


def strip_honorifics(name: str, honorifics: frozenset[str]) -> str:
    """Drop leading honorifics: ``"Mr Trump"`` -> ``"Trump"``; titles stay.

    ``"President Xi"`` is unchanged (titles are roles, not honorifics). A name
    that is nothing but honorifics is returned as it was.
    """
    tokens = name.split()
    i = 0
    while i < len(tokens) - 1 and _is_honorific(tokens[i], honorifics):
        i += 1
    if i == 0:
        return name.strip()
    return " ".join(tokens[i:])


def strip_possessive(name: str) -> str:
    """``"Trump's"`` -> ``"Trump"``, ``"Reuters'"`` -> ``"Reuters"``."""
    return _POSSESSIVE.sub("", name.strip())


def _collapse_initials(tokens: list[str]) -> list[str]:
    """Join runs of single letters: ``["u", "s"]`` -> ``["us"]`` ("U. S." == "U.S.")."""
    out: list[str] = []
    run: list[str] = []
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(tok)
    if run:
        out.append("".join(run))
    return out


def _key_tokens(text: str) -> list[str]:
    text = _strip_accents(text.casefold())
    text = text.replace("&", " and ")
    # Hyphens and slashes separate name parts; dots and apostrophes join them
    # ("U.S." -> "us", "O'Neill" -> "oneill").
    text = re.sub(r"[-\u2010-\u2015/_]", " ", text)
    text = re.sub(rf"[.{_APOSTROPHES}]", "", text)
    text = _NON_WORD.sub(" ", text)
    return text.split()


def person_key(name: str, honorifics: frozenset[str]) -> str:
    """Normalised identity key of a person name.

    Casefolded, accents removed, honorifics and possessive ``'s`` dropped,
    punctuation removed, hyphens and spaces folded:
    ``"Mr. Xi Jinping's"`` -> ``"xi jinping"``.
    """
    base = strip_possessive(strip_honorifics(_SPACE.sub(" ", name).strip(), honorifics))
    tokens = _key_tokens(base)
    while len(tokens) > 1 and tokens[0] in honorifics:
        tokens = tokens[1:]
    return " ".join(_collapse_initials(tokens))


def surname(name: str, honorifics: frozenset[str]) -> str:
    """The family name as written: last token, skipping suffixes like "Jr", "III".

    Lower-case particles before it are kept (``"Ursula von der Leyen"`` ->
    ``"von der Leyen"``); hyphenated surnames stay whole. Returns ``""`` for an
    empty name.
    """
    base = strip_possessive(strip_honorifics(_SPACE.sub(" ", name).strip(), honorifics))
    tokens = [t.strip(",") for t in base.split() if t.strip(",")]
    while len(tokens) > 1 and _fold_word(tokens[-1]) in NAME_SUFFIXES:
        tokens.pop()
    if not tokens:
        return ""
    last = len(tokens) - 1
    first = last
    while first > 1 and tokens[first - 1] in SURNAME_PARTICLES:
        first -= 1
    return " ".join(tokens[first:])


def org_key(name: str) -> str:
    """Normalised key of an organisation name.

    Casefolded, a leading "the" and a trailing possessive dropped, punctuation
    removed, "U.S." == "US" == "U. S.", "&" == "and", corporate forms at the end
    ("Inc", "Corp", "Co", "Ltd", "plc") dropped when something remains.
    """
    tokens = _key_tokens(strip_possessive(_SPACE.sub(" ", name).strip()))
    tokens = _collapse_initials(tokens)
    while len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in ORG_SUFFIXES:
        tokens.pop()
    return " ".join(tokens)
