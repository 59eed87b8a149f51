"""The figures: per-region sums of the records (a GROUP BY, vectorised), the briefing's headline
numbers, and the split of trainees by sex. Counted from the records only, never from programme
totals (those are reported figures, kept apart).

>>> from geo.model.dataset import load_dataset
>>> int(region_summary(load_dataset()).loc["ML-7", "projects"])
2
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.regions import REGIONS, region_name
from geo.schema import MEASURES


def region_summary(dataset, boundaries: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Per-region figures, indexed by region code: projects, cost_xof, beneficiaries, women,
    trainings (training sessions), participants (people trained, and by sex), reached (the audiences
    of awareness activities, never added to the trained), sites (cantonment + MOC camps).

    `dataset` is a geo.model.dataset.Dataset (its tables already located and joined). Regions of the
    boundary set come first; regions named only by records follow, with on_boundaries False.
    """
    boundaries = boundaries if boundaries is not None else dataset.boundaries
    sums = _measures_by(dataset, "assigned_iso")

    order = list(dict.fromkeys(boundaries["iso_code"].dropna()))
    extra = [c for c in REGIONS if c not in order and c in sums.index]
    extra += [c for c in sums.index if c not in order and c not in extra]
    table = sums.reindex(order + extra).fillna(0)
    names = boundaries.dropna(subset=["iso_code"]).drop_duplicates("iso_code").set_index("iso_code")["region"]
    table.insert(0, "region", [names.get(c) or region_name(c) or c for c in table.index])
    table["on_boundaries"] = [c in order for c in table.index]
    table = table.astype(dict.fromkeys(MEASURES, "int64"))
    table.index.name = "iso_code"
    return table


def cercle_summary(dataset) -> pd.DataFrame:
    """Per-cercle figures (the measures of region_summary), indexed by the boundary set's cercle
    code (its ADM2_PCODE), with the cercle's name and its region's key and name; the set's cercles
    first (those with no record count 0), then "" for the records no cercle holds. Empty when the
    set has no second level.

    >>> from geo.model.dataset import load_dataset
    >>> cercle_summary(load_dataset()).empty
    True
    """
    cercles = dataset.cercles
    columns = ["cercle", "iso_code", "region", *MEASURES]
    if cercles is None or not len(cercles):
        return pd.DataFrame(columns=columns).rename_axis("cercle_code")
    sums = _measures_by(dataset, "cercle_code", missing="")
    order = list(dict.fromkeys(cercles["cercle_code"]))
    table = sums.reindex(order + [c for c in sums.index if c not in order]).fillna(0)
    by_code = cercles.drop_duplicates("cercle_code").set_index("cercle_code")
    table.insert(0, "cercle", [by_code["cercle"].get(c, "") for c in table.index])
    table.insert(1, "iso_code", [by_code["iso_code"].get(c) for c in table.index])
    table.insert(2, "region", [region_name(c) or c for c in table["iso_code"]])
    table = table.astype(dict.fromkeys(MEASURES, "int64"))
    table.index.name = "cercle_code"
    return table


def _measures_by(dataset, key: str, missing=None) -> pd.DataFrame:
    """The measures of the three record kinds summed by the records' `key` column (assigned_iso,
    cercle_code); a record without one counts under `missing` when given, else nowhere."""
    def keys(table):
        values = table[key] if key in table else pd.Series(None, index=table.index, dtype=object)
        return values if missing is None else values.astype(object).where(values.notna(), missing)

    parts = []
    cvr = dataset.cvr_projects
    if len(cvr):
        parts.append(_sum_by(keys(cvr), {
            "projects": 1.0, "cost_xof": numeric(cvr, "cost_xof"), "beneficiaries": cvr_beneficiaries(cvr),
            "women": numeric(cvr, "women")}))
    tr = dataset.trainings
    if len(tr):
        session = tr["session_id"] if "session_id" in tr else pd.Series(tr.index.astype(str), index=tr.index)
        first_of_session = ~pd.DataFrame({"s": session, "r": keys(tr)}).duplicated()
        course, awareness = activity(tr).eq("training"), activity(tr).eq("awareness")
        parts.append(_sum_by(keys(tr), {
            "trainings": (first_of_session & course).astype(float), "participants": numeric(tr, "total").where(course),
            "participants_men": numeric(tr, "men").where(course), "participants_women": numeric(tr, "women").where(course),
            "reached": numeric(tr, "total").where(awareness)}))
    st = dataset.sites
    if len(st):
        kind = st["site_type"] if "site_type" in st else pd.Series("", index=st.index)
        parts.append(_sum_by(keys(st), {
            "sites": 1.0, "cantonment_sites": kind.eq("cantonment").astype(float),
            "moc_camps": kind.eq("moc_camp").astype(float)}))
    sums = pd.concat(parts, axis=1) if parts else pd.DataFrame()
    return sums.reindex(columns=list(MEASURES)).fillna(0)


def measure_by_period(dataset, measure: str) -> pd.Series:
    """The measure summed over all regions for each reporting period of the submissions in the
    dataset (the shipped records have none), oldest first."""
    from geo.model.filters import available_periods

    totals = {}
    for period in available_periods(dataset):
        tables = {k: t[t["period"].eq(period)] if "period" in t else t.iloc[0:0] for k, t in dataset.records()}
        totals[period] = float(region_summary(dataset.with_tables(**tables))[measure].sum())
    return pd.Series(totals, dtype=float)


