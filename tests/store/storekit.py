"""Builders of hand-made articles and facts for the store tests (no spaCy)."""

from __future__ import annotations

from wirefacts.facts import Article, ArticleFacts, Mention


def span(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def make_article(text: str, path: str = "a.txt", **meta) -> Article:
    """An Article whose raw text is its text."""
    meta.setdefault("raw_text", text)
    return Article(source_path=path, text=text, **meta)


def people_facts(text: str, names: list[tuple[str, str]]) -> ArticleFacts:
    """PERSON mentions for (surface text, in-article entity) pairs given in order
    of appearance; each is searched after the end of the previous one."""
    mentions = []
    cursor = 0
    for surface, entity in names:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        mentions.append(Mention(surface, start, cursor, "PERSON", entity))
    return ArticleFacts(mentions=tuple(mentions))
