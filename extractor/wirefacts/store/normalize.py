"""Stage 4 normalisation: in-article entity names -> one row per real entity.

``EntityResolver.resolve`` takes the facts of a batch of articles and returns, for
each article, the ids of the people, organisations and places it names, creating
rows as needed. The extractor has already linked each mention to the canonical
name *within* its article (``Mention.entity``: "Mr Trump" -> "Donald Trump");
this module links names *across* articles.

People (keys from ``wirefacts.names.person_key``: case, accents, honorifics,
possessives, hyphens and dotted initials folded):

1. A full name (two or more tokens) joins the person with the same key. Failing
   that, it joins the one person whose key differs only by middle initials
   ("Donald Trump" ~ "Donald J. Trump"; only when one side has no initial, so
   "John A. Smith" and "John B. Smith" stay apart), or the one person with the
   same tokens in another order ("Xi Jinping" ~ "Jinping Xi"). Else a new row.
2. A surname-only name ("Trump", "de Gaulle") joins the one full name *of the
   same article* with that surname (or that the article itself linked the form
   to: "Xi Jinping" ... "Mr Xi"); the extractor has normally done this already
   (``Mention.entity``), this catches names of roles and quotes too. Across
   articles it never joins a full name on its own: a surname says nothing about
   which "Francis" another story means (Pope Francis is not the pitcher Bowden
   Francis). It gets its own surname-only row (``single``), shared by the
   articles that give only that surname. The one cross-article evidence is the
   ``known_people`` lexicon of ``data/rules/people.yml`` ("Trump" -> Donald
   Trump), applied by the extractor, which then gives the full name as the
   mention's entity.

   ``attach_surnames=True`` restores the old heuristic: a surname-only name
   joins the one full-name person known under that surname in any article (as
   its last name, or as a single-token form some article linked to it), and a
   surname-only row is folded into a full-name person that later becomes the
   single candidate. It merges namesakes whenever only one of them is known.

Organisations are keyed by ``org_key`` of their canonical name: the lexicon's
``name`` when the mention's entity or text (or a role's organisation) matches one
of its names or aliases (``data/rules/organizations.yml``), else the entity as
written. Places (GPE, LOC, NORP and any other type) are keyed by type and
``org_key`` of the entity.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from wirefacts.errors import WirefactsError
from wirefacts.facts import ArticleFacts
from wirefacts.names import SURNAME_PARTICLES, org_key, person_key, surname
from wirefacts.store.tables import (
    MentionRow,
    Organization,
    Person,
    Place,
    QuoteRow,
    RoleRow,
)

log = logging.getLogger(__name__)

PERSON = "PERSON"
# Organisation and place names recur in almost every article.
cached_org_key = functools.lru_cache(maxsize=100_000)(org_key)
ORG = "ORG"


@dataclass
class ArticleEntities:
    """The entity ids one article's facts refer to, by the names the facts use."""

    people: dict[str, int] = field(default_factory=dict)
    orgs: dict[str, int] = field(default_factory=dict)
    places: dict[tuple[str, str], int] = field(default_factory=dict)


def is_surname_only(key: str) -> bool:
    """A key that is just a family name: one token, or particles + one token."""
    tokens = key.split()
    return len(tokens) == 1 or all(t in SURNAME_PARTICLES for t in tokens[:-1])


def without_initials(key: str) -> str:
    """The key less single-letter middle tokens: "donald j trump" -> "donald trump"."""
    tokens = key.split()
    if len(tokens) <= 2:
        return key
    middle = [t for t in tokens[1:-1] if len(t) > 1]
    return " ".join([tokens[0], *middle, tokens[-1]])


def name_rank(name: str) -> tuple[bool, int, int]:
    """Which written form is the fullest: mixed case beats ALL CAPS, then more
    tokens, then more characters ("Donald J. Trump" over "Donald Trump")."""
    return (any(c.islower() for c in name), len(name.split()), len(name))


def load_org_lexicon(rules: Any) -> dict[str, str]:
    """``org_key`` of every name and alias in ``organizations.yml`` -> canonical name.

    A missing or unreadable lexicon gives an empty mapping (organisations are then
    keyed by their own names).
    """
    try:
        entries = rules.lexicon("organizations") or []
    except (WirefactsError, OSError) as exc:
        log.warning("organisation lexicon not used: %s", exc)
        return {}
    canon: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        name = str(entry["name"])
        for alias in [name, *(entry.get("aliases") or [])]:
            canon.setdefault(org_key(str(alias)), name)
    return canon


