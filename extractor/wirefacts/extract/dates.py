"""Stage 3: date expressions of a parsed article -> ``DateFact`` rows.

Input: the spaCy ``Doc`` of an article's cleaned text, its publication date (the
only anchor for relative dates: no clock is read) and the RuleSet. Output: every
DATE-type expression (TimeML sense: no durations, no "now") with an ISO
TIMEX-style value and granularity, sorted by start. Candidates come from the
grammar in ``data/rules/dates.yml`` run over the text; spaCy's parse gives the
tense that places weekdays, bare months and year-less days ("on Thursday said" is
the last Thursday, "will meet on Monday" the next Monday), and its entities veto
numbers that are not years. A relative date without a publication date keeps
``value=None``: never a guess.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from wirefacts.extract.date_grammar import DateGrammar, DatePattern, grammar_for
from wirefacts.extract.date_resolve import (
    Tense,
    day_value,
    month_value,
    quarter_of,
    quarter_value,
    quarter_year,
    relative_unit_value,
    safe_date,
    shift_month,
    shift_quarter,
    week_value,
    weekday_date,
    year_for_month,
    year_for_month_day,
)
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.titles import doc_text
from wirefacts.facts import DateFact

# Entity labels under which a four-digit number is a count or an amount, not a year.
NOT_YEAR_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# Entity labels under which a month or weekday word is part of a name ("Theresa
# May", "Tuesday Morning Corp").
NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT"})
CURRENCY_BEFORE = re.compile(r"[$€£¥#]\s*$|\b(?:No|nos?|page|pp?)\.?\s*$", re.I)

# How far (characters) after a named quarter "a year earlier" still means that
# quarter a year back, as in earnings copy ("... in the third quarter. A year
# earlier, it earned ...").
QUARTER_TALK_REACH = 400

Value = tuple[str | None, str | None]
# A resolver's answer: (value, granularity), or None when the match is no date.
Reading = Value | None


@functools.cache
def numeric_parser() -> DateDataParser:
    """One dateparser parser per process, for absolute numeric dates only (it is
    never asked about relative text, so its clock-based defaults never apply)."""
    return DateDataParser(languages=["en"],
                          settings={"REQUIRE_PARTS": ["day", "month", "year"]})


@dataclass(frozen=True)
class Candidate:
    """A pattern match before valuing."""

    start: int
    end: int
    order: int
    pattern: DatePattern
    match: re.Match[str]


@dataclass
class Context:
    """What resolvers need besides the match: anchor, tense, running references."""

    grammar: DateGrammar
    published: dt.date | None
    span: Span | None
    last_quarter: tuple[int, int] | None = None
    last_quarter_at: int = -1

    @property
    def tense(self) -> Tense:
        return clause_tense(self.span, self.grammar) if self.span is not None \
            else "unknown"

    def business_quarter(self) -> bool:
        """Is a year-less "quarter" here a fiscal one (business words around it and
        no game being played)? Reads this sentence and the one before."""
        if self.span is None:
            return False
        sent = self.span.sent
        start = sent.start
        if start > 0:
            start = sent.doc[start - 1].sent.start
        words = [t.lower_ for t in sent.doc[start:sent.end]]
        if any(w in self.grammar.sports_cues for w in words):
            return False
        cues = self.grammar.quarter_cues
        return any(w.startswith(cues) for w in words)

    def remember_quarter(self, year: int, quarter: int, at: int) -> None:
        """Note a quarter the story named, as reference for "a year earlier"."""
        self.last_quarter = (year, quarter)
        self.last_quarter_at = at

    def in_quarter_talk(self, at: int) -> bool:
        """Is the text about a fiscal quarter here: the sentence says "quarter", or
        a quarter was named shortly before ("... a year earlier")?"""
        if self.span is None:
            return False
        if "quarter" in self.span.sent.text.lower():
            return True
        return self.last_quarter is not None and \
            at - self.last_quarter_at <= QUARTER_TALK_REACH


def find_dates(doc: Doc, published: dt.date | None, rules: RuleSet) -> list[DateFact]:
    """Every date expression in ``doc`` with its ISO value and granularity.

    Args:
        doc: the parsed article text (tagger, parser and NER from the base model).
        published: the publication date anchoring relative expressions, or None.
        rules: the rule set holding ``dates.yml``.

    Returns:
        DateFacts sorted by start; ``doc.text[f.start:f.end] == f.text`` for each.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    grammar = grammar_for(rules)
    ctx = Context(grammar, published, None)
    facts = []
    for cand in select_candidates(find_candidates(doc, grammar)):
        ctx.span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if not plausible(cand, doc, ctx.span):
            continue
        resolver = RESOLVERS.get(cand.pattern.kind)
        if resolver is None:
            continue
        reading = resolver(cand.match, ctx)
        if reading is None:  # not a date after all (e.g. "two days before")
            continue
        value, granularity = reading
        facts.append(DateFact(doc_text(doc)[cand.start:cand.end], cand.start, cand.end,
                              value, granularity))
    return facts


