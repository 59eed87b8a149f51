"""The interface's words in French and English: one catalogue per language (locales/*.json),
and numbers and dates written the way each language writes them. Records keep their own language.

>>> t("tile.projects", "en")
'CVR projects'
>>> number(113821750, "fr")   # a narrow no-break space between thousands
'113\u202f821\u202f750'
>>> date_label("2017-07", "month", "en")
'Jul 2017'
"""
from __future__ import annotations

import functools
import json

from geo.paths import LOCALES_DIR

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
THIN_SPACE = "\u202f"  # French thousands separator (narrow no-break space)

_MONTHS = {
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, key -> text."""
    return json.loads((LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def language(value) -> str:
    """A supported language code from any input ('EN', None, 'de' -> 'fr')."""
    value = str(value or "").strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, **values) -> str:
    """The text of `key` in `lang`, formatted with `values`; the key itself if missing (visible, never a crash)."""
    text = catalogue(language(lang)).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def _has_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def localised(frame, column: str, lang: str):
    """A column of records in the reader's language: its French twin (`status_fr`, `audience_fr`...)
    where the interface is French and the twin has text, else the column itself (records keep the
    language they were written in). An absent column gives empty text."""
    import pandas as pd

    own = frame[column] if column in frame else pd.Series("", index=frame.index, dtype=object)
    twin = f"{column}_fr"
    if language(lang) != "fr" or twin not in frame:
        return own
    return frame[twin].where(frame[twin].map(_has_text), own)


def localised_value(record, column: str, lang: str):
    """One record's value of `column` in the reader's language (see localised)."""
    twin = record.get(f"{column}_fr")
    return twin if language(lang) == "fr" and _has_text(twin) else record.get(column)


def number(value, lang: str, decimals: int = 0) -> str:
    """12345.6 -> '12 346' (fr) or '12,346' (en); None/NaN -> '–'."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "–"
    if value != value:
        return "–"
    text = f"{value:,.{decimals}f}"
    if language(lang) == "fr":
        text = text.replace(",", THIN_SPACE).replace(".", ",")
    return text


def qualified(value, qualifier, lang: str, short: bool = False, total: bool = False) -> str:
    """A number with the word its source gives it (geo.schema.QUALIFIERS): 'more than 7,000',
    'environ 54', 'près de 42 612'; `short` for tiles and labels: '> 7,000', '≈ 54'. `total`: the
    qualifier of a sum (geo.model.summary.sum_qualifier): more_than reads 'at least'. 'at_most' is
    a bound the data derive (a share of an 'at least' base).

    >>> qualified(7000, "more_than", "fr")
    'plus de 7\u202f000'
    >>> qualified(14355, "more_than", "en", short=True, total=True)
    '≥ 14,355'
    >>> qualified(5, None, "en")
    '5'
    """
    text = number(value, lang)
    word = str(qualifier or "").strip()
    if text == "–" or word not in ("more_than", "about", "nearly", "at_least", "at_most"):
        return text
    if total and word == "more_than":
        word = "at_least"
    return t(f"qualifier.{word}{'.short' if short else ''}", lang, n=text)


def percent(part, whole, lang: str) -> str:
    try:
        share = float(part) / float(whole)
    except (TypeError, ValueError, ZeroDivisionError):
        return "–"
    if share != share:
        return "–"
    return number(100 * share, lang) + (f"{THIN_SPACE}%" if language(lang) == "fr" else "%")


def date_label(value, precision: str | None, lang: str) -> str:
    """An ISO date written with the precision the source gives: day, month or year; a date whose
    year is read from context (precision day_year_inferred, or year_inferred for a year read from a
    law's number) says so.

    >>> date_label("2017-07-19", "day_year_inferred", "en")
    '19 Jul 2017 (year inferred)'
    >>> date_label("2015-01-01", "year_inferred", "fr")
    '2015 (année déduite)'
    """
    if precision in ("day_year_inferred", "year_inferred"):
        return t("date.year_inferred", lang, date=date_label(value, precision.split("_")[0], lang))
    text = str(value or "").strip()
    if not text or text.lower() == "nan":
        return t("date.unknown", lang)
    parts = text[:10].split("-")
    months = _MONTHS[language(lang)]
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and precision != "year" else None
        day = int(parts[2]) if len(parts) > 2 and precision not in ("year", "month") else None
    except ValueError:
        return text
    if month is None:
        return str(year)
    if day is None:
        return f"{months[month - 1]} {year}"
    return f"{day} {months[month - 1]} {year}" if language(lang) == "fr" else f"{day} {months[month - 1]} {year}"
