"""Stage 3 helper: the title lexicon and title-phrase scanning over a spaCy Doc.

Shared by ``people`` (trim titles off names, recover names after titles) and
``roles`` (turn titles into Role facts). Input: a parsed ``Doc`` and token
positions; output: token ranges of title phrases. The words are data
(``data/rules/titles.yml``); the grammar of news titles is here:

    pre-nominal  [premods]* HEAD [post_head]* [connector complement]?  Name
                 "Deputy US Trade Representative Jeffrey Gerrish"
                 "Vice-Minister for Finance Liao Min"
    appositive   Name, [the|a|an]? [premods]* HEAD ... ,|.|said
                 "Kevin Brady, the top Republican on the House Ways and Means
                 Committee,"
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from wirefacts.extract.rules import RuleSet

# Paragraph-break heuristic: a bare "\n" after a line of this many characters
# that does not end a sentence is a hard line wrap (Reuters 1987 copy is wrapped
# at about 70 columns), not a paragraph break.
WRAP_MIN, WRAP_MAX = 40, 100
ENTITY_PREMOD_LABELS = frozenset({"GPE", "NORP", "ORG", "LOC", "FAC"})
STOP_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "PERSON"}
)
PREMOD_POS = frozenset({"PROPN", "NOUN", "ADJ"})
MAX_ROLE_TOKENS = 12
# An appositive title's complement ends at a comma, so it may run longer: "general
# manager of the Foreign Investment Department at Beijing-based Transcontinental
# Management Consultancy,".
MAX_APPOSITIVE_COMPLEMENT = 16
_TEXT_KEY = "wirefacts.text"
# A line ending in an initial or a common abbreviation does not end a sentence.
_ABBREV_END = re.compile(
    r"(?:\b[A-Z]|\bMr|\bMrs|\bMs|\bDr|\bSt|\bCo|\bCorp|\bInc|\bLt|"
    r"\bGen|\bCol|\bSen|\bRep|\bGov|\bJr)\.$"
)
_WORD_TOKEN = re.compile(r"^[\w.&'\u2019-]+$")
MAX_COMPLEMENT_TOKENS = 9
_FUNCTION = frozenset({"the", "and", "of", "&"})


@dataclass(frozen=True, slots=True)
class TitleLexicon:
    """The words of ``titles.yml``, casefolded."""

    heads: frozenset[str]
    weak_heads: frozenset[str]
    appositive_heads: frozenset[str]
    post_heads: frozenset[str]
    modifiers: frozenset[str]
    connectors: frozenset[str]
    complement_words: frozenset[str]
    left_skip: frozenset[str]
    not_roles: frozenset[str]
    name_titles: frozenset[str] = frozenset()  # "Sheikh": kept with the name

    def is_head(self, tok: Token, appositive: bool = False) -> bool:
        word = tok.lower_
        return word in self.heads or (appositive and word in self.appositive_heads)

    def is_title_word(self, tok: Token) -> bool:
        """A word that can only be part of a title, never of a name."""
        word = tok.lower_
        return (
            word in self.heads
            or word in self.post_heads
            or (
                word in self.modifiers
                and tok.is_lower is False
                and word not in {"general"}
            )
        )


_CACHE: weakref.WeakKeyDictionary[RuleSet, TitleLexicon] = weakref.WeakKeyDictionary()


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).casefold() for w in (data.get(key) or []))


def title_lexicon(rules: RuleSet) -> TitleLexicon:
    """The parsed title lexicon of a rule set (built once per RuleSet)."""
    lex = _CACHE.get(rules)
    if lex is None:
        data = rules.lexicon("titles") or {}
        heads = _words(data, "heads")
        lex = TitleLexicon(
            heads=frozenset(w for w in heads if " " not in w),
            weak_heads=_words(data, "weak_heads"),
            appositive_heads=_words(data, "appositive_heads"),
            post_heads=_words(data, "post_heads"),
            modifiers=frozenset(w for w in _words(data, "modifiers") if " " not in w),
            connectors=_words(data, "connectors"),
            complement_words=_words(data, "complement_words"),
            left_skip=_words(data, "left_skip"),
            not_roles=_words(data, "not_roles"),
            name_titles=_words(data, "name_titles"),
        )
        _CACHE[rules] = lex
    return lex


def remember_text(doc: Doc, text: str) -> None:
    """Seed ``doc_text`` with the text the Doc was parsed from (the same string).

    A text of another length than the Doc's is ignored (cheap check on the last
    token), so a wrong pairing costs speed, never correctness.
    """
    last = doc[-1] if len(doc) else None
    length = last.idx + len(last.text_with_ws) if last is not None else 0
    if length == len(text):
        doc.user_data[_TEXT_KEY] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token on each access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return str(text)


def is_line_wrap(tok: Token) -> bool:
    """True for a bare ``\\n`` token that wraps a line inside a paragraph."""
    if tok.text != "\n":
        return False
    text = doc_text(tok.doc)
    line_start = text.rfind("\n", 0, tok.idx) + 1
    line = text[line_start : tok.idx].rstrip()
    if not WRAP_MIN <= len(line) <= WRAP_MAX:
        return False
    if (
        line.endswith((":", "!", "?", '"'))
        or line.endswith(".")
        and not _ABBREV_END.search(line)
    ):
        return False
    nxt = text[tok.idx + 1 : tok.idx + 2]
    return bool(nxt) and not nxt.isspace()


def is_break(tok: Token) -> bool:
    """A paragraph break (or any whitespace token that is not a line wrap)."""
    return tok.is_space and ("\n" in tok.text) and not is_line_wrap(tok)


def is_capitalised(tok: Token) -> bool:
    text = tok.text
    return bool(text) and text[0].isupper()


def _premod_ok(tok: Token, lex: TitleLexicon) -> bool:
    word = tok.lower_
    if word in lex.left_skip or not _WORD_TOKEN.match(tok.text):
        return False
    if word in lex.heads or word in lex.modifiers or word in lex.post_heads:
        return True
    if tok.ent_type_ in STOP_ENTITY_LABELS:
        return False
    if tok.ent_type_ in ENTITY_PREMOD_LABELS:
        return True
    return is_capitalised(tok) and tok.pos_ in PREMOD_POS and not tok.is_stop


def _complement_ok(tok: Token, lex: TitleLexicon) -> bool:
    if tok.ent_type_ in STOP_ENTITY_LABELS - {"ORDINAL", "CARDINAL"}:
        return False
    if tok.lower_ in lex.complement_words or tok.lower_ in lex.connectors:
        return True
    if tok.ent_type_ in ENTITY_PREMOD_LABELS:
        return True
    return is_capitalised(tok) and tok.is_alpha and not tok.is_stop


def skip_wraps(doc: Doc, j: int, step: int) -> int:
    """The first position from ``j`` (moving by ``step``) that is no line wrap."""
    while 0 <= j < len(doc) and doc[j].is_space and is_line_wrap(doc[j]):
        j += step
    return j


def title_before(
    doc: Doc, i: int, lex: TitleLexicon, name_like: Iterable[int] = ()
) -> tuple[int, int] | None:
    """The pre-nominal title ending right before token ``i`` as ``(start, end)``.

    ``name_like`` are token positions known to belong to a name, which never
    join a title. Returns ``None`` when the words before ``i`` are no title.
    """
    blocked = set(name_like)
    end = skip_wraps(doc, i - 1, -1)
    if end > 0 and doc[end].lower_ in lex.name_titles and is_capitalised(doc[end]):
        end -= 1  # "Prime Minister Sheikh" + "Hasina": "Sheikh" goes with the name
    if end < 0 or doc[end].is_punct or doc[end].is_space:
        return None
    head = _find_head_left(doc, end, lex, blocked)
    if head is None:
        return None
    start = premod_start(doc, head, lex, blocked)
    words = {
        t.lower_ for t in doc[start : end + 1] if not t.is_punct and not t.is_space
    }
    if not words or words <= lex.not_roles:
        return None
    return start, end + 1


def premod_start(doc: Doc, head: int, lex: TitleLexicon, blocked: set[int]) -> int:
    """First token of the modifiers before a title's head ("Deputy US Trade ...")."""
    start = head
    j = head - 1
    while j >= 0 and head - j < MAX_ROLE_TOKENS:
        tok = doc[j]
        if tok.is_space:
            if is_line_wrap(tok):
                j -= 1
                continue
            break
        if j in blocked or doc[start].is_sent_start:
            break
        if (
            tok.text in ("-", "\u2013")
            and j > 0
            and _premod_ok(doc[j - 1], lex)
            and not tok.whitespace_
            and not doc[j - 1].whitespace_
        ):
            start = j - 1
            j -= 2
            continue
        if not _premod_ok(tok, lex):
            break
        if tok.text == "under" or (
            tok.is_sent_start and tok.lower_.endswith("ing") and not tok.ent_type_
        ):
            break  # "under President Trump"; "Reading Defense Secretary ..."
        # "aide President Reagan": a lower-case head before a capitalised title
        # is a description of its own, not part of the title.
        if (
            tok.is_lower
            and lex.is_head(tok)
            and tok.lower_ not in lex.modifiers
            and is_capitalised(doc[start])
        ):
            break
        start = j
        j -= 1
    while start < head and (doc[start].lower_ in lex.left_skip or doc[start].is_punct):
        start += 1
    return start


