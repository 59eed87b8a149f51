"""Parsing French and English numbers and dates as partners write them.

>>> parse_number("57.257.750 FCFA")
57257750.0
>>> parse_number("16,2717")
16.2717
>>> parse_date("31 juillet 2017")
datetime.date(2017, 7, 31)
"""
from __future__ import annotations

import datetime as dt
import math
import re

from geo.messages import Message
from geo.text import fold

_CURRENCY = re.compile(r"(fcfa|f cfa|cfa|xof|francs?|usd|\$|€|eur|us)", re.I)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")


class ParseError(ValueError):
    """A value that cannot be read; the message is for the user."""


def shown(value, limit: int = 40) -> str:
    """A cell as quoted in a message: one line, control characters escaped, long text cut."""
    text = str(value)
    cut = len(text) > limit
    text = text[:limit].encode("unicode_escape").decode("ascii") if any(
        ord(c) < 32 or ord(c) == 127 for c in text[:limit]) else text[:limit]
    return f"'{text}…'" if cut else f"'{text}'"


def parse_number(value) -> float | None:
    """Read '57.257.750 FCFA', '56 564 000', '1,747', '16,2717', '3 millions' -> float; '' -> None.

    Thousand separators may be dots, commas, spaces or apostrophes; a single dot or comma followed
    by other than exactly three digits is a decimal mark. Raises ParseError when it cannot read.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None if (isinstance(value, float) and math.isnan(value)) else _finite(value, value)
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "null", "-", "n/a", "na", "nd"}:
        return None
    if text.lower().lstrip("+-") in {"inf", "infinity"}:
        raise ParseError(Message("number_too_large", value=shown(value)))
    multiplier = 1.0
    low = fold(text)
    if re.search(r"\bmillions?\b|\bm\b", low):
        multiplier = 1e6
    elif re.search(r"\bmilliards?\b|\bbillions?\b", low):
        multiplier = 1e9
    text = _CURRENCY.sub("", text)
    text = re.sub(r"(?i)\b(millions?|milliards?|billions?)\b", "", text)
    text = _SPACES.sub("", text)
    negative = text.startswith("-") or text.startswith("\u2212")
    text = text.lstrip("-\u2212+")
    if not re.fullmatch(r"[0-9.,]+", text or "x"):
        raise ParseError(Message("not_number", value=shown(value)))
    dots, commas = text.count("."), text.count(",")
    if dots and commas:  # the last one is the decimal mark
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        text = text.replace("," if dec == "." else ".", "").replace(dec, ".")
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+", text):
            raise ParseError(Message("not_number", value=shown(value)))
        text = text.replace(sep, "")
    elif dots == 1 or commas == 1:
        sep = "." if dots else ","
        head, tail = text.split(sep)
        if len(tail) == 3 and head and len(head) <= 3 and head != "0" and multiplier == 1.0:
            text = head + tail  # thousands: "1.755", "1,747"
        else:
            text = f"{head or '0'}.{tail}"
    number = _finite(text, value) * multiplier
    if not math.isfinite(number):
        raise ParseError(Message("number_too_large", value=shown(value)))
    return -number if negative else number


def _finite(number, value) -> float:
    """float(number), refusing what no float can hold (400 nines, Infinity) with the cell quoted."""
    try:
        result = float(number)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise ParseError(Message("number_too_large", value=shown(value)))
    return result


MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aou": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}


def parse_date(value) -> dt.date | None:
    """Read '31 juillet 2017', '1er juin 2017', '03/05/2017' (day first), '2017-05-03', '03.05.17';
    a month ('août 2017', '07/2017', '2017-07') as its first day and a year ('2017') as its 1 January,
    their precision said by date_precision.

    Returns None for blank input; raises ParseError for an unreadable or impossible date.

    >>> parse_date("août 2017"), date_precision("août 2017")
    (datetime.date(2017, 8, 1), 'month')
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    if not text or text.lower() in {"nan", "nat", "none"}:
        return None
    try:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", text)
        if m:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        words = fold(text).split()
        if len(words) == 3 and words[1] in MONTHS:
            day = int(re.sub(r"(er|e)$", "", words[0]))
            return dt.date(int(words[2]), MONTHS[words[1]], day)
        precision = date_precision(text)
        if precision == "month":
            m = re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{1,2})", text)
            if m:
                year, month = (int(m[2]), int(m[1])) if len(m[1]) <= 2 else (int(m[1]), int(m[2]))
            else:
                month, year = MONTHS[words[0]], int(words[1])
            return dt.date(year, month, 1)
        if precision == "year":
            return dt.date(int(text), 1, 1)
    except ValueError as err:
        raise ParseError(Message("impossible_date", value=shown(value), detail=_date_problem(err))) from None
    raise ParseError(Message("not_date", value=shown(value)))


def _date_problem(err: ValueError) -> Message:
    """Python's own words for an impossible date ('day is out of range for month'), as a message
    of the catalogues: the reader sees it in their language."""
    text = str(err)
    for words, key in (("day is out of range", "date_bad_day"), ("month must be", "date_bad_month"),
                       ("year", "date_bad_year")):
        if words in text:
            return Message(key)
    return Message("date_bad_other")


def date_precision(value) -> str | None:
    """How precise a date cell is: 'month' for 'août 2017', '07/2017', '2017-07'; 'year' for '2017'
    (1900 to 2100); 'day' for any other text; None for a blank cell.

    >>> [date_precision(v) for v in ("03/05/2017", "juillet 2017", "2017", "", None)]
    ['day', 'month', 'year', None, None]
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (dt.date, dt.datetime)) or hasattr(value, "to_pydatetime"):
        return "day"
    text = str(value).strip()
    if not text or text.lower() in {"nan", "nat", "none"}:
        return None
    if re.fullmatch(r"(19|20)\d{2}", text):
        return "year"
    if re.fullmatch(r"\d{1,2}[/.\-]\d{4}|\d{4}-\d{1,2}", text):
        return "month"
    words = fold(text).split()
    if len(words) == 2 and words[0] in MONTHS and re.fullmatch(r"\d{4}", words[1]):
        return "month"
    return "day"


def parse_coordinate(value) -> float | None:
    """Read a latitude or longitude: '16,2717', '16.2717', '-0.0449'; one separator is always decimal."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None if (isinstance(value, float) and math.isnan(value)) else _finite(value, value)
    text = _SPACES.sub("", str(value).strip()).replace("\u2212", "-").rstrip("°")
    if not text or text.lower() in {"nan", "none", "null"}:
        return None
    if re.fullmatch(r"[+-]?\d+([.,]\d+)?", text):
        return _finite(text.replace(",", "."), value)
    raise ParseError(Message("not_coordinate", value=shown(value)))
