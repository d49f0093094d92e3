"""Stage 3: roles (titles and positions) of the people named in one article.

Input: the parsed ``Doc``, the article's mentions (``people.find_mentions``) and
the rule set; output: ``list[Role]`` sorted by start, each ``role`` exactly as
written (offsets cover it) with the organisation when the title names one.

Forms of news copy handled (title words from ``data/rules/titles.yml``):

- pre-nominal: "Vice-Minister for Finance Liao Min", "US Agriculture Department
  Secretary Sonny Perdue", "Federal Reserve Board Chairman Paul Volcker",
  "French agriculture minister Francois Guillaume" (1987 lower case);
- appositive: "Kevin Brady, the top Republican on the House Ways and Means
  Committee, said", "James Baker, Treasury Secretary, said", "Liu He, China's
  Vice Premier,";
- "X, who is Y": "Steven Mnuchin, who is Treasury Secretary".

The same person's role is reported once per distinct title: a later mention
whose title has the same words (less nationality and function words) as one
already found ("US Treasury Secretary" after "Treasury Secretary") is the same
fact, not a new one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from wirefacts.extract.rules import RuleSet
from wirefacts.extract.titles import (
    TitleLexicon,
    doc_text,
    premod_start,
    title_after,
    title_before,
    title_lexicon,
)
from wirefacts.facts import Mention, Role

# Words that do not change which title a role is ("the", "of", a country).
_ORG_PREFIXES = frozenset({"the", "us", "u.s.", "u.s", "usa", "u.s.a."})
NEUTRAL_WORDS = frozenset(
    {
        "the",
        "of",
        "for",
        "on",
        "a",
        "an",
        "and",
        "to",
        "in",
        "at",
        "u",
        "s",
        "us",
        "usa",
        "united",
        "states",
    }
)


def find_roles(doc: Doc, mentions: Sequence[Mention], rules: RuleSet) -> list[Role]:
    """Roles of the PERSON mentions in ``doc``, one per distinct title per person."""
    tlex = title_lexicon(rules)
    persons = [m for m in mentions if m.type == "PERSON"]
    orgs = [m for m in mentions if m.type == "ORG"]
    name_tokens: set[int] = set()
    spans: list[tuple[Mention, int, int]] = []
    for m in persons:
        # "expand": a name cut inside a token ("PresidentVladimir Putin") still
        # maps to the tokens it touches.
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        spans.append((m, span.start, span.end))
        name_tokens.update(range(span.start, span.end))
    roles: list[Role] = []
    seen: dict[str, list[frozenset[str]]] = {}
    for m, first, end in spans:
        if m.text.isupper():
            continue  # display lines in capitals repeat a title given in the body
        found = []
        pre = (
            title_before(doc, first, tlex, name_tokens)
            or _glued_title(doc, m, first, tlex)
            or _title_comma_name(doc, first, end, tlex, name_tokens)
        )
        if pre is not None:
            found.append(pre)
        post = title_after(doc, end, tlex)
        if post is not None and not (set(range(*post)) & name_tokens):
            found.append(post)
        for start_tok, end_tok in found:
            role = _make_role(doc, m, start_tok, end_tok, orgs, tlex)
            if role is None:
                continue
            words = role_words(role.role, tlex)
            known = seen.setdefault(m.entity, [])
            if any(_same_title(words, w) for w in known):
                continue
            known.append(words)
            roles.append(role)
    roles = _drop_subsumed(roles, tlex)
    roles.sort(key=lambda r: (r.start, r.end))
    return roles


def _drop_subsumed(roles: list[Role], tlex: TitleLexicon) -> list[Role]:
    """Drop a bare title that a fuller title of the same person contains.

    "Yu Zhengsheng, chairman of the 12th CPPCC National Committee" ... "Chairman
    Yu" is one role; a different one ("Representative" beside "top Republican
    on the House Ways and Means Committee") shares no word and stays.
    """
    words = [role_words(r.role, tlex) for r in roles]
    keep = []
    for i, r in enumerate(roles):
        subsumed = any(
            j != i and roles[j].person == r.person and words[i] < words[j]
            for j in range(len(roles))
        )
        if not subsumed:
            keep.append(r)
    return keep


def _title_comma_name(
    doc: Doc, first: int, end: int, tlex: TitleLexicon, name_tokens: set[int]
) -> tuple[int, int] | None:
    """ "Boeing's chief executive, Dave Calhoun, said": a title set off by commas.

    Only after a determiner or possessive and with the name closed by a comma,
    so that "Asked about the president, Tom Smith said" stays without a role.
    """
    if first < 2 or doc[first - 1].text != ",":
        return None
    title = title_before(doc, first - 1, tlex, name_tokens)
    if title is None or title[0] == 0:
        return None
    k = title[0] - 1
    while k > 0 and doc[k].lower_ in ("new", "newly", "then", "now"):
        k -= 1
    before = doc[k]
    if not (before.tag_ in ("POS", "PRP$") or before.lower_ in ("the", "its")):
        return None
    if end >= len(doc) or doc[end].text != ",":
        return None
    return title


def _glued_title(
    doc: Doc, m: Mention, first: int, tlex: TitleLexicon
) -> tuple[int, int] | None:
    """Scraped copy glues a title to the name ("U.S. PresidentDonald Trump")."""
    tok = doc[first]
    if tok.idx >= m.start or not tok.is_alpha:
        return None
    if doc_text(doc)[tok.idx : m.start].casefold() not in tlex.heads:
        return None
    return premod_start(doc, first, tlex, set()), first + 1


def _make_role(
    doc: Doc,
    m: Mention,
    start_tok: int,
    end_tok: int,
    orgs: Sequence[Mention],
    tlex: TitleLexicon,
) -> Role | None:
    start = doc[start_tok].idx
    last = doc[end_tok - 1]
    end = last.idx + len(last.text)
    if end > m.start >= start:
        end = m.start  # a title glued to the name: "U.S. PresidentDonald Trump"
    text = doc_text(doc)[start:end]
    if not text or "\n\n" in text or len(text) > 120 or "<" in text or ">" in text:
        return None  # Reuters 1987 "<Company Corp>" markup is no part of a title
    words = [w for w in re.findall(r"[^\W_]+", text.casefold())]
    if not words or set(words) <= tlex.not_roles:
        return None
    org = None
    for o in orgs:
        if o.start >= start and o.end <= end:
            org = _org_text(o.text, tlex)
            break
    return Role(person=m.entity, role=text, start=start, end=end, organization=org)


def _org_text(text: str, tlex: TitleLexicon) -> str | None:
    """An organisation as the title gives it, less "the" and a leading "US".

    "US Agriculture Department Secretary" -> "Agriculture Department".
    """
    words = text.split()
    while len(words) > 1 and words[0].casefold() in _ORG_PREFIXES:
        words = words[1:]
    return " ".join(words) or None


def role_words(role: str, tlex: TitleLexicon) -> frozenset[str]:
    """The words that tell titles apart.

    Casefolded, less nationality and function words.
    """
    words = re.findall(r"[^\W_]+", role.casefold())
    return frozenset(
        w for w in words if w not in NEUTRAL_WORDS and w not in tlex.not_roles
    )


def _same_title(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= 0.75
