"""Stage 3 helper: the tense of the clause a date expression modifies.

Input: the spaCy ``Span`` of a date and the ``DateGrammar`` (future auxiliaries
and heads). Output: ``past``, ``present``, ``future`` or ``unknown``, read from
the dependency parse; ``date_resolve`` uses it to place weekdays, bare months and
year-less days ("on Thursday said" is the last Thursday, "will meet on Monday"
the next Monday).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from wirefacts.extract.date_grammar import DateGrammar
from wirefacts.extract.date_resolve import Tense

# Words before a date that detach it from the tense of its clause: an effective
# date in an announcement ("created an office of the chairman, effective Feb. 1")
# may lie on either side of publication, so the nearest reading wins.
DETACHING_WORDS = frozenset({"effective"})
# Prepositions after a scheduling participle that look ahead: "the vote scheduled
# for Dec. 15", "talks planned for next week" (but "the record set on Aug. 6").
SCHEDULE_PREPOSITIONS = frozenset({"for", "until", "till"})
DEFERRAL_PREPOSITIONS = frozenset({"until", "till"})


def clause_tense(span: Span, grammar: DateGrammar) -> Tense:
    """Tense of the clause a date modifies, read from the dependency parse."""
    if span.start > 0 and span.doc[span.start - 1].lower_ in DETACHING_WORDS:
        return "unknown"
    verb = span.root
    via_noun = False
    first_noun: Token | None = None
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
        if first_noun is None and verb.pos_ in ("NOUN", "PROPN"):
            first_noun = verb
        via_noun = via_noun or verb.pos_ in ("NOUN", "PROPN")
    if verb.pos_ not in ("VERB", "AUX"):
        return "unknown"
    lemma = verb.lemma_.lower()
    if (lemma in grammar.forecast_verbs and forecast_deadline(span, verb)) \
            or (lemma in grammar.deferral_verbs and deferred_to(span)):
        return "future"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not via_noun \
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return participle_tense(span, verb, grammar)
    if infinitive_modifier(verb):
        return "future"
    tense = verb_tense(verb, grammar)
    # "follows Tuesday's declaration", "is continuing ... under a June agreement":
    # a present or progressive verb says nothing of the day a noun's date names
    if via_noun and (tense == "present" or (tense == "future"
                                            and progressive_only(verb, grammar))):
        return "unknown"
    # "would suspend the tariffs, in line with a Reuters report on Monday": the
    # date of a report is when it appeared, whatever the clause around it
    if tense == "future" and first_noun is not None \
            and report_dated(span, first_noun, grammar):
        return "unknown"
    return tense


def report_dated(span: Span, first_noun: Token, grammar: DateGrammar) -> bool:
    """Does a date that hangs on a noun tell when a report, statement or
    interview appeared? The noun is the first one above the date, or the one just
    before "on" (the parser often hangs "a Reuters report on Monday" on a noun
    further up); "will publish its report on Monday" hangs on the verb."""
    nouns = [first_noun]
    if span.start >= 2 and span.doc[span.start - 1].lower_ == "on":
        nouns.append(span.doc[span.start - 2])
    return any(n.lemma_.lower() in grammar.report_nouns for n in nouns)


def infinitive_modifier(verb: Token) -> bool:
    """Is the verb an infinitive that modifies a noun ("another $16 billion to be
    activated on Thursday", "a meeting to be held on Monday")? It names an event
    still to come."""
    return verb.dep_ in ("acl", "relcl") and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def deferred_to(span: Span) -> bool:
    """Does "until" or "till" lead to the date ("until 15:00 GMT Saturday")?"""
    before = span.doc[max(0, span.start - 4):span.start]
    return any(t.lower_ in DEFERRAL_PREPOSITIONS for t in before)


def forecast_deadline(span: Span, verb: Token) -> bool:
    """Is the date the deadline of a forecast ("forecast inflation at 4.5 pct by
    year-end")? Not the time of the forecast ("growth, forecast in December") nor
    the period forecast ("projected tariff costs for April", which may be past)."""
    return verb.tag_ != "VBN" and span.start > 0 \
        and span.doc[span.start - 1].lower_ == "by"


def participle_tense(span: Span, verb: Token, grammar: DateGrammar) -> Tense:
    """A bare past participle ("the record set on Aug. 6", "the terms, announced
    Friday, ...") reports a past event, unless it schedules one ("the vote
    scheduled for Dec. 15")."""
    if verb.lemma_.lower() in grammar.future_heads:
        prep = span.root.head
        if prep.dep_ == "prep" and prep.lower_ in SCHEDULE_PREPOSITIONS:
            return "future"
    return "past"


def progressive_only(verb: Token, grammar: DateGrammar) -> bool:
    """Is the verb future only as a progressive ("is meeting", "is continuing to
    try"), with no "will" and no "going to"?"""
    for _ in range(4):
        if verb.dep_ != "xcomp" or verb.head is verb:
            break
        verb = verb.head
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBG" and verb.lemma_ != "go" \
        and not words & grammar.future_auxiliaries


def verb_tense(verb: Token, grammar: DateGrammar) -> Tense:
    """past / present / future / unknown for one verb and its auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & grammar.future_auxiliaries or verb.lower_ in grammar.future_auxiliaries:
        return "future"
    if "going" in words or (verb.lower_ == "going"
                            and any(c.dep_ == "xcomp" for c in verb.children)):
        return "future"
    head = verb.head
    if verb.dep_ == "xcomp" and head is not verb:
        if head.lemma_.lower() in grammar.future_heads or head.lemma_ == "be":
            head_tense = verb_tense(head, grammar)
            return "future" if head_tense != "past" else "unknown"
        return verb_tense(head, grammar)
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and words & {"has", "have", "had", "'ve", "'s"}:
        return "past"
    if verb.tag_ == "VBG" and words & {"is", "are", "'re", "'s", "am"}:
        return "future"
    # "is expected by the fourth quarter", "are scheduled for Monday"
    if verb.tag_ == "VBN" and verb.lemma_.lower() in grammar.future_heads \
            and words & {"is", "are", "'re", "'s", "am"}:
        return "future"
    # a present participle clause shares the tense of the clause it hangs on
    # ("the stock has fluctuated, rising to a high in June from $29.75 in March"),
    # and a bare conjoined verb that of its first conjunct ("started in early
    # December and peaked by the end of year", "will meet and discuss ...")
    if not auxes and head is not verb and head.pos_ in ("VERB", "AUX") and (
            (verb.tag_ == "VBG" and verb.dep_ == "advcl")
            or (verb.tag_ in ("VBN", "VB") and verb.dep_ == "conj")):
        return verb_tense(head, grammar)
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return "unknown"
