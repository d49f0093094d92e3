"""Stage 3 helper: the entity lexicons (people.yml, organizations.yml, places.yml).

Input: a ``RuleSet``; output: an ``EntityLexicon`` of casefolded word sets and
``org_key``-keyed canonical-name maps, built once per rule set and shared by
``people`` and ``roles``.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from wirefacts.errors import RuleError
from wirefacts.extract.rules import RuleSet
from wirefacts.names import load_honorifics, org_key, person_key


@dataclass(frozen=True, slots=True)
class EntityLexicon:
    """Everything people/organisation/place repair needs, ready to look up."""

    honorifics: frozenset[str]
    suffixes: frozenset[str]
    particles: frozenset[str]
    not_names: frozenset[str]
    not_person: frozenset[str]  # org_key of strings that never name a person
    org_by_key: dict[str, str]  # org_key(alias) -> canonical organisation
    org_aliases_by_first: dict[
        str, tuple[str, ...]
    ]  # first word -> aliases, longest first
    place_by_key: dict[str, str]  # org_key(alias) -> canonical place
    not_person_words: frozenset[str] = frozenset()  # one-word org names: "boeing"
    place_tails: frozenset[str] = frozenset()
    known_people: dict[str, str] = field(default_factory=dict)  # person_key -> name
    org_nouns: frozenset[str] = frozenset()
    demonyms: frozenset[str] = frozenset()  # "argentine": not the start of a name
    hyphen_words: frozenset[str] = frozenset()  # "-era" of "Trump-era": no syllable


_CACHE: weakref.WeakKeyDictionary[RuleSet, EntityLexicon] = weakref.WeakKeyDictionary()


def _optional(rules: RuleSet, name: str) -> Any:
    try:
        return rules.lexicon(name)
    except RuleError:
        return None


def _canon_map(entries: Any, name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in entries or []:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise RuleError(f"{name}: each entry needs a name (got {entry!r})")
        canonical = str(entry["name"])
        for alias in [canonical, *(entry.get("aliases") or [])]:
            out.setdefault(org_key(str(alias)), canonical)
    return out


def entity_lexicon(rules: RuleSet) -> EntityLexicon:
    """The entity lexicons of a rule set, parsed once."""
    lex = _CACHE.get(rules)
    if lex is not None:
        return lex
    people = _optional(rules, "people") or {}
    orgs = _optional(rules, "organizations") or []
    places = _optional(rules, "places") or []
    org_by_key = _canon_map(orgs, "organizations.yml")
    place_by_key = _canon_map(places, "places.yml")
    by_first: dict[str, list[str]] = {}
    for entry in orgs:
        for alias in [entry["name"], *(entry.get("aliases") or [])]:
            alias = str(alias)
            first = alias.split()[0].casefold()
            by_first.setdefault(first, []).append(alias)
            if first == "the" and len(alias.split()) > 1:
                by_first.setdefault(alias.split()[1].casefold(), []).append(
                    alias.split(" ", 1)[1]
                )
    not_person = {org_key(str(w)) for w in people.get("not_person_entities") or []}
    not_person |= set(org_by_key) | set(place_by_key)
    honorifics = load_honorifics(rules)
    known = {
        person_key(str(alias), honorifics): str(entry["name"])
        for entry in people.get("known_people") or []
        for alias in entry.get("aliases") or []
    }
    lex = EntityLexicon(
        honorifics=honorifics,
        suffixes=frozenset(
            str(w).casefold().rstrip(".") for w in people.get("suffixes") or []
        ),
        particles=frozenset(str(w) for w in people.get("particles") or []),
        not_names=frozenset(str(w).casefold() for w in people.get("not_names") or []),
        not_person=frozenset(not_person),
        org_by_key=org_by_key,
        org_aliases_by_first={
            k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in by_first.items()
        },
        place_by_key=place_by_key,
        known_people=known,
        not_person_words=frozenset(
            org_key(str(w))
            for w in people.get("not_person_entities") or []
            if len(str(w).split()) == 1
        ),
        place_tails=frozenset(
            str(w).casefold()
            for key in ("place_tails", "team_tails")
            for w in people.get(key) or []
        ),
        demonyms=frozenset(str(w).casefold() for w in people.get("demonyms") or []),
        hyphen_words=frozenset(
            str(w).casefold() for w in people.get("hyphen_words") or []
        ),
        org_nouns=frozenset(str(w).casefold() for w in people.get("org_nouns") or []),
    )
    _CACHE[rules] = lex
    return lex