@dataclass
class _People:
    """In-memory index of the people table (rebuilt after a rollback)."""

    by_key: dict[str, int] = field(default_factory=dict)
    key: dict[int, str] = field(default_factory=dict)
    name: dict[int, str] = field(default_factory=dict)
    single: dict[int, bool] = field(default_factory=dict)
    surname_key: dict[int, str] = field(default_factory=dict)
    aliases: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_surname: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_alias: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_plain: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_sorted: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def _index_keys(self, pid: int) -> list[tuple[dict[str, set[int]], str]]:
        key = self.key[pid]
        return [
            (self.by_surname, self.surname_key[pid]),
            (self.by_plain, without_initials(key)),
            (self.by_sorted, " ".join(sorted(key.split()))),
        ]

    def add(
        self, pid: int, key: str, name: str, surname_key: str, single: bool
    ) -> None:
        self.by_key[key] = pid
        self.key[pid] = key
        self.name[pid] = name
        self.single[pid] = single
        self.surname_key[pid] = surname_key
        if not single:
            for index, value in self._index_keys(pid):
                index[value].add(pid)

    def add_alias(self, pid: int, short_key: str) -> bool:
        """Record a surname-only form of a full-name person; True when new."""
        if pid in self.by_alias[short_key]:
            return False
        self.by_alias[short_key].add(pid)
        self.aliases[pid].add(short_key)
        return True

    def drop(self, pid: int) -> None:
        for index, value in self._index_keys(pid):
            index[value].discard(pid)
        for short in self.aliases.pop(pid, set()):
            self.by_alias[short].discard(pid)
        key = self.key.pop(pid)
        if self.by_key.get(key) == pid:
            del self.by_key[key]
        del self.name[pid], self.single[pid], self.surname_key[pid]

    def remap(self, old: int, new: int) -> None:
        """Give a row made with a temporary id its database id."""
        shorts = set(self.aliases.get(old, set()))
        key, name, skey, single = (
            self.key[old],
            self.name[old],
            self.surname_key[old],
            self.single[old],
        )
        self.drop(old)
        self.add(new, key, name, skey, single)
        for short in shorts:
            self.add_alias(new, short)

    def candidates(self, short_key: str) -> set[int]:
        """Full-name people a surname-only key may stand for."""
        return self.by_surname.get(short_key, set()) | self.by_alias.get(
            short_key, set()
        )

    def find_full(self, key: str) -> int | None:
        if key in self.by_key:
            return self.by_key[key]
        plain = without_initials(key)
        if plain == key:
            found = self.by_plain.get(plain, set())
            if len(found) == 1:
                return next(iter(found))
        elif plain in self.by_key and not self.single.get(self.by_key[plain], True):
            return self.by_key[plain]
        found = self.by_sorted.get(" ".join(sorted(key.split())), set())
        return next(iter(found)) if len(found) == 1 else None


