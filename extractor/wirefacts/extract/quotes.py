"""Stage 3: direct quotes and their speakers (spaCy Doc + mentions -> list[Quote]).

``find_quotes`` pairs quotation marks in the text (``quote_marks``), finds who said
each quote (``quote_speakers``) and keeps the quotes a reader would call speech:

* ``Quote.text`` is the words inside the marks, marks excluded, punctuation inside
  them kept as printed (``"…transfers," Mr Ross said`` -> ``…transfers,``); a quote
  over several paragraphs is one quote whose text keeps the paragraph break and
  the re-opening mark (``Para one.\\n\\n"Para two.``), so ``text[start:end]`` holds.
* Scare quotes and names are not speech: a quote of at most ``short_quote_words``
  words counts only when a reporting verb attributes it ("build goodwill" in
  ``Perdue said … to "build goodwill"``), never as a modifier ("stop transfer"
  orders); no quote counts after a naming cue (the so-called "Phase One" deal, an
  article titled "…"); a title-case name ("Liberation Day", "Made in China 2025")
  counts only with a cue right beside it (``"Yes," he said``).
* Single marks count where they are the copy's main style, else only with a cue.

Rules (marks, reporting verbs, source nouns, cues) are in ``data/rules/quotes.yml``.

Example: ``"What we need …," Mr Ross said.`` -> ``Quote("What we need …,",
…, speaker="Wilbur Ross", speaker_type="PERSON")``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

from wirefacts.extract.quote_context import QuoteContext, QuoteRules, words
from wirefacts.extract.quote_marks import MarkedSpan, scan_double, scan_single
from wirefacts.extract.quote_referents import Attribution
from wirefacts.extract.quote_speakers import SpeakerFinder
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.titles import doc_text
from wirefacts.facts import Mention, Quote

log = logging.getLogger(__name__)

_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod"})


def find_quotes(doc: Doc, mentions: Sequence[Mention], rules: RuleSet) -> list[Quote]:
    """Direct quotes in ``doc`` with their speakers, sorted by ``start``.

    Args:
        doc: the parsed article text (``doc.text`` is ``Article.text``).
        mentions: the article's PERSON/ORG/GPE/NORP mentions; ``entity`` is the
            canonical name a speaker is reported as.
        rules: the rule folder; ``quotes.yml`` is read from it.
    """
    return make_quote_finder(rules)(doc, mentions)


def make_quote_finder(
    rules: RuleSet,
) -> Callable[[Doc, Sequence[Mention]], list[Quote]]:
    """``find_quotes`` with the lexicon parsed once: ``finder(doc, mentions)``."""
    qrules = _compiled.get(rules)
    if qrules is None:
        qrules = _compiled[rules] = QuoteRules.from_rules(rules)

    def finder(doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
        return _find(doc, mentions, qrules)

    return finder


# One parsed lexicon per RuleSet object (RuleSet itself caches the YAML).
_compiled: WeakKeyDictionary[RuleSet, QuoteRules] = WeakKeyDictionary()


def _find(doc: Doc, mentions: Sequence[Mention], qrules: QuoteRules) -> list[Quote]:
    text = doc_text(doc)
    if (
        qrules.double.finder.search(text) is None
        and qrules.single.finder.search(text) is None
    ):
        return []
    spans = mark_quotes(text, qrules)
    if not spans:
        return []
    ctx = QuoteContext(doc, text, spans, mentions, qrules)
    found = SpeakerFinder(ctx).attribute_all()
    single_is_main = sum(s.style == "single" for s in spans) > sum(
        s.style == "double" for s in spans
    )
    quotes = []
    for q, (span, who) in enumerate(zip(spans, found, strict=True)):
        if not is_speech(ctx, q, who, single_is_main):
            continue
        speaker = (
            " ".join(who.speaker.split()) if who.speaker and who.speaker_type else None
        )
        quotes.append(
            Quote(
                text[span.start : span.end],
                span.start,
                span.end,
                speaker,
                who.speaker_type if speaker else None,
            )
        )
    return quotes


def mark_quotes(text: str, qrules: QuoteRules) -> list[MarkedSpan]:
    """Every paired quote span, double then single marks, sorted by position."""
    double = scan_double(text, qrules.double)
    single = scan_single(text, qrules.single, qrules.elisions, double.spans)
    if double.unbalanced:
        log.debug(
            "quotes: %d unbalanced quotation marks skipped at %s",
            len(double.unbalanced),
            double.unbalanced[:5],
        )
    spans = [
        s
        for s in double.spans + single.spans
        if s.end > s.start and any(ch.isalnum() for ch in text[s.start : s.end])
    ]
    return sorted(spans, key=lambda s: s.open_at)


def is_speech(
    ctx: QuoteContext, q: int, who: Attribution, single_is_main: bool
) -> bool:
    """Keep quotes of speech; drop scare quotes, names and terms (module docstring)."""
    span = ctx.spans[q]
    rules = ctx.rules
    text = ctx.text[span.start : span.end]
    n_words = len(words(text))
    if (
        span.style == "single"
        and rules.single_needs_cue
        and not single_is_main
        and not who.cued
    ):
        return False
    if after_term_cue(ctx, span) or after_naming_participle(ctx, span):
        return False
    if n_words <= rules.short_quote_words and (not who.cued or is_modifier(ctx, q)):
        return False
    if (
        n_words <= rules.name_quote_words
        and is_title_case(text, rules)
        and (not beside_cue(ctx, q, who) or after_work_noun(ctx, span))
    ):
        return False
    return True


def after_work_noun(ctx: QuoteContext, span: MarkedSpan) -> bool:
    """True right after a noun naming a work: the NBC program "Today"."""
    before = ctx.text[max(0, span.open_at - 30) : span.open_at].split()
    return bool(before) and before[-1].lower().strip(",:") in ctx.rules.work_nouns


def after_term_cue(ctx: QuoteContext, span: MarkedSpan) -> bool:
    """True when the words before the opening mark name a term ("so-called")."""
    before = ctx.text[max(0, span.open_at - 40) : span.open_at].lower().split()
    for cue in ctx.rules.term_cues:
        if tuple(before[-len(cue) :]) == cue:
            return True
    return False


def after_naming_participle(ctx: QuoteContext, span: MarkedSpan) -> bool:
    """True after a participle naming a noun: a method called "power to liquid"."""
    if not ctx.parsed:
        return False
    i = ctx.token_at(span.open_at) - 1
    while i >= 0 and ctx.doc[i].is_space:
        i -= 1
    if i < 0:
        return False
    tok = ctx.doc[i]
    return tok.lower_ in ctx.rules.naming_participles and (
        tok.dep_ == "acl" or any(c.dep_ == "auxpass" for c in tok.children)
    )


def is_modifier(ctx: QuoteContext, q: int) -> bool:
    """True when the quote modifies the noun after it ("stop transfer" orders)."""
    if not ctx.parsed:
        return False
    inner = ctx.quote_tokens(q)
    for i in inner:
        tok = ctx.doc[i]
        if tok.is_punct or (tok.head.i in inner and tok.head.i != i):
            continue
        if (
            tok.dep_ in _MODIFIER_DEPS
            and tok.head.i > inner.stop - 1
            and tok.head.pos_ in ("NOUN", "PROPN")
        ):
            return True
    return False


def is_title_case(text: str, qrules: QuoteRules) -> bool:
    """A name rather than a sentence: every content word capitalised, no end stop."""
    stripped = text.rstrip().rstrip(",;:")  # "Make America Healthy Again,"
    if stripped[-1:] in (".", "!", "?", "…"):
        return False
    ws = words(text)
    content = [w for w in ws if w.lower() not in qrules.name_function_words]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def beside_cue(ctx: QuoteContext, q: int, who: Attribution) -> bool:
    """A cue right next to the quote: ``"Yes," he said`` or ``he said: "No"``."""
    if who.cue is None or who.how not in ("trailing", "leading"):
        return False
    span = ctx.spans[q]
    near = range(ctx.token_at(span.open_at) - 3, ctx.token_at(span.close_at) + 4)
    return who.cue in near
