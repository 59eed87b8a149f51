"""Words for the reported programme figures (geo.model.reported): each total's label in the
reader's language, its value with its unit and qualifier, the heading of its group (what, period,
source) and its source's short title, for the Overview's band and the PPTX pack's first slide.

>>> metric_label({"metric": "cvr_projects", "metric_fr": "projets RVC"}, "en")
'CVR projects'
>>> metric_label({"metric": "cvr_projects", "metric_en": float("nan")}, "en")
'CVR projects'
"""
from __future__ import annotations

import functools

import pandas as pd

from geo import i18n
from geo.i18n import t
from geo.model.reported import STATUSES
from geo.paths import SOURCES_DIR

_ACRONYMS = {"cvr": "CVR", "ddr": "DDR", "ssr": "SSR", "moc": "MOC", "usd": "USD", "xof": "XOF", "fama": "FAMa",
             "pej": "PEJ", "csa": "CSA"}


def metric_label(row, lang: str) -> str:
    """The indicator in the reader's language: its French or English words, else its key read as English."""
    def given(column: str) -> str:   # a cell's text; an empty cell (None, NaN) gives none
        value = row.get(column)
        return value.strip() if isinstance(value, str) else ""

    if i18n.language(lang) == "fr" and given("metric_fr"):
        return given("metric_fr")
    if i18n.language(lang) == "en" and given("metric_en"):
        return given("metric_en")
    words = str(row.get("metric") or "").split("_")
    text = " ".join(_ACRONYMS.get(w, w) for w in words)
    return text[:1].upper() + text[1:]


def unit_label(unit, lang: str) -> str:
    """A unit of the tables in the reader's language ('people' → 'personnes'); an unknown one as written."""
    if not isinstance(unit, str) or not unit.strip():
        return ""
    key = f"unit.{unit.strip()}"
    text = t(key, lang)
    return unit if text == key else text


def value_text(row, lang: str) -> str:
    """'161', '≈ 42,612', 'USD 3 M' / '3 M USD', '687.9 M FCFA'."""
    value = pd.to_numeric(row.get("value"), errors="coerce")
    unit = str(row.get("unit") or "")
    qualifier = row.get("value_qualifier")
    if unit in ("USD", "XOF") and value == value and value >= 1e6:
        amount = i18n.number(value / 1e6, lang, 1).rstrip("0").rstrip(".,")
        money = t("reported.millions", lang, amount=amount, unit="FCFA" if unit == "XOF" else unit)
        return i18n.qualified(value, qualifier, lang, short=True).replace(i18n.number(value, lang), money)
    return i18n.qualified(value, qualifier, lang, short=True)


def status_text(row, lang: str) -> str:
    """What the source says of the figure, in words: 'achieved', 'under way' or 'planned'.

    >>> status_text({"status": "under_way"}, "fr"), status_text({}, "en")
    ('en cours', 'achieved')
    """
    word = str(row.get("status") or "").strip()
    return t(f"figure_status.{word if word in STATUSES else 'achieved'}", lang)


def period_text(row, lang: str) -> str:
    """'2013-2020, as of Jul 2020', '2019-2020', '11 Sep 2017'; a figure not achieved says so:
    '2020-2021 (under way)'."""
    period = str(row.get("period") or "").strip()
    as_of = str(row.get("as_of") or "").strip()
    if period.lower() == "nan":
        period = ""
    if as_of.lower() == "nan":
        as_of = ""
    when = i18n.date_label(as_of, "month" if len(as_of) == 7 else "year" if len(as_of) == 4 else "day", lang) if as_of else ""
    text = t("reported.period_as_of", lang, period=period, date=when) if period and when else period or when
    if str(row.get("status") or "achieved").strip() in ("under_way", "planned"):
        text = t("reported.period_status", lang, period=text, status=status_text(row, lang)) if text else status_text(row, lang)
    return text


@functools.lru_cache(maxsize=1)
def source_titles() -> dict[str, str]:
    """{file: short title} from data/sources/sources.csv."""
    table = pd.read_csv(SOURCES_DIR / "sources.csv", dtype=str, keep_default_na=False)
    return dict(zip(table["file"], table["short_title"]))


def source_title(file: str) -> str:
    return source_titles().get(str(file), str(file))
