"""The sentences every output shares, in French or English: the filters in force, the data date,
the sources and the attribution, the regions a boundary set lacks, and export file names.

Every word comes from the catalogues (geo.i18n); the words only exports use sit under the keys
export.<key>.

>>> describe_filters(Filters(regions=("ML-7",), years=(2017, 2017)), "en")
'Region: Gao · Year: 2017'
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import i18n
from geo.i18n import t
from geo.model.filters import Filters
from geo.model.reported import not_planned
from geo.regions import region_name
from geo.render.reported import source_title
from geo.schema import DATE_COLUMNS
from geo.text import slug


def measure_name(measure: str, lang: str) -> str:
    return t(f"measure.{measure}", lang)


def format_date(day: dt.date, lang: str) -> str:
    """'29 févr. 2024' / '29 Feb 2024' (the app's date style)."""
    return i18n.date_label(day.isoformat(), "day", lang)


def describe_filters(filters: Filters | None, lang: str, cercles=None) -> str:
    """One line naming the filters in force ('All regions · all years' when none). `cercles`: the
    boundary set's cercles (a frame with cercle_code and cercle, as Dataset.cercles), to name the
    cercles of the filter; a code it does not hold is written as it is.

    >>> import pandas as pd
    >>> named = pd.DataFrame({"cercle_code": ["TEST-ML0501"], "cercle": ["TEST cercle"]})
    >>> describe_filters(Filters(regions=("ML-5",), cercles=("TEST-ML0501",)), "en", named)
    'Region: Mopti · Cercle: TEST cercle · all years'
    """
    filters = filters or Filters()
    parts = []
    if filters.regions:
        names = [region_name(c) or c for c in filters.regions]
        parts.append(f"{t('export.region' if len(names) == 1 else 'export.regions', lang)}{_colon(lang)}{', '.join(names)}")
    elif not filters.cercles:
        parts.append(t("export.all_regions", lang))
    if filters.cercles:
        names = cercle_names(filters.cercles, cercles)
        parts.append(f"{t('export.cercle' if len(names) == 1 else 'export.cercles', lang)}{_colon(lang)}{', '.join(names)}")
    if filters.years:
        a, b = filters.years
        label = t("export.year", lang) if a == b else t("export.years", lang)
        parts.append(f"{label}{_colon(lang)}{a if a == b else f'{a}–{b}'}")
    else:
        parts.append(t("export.all_years", lang))
    if filters.kinds:
        parts.append(f"{t('export.kinds', lang)}{_colon(lang)}{', '.join(t(f'kind.{k}', lang) for k in filters.kinds)}")
    if filters.partners:
        parts.append(f"{t('export.partners', lang)}{_colon(lang)}{', '.join(filters.partners)}")
    if filters.periods:
        parts.append(f"{t('export.periods', lang)}{_colon(lang)}{', '.join(filters.periods)}")
    return " · ".join(parts)


def cercle_names(codes, cercles=None) -> list[str]:
    """The names of the cercles `codes` in `cercles` (a frame with cercle_code and cercle), each code
    itself where the frame has no name for it."""
    known = {}
    if cercles is not None and len(cercles):
        known = dict(zip(cercles["cercle_code"], cercles["cercle"]))
    return [str(known.get(code) or code) for code in codes]


def _colon(lang: str) -> str:
    return "\u202f: " if lang == "fr" else ": "


def data_date(dataset) -> dt.date | None:
    """The latest date carried by the dataset's records and events (None when nothing is dated); a
    planned event (a meeting proposed for a later month) is not a date the data reach."""
    dates = []
    for kind, columns in DATE_COLUMNS.items():
        table = dataset.table(kind)
        for column in columns:
            if column in table and len(table):
                dates.append(pd.to_datetime(table[column], errors="coerce"))
    if len(dataset.events) and "date" in dataset.events:
        dates.append(pd.to_datetime(not_planned(dataset.events)["date"], errors="coerce"))
    if not dates:
        return None
    latest = pd.concat(dates).max()
    return None if pd.isna(latest) else latest.date()


def data_date_words(dataset, lang: str) -> str:
    """How recent the data are, for a live screen (no 'exported' date: it is not a file)."""
    latest = data_date(dataset)
    if latest is None:
        return t("briefing.no_date", lang)
    return t("briefing.data_date", lang, date=format_date(latest, lang))


def date_line(dataset, lang: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    latest = data_date(dataset)
    if latest is None:
        return t("export.no_date", lang, today=format_date(today, lang))
    return t("export.data_date", lang, date=format_date(latest, lang), today=format_date(today, lang))


def source_line(dataset, lang: str, max_docs: int | None = None) -> str:
    """The sources of `dataset` in one sentence: each document its records cite by its short title in `lang`
    (data/sources/sources.csv; a file not listed there by its name), at most `max_docs` of them and
    then how many more, the boundaries and the gazetteer. The slide map and the XLSX About sheet
    cite their sources with it.

    >>> from geo.model.dataset import load_dataset
    >>> source_line(load_dataset(), "en", max_docs=2).split(" · ")
    ['Sources: Gender mainstreaming course (EMPABB); MINUSMA Gender Unit: mandate; +3',
     'boundaries: Natural Earth admin-1 (1:10m)', 'places: GeoNames (CC BY 4.0)']
    """
    titles = list(dict.fromkeys(source_title(d, lang) for d in dataset.sources()))
    if max_docs is not None and len(titles) > max_docs:
        titles = titles[:max_docs] + [f"+{len(titles) - max_docs}"]
    separator = "\u202f; " if i18n.language(lang) == "fr" else "; "
    return t("export.sources", lang, docs=separator.join(titles) or "—", boundaries=dataset.boundary_info.get("name", ""))


def missing_regions_line(dataset, lang: str) -> str | None:
    missing = dataset.boundary_info.get("missing_regions") or []
    if not missing:
        return None
    return t("export.missing_regions", lang, regions=", ".join(missing), boundaries=dataset.boundary_info.get("name", ""))


FILE_PREFIX = "mali-rss-ddr"


def export_file_name(what: str, ext: str, filters: Filters | None, lang: str, today: dt.date | None = None) -> str:
    """A file name that says what, for which regions and years, when, and in which language (the
    French and English files of one view are two files, never one overwriting the other).

    >>> export_file_name("map", "png", Filters(regions=("ML-7",)), "fr", dt.date(2026, 11, 23))
    'mali-rss-ddr-map-gao-2026-11-23-fr.png'
    >>> export_file_name("cvr-projects", "csv", Filters(regions=("ML-7",), years=(2016, 2017)), "en", dt.date(2026, 11, 23))
    'mali-rss-ddr-cvr-projects-gao-2016-2017-on-2026-11-23-en.csv'
    >>> export_file_name("map", "png", Filters(regions=("ML-5",), cercles=("ML0501",)), "fr", dt.date(2026, 11, 23))
    'mali-rss-ddr-map-mopti-ml0501-2026-11-23-fr.png'
    """
    filters = filters or Filters()
    parts = [FILE_PREFIX, what]
    if filters.regions:
        parts += [slug(region_name(c) or c) for c in filters.regions[:3]] + (["etc"] if len(filters.regions) > 3 else [])
    if filters.cercles:   # by code: a code is short, and the same in both languages
        parts += [slug(c) for c in filters.cercles[:3]] + (["etc"] if len(filters.cercles) > 3 else [])
    if filters.years:
        a, b = filters.years
        parts += [str(a) if a == b else f"{a}-{b}", "on"]
    parts += [(today or dt.date.today()).isoformat(), i18n.language(lang)]
    return "-".join(p for p in parts if p) + f".{ext.lstrip('.')}"



def known(value) -> bool:
    """A figure that is given and not zero (None, NaN and 0 are not)."""
    return value is not None and value == value and bool(value)


def women_share_words(figures: dict, lang: str) -> str | None:
    """'1,755 women (20% of 8,755)': the women counted and their share, with its base written beside
    it; a base that is a lower bound ("plus de 7.000 jeunes … et 1.755 femmes") bounds the share:
    '1,755 women among at least 8,755 (at most 20%)'; 'women not counted' where no record of the
    view counts women (unknown, never '0 (–)'); None when there are no beneficiaries to speak of.

    >>> women_share_words({"beneficiaries": 14355, "women": 1755, "women_base": 8755,
    ...                    "women_base_qualifier": "at_least"}, "en")
    '1,755 women among at least 8,755 (at most 20%)'
    """
    if not known(figures.get("beneficiaries")):
        return None
    if not known(figures.get("women_base")):
        return t("tile.women_not_counted", lang)
    women, base = figures["women"], figures["women_base"]
    bound = figures.get("women_base_qualifier") or ""
    share = i18n.percent(women, base, lang)
    if not bound:
        return t("tile.women_share", lang, women=i18n.number(women, lang), share=share, base=i18n.number(base, lang))
    # more women than 20 % of "at least 8,755" cannot be: the share is at most the one computed
    share_word = {"at_least": "at_most", "more_than": "at_most"}.get(bound, bound)
    return t("tile.women_share_bounded", lang, women=i18n.number(women, lang),
             base=i18n.qualified(base, bound, lang, total=True),
             share=t(f"qualifier.{share_word}", lang, n=share))


def trained_sex_words(figures: dict, lang: str) -> str | None:
    """'289 men · … · 65 sex not recorded': only the parts that count someone, so that a view whose
    courses give no split says 'sex not recorded', never '0 men · 0 women'; None with nobody trained."""
    if not known(figures.get("trained")):
        return None
    men, women, other = (figures.get(k) if known(figures.get(k)) else 0
                         for k in ("trained_men", "trained_women", "trained_unknown_sex"))
    if not men and not women:
        return t("tile.sex_not_recorded", lang)
    parts = [t("tile.n_men", lang, n=i18n.number(men, lang)), t("tile.n_women", lang, n=i18n.number(women, lang))]
    if other:
        parts.append(t("tile.n_unrecorded", lang, n=i18n.number(other, lang)))
    return " · ".join(parts)
