"""Reporting periods as partners give them: a month, a quarter, a year or a date range.

>>> parse_period("2024-Q1")
Period(label='2024-Q1', start=datetime.date(2024, 1, 1), end=datetime.date(2024, 3, 31))
>>> parse_period("2024-03").end
datetime.date(2024, 3, 31)
>>> parse_period("2024-01-15/2024-02-14").label
'2024-01-15/2024-02-14'
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    label: str          # as stored and shown: 2024-Q1, 2024-03, 2024, or start/end
    start: dt.date
    end: dt.date


def parse_period(text: str) -> Period:
    """A Period from '2024-Q1', '2024-03', '2024' or 'YYYY-MM-DD/YYYY-MM-DD' ('..' also separates).
    Raises ValueError with a sentence naming the accepted forms."""
    value = str(text or "").strip().upper().replace("..", "/")
    try:
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, quarter = int(m[1]), int(m[2])
            return Period(f"{year}-Q{quarter}", dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            return Period(f"{year}-{month:02d}", dt.date(year, month, 1), _month_end(year, month))
        if m := re.fullmatch(r"(\d{4})", value):
            year = int(m[1])
            return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})", value):
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if end >= start:
                return Period(f"{start.isoformat()}/{end.isoformat()}", start, end)
    except ValueError:
        pass
    raise ValueError(f"'{text}' is not a reporting period; write a month (2024-03), a quarter (2024-Q1), "
                     f"a year (2024) or a date range (2024-01-01/2024-03-31).")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_of(dates) -> Period | None:
    """The smallest usual reporting period holding every date (a month, else a quarter, else a
    year, else the range from the first to the last), or None without a date: the period a sheet
    reports on, proposed before the partner submits it.

    >>> import datetime as dt
    >>> period_of([dt.date(2024, 2, 3), dt.date(2024, 3, 30)]).label
    '2024-Q1'
    >>> period_of([dt.date(2017, 5, 9), dt.date(2018, 2, 1)]).label
    '2017-05-09/2018-02-01'
    """
    known = sorted(d for d in dates if isinstance(d, dt.date))
    if not known:
        return None
    first, last = known[0], known[-1]
    if (first.year, first.month) == (last.year, last.month):
        return parse_period(f"{first.year}-{first.month:02d}")
    if first.year == last.year and (first.month - 1) // 3 == (last.month - 1) // 3:
        return parse_period(f"{first.year}-Q{(first.month - 1) // 3 + 1}")
    if first.year == last.year:
        return parse_period(str(first.year))
    return parse_period(f"{first.isoformat()}/{last.isoformat()}")