def find_candidates(doc: Doc, grammar: DateGrammar) -> list[Candidate]:
    """Every match of every pattern over the text."""
    text = doc_text(doc)
    found = []
    for order, pattern in enumerate(grammar.patterns):
        for match in pattern.regex.finditer(text):
            if match.end() > match.start() and capitalised(match):
                found.append(Candidate(match.start(), match.end(), order, pattern,
                                       match))
    return found


def select_candidates(found: list[Candidate]) -> list[Candidate]:
    """Longest matches first (earlier pattern on ties), without overlaps, by start."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.order, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def capitalised(match: re.Match[str]) -> bool:
    """Month and weekday names are capitalised in news copy ("may" is a verb)."""
    for group in ("month", "weekday", "smonth"):
        word = match.groupdict().get(group)
        if word and not word[0].isupper():
            return False
    return True


def plausible(cand: Candidate, doc: Doc, span: Span | None) -> bool:
    """Veto matches the parse shows are not dates: amounts, names, modal "May"."""
    if span is None:
        return False
    groups = cand.match.groupdict()
    kind = cand.pattern.kind
    if kind == "year":
        if CURRENCY_BEFORE.search(doc_text(doc)[max(0, cand.start - 8):cand.start]):
            return False
        year_start = cand.match.start("year")
        token = doc.char_span(year_start, cand.match.end("year"),
                              alignment_mode="expand")
        if token is not None and (token[0].ent_type_ in NOT_YEAR_LABELS
                                  or counts_things(token[0])):
            return False
    if groups.get("month") and kind == "month" and not groups.get("year"):
        token = doc.char_span(*cand.match.span("month"), alignment_mode="expand")
        if token is not None and (token[0].tag_ == "MD"
                                  or token[0].ent_type_ in NAME_LABELS):
            return False
    if groups.get("weekday"):
        token = doc.char_span(*cand.match.span("weekday"), alignment_mode="expand")
        if token is not None and token[0].ent_type_ in ("PERSON", "ORG"):
            return False
    return True


def counts_things(token: Token) -> bool:
    """"1987 tonnes", "2000 jobs": a number counting a plural noun is no year
    (while "the 2020 election" names one)."""
    head = token.head
    return token.dep_ == "nummod" and head.tag_ == "NNS"


# --------------------------------------------------------------------------- tense

def clause_tense(span: Span, grammar: DateGrammar) -> Tense:
    """Tense of the clause a date modifies, read from the dependency parse."""
    verb = span.root
    via_noun = False
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
        via_noun = via_noun or verb.pos_ in ("NOUN", "PROPN")
    if verb.pos_ not in ("VERB", "AUX"):
        return "unknown"
    tense = verb_tense(verb, grammar)
    # "follows Tuesday's declaration": a present verb says nothing of the day a
    # noun's date refers to
    return "unknown" if tense == "present" and via_noun else tense


def verb_tense(verb: Token, grammar: DateGrammar) -> Tense:
    """past / future / unknown for one verb and its auxiliaries."""
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
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return "unknown"


# --------------------------------------------------------------------------- values

def resolve_date(m: re.Match[str], ctx: Context) -> Reading:
    """"March 3, 1987", "Oct 15", "2019-09-21", "15 October 2019"."""
    g = m.groupdict()
    month = int(g["month_num"]) if g.get("month_num") else \
        ctx.grammar.months[g["month"].lower()]
    day = int(re.sub(r"\D", "", g["day"]))
    if g.get("year"):
        date = safe_date(int(g["year"]), month, day)
        return (day_value(date) if date else None), "day"
    if ctx.published is None or safe_date(2000, month, day) is None:
        return None, "day"
    date = year_for_month_day(month, day, ctx.published, ctx.tense)
    return (day_value(date) if date else None), "day"


def resolve_month(m: re.Match[str], ctx: Context) -> Reading:
    """"September 1987", "late July", "last May", "January this year"."""
    g = m.groupdict()
    month = ctx.grammar.months[g["month"].lower()]
    if g.get("year"):
        return month_value(int(g["year"]), month), "month"
    if ctx.published is None:
        return None, "month"
    pub = ctx.published
    rel_word = ((g.get("rel") or "").lower().split() or [""])[-1]
    if rel_word and m.group(0).lower().endswith("year"):  # "June last year"
        return month_value(pub.year + ctx.grammar.relative_words[rel_word], month), \
            "month"
    if rel_word in ("last", "past"):
        year = pub.year if month < pub.month else pub.year - 1
    elif rel_word in ("next", "coming"):
        year = pub.year if month > pub.month else pub.year + 1
    elif rel_word == "this":
        year = pub.year
    else:
        year = year_for_month(month, pub, ctx.tense)
    return month_value(year, month), "month"


def resolve_quarter(m: re.Match[str], ctx: Context) -> Reading:
    """"the third quarter of 2019", "Q3", "third-quarter", "next year's Q1"."""
    g = m.groupdict()
    q_word = g["q"].lower()
    quarter = int(q_word) if q_word.isdigit() else ctx.grammar.quarter_ordinals[q_word]
    year_text = g.get("year") or g.get("qyear")
    if year_text:
        year = int(year_text)
    elif ctx.published is None:
        return None, "quarter"
    elif not ctx.business_quarter():
        return None
    elif g.get("qrel"):
        year = ctx.published.year + ctx.grammar.relative_words[g["qrel"].lower()]
    else:
        year = quarter_year(quarter, ctx.published, ctx.tense)
    if g.get("yago"):
        year -= 1
    else:
        ctx.remember_quarter(year, quarter, m.start())
    return quarter_value(year, quarter), "quarter"


def _reported_quarter(ctx: Context) -> tuple[int, int] | None:
    """The quarter earnings copy is about: the last one named, else the last ended."""
    if ctx.last_quarter is not None:
        return ctx.last_quarter
    if ctx.published is None:
        return None
    return shift_quarter(ctx.published.year, quarter_of(ctx.published.month), -1)


def resolve_relative_quarter(m: re.Match[str], ctx: Context) -> Reading:
    """"this quarter", "the latest quarter", "the year-ago period"."""
    rel = " ".join((m.group("rel") or m.group("prel")).lower().split())
    if rel == "same":
        return None
    if ctx.published is None:
        return None, "quarter"
    current = (ctx.published.year, quarter_of(ctx.published.month))
    if rel.endswith(("year-ago", "year-earlier")):
        ref = _reported_quarter(ctx) or current
        return quarter_value(*shift_quarter(*ref, -4)), "quarter"
    if rel in ("latest", "most recent"):
        # the latest reported quarter is the last one ended before publication
        year, quarter = shift_quarter(*current, -1)
    else:
        year, quarter = shift_quarter(*current, ctx.grammar.relative_words.get(rel, 0))
    ctx.remember_quarter(year, quarter, m.start())
    return quarter_value(year, quarter), "quarter"


def resolve_reported_quarter(m: re.Match[str], ctx: Context) -> Reading:
    """"the quarter", "the 1988 period": the quarter the story reports on."""
    if not ctx.in_quarter_talk(m.start()) or not ctx.business_quarter():
        return None
    ref = _reported_quarter(ctx)
    if ref is None:
        return None, "quarter"
    year = int(m.group("qyear")) if m.group("qyear") else ref[0]
    return quarter_value(year, ref[1]), "quarter"


def resolve_reported_year(m: re.Match[str], ctx: Context) -> Reading:
    """"the year", "the full year", "the fiscal year": the publication year."""
    if ctx.published is None:
        return None, "year"
    return f"{ctx.published.year:04d}", "year"


def resolve_relative(m: re.Match[str], ctx: Context) -> Reading:
    """"next week" -> ISO week, "last month", "this year", "the current fiscal year"."""
    text = m.group(0).lower()
    rel = m.group("rel").lower()
    unit = m.group("unit").lower()
    # "the last year", "the next month", "the previous week" measure a stretch of
    # time or point back to another date in the story: not anchored to publication.
    anchored = rel in ("current", "this", "coming")
    if not anchored and re.search(rf"\bthe\s+(?:{rel})\b", text):
        return None
    granularity = "year" if unit == "year" else unit
    if ctx.published is None:
        return None, granularity
    return relative_unit_value(unit, ctx.grammar.relative_words[rel], ctx.published)


def resolve_relative_day(m: re.Match[str], ctx: Context) -> Reading:
    """"yesterday", "today", "tomorrow morning", "the day before yesterday"."""
    if ctx.published is None:
        return None, "day"
    offset = ctx.grammar.relative_days[m.group("rd").lower()]
    shift = (m.groupdict().get("shift") or "").lower()
    offset += -1 if shift == "before" else 1 if shift == "after" else 0
    return day_value(ctx.published + dt.timedelta(days=offset)), "day"


def resolve_weekday(m: re.Match[str], ctx: Context) -> Reading:
    """"Thursday", "last Friday", "Wednesday night"."""
    if ctx.published is None:
        return None, "day"
    weekday = ctx.grammar.weekdays[m.group("weekday").lower()]
    rel = (m.group("rel") or "").lower().split()
    relation = {"past": "last", "coming": "next"}.get(rel[-1], rel[-1]) if rel else None
    if rel[:2] == ["this", "coming"]:
        relation = "next"
    return day_value(weekday_date(weekday, ctx.published, ctx.tense, relation)), "day"


def _count(word: str, grammar: DateGrammar) -> int | None:
    return int(word) if word.isdigit() else grammar.numbers.get(word.lower())


def resolve_ago(m: re.Match[str], ctx: Context) -> Reading:
    """"two years ago", "six weeks ago", "a year earlier" (a DATE, not a span)."""
    n = _count(m.group("n"), ctx.grammar)
    unit = ctx.grammar.units[m.group("unit").lower()]
    direction = m.group("dir").lower()
    # "two days before/earlier" counts from another event in the story; only "a
    # year earlier" is read from publication (or the quarter reported on)
    from_story = direction == "before" or (direction == "earlier" and unit != "year")
    if n is None or from_story:
        return None
    if ctx.published is None:
        return None, unit
    if unit == "year" and n == 1 and ctx.in_quarter_talk(m.start()):
        ref = _reported_quarter(ctx)
        if ref is not None:
            return quarter_value(*shift_quarter(*ref, -4 * n)), "quarter"
    pub = ctx.published
    if unit == "day":
        return day_value(pub - dt.timedelta(days=n)), "day"
    if unit == "week":
        return week_value(pub - dt.timedelta(weeks=n)), "week"
    if unit == "month":
        return month_value(*shift_month(pub.year, pub.month, -n)), "month"
    if unit == "quarter":
        return quarter_value(*shift_quarter(pub.year, quarter_of(pub.month), -n)), \
            "quarter"
    return f"{pub.year - n:04d}", "year"


def resolve_year_ago(m: re.Match[str], ctx: Context) -> Reading:
    """"year-ago", "the year-earlier quarter": the reported period, a year back."""
    unit = (m.groupdict().get("unit") or "").lower()
    if ctx.published is None:
        return None, "quarter" if unit in ("quarter", "period") else "year"
    if unit in ("quarter", "period") or ctx.in_quarter_talk(m.start()):
        ref = _reported_quarter(ctx)
        if ref is not None:
            return quarter_value(*shift_quarter(*ref, -4)), "quarter"
    return f"{ctx.published.year - 1:04d}", "year"


def resolve_year(m: re.Match[str], ctx: Context) -> Reading:
    """"1987", "in 2020", "fiscal 1989", "the end of 1990"."""
    return m.group("year"), "year"


def resolve_numeric(m: re.Match[str], ctx: Context) -> Reading:
    """"10/15/2019", "15.10.2019": dateparser reads the order of day and month."""
    data = numeric_parser().get_date_data(m.group(0))
    parsed = data.date_obj if data is not None else None
    if parsed is None or parsed.year != int(m.group("year")):
        return None
    return day_value(parsed.date()), "day"


def resolve_spelled_year(m: re.Match[str], ctx: Context) -> Reading:
    """"nineteen ninety-six", "January nineteen ninety-seven" (broadcast copy)."""
    g = ctx.grammar
    year = g.spelled_centuries[m.group("century").lower()] * 100 \
        + g.spelled_tens[m.group("tens").lower()] \
        + (g.spelled_units[m.group("unit").lower()] if m.group("unit") else 0)
    if m.group("smonth"):
        return month_value(year, g.months[m.group("smonth").lower()]), "month"
    return f"{year:04d}", "year"


def resolve_reference(m: re.Match[str], ctx: Context) -> Reading:
    """"now", "recently" -> TimeML PRESENT_REF / PAST_REF (only when enabled)."""
    return ctx.grammar.references.get(" ".join(m.group("ref").lower().split())), None


RESOLVERS: dict[str, Callable[[re.Match[str], Context], Reading]] = {
    "date": resolve_date,
    "month": resolve_month,
    "quarter": resolve_quarter,
    "relative_quarter": resolve_relative_quarter,
    "reported_quarter": resolve_reported_quarter,
    "reported_year": resolve_reported_year,
    "relative": resolve_relative,
    "relative_day": resolve_relative_day,
    "weekday": resolve_weekday,
    "ago": resolve_ago,
    "year_ago": resolve_year_ago,
    "year": resolve_year,
    "spelled_year": resolve_spelled_year,
    "numeric": resolve_numeric,
    "reference": resolve_reference,
}