def cvr_beneficiaries(cvr: pd.DataFrame) -> pd.Series:
    """Beneficiaries per project: the stated figure, else youth + women (the Ouatagouna road gives
    7,000 youth and 1,755 women, no total)."""
    return numeric(cvr, "beneficiaries").fillna(numeric(cvr, "youth").fillna(0) + numeric(cvr, "women").fillna(0))


def headline_figures(dataset) -> dict:
    """The briefing's numbers, counted from the records (never from programme totals):
    projects, cost_xof, beneficiaries, women, women_base (beneficiaries of the projects that count
    women), women_share (None when no project counts women), cantonment_sites, moc_camps,
    trained, trained_men, trained_women, trained_unknown_sex (participants of training courses that
    give no split by sex), reached (the audiences of awareness activities, apart), and the
    qualifier of each sum that includes a qualified figure (trained_qualifier, reached_qualifier,
    beneficiaries_qualifier: see sum_qualifier)."""
    cvr, tr, sites = dataset.cvr_projects, dataset.trainings, dataset.sites
    benef, women = cvr_beneficiaries(cvr), numeric(cvr, "women")
    women_base = float(benef[women.notna()].fillna(0).sum())
    course, awareness = activity(tr).eq("training"), activity(tr).eq("awareness")
    split, total_t = trainees_by_sex(tr[course]), numeric(tr, "total")
    kinds = sites["site_type"] if "site_type" in sites else pd.Series(dtype=object)
    return {
        "projects": int(len(cvr)),
        "cost_xof": float(numeric(cvr, "cost_xof").fillna(0).sum()),
        "beneficiaries": float(benef.fillna(0).sum()),
        "women": float(women.fillna(0).sum()),
        "women_base": women_base,
        "women_share": float(women.fillna(0).sum()) / women_base if women_base else None,
        "cantonment_sites": int(kinds.eq("cantonment").sum()),
        "moc_camps": int(kinds.eq("moc_camp").sum()),
        "trained": float(total_t[course].fillna(0).sum()),
        "trained_qualifier": sum_qualifier(tr[course], "total"),
        "reached": float(total_t[awareness].fillna(0).sum()),
        "reached_qualifier": sum_qualifier(tr[awareness], "total"),
        "beneficiaries_qualifier": sum_qualifier(cvr, "beneficiaries", also=("youth",)),
        "trained_men": float(split["men"].sum()),
        "trained_women": float(split["women"].sum()),
        "trained_unknown_sex": float(split["unknown"].sum()),
    }


def activity(trainings: pd.DataFrame) -> pd.Series:
    """Each row's activity type (geo.schema.ACTIVITY_TYPES); a row that does not say is a training."""
    if "activity_type" not in trainings:
        return pd.Series("training", index=trainings.index, dtype=object)
    kind = trainings["activity_type"].astype(object).where(trainings["activity_type"].notna(), "")
    return kind.astype(str).str.strip().str.lower().replace("", "training")


def sum_qualifier(frame: pd.DataFrame, column: str, also: tuple[str, ...] = ()) -> str:
    """The qualifier a sum of `column` inherits from its parts: '' when every counted figure is
    exact; 'more_than' when the qualified ones are all lower bounds (the sum is 'at least');
    'about' when one is approximate ('about', 'nearly'). `also`: other columns whose qualifiers
    count (beneficiaries fall back on youth + women).

    >>> sum_qualifier(pd.DataFrame({"total": [5, 320], "total_qualifier": ["", "more_than"]}), "total")
    'more_than'
    """
    seen = set()
    for name in (column, *also):
        if f"{name}_qualifier" not in frame or name not in frame:
            continue
        counted = pd.to_numeric(frame[name], errors="coerce").notna()
        seen |= set(frame.loc[counted, f"{name}_qualifier"].dropna().astype(str).str.strip()) - {""}
    if not seen:
        return ""
    return "more_than" if seen == {"more_than"} else "about"


def qualifiers_by(frame: pd.DataFrame, keys: pd.Series, column: str, also: tuple[str, ...] = ()) -> dict:
    """{key: sum_qualifier of the rows with that key} (only the keys whose sum is qualified)."""
    out = {}
    for key, part in frame.groupby(keys.to_numpy(), dropna=True):
        word = sum_qualifier(part, column, also)
        if word:
            out[key] = word
    return out


def trainees_by_sex(trainings: pd.DataFrame) -> pd.DataFrame:
    """Per training row, same index: `men` and `women` as recorded, and `unknown`, the participants
    of a row that gives a total but no split by sex (neither men nor women recorded). NaN where a
    row says nothing; sums skip it."""
    men, women, total = numeric(trainings, "men"), numeric(trainings, "women"), numeric(trainings, "total")
    return pd.DataFrame({"men": men, "women": women, "unknown": total.where(men.isna() & women.isna())})


def _sum_by(keys: pd.Series, values: dict) -> pd.DataFrame:
    """Sum each value series (NaN counts as 0; a scalar counts per row) by key, with bincount."""
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    valid = codes >= 0
    columns = {}
    for name, value in values.items():
        weights = np.broadcast_to(np.asarray(value, dtype=float), codes.shape)
        weights = np.nan_to_num(weights[valid], nan=0.0)
        columns[name] = np.bincount(codes[valid], weights=weights, minlength=len(uniques))
    return pd.DataFrame(columns, index=pd.Index(uniques, dtype=object))


def numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as numbers (unreadable or missing: NaN), same index."""
    if column not in frame:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce")
