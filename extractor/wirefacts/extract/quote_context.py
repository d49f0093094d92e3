"""Stage 3 helper for quotes: the quote lexicon and one document's lookup tables.

``QuoteRules`` is ``data/rules/quotes.yml`` parsed and checked; ``QuoteContext``
indexes one parsed ``Doc`` for the speaker search: token by character, quote by
token, mention by token, and *frames*. A frame is a sentence as a reader of news
sees it, with quotes kept whole: ``"A. B," he said.`` is one frame, and so is a
quote that runs over several paragraphs. Frames end at a sentence-final mark
outside quotes, after a quote that ends its sentence (``"We won." He left.``) and
at a paragraph break (unless the paragraph ends with a colon, ``He said:``).
They need no parser, so the speaker search works on a tagger-only pipeline too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from wirefacts.errors import RuleError
from wirefacts.extract.entities import EntityLexicon, entity_lexicon
from wirefacts.extract.quote_marks import (
    MarkedSpan,
    MarkStyle,
    make_styles,
    paragraph_breaks,
)
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import Mention

_FINAL_RE = re.compile(r"[.!?…]+")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, the way the scorer counts them."""
    return _WORD.findall(text)


def _words(lex: dict[str, Any], key: str) -> frozenset[str]:
    """A required word list of the lexicon, lower-cased."""
    value = lex.get(key)
    if not isinstance(value, list):
        raise RuleError(f"quotes.yml: {key} must be a list of words")
    odd = [v for v in value if not isinstance(v, str)]
    if odd:  # YAML reads bare on/off/yes/no as booleans: quote them
        raise RuleError(f"quotes.yml: {key} holds non-words {odd!r} (quote them)")
    return frozenset(str(v).lower() for v in value)


