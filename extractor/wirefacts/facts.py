"""Typed records that cross stage boundaries.

read -> RawDoc; clean -> Article; extract -> ArticleFacts; store/export take these.
Every span fact carries ``start``/``end``: character offsets into ``Article.text``,
end exclusive, so ``article.text[start:end] == fact.text`` (``fact.role`` for roles).
An unknown value is ``None`` and exports as an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DocKind = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One article as a reader found it, before cleaning.

    ``content`` is the wire text (kind ``text``) or the page markup (kind ``html``).
    Metadata the input carried itself (header block, JSON fields, SGML tags) is
    passed on; ``published`` is an ISO date ``YYYY-MM-DD`` or ``None``.
    """

    source_path: str
    content: str
    kind: DocKind = "text"
    record: str | None = None
    external_id: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class FailedInput:
    """An input (file or record inside one) that could not be turned into an article."""

    source_path: str
    reason: str
    record: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: ``text`` is what every fact offset indexes.

    ``raw_text`` is the text before cleaning; ``offset_map`` is a sorted tuple of
    ``(clean_offset, raw_offset)`` pairs, one per kept segment, so that a clean
    position ``p`` maps to ``raw = r + (p - c)`` for the last pair with ``c <= p``.
    """

    source_path: str
    text: str
    raw_text: str
    offset_map: tuple[tuple[int, int], ...] = ((0, 0),)
    record: str | None = None
    external_id: str | None = None
    title: str | None = None
    published: str | None = None
    dateline: str | None = None
    sources: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None
    author: str | None = None

    def raw_offset(self, clean_offset: int) -> int:
        """Map a position in ``text`` to the matching position in ``raw_text``."""
        best = (0, 0)
        for pair in self.offset_map:
            if pair[0] > clean_offset:
                break
            best = pair
        return best[1] + (clean_offset - best[0])


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity mention; ``entity`` is its canonical name within the article."""

    text: str
    start: int
    end: int
    type: str
    entity: str


@dataclass(frozen=True, slots=True)
class Role:
    """A person's title or position; offsets cover ``role``."""

    person: str
    role: str
    start: int
    end: int
    organization: str | None = None


@dataclass(frozen=True, slots=True)
class Money:
    """A money amount in units with its ISO 4217 currency.

    ``converted_from`` is the index (in the article's money list) of the amount
    this one converts, as in "US$100 billion (S$138 billion)".
    """

    text: str
    start: int
    end: int
    amount: float | None
    currency: str | None
    converted_from: int | None = None


@dataclass(frozen=True, slots=True)
class Tariff:
    """One tariff action; ``text`` is the evidence span."""

    text: str
    start: int
    end: int
    imposer: str | None = None
    target: str | None = None
    rate: float | None = None
    previous_rate: float | None = None
    goods: str | None = None
    goods_value: float | None = None
    goods_currency: str | None = None
    effective_date: str | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date expression with its ISO value (``None`` when unresolvable)."""

    text: str
    start: int
    end: int
    value: str | None
    granularity: str | None


@dataclass(frozen=True, slots=True)
class Quote:
    """Words inside quotation marks and who said them (canonical name or None)."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_type: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything extracted from one article, each list sorted by ``start``."""

    mentions: tuple[Mention, ...] = ()
    roles: tuple[Role, ...] = ()
    money: tuple[Money, ...] = ()
    tariffs: tuple[Tariff, ...] = ()
    dates: tuple[DateFact, ...] = ()
    quotes: tuple[Quote, ...] = ()


def span_text(fact: object) -> str:
    """The text a span fact claims to cover (``role`` for roles)."""
    if isinstance(fact, Role):
        return fact.role
    return str(getattr(fact, "text"))  # noqa: B009 - every other span fact has text


def check_offsets(text: str, facts: ArticleFacts) -> list[str]:
    """Return a message for every fact whose offsets do not point at its own text."""
    problems = []
    for group in (facts.mentions, facts.roles, facts.money, facts.tariffs,
                  facts.dates, facts.quotes):
        for fact in group:
            want = span_text(fact)
            got = text[fact.start:fact.end]  # type: ignore[attr-defined]
            if got != want:
                problems.append(f"{type(fact).__name__} {want!r} != text[{fact.start}:"
                                f"{fact.end}] {got!r}")  # type: ignore[attr-defined]
    return problems
