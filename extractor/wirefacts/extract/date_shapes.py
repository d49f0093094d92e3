"""Stage 3 helper: year ranges, and the TimeML values outside the export contract.

Input: a regex match of a date pattern (``data/rules/dates.yml``) and the
resolver ``Context``. Output: for year ranges ("2009-2010", "1957-58") one
``(start, end, value)`` per year; for the TimeML-only kinds (seasons "1998-SU",
decades "199", centuries "19", references "PRESENT_REF") a ``(value,
granularity)``. The contract allows ``YYYY-MM-DD`` ... ``YYYY`` only, so the
grammar compiles the ``timeml_*`` kinds only when ``timeml_values`` is switched
on (benchmarks/bench_dates.py does, for its TimeML line).
"""

from __future__ import annotations

import re

from wirefacts.extract.date_periods import Context, Reading
from wirefacts.extract.date_resolve import year_for_month

# TimeML season codes, each with the month at its middle (northern hemisphere).
SEASONS = {"spring": ("SP", 4), "summer": ("SU", 7), "fall": ("FA", 10),
           "autumn": ("FA", 10), "winter": ("WI", 1)}
# A range reaches at most this many years ("1987-2019" is a range; a larger gap
# is more likely a score or a code).
MAX_RANGE_YEARS = 60


def range_years(m: re.Match[str]) -> list[tuple[int, int, str]]:
    """"2009-2010", "1957-58": each year of a range as (start, end, value);
    TimeML gives each its own DATE, and a two-digit end takes the century of
    the start."""
    first = int(m.group("year"))
    tail = m.group("end")
    last = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
    if len(tail) == 2 and last < first:
        last += 100
    if not 0 < last - first <= MAX_RANGE_YEARS:
        return []
    return [(m.start("year"), m.end("year"), f"{first:04d}"),
            (m.start("end"), m.end("end"), f"{last:04d}")]


def resolve_season(m: re.Match[str], ctx: Context) -> Reading:
    """"last summer", "this fall", "the winter of 1994" -> TimeML "2012-SU"."""
    code, middle = SEASONS[m.group("season").lower()]
    if m.group("year"):
        return f"{m.group('year')}-{code}", None
    if ctx.published is None:
        return None, None
    pub = ctx.published
    rel = " ".join((m.group("rel") or "").lower().split())
    if rel in ("last", "this past", "past"):
        year = pub.year if middle + 1 < pub.month else pub.year - 1
    elif rel in ("next", "coming", "this coming"):
        year = pub.year if middle - 1 > pub.month else pub.year + 1
    elif rel == "this":
        year = pub.year
    else:
        year = year_for_month(middle, pub, ctx.tense)
    return f"{year:04d}-{code}", None


def resolve_decade(m: re.Match[str], ctx: Context) -> Reading:
    """"the 1990s", "the late 1970s", "the nineties" -> TimeML "199"."""
    if m.group("decade"):
        return m.group("decade")[:3], None
    tens = ctx.grammar.spelled_tens[m.group("tens").lower() + "y"]
    # the latest such decade begun by publication ("the nineties" in 2013: 199)
    start = 2000 + tens
    if ctx.published is None or start > ctx.published.year:
        start = 1900 + tens
    return f"{start // 10:03d}", None


def resolve_century(m: re.Match[str], ctx: Context) -> Reading:
    """"the 20th century" -> TimeML "19"."""
    return f"{int(m.group('century')) - 1:02d}", None


def resolve_reference(m: re.Match[str], ctx: Context) -> Reading:
    """"now", "recently" -> TimeML PRESENT_REF / PAST_REF."""
    return ctx.grammar.references.get(" ".join(m.group("ref").lower().split())), None
