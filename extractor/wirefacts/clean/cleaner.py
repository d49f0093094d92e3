"""Stage 2 (clean): ``RawDoc`` -> ``Article``.

Pages are first reduced to their body text (``html.extract_page``); that text
becomes ``raw_text`` and the wire cleaning (``wire.clean_wire``) applies to it as
to wire copy. The cleaned text is the kept raw segments joined, so
``Article.offset_map`` maps every clean position back to ``raw_text``.
"""

from __future__ import annotations

from wirefacts.clean.credits import merge_sources
from wirefacts.clean.html import extract_page
from wirefacts.clean.patterns import cleaning_rules
from wirefacts.clean.segments import assemble
from wirefacts.clean.wire import clean_wire, dateline_place
from wirefacts.errors import InputError
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import Article, RawDoc


def clean(raw: RawDoc, rules: RuleSet) -> Article:
    """Clean one article: drop wire and web clutter, keep exact offsets.

    Raises:
        InputError: ``raw.content`` is not text.
    """
    if not isinstance(raw.content, str):
        raise InputError(f"{raw.source_path}: content is not text")
    compiled = cleaning_rules(rules)
    title = raw.title
    raw_text = raw.content
    if raw.kind == "html":
        page = extract_page(raw.content, want_title=title is None)
        raw_text = page.text
        title = title or page.title
    wire = clean_wire(raw_text, compiled)
    text, offset_map = assemble(wire.pieces)
    dateline = wire.dateline or dateline_place(raw.dateline, compiled)
    return Article(
        source_path=raw.source_path,
        text=text,
        raw_text=raw_text,
        offset_map=offset_map,
        record=raw.record,
        external_id=raw.external_id,
        title=title,
        published=raw.published,
        dateline=dateline,
        sources=merge_sources(list(wire.sources)),
        source=raw.source,
        url=raw.url,
        author=raw.author or wire.author,
    )