@dataclass(frozen=True, slots=True)
class QuoteRules:
    """The quote lexicon (``data/rules/quotes.yml``), parsed once per RuleSet."""

    double: MarkStyle
    single: MarkStyle
    elisions: tuple[str, ...]
    single_needs_cue: bool
    reporting_verbs: frozenset[str]
    opinion_verbs: frozenset[str]
    verb_forms: dict[str, str]
    unnamed_sources: frozenset[str]
    spokesperson_nouns: frozenset[str]
    org_nouns: frozenset[str]
    institution_nouns: frozenset[str]
    person_nouns: frozenset[str]
    body_nouns: frozenset[str]
    person_pronouns: frozenset[str]
    org_pronouns: frozenset[str]
    other_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    honorifics: frozenset[str]
    term_cues: tuple[tuple[str, ...], ...]
    naming_participles: frozenset[str]
    work_nouns: frozenset[str]
    short_quote_words: int
    name_quote_words: int
    name_function_words: frozenset[str]
    antecedent_sentences: int
    # people/organizations/places lexicons: an untagged speaker "Xinhua" is an ORG
    entities: EntityLexicon | None = None

    @classmethod
    def from_rules(cls, rules: RuleSet) -> QuoteRules:
        """Parse and check ``quotes.yml``; mistakes raise RuleError."""
        lex = rules.lexicon("quotes")
        if not isinstance(lex, dict):
            raise RuleError(f"{rules.folder}/quotes.yml: expected a mapping")
        try:
            marks = lex["marks"]
            pronouns = lex.get("pronouns", {})
            return cls(
                double=make_styles(marks["double"], "double"),
                single=make_styles(marks.get("single", []), "single"),
                elisions=tuple(str(e) for e in lex.get("elisions", [])),
                single_needs_cue=bool(
                    lex.get("single_needs_cue_unless_main_style", True)
                ),
                reporting_verbs=_words(lex, "reporting_verbs"),
                opinion_verbs=_words(lex, "opinion_verbs"),
                verb_forms={
                    str(k).lower(): str(v).lower()
                    for k, v in (lex.get("verb_forms") or {}).items()
                },
                unnamed_sources=_words(lex, "unnamed_sources"),
                spokesperson_nouns=_words(lex, "spokesperson_nouns"),
                org_nouns=_words(lex, "org_nouns"),
                institution_nouns=_words(lex, "institution_nouns"),
                person_nouns=_words(lex, "person_nouns"),
                body_nouns=_words(lex, "body_nouns") if "body_nouns" in lex
                else frozenset(),
                person_pronouns=_words(pronouns, "person"),
                org_pronouns=_words(pronouns, "org"),
                other_pronouns=_words(pronouns, "none"),
                relative_pronouns=_words(lex, "relative_pronouns"),
                honorifics=_words(lex, "honorifics"),
                term_cues=tuple(
                    tuple(str(c).lower().split()) for c in lex.get("term_cues", [])
                ),
                naming_participles=_words(lex, "naming_participles"),
                work_nouns=_words(lex, "work_nouns"),
                short_quote_words=int(lex.get("short_quote_words", 3)),
                name_quote_words=int(lex.get("name_quote_words", 6)),
                name_function_words=_words(lex, "name_function_words"),
                antecedent_sentences=int(lex.get("antecedent_sentences", 4)),
                entities=entity_lexicon(rules),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(
                f"{rules.folder}/quotes.yml: bad or missing entry {exc}"
            ) from None


class QuoteContext:
    """Lookup tables over one Doc, its quote spans and its entity mentions.

    Built from token arrays and character searches rather than Token objects,
    which cost a few microseconds each: a long article without quotes in its
    middle costs little more than its number of sentence ends.
    """

    def __init__(
        self,
        doc: Doc,
        text: str,
        spans: Sequence[MarkedSpan],
        mentions: Sequence[Mention],
        rules: QuoteRules,
    ) -> None:
        self.doc = doc
        self.text = text
        self.rules = rules
        self.spans = list(spans)
        self.parsed = doc.has_annotation("DEP")
        arrays = (
            doc.to_array(["IDX", "LENGTH", "IS_SPACE"]).tolist() if len(doc) else []
        )
        self._starts = [row[0] for row in arrays]
        self._ends = [row[0] + row[1] for row in arrays]
        self._space = [bool(row[2]) for row in arrays]
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self._mention_starts = [m.start for m in self.mentions]
        self.quote_of = self._quote_of_tokens()
        self._bounds = self._frame_bounds()
        self.frames = list(
            zip([0] + self._bounds, self._bounds + [len(doc)], strict=True)
        )

    # -- characters, tokens, mentions ------------------------------------------

    def token_at(self, char: int) -> int:
        """Index of the token covering (or last starting before) ``char``."""
        return max(0, bisect_right(self._starts, char) - 1)

    def token_range(self, start: int, end: int) -> range:
        """Tokens overlapping the characters ``start:end``."""
        if start >= end:
            return range(0)
        return range(self.token_at(start), self.token_at(end - 1) + 1)

    def token_text(self, i: int) -> str:
        return self.text[self._starts[i] : self._ends[i]]

    def mention_at(self, token: Token) -> Mention | None:
        """The mention covering the first character of ``token``."""
        i = bisect_right(self._mention_starts, token.idx) - 1
        for j in range(
            i, max(-1, i - 4), -1
        ):  # mentions rarely nest; look a little back
            m = self.mentions[j]
            if m.start <= token.idx < m.end:
                return m
        return None

    def mentions_before(self, char: int) -> list[Mention]:
        """Mentions ending at or before ``char``, outside quotes, nearest last."""
        out = []
        for m in self.mentions[: bisect_right(self._mention_starts, char)]:
            if m.end <= char and self.quote_of[self.token_at(m.start)] < 0:
                out.append(m)
        return out

    # -- quotes and frames -------------------------------------------------------

    def _quote_of_tokens(self) -> list[int]:
        owner = [-1] * len(self.doc)
        for q, span in enumerate(self.spans):
            for i in self.token_range(span.open_at, span.close_at + 1):
                owner[i] = q
        return owner

    def quote_tokens(self, q: int) -> range:
        span = self.spans[q]
        return self.token_range(span.start, span.end)

    def _visible(self, i: int, step: int) -> int:
        """The nearest non-space token from ``i`` in direction ``step`` (or -1/len)."""
        while 0 <= i < len(self._space) and self._space[i]:
            i += step
        return i

    def _frame_bounds(self) -> list[int]:
        """Token indices where a new frame starts (see module docstring)."""
        text, n = self.text, len(self._starts)
        bounds: set[int] = set()
        for m in _FINAL_RE.finditer(text):  # sentence ends outside quotes
            i = self.token_at(m.start())
            if (
                self._starts[i] == m.start()
                and self._ends[i] == m.end()
                and self.quote_of[i] < 0
            ):
                bounds.add(i + 1)
        for b_start, b_end in paragraph_breaks(text):
            last = self._visible(self.token_at(b_start - 1) if b_start else -1, -1)
            nxt = self._visible(self.token_at(b_end), 1)
            if last < 0 or nxt >= n or nxt <= last:
                continue
            same = (
                self.quote_of[last] >= 0 and self.quote_of[last] == self.quote_of[nxt]
            )
            if not same and self.token_text(last) != ":":
                bounds.add(last + 1)
        for span in self.spans:  # "We won." He left.
            inner = text[span.start : span.end].rstrip()
            close = self.token_at(span.close_at)
            nxt = self._visible(close + 1, 1)
            if (
                inner
                and inner[-1] in ".!?…"
                and nxt < n
                and not self.token_text(nxt)[:1].islower()
            ):
                bounds.add(close + 1)
        return sorted(b for b in bounds if 0 < b < n)

    def frame_at(self, i: int) -> int:
        """The frame holding token ``i``."""
        return bisect_right(self._bounds, i)

    def frame_tokens(self, frame: int) -> range:
        lo, hi = self.frames[frame]
        return range(lo, hi)

    def quote_frame(self, q: int) -> int:
        return self.frame_at(self.token_at(self.spans[q].open_at))

    def quote_only(self, q: int) -> bool:
        """True when the quote's frame holds nothing but quotes and punctuation."""
        for i in self.frame_tokens(self.quote_frame(q)):
            if self.quote_of[i] < 0 and any(ch.isalnum() for ch in self.token_text(i)):
                return False
        return True