class EntityResolver:
    """Finds or creates the people, organisation and place rows of a batch."""

    def __init__(
        self,
        honorifics: frozenset[str],
        org_lexicon: dict[str, str],
        attach_surnames: bool = False,
    ) -> None:
        self.honorifics = honorifics
        self.org_lexicon = org_lexicon
        # True: a surname-only name joins the one full name known under that
        # surname in other articles (module docstring, rule 2).
        self.attach_surnames = attach_surnames
        self._people: _People | None = None
        self._orgs: dict[str, int] | None = None
        self._places: dict[tuple[str, str], int] | None = None
        self._keys: dict[str, str] = {}  # person_key memo: names recur constantly

    def invalidate(self) -> None:
        """Forget the caches (after a rollback or an out-of-band change)."""
        self._people = self._orgs = self._places = None

    # -- keys -------------------------------------------------------------------

    def person_key(self, name: str) -> str:
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = person_key(name, self.honorifics)
        return key

    def surname_key(self, name: str) -> str:
        return person_key(surname(name, self.honorifics), self.honorifics)

    def org_canonical(self, *names: str | None) -> str | None:
        """The lexicon's name for the first of ``names`` it knows, else the first."""
        given = [n for n in names if n and n.strip()]
        for name in given:
            found = self.org_lexicon.get(cached_org_key(name))
            if found:
                return found
        return given[0].strip() if given else None

    # -- caches -----------------------------------------------------------------

    def _load(self, conn: Connection) -> None:
        if self._people is not None:
            return
        people = _People()
        rows = conn.execute(
            select(
                Person.id, Person.key, Person.name, Person.surname_key, Person.single
            ).order_by(Person.id)
        )
        for pid, key, name, skey, single in rows:
            people.add(pid, key, name, skey, bool(single))
        if self.attach_surnames:
            # Single-token forms articles linked to a full name ("Xi" -> Xi
            # Jinping): candidates for surname-only names of other articles.
            short_forms = conn.execute(
                select(MentionRow.person_id, MentionRow.text)
                .distinct()
                .where(MentionRow.person_id.is_not(None), MentionRow.type == PERSON)
            )
            for pid, text in short_forms:
                self._note_alias(people, pid, text)
        self._people = people
        self._orgs = {
            k: i for k, i in conn.execute(select(Organization.key, Organization.id))
        }
        self._places = {
            (t, k): i
            for i, t, k in conn.execute(select(Place.id, Place.type, Place.key))
        }

    def _note_alias(self, people: _People, pid: int, text: str) -> str | None:
        if people.single.get(pid, True):
            return None
        key = self.person_key(text)
        if key and is_surname_only(key) and people.add_alias(pid, key):
            return key
        return None

    # -- resolution -------------------------------------------------------------

    def resolve(
        self, conn: Connection, batch: Sequence[tuple[int, ArticleFacts]]
    ) -> list[ArticleEntities]:
        """Entity ids for each article's facts, creating rows inside ``conn``'s
        transaction; the caller invalidates the caches if it rolls back."""
        self._load(conn)
        out = [ArticleEntities() for _ in batch]
        self._resolve_people(conn, batch, out)
        self._resolve_orgs(conn, batch, out)
        self._resolve_places(conn, batch, out)
        return out

    def _person_names(self, facts: ArticleFacts) -> list[str]:
        names = [m.entity for m in facts.mentions if m.type == PERSON]
        names += [r.person for r in facts.roles]
        person_names = set(names)
        names += [
            q.speaker
            for q in facts.quotes
            if q.speaker
            and (
                q.speaker_type == PERSON
                or (q.speaker_type is None and q.speaker in person_names)
            )
        ]
        return list(dict.fromkeys(n for n in names if n and n.strip()))

    def _resolve_people(
        self,
        conn: Connection,
        batch: Sequence[tuple[int, ArticleFacts]],
        out: list[ArticleEntities],
    ) -> None:
        people = self._people
        assert people is not None
        names = [self._person_names(facts) for _, facts in batch]
        renamed: dict[int, str] = {}
        touched: set[str] = set()
        pending: dict[int, bool] = {}  # temporary (negative) id -> single

        def new_person(key: str, name: str, single: bool) -> int:
            temp = -1 - len(pending)
            skey = key if single else self.surname_key(name)
            people.add(temp, key, name, skey, single)
            pending[temp] = single
            if not single:
                touched.add(skey)
            return temp

        # 1. full names (new ones join later forms of the same batch too)
        for i, article_names in enumerate(names):
            for name in article_names:
                key = self.person_key(name)
                if not key or is_surname_only(key):
                    continue
                pid = people.find_full(key)
                if pid is None:
                    pid = new_person(key, name, single=False)
                elif name_rank(name) > name_rank(people.name[pid]):
                    people.name[pid] = renamed[pid] = name
                out[i].people[name] = pid

        # 2. (attach_surnames) short forms the articles linked to full names
        #    become aliases that other articles' surname-only names may join
        if self.attach_surnames:
            for i, (_, facts) in enumerate(batch):
                for m in facts.mentions:
                    pid = out[i].people.get(m.entity)
                    if m.type == PERSON and pid is not None:
                        added = self._note_alias(people, pid, m.text)
                        if added:
                            touched.add(added)

        # 3. surname-only names: the one full name of the same article with that
        #    surname (across articles only with attach_surnames), else their row
        for i, article_names in enumerate(names):
            local = self._article_surnames(batch[i][1], out[i].people)
            for name in article_names:
                key = self.person_key(name)
                if not key or not is_surname_only(key):
                    continue
                found = local.get(key, set())
                if not found and self.attach_surnames:
                    found = people.candidates(key)
                if len(found) == 1:
                    out[i].people[name] = next(iter(found))
                elif key in people.by_key:
                    out[i].people[name] = people.by_key[key]
                else:
                    out[i].people[name] = new_person(key, name, single=True)

        real = self._insert_pending(conn, pending)
        for entities in out:
            entities.people = {n: real.get(p, p) for n, p in entities.people.items()}
        renamed = {real.get(p, p): n for p, n in renamed.items() if p > 0}
        if renamed:
            conn.execute(
                update(Person)
                .where(Person.id == bindparam("pid"))
                .values(name=bindparam("n")),
                [{"pid": pid, "n": n} for pid, n in renamed.items()],
            )
        for short in sorted(touched):
            self._absorb(conn, short, out)

    def _article_surnames(
        self, facts: ArticleFacts, full_names: dict[str, int]
    ) -> dict[str, set[int]]:
        """Surname-only key -> the article's full-name people it may stand for:
        by their surname, or by a short form the article linked to them."""
        people = self._people
        assert people is not None
        found: dict[str, set[int]] = defaultdict(set)
        for pid in full_names.values():
            found[people.surname_key[pid]].add(pid)
        for m in facts.mentions:
            linked = full_names.get(m.entity)
            if m.type == PERSON and linked is not None:
                key = self.person_key(m.text)
                if key and is_surname_only(key):
                    found[key].add(linked)
        return found

    def _insert_pending(
        self, conn: Connection, pending: dict[int, bool]
    ) -> dict[int, int]:
        """Insert the people made with temporary ids; return temporary -> real id."""
        people = self._people
        assert people is not None
        if not pending:
            return {}
        temps = sorted(pending, reverse=True)
        rows = [
            {
                "key": people.key[t],
                "name": people.name[t],
                "surname_key": people.surname_key[t],
                "single": pending[t],
            }
            for t in temps
        ]
        ids = (
            conn.execute(
                insert(Person).returning(Person.id, sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        real = dict(zip(temps, ids, strict=True))
        for temp, pid in real.items():
            people.remap(temp, pid)
        return real

    def _absorb(
        self, conn: Connection, short_key: str, out: list[ArticleEntities]
    ) -> None:
        """Fold the surname-only row ``short_key`` into its one full-name candidate."""
        people = self._people
        assert people is not None
        single_id = people.by_key.get(short_key)
        if (
            not self.attach_surnames
            or single_id is None
            or not people.single.get(single_id)
        ):
            return
        found = people.candidates(short_key)
        if len(found) != 1:
            return
        target = next(iter(found))
        for table in (MentionRow, RoleRow, QuoteRow):
            conn.execute(
                update(table)
                .where(table.person_id == single_id)
                .values(person_id=target)
            )
        conn.execute(delete(Person).where(Person.id == single_id))
        people.drop(single_id)
        for entities in out:
            entities.people = {
                n: target if p == single_id else p for n, p in entities.people.items()
            }

    def _resolve_orgs(
        self,
        conn: Connection,
        batch: Sequence[tuple[int, ArticleFacts]],
        out: list[ArticleEntities],
    ) -> None:
        orgs = self._orgs
        assert orgs is not None
        wanted: list[
            list[tuple[str, str]]
        ] = []  # per article: (name as used, canonical)
        for _, facts in batch:
            found: list[tuple[str, str | None]] = []
            for m in facts.mentions:
                if m.type == ORG:
                    found.append((m.entity, self.org_canonical(m.entity, m.text)))
            for r in facts.roles:
                if r.organization:
                    found.append((r.organization, self.org_canonical(r.organization)))
            for q in facts.quotes:
                if q.speaker and q.speaker_type == ORG:
                    found.append((q.speaker, self.org_canonical(q.speaker)))
            wanted.append([(n, c) for n, c in found if c and cached_org_key(c)])
        new: dict[str, str] = {}
        for pairs in wanted:
            for _, canonical in pairs:
                key = cached_org_key(canonical)
                if key not in orgs:
                    new.setdefault(key, canonical)
        if new:
            rows = [{"key": k, "name": n} for k, n in new.items()]
            ids = (
                conn.execute(
                    insert(Organization).returning(
                        Organization.id, sort_by_parameter_order=True
                    ),
                    rows,
                )
                .scalars()
                .all()
            )
            orgs.update(zip(new, ids, strict=True))
        for i, pairs in enumerate(wanted):
            for name, canonical in pairs:
                out[i].orgs[name] = orgs[cached_org_key(canonical)]

    def _resolve_places(
        self,
        conn: Connection,
        batch: Sequence[tuple[int, ArticleFacts]],
        out: list[ArticleEntities],
    ) -> None:
        places = self._places
        assert places is not None
        new: dict[tuple[str, str], str] = {}
        for _, facts in batch:
            for m in facts.mentions:
                if m.type in (PERSON, ORG):
                    continue
                key = cached_org_key(m.entity)
                if key and (m.type, key) not in places:
                    new.setdefault((m.type, key), m.entity.strip())
        if new:
            rows = [{"type": t, "key": k, "name": n} for (t, k), n in new.items()]
            ids = (
                conn.execute(
                    insert(Place).returning(Place.id, sort_by_parameter_order=True),
                    rows,
                )
                .scalars()
                .all()
            )
            places.update(zip(new, ids, strict=True))
        for i, (_, facts) in enumerate(batch):
            for m in facts.mentions:
                if m.type not in (PERSON, ORG) and cached_org_key(m.entity):
                    out[i].places[(m.type, m.entity)] = places[
                        (m.type, cached_org_key(m.entity))
                    ]
