"""Stage 3 helper: calendar arithmetic that turns a date reading into a TIMEX value.

Input: the parts a date pattern found (month, day, weekday, offsets), the
publication date that anchors relative expressions, and the tense of the clause.
Output: ISO TIMEX-style strings (``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM``,
``YYYY-Qn``, ``YYYY``). Pure functions, no clock: ``published`` is the only anchor.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Tense = Literal["past", "present", "future", "unknown"]

# How far a year-less date may sit on the "wrong" side of the publication date
# before the tense of the clause overrides nearness. Wire copy often writes
# "postponed to Dec 15" (past verb, future date), and a clause the parser reads as
# future may hold a date a few weeks past ("could mark ... since he launched
# tariffs on April 2"), so nearness wins inside these windows.
PAST_TENSE_AHEAD_DAYS = 92
FUTURE_TENSE_BEHIND_DAYS = 31


def day_value(day: dt.date) -> str:
    """``YYYY-MM-DD``."""
    return day.isoformat()


def week_value(day: dt.date) -> str:
    """ISO week holding ``day``: ``YYYY-Www``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    """``YYYY-MM``."""
    return f"{year:04d}-{month:02d}"


def quarter_of(month: int) -> int:
    """Calendar quarter (1-4) of a month."""
    return (month - 1) // 3 + 1


def quarter_value(year: int, quarter: int) -> str:
    """``YYYY-Qn``."""
    return f"{year:04d}-Q{quarter}"


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The month ``by`` months after (year, month)."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    """The quarter ``by`` quarters after (year, quarter)."""
    index = year * 4 + (quarter - 1) + by
    return index // 4, index % 4 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (Feb 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def year_for_month_day(month: int, day: int, published: dt.date,
                       tense: Tense) -> dt.date | None:
    """Place a year-less day ("Oct 15") in the year that fits the publication date.

    The nearest occurrence wins, except that a past-tense clause reaches forward
    only a few months and a future-tense clause back only a few days.
    """
    options = [d for y in (published.year - 1, published.year, published.year + 1)
               if (d := safe_date(y, month, day)) is not None]
    if not options:
        return None
    before = max((d for d in options if d <= published), default=None)
    after = min((d for d in options if d >= published), default=None)
    if before is None or after is None:
        return before or after
    gap_before, gap_after = (published - before).days, (after - published).days
    if tense == "past":
        return after if gap_after < gap_before and gap_after <= PAST_TENSE_AHEAD_DAYS \
            else before
    if tense == "future":
        near = gap_before < gap_after and gap_before <= FUTURE_TENSE_BEHIND_DAYS
        return before if near else after
    return before if gap_before <= gap_after else after


def year_for_month(month: int, published: dt.date, tense: Tense) -> int:
    """Year of a bare month name ("in October"): last, this or next year.

    Past reporting reaches at most one month ahead ("the September and October
    talks" in a September story); future reporting never reaches back; otherwise
    the nearest such month (ties stay in the publication year).
    """
    current = published.month
    if tense == "past":
        return published.year - 1 if month > current + 1 else published.year
    if tense == "future":
        return published.year + 1 if month < current else published.year
    if month - current > 6:
        return published.year - 1
    if current - month > 6:
        return published.year + 1
    return published.year


def weekday_date(weekday: int, published: dt.date, tense: Tense,
                 relation: str | None = None) -> dt.date:
    """The day a weekday name refers to, by the news convention.

    A bare weekday in past-tense copy is the most recent such day on or before
    publication; in future-tense copy the next one on or after it. "last Monday"
    is strictly before, "next Monday" strictly after, "this Monday" in the
    publication week. A present-tense clause states a schedule ("talks reopen on
    Tuesday"), so it looks ahead; without tense, back (reports mostly look back).
    """
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if relation == "last":
        return published - dt.timedelta(days=back or 7)
    if relation in ("next", "coming"):
        return published + dt.timedelta(days=ahead or 7)
    if relation == "this":
        return published + dt.timedelta(days=weekday - published.weekday())
    if tense in ("future", "present"):  # "talks reopen on Tuesday": scheduled
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def quarter_year(quarter: int, published: dt.date, tense: Tense) -> int:
    """Year of a bare "third quarter": in past reporting the latest one begun;
    without tense (an earnings headline, "4TH QTR LOSS" in March) the nearest;
    otherwise the publication year (earnings copy in October that "expects a
    loss in the third quarter" still means this year's)."""
    ahead = quarter - quarter_of(published.month)
    if tense == "past" and ahead > 0:
        return published.year - 1
    if tense == "unknown" and ahead > 2:
        return published.year - 1
    return published.year


def relative_unit_value(unit: str, offset: int, published: dt.date) -> tuple[str, str]:
    """(value, granularity) for "this/last/next week|month|quarter|year"."""
    if unit == "day":
        return day_value(published + dt.timedelta(days=offset)), "day"
    if unit == "week":
        return week_value(published + dt.timedelta(weeks=offset)), "week"
    if unit == "month":
        year, month = shift_month(published.year, published.month, offset)
        return month_value(year, month), "month"
    if unit == "quarter":
        current = quarter_of(published.month)
        year, quarter = shift_quarter(published.year, current, offset)
        return quarter_value(year, quarter), "quarter"
    return f"{published.year + offset:04d}", "year"
