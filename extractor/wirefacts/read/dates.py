"""Stage 1 helper: a publication date as an input states it -> ``YYYY-MM-DD`` or None.

Only absolute dates are accepted: a metadata value such as "2 hours ago" has no
anchor we can trust, and the contract says an unknown date stays empty rather
than guessed. The date is taken as printed (its own time zone), not shifted to
UTC, because that is the calendar day the story carries.

>>> normalize_date("2023-04-25T03:28:00-02:00")
'2023-04-25'
>>> normalize_date("26-FEB-1987 15:01:01.79")
'1987-02-26'
>>> normalize_date("January 12, 2024 12:34 PM GMT+1")
'2024-01-12'
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_ISO = re.compile(r"^\s*(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})(?:[T\s]|$|Z)")
_DAY_MON_YEAR = re.compile(
    rf"^\s*(?:[A-Za-z]+,?\s+)?(?P<day>\d{{1,2}})[\s-]+{_MONTH}[\s,-]+(?P<year>\d{{4}})\b"
)
_MON_DAY_YEAR = re.compile(
    rf"^\s*(?:[A-Za-z]+,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
)
_EPOCH = re.compile(r"^\s*(?P<seconds>\d{9,10})(?P<millis>\d{3})?\s*$")
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def normalize_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for an absolute date (string or epoch number), else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 100:
        return None
    iso = _ISO.match(value)
    if iso:  # a machine-written date: if it is not a real date, nothing else is
        return _checked_date(iso["year"], iso["month"], iso["day"])
    for pattern in (_DAY_MON_YEAR, _MON_DAY_YEAR):
        match = pattern.match(value)
        if match:
            found = _checked_date(match["year"], match["month"], match["day"])
            if found:
                return found
    epoch = _EPOCH.match(value)
    if epoch:
        moment = datetime.fromtimestamp(int(epoch["seconds"]), tz=timezone.utc)
        return _checked_date(str(moment.year), str(moment.month), str(moment.day))
    return _parse_with_dateparser(value)


def _checked_date(year: str, month: str, day: str) -> str | None:
    """Build an ISO date from parts, or None if the parts are not a real date."""
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    if month_number is None:
        return None
    try:
        found = date(int(year), month_number, int(day))
    except ValueError:
        return None
    if not _MIN_YEAR <= found.year <= _MAX_YEAR:
        return None
    return found.isoformat()


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    """One dateparser parser per process (building one is slow)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=None,
        settings={
            "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _parse_with_dateparser(value: str) -> str | None:
    """Fallback for the long tail of printed formats ("15 décembre 2018", ...)."""
    if not re.search(r"\d{4}", value):
        return None  # no year: never guess one
    try:
        data = _date_parser().get_date_data(value)
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        return None
    moment = data["date_obj"] if data else None
    if moment is None:
        return None
    return _checked_date(str(moment.year), str(moment.month), str(moment.day))
