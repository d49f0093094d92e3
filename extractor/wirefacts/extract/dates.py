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

Helpers: ``date_grammar`` (compiled patterns), ``date_tense`` (clause tense),
``date_resolve`` (calendar arithmetic), ``date_periods`` (quarters, fiscal years
and the resolver context), ``date_anaphora`` ("the following year", "that
quarter"), ``date_shapes`` (year ranges; TimeML-only values, off by default).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from wirefacts.extract.date_anaphora import resolve_anaphoric_unit
from wirefacts.extract.date_grammar import DateGrammar, DatePattern, grammar_for
from wirefacts.extract.date_periods import (
    Context,
    Reading,
    resolve_quarter,
    resolve_relative_quarter,
    resolve_reported_quarter,
    resolve_reported_year,
    resolve_year_ago,
    resolve_year_end,
)
from wirefacts.extract.date_resolve import (
    day_value,
    month_value,
    quarter_of,
    quarter_value,
    relative_unit_value,
    safe_date,
    shift_month,
    shift_quarter,
    week_value,
    weekday_date,
    year_for_month,
    year_for_month_day,
)
from wirefacts.extract.date_shapes import (
    range_years,
    resolve_century,
    resolve_decade,
    resolve_reference,
    resolve_season,
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
YEAR_KINDS = frozenset({"year", "year_range"})
ENDED_BEFORE = re.compile(r"\bended\s+$", re.I)
# Granularities a later "a year earlier" or "the following month" can count from.
REFERENCE_GRANULARITIES = frozenset({"day", "month", "quarter", "year"})


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
    text = doc_text(doc)
    facts = []
    for start, end, value, granularity in readings(doc, ctx):
        facts.append(DateFact(text[start:end], start, end, value, granularity))
    return facts


Found = tuple[int, int, str | None, str | None]


def readings(doc: Doc, ctx: Context) -> Iterator[Found]:
    """(start, end, value, granularity) of every candidate that is a date."""
    for cand in select_candidates(find_candidates(doc, ctx.grammar)):
        ctx.span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if not plausible(cand, doc, ctx.span, ctx.grammar):
            continue
        if cand.pattern.kind == "year_range":
            for start, end, year in range_years(cand.match):
                yield start, end, year, "year"
            continue
        resolver = RESOLVERS.get(cand.pattern.kind)
        if resolver is None:
            continue
        reading = resolver(cand.match, ctx)
        if reading is None:  # not a date after all ("two days before")
            continue
        value, granularity = reading
        if value and granularity in REFERENCE_GRANULARITIES:
            ctx.note_reference(value, granularity)
        yield cand.start, cand.end, value, granularity


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


def plausible(cand: Candidate, doc: Doc, span: Span | None,
              grammar: DateGrammar) -> bool:
    """Veto matches the parse shows are not dates: amounts, names, modal "May"."""
    if span is None:
        return False
    groups = cand.match.groupdict()
    kind = cand.pattern.kind
    if kind in YEAR_KINDS and not groups.get("fiscal"):
        if CURRENCY_BEFORE.search(doc_text(doc)[max(0, cand.start - 8):cand.start]):
            return False
        year_start = cand.match.start("year")
        token = doc.char_span(year_start, cand.match.end("year"),
                              alignment_mode="expand")
        if token is not None and (token[0].ent_type_ in NOT_YEAR_LABELS
                                  or counts_things(token[0], grammar)):
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


def counts_things(token: Token, grammar: DateGrammar) -> bool:
    """"1987 tonnes", "2000 jobs": a number counting a plural noun is no year
    (while "the 2020 election" and "1989 operating results" name one)."""
    head = token.head
    return token.dep_ == "nummod" and head.tag_ == "NNS" \
        and head.lemma_.lower() not in grammar.year_nouns \
        and head.lower_ not in grammar.year_nouns


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
    if date is not None and date > ctx.published and \
            ENDED_BEFORE.search(m.string, max(0, m.start() - 8), m.start()):
        # "the fiscal year ended Jan. 31": a period that ended lies behind us
        pub = ctx.published
        date = max((d for y in (pub.year, pub.year - 1)
                    if (d := safe_date(y, month, day)) is not None and d <= pub),
                   default=None)
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


def resolve_relative(m: re.Match[str], ctx: Context) -> Reading:
    """"next week" -> ISO week, "last month", "this year", "the current fiscal year"."""
    text = m.group(0).lower()
    rel = " ".join(m.group("rel").lower().split())
    unit = m.group("unit").lower()
    # "the last year", "the next month", "the previous week" measure a stretch of
    # time or point back to another date in the story: not anchored to publication.
    # ("the latest fiscal year" is the last one completed before publication)
    anchored = rel in ("current", "this", "coming", "latest", "most recent")
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
    relation = {"past": "last", "previous": "last", "preceding": "last",
                "coming": "next", "following": "next"}.get(rel[-1], rel[-1]) \
        if rel else None
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
        ref = ctx.reported_quarter()
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
    """"nineteen ninety-six", "January nineteen ninety-seven", "the year two
    thousand" (broadcast copy)."""
    g = ctx.grammar
    if m.groupdict().get("thousand"):  # "the year two thousand (and one)"
        tail = (m.group("tail") or "").lower()
        return f"{2000 + g.spelled_units.get(tail, g.spelled_tens.get(tail, 0)):04d}", \
            "year"
    year = g.spelled_centuries[m.group("century").lower()] * 100 \
        + g.spelled_tens[m.group("tens").lower()] \
        + (g.spelled_units[m.group("unit").lower()] if m.group("unit") else 0)
    if m.group("smonth"):
        return month_value(year, g.months[m.group("smonth").lower()]), "month"
    return f"{year:04d}", "year"


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
    "anaphoric_unit": resolve_anaphoric_unit,
    "year_end": resolve_year_end,
    "timeml_reference": resolve_reference,
    "timeml_season": resolve_season,
    "timeml_decade": resolve_decade,
    "timeml_century": resolve_century,
}
