"""Stage 3 helper: dates read from the story's own time, not from publication.

Input: a regex match of a date pattern (``data/rules/dates.yml``) and the
resolver ``Context``, whose ``last_ref`` is the last date the story named, as
``(value, granularity)``. Output: ``(value, granularity)``. "The following year"
and "that month" count from the time the story is talking about
(TimeML's reference time; Reichenbach 1947), while "last year" counts from
publication: "In March 1995 ... The following year" is 1996.
"""

from __future__ import annotations

import re

from wirefacts.extract.date_periods import Context, Reading
from wirefacts.extract.date_resolve import (
    month_value,
    quarter_of,
    quarter_value,
    shift_month,
    shift_quarter,
)

# ("the previous year" is left out: in "fell to 10.8 pct from 12.3 pct the
# previous year" after "in 1985" it is 1985 itself, not the year before it)
DIRECTIONS = {"following": 1}


def resolve_anaphoric_unit(m: re.Match[str], ctx: Context) -> Reading:
    """"the following year", "that month", "that quarter": the unit
    holding the last date the story named, or the one next to it (None when the
    story named none, or none that fine)."""
    if ctx.last_ref is None:
        return None
    unit = m.group("unit").lower()
    value, granularity = ctx.last_ref
    step = DIRECTIONS[m.group("rel").lower()] if m.group("rel") else 0
    if unit == "year":
        return f"{int(value[:4]) + step:04d}", "year"
    if unit == "month" and granularity in ("day", "month"):
        return month_value(*shift_month(int(value[:4]), int(value[5:7]), step)), "month"
    if unit == "quarter":
        # "that quarter" is the last quarter named, else the one holding the date
        named = ctx.last_by_granularity.get("quarter")
        if named is not None:
            value, granularity = named, "quarter"
        if granularity not in ("day", "month", "quarter"):
            return None
        quarter = int(value[6]) if granularity == "quarter" \
            else quarter_of(int(value[5:7]))
        return quarter_value(*shift_quarter(int(value[:4]), quarter, step)), "quarter"
    return None