def _find_head_left(
    doc: Doc, end: int, lex: TitleLexicon, blocked: set[int]
) -> int | None:
    """Position of the title's head when the title ends at ``end``.

    Either ``end`` itself is a head (or post-head such as "General"), or the
    title ends in a complement: "Minister for Finance", "Ambassador to Indonesia".
    """
    tok = doc[end]
    if end in blocked:
        return None
    if lex.is_head(tok):
        return end
    if tok.lower_ in lex.post_heads:
        k = end - 1
        if k >= 0 and doc[k].text in ("-", "\u2013"):
            k -= 1
        return end if k >= 0 and lex.is_head(doc[k]) else None
    # complement: scan left over complement words to a connector preceded by a head
    j = end
    found = None
    while j > 0 and end - j < MAX_COMPLEMENT_TOKENS:
        cur = doc[j]
        if j in blocked or cur.is_space or not _complement_ok(cur, lex):
            break
        if cur.lower_ in lex.connectors and j < end and lex.is_head(doc[j - 1]):
            found = j - 1
        j -= 1
    last = doc[end]
    if found is None or not (
        is_capitalised(last) or last.lower_ in lex.complement_words - _FUNCTION
    ):
        return None
    return found


def title_after(doc: Doc, e: int, lex: TitleLexicon) -> tuple[int, int] | None:
    """An appositive title after a name ending at token ``e`` (exclusive).

    "Kevin Brady, the top Republican on the House Ways and Means Committee,"
    -> the tokens of "top Republican on the House Ways and Means Committee";
    also "X, who is Treasury Secretary" and "X, China's Vice Premier,".
    """
    if e >= len(doc) or doc[e].text != ",":
        return None
    j = e + 1
    if (
        j + 1 < len(doc)
        and doc[j].lower_ == "who"
        and doc[j + 1].lemma_ in ("be", "become")
    ):
        j += 2
        if j < len(doc) and doc[j].lemma_ == "be":  # "who has been"
            j += 1
    if j < len(doc) and doc[j].lower_ in (
        "the",
        "a",
        "an",
        "its",
        "his",
        "her",
        "their",
    ):
        j += 1
    # "China's Vice Premier", "Trump's senior counselor": skip the possessor
    if (
        j + 1 < len(doc)
        and doc[j + 1].tag_ == "POS"
        and doc[j].ent_type_ in ("GPE", "ORG", "NORP", "PERSON")
    ):
        j += 2
    elif (
        j + 2 < len(doc)
        and doc[j + 2].tag_ == "POS"
        and doc[j].ent_type_ in ("GPE", "ORG", "PERSON")
        and doc[j + 1].ent_type_ == doc[j].ent_type_
    ):
        j += 3
    start = j
    head = None
    k = j
    while k < len(doc) and k - start < 6:
        tok = doc[k]
        if is_line_wrap(tok):
            k += 1
            continue
        if tok.is_space or tok.is_punct and tok.text not in ("-", "&"):
            break
        if lex.is_head(tok, appositive=True):
            head = k
        elif (
            head is not None
            and tok.lower_ in ("and", "&")
            and k + 1 < len(doc)
            and lex.is_head(doc[k + 1], appositive=True)
        ):
            pass  # "president and CEO of ...": two titles of one post
        elif head is not None and tok.lower_ not in lex.post_heads:
            break
        elif head is None and not (
            _premod_ok(tok, lex)
            or tok.text in ("-", "&")
            or tok.is_lower
            and tok.pos_ in ("ADJ", "NOUN")
        ):
            return None
        k += 1
    if head is None:
        return None
    end = k  # exclusive
    k = skip_wraps(doc, k, 1)
    if k < len(doc) and doc[k].lower_ in lex.connectors:
        m = k + 1
        while m < len(doc) and m - k <= MAX_APPOSITIVE_COMPLEMENT:
            tok = doc[m]
            if is_line_wrap(tok):
                m += 1
                continue
            if tok.is_space or tok.text in (
                ",",
                ".",
                ";",
                ":",
                ")",
                '"',
                "\u201d",
                "(",
            ):
                break
            hyphened = doc[m - 1].text == "-"  # "Beijing-based": part of a name
            if (
                tok.pos_ in ("VERB", "AUX", "PRON", "SCONJ") and not hyphened
            ) or tok.lower_ in ("who", "which"):
                return None
            m += 1
        end = m
    if end >= len(doc):
        return start, end
    stop = doc[end]
    ok_next = (
        stop.text in (",", ".", ";", ":", ")", "(", '"', "\u201d", "\u2014", "--")
        or stop.is_space
        or stop.lemma_ in ("say", "tell")
        or stop.lower_ in ("who", "and")
    )
    if not ok_next:
        return None
    words = {t.lower_ for t in doc[start:end] if not t.is_punct}
    if not words or words <= lex.not_roles:
        return None
    if doc[head].lower_ not in lex.heads and end - start == 1:
        return None  # "Trump, a Republican, said": a party, not a position
    return start, end
