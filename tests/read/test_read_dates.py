"""Metadata dates -> YYYY-MM-DD, or None when there is no absolute date."""

from __future__ import annotations

import pytest
from wirefacts.read.dates import normalize_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-09-21", "2019-09-21"),
        ("2023-04-25T03:28:00-02:00", "2023-04-25"),
        ("2024-03-25T12:25:37.000Z", "2024-03-25"),
        ("20020920T120000Z", "2002-09-20"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        (" 3-APR-1987 07:09:06.48", "1987-04-03"),
        ("December 15, 2018", "2018-12-15"),
        ("January 12, 2024 12:34 PM GMT+1", "2024-01-12"),
        ("Sept. 3, 2019", "2019-09-03"),
        ("Thu, 21 Mar 2019 10:00:00 GMT", "2019-03-21"),
        ("15 décembre 2018", "2018-12-15"),
        (1556668800, "2019-05-01"),
        ("Fri 6:45 PM, Feb 16, 2018", "2018-02-16"),
    ],
)
def test_dates_normalize_absolute(value: object, expected: str) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        None,
        "yesterday",
        "2 hours ago",
        "next month",
        "0001-01-01T00:00:00Z",
        "2019-13-45",
        "garbage",
        True,
        {"date": 1},
        "x" * 500,
    ],
)
def test_dates_refuse_relative_and_invalid(value: object) -> None:
    assert normalize_date(value) is None
