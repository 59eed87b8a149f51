"""Words for the reported programme figures (geo.model.reported): each total's label in the
reader's language, its value with its unit and qualifier, the heading of its group (what, period,
source) and its source's short title, for the Overview's band and the PPTX pack.

>>> metric_label({"metric": "cvr_projects", "metric_fr": "projets RVC"}, "en")
'CVR projects'
>>> metric_label({"metric": "of_which_cma", "metric_en": float("nan"), "metric_fr": "dont CMA"}, "en")
'of whom CMA'
>>> figure_text({"metric": "delivery_time_per_site", "value": 60, "unit": "days"}, "fr")
'délai de livraison prévu de chaque site\u202f: 60\xa0jours'
"""
from __future__ import annotations

import functools
import re

import pandas as pd

from geo import i18n
from geo.i18n import t
from geo.model.reported import STATUSES
from geo.paths import SOURCES_DIR

_ACRONYMS = {"cvr": "CVR", "ddr": "DDR", "ssr": "SSR", "moc": "MOC", "usd": "USD", "xof": "XOF", "fama": "FAMa",
             "pej": "PEJ", "csa": "CSA"}


def metric_label(row, lang: str) -> str:
    """The indicator in the reader's language: the row's own French or English words, else the
    catalogue's (metric.<key>), else (an indicator no catalogue knows) its key read as words."""
    def given(column: str) -> str:   # a cell's text; an empty cell (None, NaN) gives none
        value = row.get(column)
        return value.strip() if isinstance(value, str) else ""

    if i18n.language(lang) == "fr" and given("metric_fr"):
        return given("metric_fr")
    if i18n.language(lang) == "en" and given("metric_en"):
        return given("metric_en")
    key = f"metric.{row.get('metric')}"
    if key in i18n.catalogue(lang):
        return t(key, lang)
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


def figure_parts(row, lang: str, short: bool = False) -> tuple[str, str]:
    """(the figure, its unit) in the reader's language: the value with its qualifier (`short`:
    value_text's '≈ 42,612', 'USD 3 M', else 'nearly 42,612', '3,000,000'), and the unit from the
    catalogue (unit.<unit>), '' when the figure already carries it (an amount in millions) or the
    indicator's own words name what it counts (COUNTED: '161' CVR projects, '18' new combatants
    registered)."""
    unit = str(row.get("unit") or "").strip()
    value = pd.to_numeric(row.get("value"), errors="coerce")
    text = value_text(row, lang) if short else i18n.qualified(value, row.get("value_qualifier"), lang)
    word = unit_label(unit, lang)
    if not word or (short and unit in ("USD", "XOF") and value == value and value >= 1e6):
        return text, ""
    if unit in COUNTED and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", metric_label(row, lang), re.I):
        return text, ""
    return text, word


# Units that name what is counted: left out where the indicator says it ('161' CVR projects). A
# measure (days, months, km, %, an amount) is always written, whatever the indicator's words.
COUNTED = frozenset({"camps", "combatants", "ex-combatants", "facilities", "fractions", "people", "pillars",
                     "projects", "quarters", "schools", "seedlings", "sites", "villages", "weapons"})


def with_unit(text: str, unit: str, lang: str) -> str:
    """'60 jours', '64 %' / '64%', '3 000 000 FCFA': the unit after the figure, never on a line of its own."""
    if not unit:
        return text
    if unit == "%":
        return text + ("\u202f%" if i18n.language(lang) == "fr" else "%")
    return f"{text}\u00a0{unit}"


def figure_text(row, lang: str, short: bool = False) -> str:
    """'délai de livraison de chaque site : 60 jours', 'projets RVC : 161': an indicator and its
    figure with its unit (figure_parts), as a table of totals lists them."""
    return t("reported.figure", lang, metric=metric_label(row, lang), value=with_unit(*figure_parts(row, lang, short), lang))


def period_words(period: str, lang: str) -> str:
    """A period written with ISO dates ('2016-05/2017-07', '2017-09-11') in words, with the precision
    it gives ('May 2016 – Jul 2017', '11 Sep 2017'); years ('2013-2020') as they are.

    >>> period_words("2016-05/2017-07", "fr"), period_words("2019-2020", "en")
    ('mai 2016 – juil. 2017', '2019-2020')
    """
    def one(part: str) -> str:
        part = part.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
            return i18n.date_label(part, "day", lang)
        if re.fullmatch(r"\d{4}-\d{2}", part):
            return i18n.date_label(part, "month", lang)
        return part
    parts = period.split("/")
    return " – ".join(one(p) for p in parts) if len(parts) <= 2 else period


def status_text(row, lang: str) -> str:
    """What the source says of the figure, in words: 'achieved', 'under way' or 'planned'.

    >>> status_text({"status": "under_way"}, "fr"), status_text({}, "en")
    ('en cours', 'achieved')
    """
    word = str(row.get("status") or "").strip()
    return t(f"figure_status.{word if word in STATUSES else 'achieved'}", lang)


def period_text(row, lang: str) -> str:
    """'2013-2020, as of Jul 2020', '2019-2020', '11 Sep 2017', 'May 2016 – Jul 2017'; a figure not
    achieved says so: '2020-2021 (under way)'."""
    period = period_words(str(row.get("period") or "").strip(), lang)
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


@functools.lru_cache(maxsize=2)
def source_titles(lang: str = "en") -> dict[str, str]:
    """{file: short title} from data/sources/sources.csv, in French (short_title_fr) or English."""
    table = pd.read_csv(SOURCES_DIR / "sources.csv", dtype=str, keep_default_na=False)
    titles = dict(zip(table["file"], table["short_title"]))
    if lang == "fr" and "short_title_fr" in table:
        titles.update({f: title for f, title in zip(table["file"], table["short_title_fr"]) if title.strip()})
    return titles


def source_title(file: str, lang: str | None = None) -> str:
    """A shipped document by its short title, in `lang` (English when None); any other source (a
    partner's submission, 'ACAS, 2024-Q1') as it is named.

    >>> source_title("004_bd12d8b2c13923d5.txt", "fr"), source_title("ACAS, 2024-Q1", "fr")
    ('Section RSS-DDR de la MINUSMA\u202f: activités 2016-2017', 'ACAS, 2024-Q1')
    """
    return source_titles(i18n.language(lang) if lang else "en").get(str(file), str(file))
