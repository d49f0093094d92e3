"""Stage 3 helper: quarters and years of business copy, and the resolver context.

Input: a regex match of a date pattern (``data/rules/dates.yml``) and the
``Context`` (grammar, publication date, the date's spaCy span, the quarter the
story reports on). Output: ``(value, granularity)`` with ``YYYY-Qn`` or ``YYYY``
values, or None when the match is no date here (a quarter of a basketball game).
Earnings copy names a quarter once ("third-quarter profit") and then refers to
it as "the quarter", "the year-ago period" or "a year earlier"; the context keeps
that reported quarter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from wirefacts.extract.date_grammar import DateGrammar
from wirefacts.extract.date_resolve import (
    Tense,
    quarter_of,
    quarter_value,
    quarter_year,
    safe_date,
    shift_quarter,
    year_for_month_day,
)
from wirefacts.extract.date_tense import clause_tense

Value = tuple[str | None, str | None]
# A resolver's answer: (value, granularity), or None when the match is no date.
Reading = Value | None

# How far (characters) after a named quarter "a year earlier" still means that
# quarter a year back, as in earnings copy ("... in the third quarter. A year
# earlier, it earned ...").
QUARTER_TALK_REACH = 400
# A fiscal period is placed by the calendar quarter holding its middle: "the
# quarter ended July 31" (May-July) is the second, "ended Jan. 2" the fourth.
HALF_QUARTER_DAYS = 45
# In the first months of a year, past-tense copy about "the end of the year"
# means the year just ended.
EARLY_MONTHS = 3
SINCE = re.compile(r"\bsince\s+$")
PERIOD_END = re.compile(r"\s+(?:ended|ending)\s+(?P<month>[A-Za-z]+)\.?\s+"
                        r"(?P<day>\d{1,2})(?:,\s+(?P<year>(?:19|20)\d\d))?")


@dataclass
class Context:
    """What resolvers need besides the match: anchor, tense, running references."""

    grammar: DateGrammar
    published: dt.date | None
    span: Span | None
    last_quarter: tuple[int, int] | None = None
    last_quarter_at: int = -1
    # the last date the story named, (value, granularity): "a year earlier" counts
    # from it (see date_anaphora)
    last_ref: tuple[str, str] | None = None
    # the last value the story named at each granularity ("that quarter")
    last_by_granularity: dict[str, str] = field(default_factory=dict)

    def note_reference(self, value: str, granularity: str) -> None:
        """Remember a date the story named, for "the following year" and co."""
        self.last_ref = (value, granularity)
        self.last_by_granularity[granularity] = value

    @property
    def tense(self) -> Tense:
        return clause_tense(self.span, self.grammar) if self.span is not None \
            else "unknown"

    def business_quarter(self) -> bool:
        """Is a year-less "quarter" here a fiscal one (more business words than
        game words around it)? Reads this sentence and the one before."""
        if self.span is None:
            return False
        sent = self.span.sent
        start = sent.start
        if start > 0:
            start = sent.doc[start - 1].sent.start
        words = [t.lower_ for t in sent.doc[start:sent.end]]
        cues = self.grammar.quarter_cues
        business = sum(1 for w in words if w.startswith(cues))
        games = sum(1 for w in words if w in self.grammar.sports_cues)
        return business > games

    def remember_quarter(self, year: int, quarter: int, at: int) -> None:
        """Note a quarter the story named, as reference for "a year earlier"; a
        quarter not yet ended ("expects a loss in the fourth quarter") does not
        replace one named before, which is the quarter being reported on."""
        pub = self.published
        if pub is not None and self.last_quarter is not None \
                and (year, quarter) >= (pub.year, quarter_of(pub.month)):
            return
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

    def reported_quarter(self) -> tuple[int, int] | None:
        """The quarter earnings copy is about: the last one named, else the last
        one ended before publication."""
        if self.last_quarter is not None:
            return self.last_quarter
        if self.published is None:
            return None
        return shift_quarter(self.published.year, quarter_of(self.published.month), -1)


def period_end(m: re.Match[str], ctx: Context) -> dt.date | None:
    """The end date after "the quarter|year ended Sept. 30[, 1989]", if any."""
    after = PERIOD_END.match(m.string, m.end())
    if after is None or ctx.published is None:
        return None
    month = ctx.grammar.months.get(after.group("month").lower())
    if month is None:
        return None
    day = int(after.group("day"))
    if after.group("year"):
        return safe_date(int(after.group("year")), month, day)
    if safe_date(2000, month, day) is None:
        return None
    tense: Tense = "past" if "ended" in after.group(0) else "unknown"
    return year_for_month_day(month, day, ctx.published, tense)


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


def resolve_relative_quarter(m: re.Match[str], ctx: Context) -> Reading:
    """"this quarter", "the latest quarter", "the year-ago period"."""
    rel = " ".join((m.group("rel") or m.group("prel")).lower().split())
    if rel == "same":
        return None
    if ctx.published is None:
        return None, "quarter"
    current = (ctx.published.year, quarter_of(ctx.published.month))
    if rel.endswith(("year-ago", "year-earlier")):
        ref = ctx.reported_quarter() or current
        return quarter_value(*shift_quarter(*ref, -4)), "quarter"
    if rel in ("latest", "most recent"):
        # the latest reported quarter is the last one ended before publication
        year, quarter = shift_quarter(*current, -1)
    else:
        year, quarter = shift_quarter(*current, ctx.grammar.relative_words.get(rel, 0))
    ctx.remember_quarter(year, quarter, m.start())
    return quarter_value(year, quarter), "quarter"


def resolve_reported_quarter(m: re.Match[str], ctx: Context) -> Reading:
    """"the quarter", "the 1988 period", "the quarter ended Sept. 30": the
    quarter the story reports on (or the one that end date closes)."""
    end = period_end(m, ctx)
    if end is not None:
        middle = end - dt.timedelta(days=HALF_QUARTER_DAYS)
        year, quarter = middle.year, quarter_of(middle.month)
        ctx.remember_quarter(year, quarter, m.start())
        return quarter_value(year, quarter), "quarter"
    if not ctx.in_quarter_talk(m.start()) or not ctx.business_quarter():
        return None
    ref = ctx.reported_quarter()
    if ref is None:
        return None, "quarter"
    year = int(m.group("qyear")) if m.group("qyear") else ref[0]
    return quarter_value(year, ref[1]), "quarter"


def resolve_reported_year(m: re.Match[str], ctx: Context) -> Reading:
    """"the year", "the full year", "the fiscal year": the publication year."""
    if ctx.published is None:
        return None, "year"
    return f"{ctx.published.year:04d}", "year"


def resolve_year_ago(m: re.Match[str], ctx: Context) -> Reading:
    """"year-ago", "the year-earlier quarter", "the same period last year": the
    reported period, a year back."""
    g = m.groupdict()
    unit = (g.get("unit") or g.get("qunit") or g.get("lyunit") or "").lower()
    if ctx.published is None:
        return None, "quarter" if unit in ("quarter", "period") else "year"
    if unit in ("quarter", "period") or ctx.in_quarter_talk(m.start()):
        ref = ctx.reported_quarter()
        if ref is not None:
            return quarter_value(*shift_quarter(*ref, -4)), "quarter"
    return f"{ctx.published.year - 1:04d}", "year"


def resolve_year_end(m: re.Match[str], ctx: Context) -> Reading:
    """"by year-end", "the end of the year": this year, but the last one in
    past-tense copy early in the year ("peaked by the end of year", March) or
    after "since"."""
    if ctx.published is None:
        return None, "year"
    pub = ctx.published
    before = m.string[max(0, m.start() - 8):m.start()].lower()
    if SINCE.search(before) or ("this" not in m.group(0).lower()
                                and pub.month <= EARLY_MONTHS
                                and ctx.tense == "past"):
        return f"{pub.year - 1:04d}", "year"
    return f"{pub.year:04d}", "year"
