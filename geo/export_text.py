"""Words of the exports (maps, briefing pack, data files) in French and English, and the sentences
built from a dataset: the filters in force, the data date, the attribution.

Every word comes from the app's catalogues (geo.i18n, locales/*.json): measure and layer names,
numbers and dates as in the app, and the words only exports use (slide titles, notes,
attribution) under the keys export.<key>.

>>> t("pack_title", "en")
'Mali peace process'
>>> describe_filters(Filters(regions=("ML-7",), years=(2017, 2017)), "en")
'Region: Gao · Year: 2017'
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pandas as pd

from geo import i18n
from geo.filters import Filters, apply_filters
from geo.public import apply_public_mode, public_mode
from geo.regions import region_name

LANGS = i18n.LANGUAGES

_DATE_COLUMNS = {"cvr_projects": ("launch_date",), "sites": ("date_start",),
                 "trainings": ("date_start", "date_end")}


def export_view(dataset, filters: Filters | None = None, public: bool | None = None):
    """(dataset, public): the records the filters let through, redacted when public mode is on
    (read from PUBLIC_MODE / dashboard.toml unless `public` is given). Every export starts here."""
    public = public_mode() if public is None else bool(public)
    view = apply_filters(dataset, filters) if filters is not None else dataset
    return apply_public_mode(view, public), public


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language '{lang}' is not available; use fr or en.")
    return lang


def t(key: str, lang: str = "fr", **values) -> str:
    """The export string `key` (catalogue key export.<key>) in `lang`, with {placeholders} filled."""
    return i18n.t(f"export.{key}", check_lang(lang), **values)


def measure_name(measure: str, lang: str) -> str:
    return i18n.t(f"measure.{measure}", check_lang(lang))


def format_date(day: dt.date, lang: str) -> str:
    """'29 févr. 2024' / '29 Feb 2024' (the app's date style)."""
    return i18n.date_label(day.isoformat(), "day", lang)


def format_number(value, lang: str) -> str:
    """Thousands grouped the way readers of each language expect: 57 257 750 / 57,257,750."""
    return i18n.number(value, lang)


def describe_filters(filters: Filters | None, lang: str) -> str:
    """One line naming the filters in force ('All regions · all years' when none)."""
    filters = filters or Filters()
    parts = []
    if filters.regions:
        names = [region_name(c) or c for c in filters.regions]
        parts.append(f"{t('region' if len(names) == 1 else 'regions', lang)}{_colon(lang)}{', '.join(names)}")
    else:
        parts.append(t("all_regions", lang))
    if filters.years:
        a, b = filters.years
        label = t("year", lang) if a == b else t("years", lang)
        parts.append(f"{label}{_colon(lang)}{a if a == b else f'{a}–{b}'}")
    else:
        parts.append(t("all_years", lang))
    if filters.kinds:
        parts.append(f"{t('kinds', lang)}{_colon(lang)}{', '.join(i18n.t(f'kind.{k}', lang) for k in filters.kinds)}")
    if filters.partners:
        parts.append(f"{t('partners', lang)}{_colon(lang)}{', '.join(filters.partners)}")
    return " · ".join(parts)


def _colon(lang: str) -> str:
    return "\u202f: " if lang == "fr" else ": "


def data_date(dataset) -> dt.date | None:
    """The latest date carried by the dataset's records and events (None when nothing is dated)."""
    dates = []
    for kind, columns in _DATE_COLUMNS.items():
        table = dataset.table(kind)
        for column in columns:
            if column in table and len(table):
                dates.append(pd.to_datetime(table[column], errors="coerce"))
    if len(dataset.events) and "date" in dataset.events:
        dates.append(pd.to_datetime(dataset.events["date"], errors="coerce"))
    if not dates:
        return None
    latest = pd.concat(dates).max()
    return None if pd.isna(latest) else latest.date()


def date_line(dataset, lang: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    latest = data_date(dataset)
    if latest is None:
        return t("no_date", lang, today=format_date(today, lang))
    return t("data_date", lang, date=format_date(latest, lang), today=format_date(today, lang))


def source_line(dataset, lang: str) -> str:
    docs = ", ".join(d.split("_")[0] for d in dataset.sources()) or "—"
    return t("sources", lang, docs=docs, boundaries=dataset.boundary_info.get("name", ""))


def missing_regions_line(dataset, lang: str) -> str | None:
    missing = dataset.boundary_info.get("missing_regions") or []
    if not missing:
        return None
    return t("missing_regions", lang, regions=", ".join(missing), boundaries=dataset.boundary_info.get("name", ""))


FILE_PREFIX = "mali-rss-ddr"


def export_file_name(what: str, ext: str, filters: Filters | None = None, today: dt.date | None = None) -> str:
    """A file name that says what and when: the export, the regions and years filtered, the day.

    >>> export_file_name("map", "png", None, dt.date(2026, 11, 23))
    'mali-rss-ddr-map-2026-11-23.png'
    >>> export_file_name("cvr-projects", "csv", Filters(regions=("ML-7",), years=(2016, 2017)), dt.date(2026, 11, 23))
    'mali-rss-ddr-cvr-projects-gao-2016-2017-on-2026-11-23.csv'
    """
    filters = filters or Filters()
    parts = [FILE_PREFIX, what]
    if filters.regions:
        parts += [_slug(region_name(c) or c) for c in filters.regions[:3]] + (["etc"] if len(filters.regions) > 3 else [])
    if filters.years:
        a, b = filters.years
        parts += [str(a) if a == b else f"{a}-{b}", "on"]
    parts.append((today or dt.date.today()).isoformat())
    return "-".join(p for p in parts if p) + f".{ext.lstrip('.')}"


def _slug(text: str) -> str:
    """'Ségou' -> 'segou': ASCII letters and digits, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
