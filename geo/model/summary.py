"""The figures: per-region sums of the records (a GROUP BY, vectorised), the briefing's headline
numbers, and the split of trainees by sex. Counted from the records only, never from programme
totals (those are reported figures, kept apart).

Unknown is never zero: a figure no record of a region gives (Kidal's beneficiaries, Gao's people
trained) is NaN, and null in JSON, while a count of records (projects, sessions, sites) is a count.
A sum that includes a figure its source qualifies carries the qualifier ("plus de 7.000" + 1.755 +
"plus de 5600": at least 14,355), and a sum of figures the source gives as planned says so.

>>> from geo.model.dataset import load_dataset
>>> table = region_summary(load_dataset())
>>> int(table.loc["ML-7", "projects"]), int(table.loc["ML-7", "beneficiaries"]), table.loc["ML-7", "beneficiaries_qualifier"]
(2, 14355, 'at_least')
>>> float(table.loc["ML-8", "beneficiaries"]), int(table.loc["ML-8", "projects"])     # Kidal: a project, no count
(nan, 1)
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.regions import REGIONS, region_name
from geo.schema import MEASURES

# Per-region measures that count records (0 is a count) and those that add figures the records give
# (NaN where none gives one); the figures carry a qualifier, and the CVR ones a planned mark.
COUNTS = ("projects", "trainings", "sites", "cantonment_sites", "moc_camps")
FIGURES = tuple(m for m in MEASURES if m not in COUNTS)
PLANNED_MEASURES = ("beneficiaries", "women")


def region_summary(dataset, boundaries: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Per-region figures, indexed by region code: projects, cost_xof, beneficiaries, women,
    trainings (training sessions), participants (people trained, and by sex), reached (the audiences
    of awareness activities, never added to the trained), sites (cantonment + MOC camps).

    Counts are whole numbers; a figure is NaN where no record of the region gives it. Beside each
    figure, `<figure>_qualifier`: '' exact, 'at_least' or 'about' (sum_qualifier); beside
    beneficiaries and women, `<figure>_status`: '' achieved, 'planned' or 'partly_planned'
    (the source gives them in the future: "offrira des possibilités d'emploi à plus de 7.000 jeunes").

    `dataset` is a geo.model.dataset.Dataset (its tables already located and joined). Regions of the
    boundary set come first; regions named only by records follow, with on_boundaries False.
    """
    boundaries = boundaries if boundaries is not None else dataset.boundaries
    parts, words = [], {}
    cvr = dataset.cvr_projects
    if len(cvr):
        keys = cvr["assigned_iso"]
        parts.append(_sum_by(keys, {
            "projects": 1.0, "cost_xof": numeric(cvr, "cost_xof"), "beneficiaries": cvr_beneficiaries(cvr),
            "women": numeric(cvr, "women")}))
        words |= {"cost_xof_qualifier": qualifiers_by(cvr, keys, "cost_xof", total=True),
                  "beneficiaries_qualifier": qualifiers_by(cvr, keys, "beneficiaries", also=("youth",), total=True),
                  "women_qualifier": qualifiers_by(cvr, keys, "women", total=True),
                  "beneficiaries_status": _status_by(keys, planned_share(cvr, "beneficiaries")),
                  "women_status": _status_by(keys, planned_share(cvr, "women"))}
    tr = dataset.trainings
    if len(tr):
        session = tr["session_id"] if "session_id" in tr else pd.Series(tr.index.astype(str), index=tr.index)
        first_of_session = ~pd.DataFrame({"s": session, "r": tr["assigned_iso"]}).duplicated()
        course, awareness = activity(tr).eq("training"), activity(tr).eq("awareness")
        parts.append(_sum_by(tr["assigned_iso"], {
            "trainings": (first_of_session & course).astype(float), "participants": numeric(tr, "total").where(course),
            "participants_men": numeric(tr, "men").where(course), "participants_women": numeric(tr, "women").where(course),
            "reached": numeric(tr, "total").where(awareness)}))
        for measure, rows, column in (("participants", course, "total"), ("participants_men", course, "men"),
                                      ("participants_women", course, "women"), ("reached", awareness, "total")):
            words[f"{measure}_qualifier"] = qualifiers_by(tr[rows], tr.loc[rows, "assigned_iso"], column, total=True)
    st = dataset.sites
    if len(st):
        kind = st["site_type"] if "site_type" in st else pd.Series("", index=st.index)
        parts.append(_sum_by(st["assigned_iso"], {
            "sites": 1.0, "cantonment_sites": kind.eq("cantonment").astype(float),
            "moc_camps": kind.eq("moc_camp").astype(float)}))
    sums = pd.concat(parts, axis=1) if parts else pd.DataFrame()
    sums = sums.reindex(columns=list(MEASURES))
    sums[list(COUNTS)] = sums[list(COUNTS)].fillna(0)   # a region without a record of a kind counts none

    order = list(dict.fromkeys(boundaries["iso_code"].dropna()))
    extra = [c for c in REGIONS if c not in order and c in sums.index]
    extra += [c for c in sums.index if c not in order and c not in extra]
    table = sums.reindex(order + extra)
    table[list(COUNTS)] = table[list(COUNTS)].fillna(0)
    names = boundaries.dropna(subset=["iso_code"]).drop_duplicates("iso_code").set_index("iso_code")["region"]
    table.insert(0, "region", [names.get(c) or region_name(c) or c for c in table.index])
    table["on_boundaries"] = [c in order for c in table.index]
    table = table.astype(dict.fromkeys(COUNTS, "int64") | dict.fromkeys(FIGURES, "float64"))
    for measure in FIGURES:
        by_region = words.get(f"{measure}_qualifier", {})
        table[f"{measure}_qualifier"] = [by_region.get(c, "") if pd.notna(value) else ""
                                         for c, value in table[measure].items()]
    for measure in PLANNED_MEASURES:
        by_region = words.get(f"{measure}_status", {})
        table[f"{measure}_status"] = [by_region.get(c, "") for c in table.index]
    table.index.name = "iso_code"
    return table


def measure_by_period(dataset, measure: str) -> pd.Series:
    """The measure summed over all regions for each reporting period of the submissions in the
    dataset (the shipped records have none), oldest first; NaN for a period whose records do not
    give the figure."""
    from geo.model.filters import available_periods

    totals = {}
    for period in available_periods(dataset):
        tables = {k: t[t["period"].eq(period)] if "period" in t else t.iloc[0:0] for k, t in dataset.records()}
        totals[period] = float(region_summary(dataset.with_tables(**tables))[measure].sum(min_count=1))
    return pd.Series(totals, dtype=float)


def cvr_beneficiaries(cvr: pd.DataFrame) -> pd.Series:
    """Beneficiaries per project: the stated figure, else youth + women (the Ouatagouna road gives
    7,000 youth and 1,755 women, no total); NaN when the project gives none of them (Intadeyni's
    association counts members, not beneficiaries)."""
    return numeric(cvr, "beneficiaries").fillna(numeric(cvr, "youth").add(numeric(cvr, "women"), fill_value=0))


def planned_marks(frame: pd.DataFrame, names) -> pd.DataFrame:
    """Per row and figure column of `names`, whether its source gives that figure as planned (the
    `planned_figures` column names them: 'youth; women' for "offrira des possibilités d'emploi à plus
    de 7.000 jeunes … et 1.755 femmes"). Read once per distinct cell: a million records hold a few."""
    if "planned_figures" not in frame:
        return pd.DataFrame(False, index=frame.index, columns=list(names))
    cells = frame["planned_figures"].astype(object).where(frame["planned_figures"].notna(), "")
    codes, uniques = pd.factorize(cells)
    named = [{w.strip() for w in str(text).replace(",", ";").split(";")} for text in uniques]
    return pd.DataFrame({name: np.array([name in words for words in named], dtype=bool)[codes] if len(named)
                         else np.zeros(len(frame), dtype=bool) for name in names}, index=frame.index)


def planned_share(cvr: pd.DataFrame, measure: str) -> pd.Series:
    """Per project, whether the figure it adds to `measure` ('beneficiaries' or 'women') is planned:
    1.0 planned, 0.0 achieved, 0.5 partly (youth planned, women not), NaN when it adds none."""
    if measure == "women":
        parts = {"women": numeric(cvr, "women")}
    else:
        stated = numeric(cvr, "beneficiaries")
        parts = {"beneficiaries": stated, "youth": numeric(cvr, "youth").where(stated.isna()),
                 "women": numeric(cvr, "women").where(stated.isna())}
    given = pd.DataFrame({name: values.notna() for name, values in parts.items()})
    marked = planned_marks(cvr, list(parts))
    counted = given.sum(axis=1)
    return ((given & marked).sum(axis=1) / counted.where(counted > 0)).astype(float)


def _status_by(keys: pd.Series, share: pd.Series) -> dict:
    """{key: 'planned' | 'partly_planned'} of the keys whose figures are all or partly planned."""
    out = {}
    for key, part in share.groupby(keys.to_numpy(), dropna=True):
        word = status_of(part)
        if word:
            out[key] = word
    return out


def status_of(share: pd.Series) -> str:
    """'' when every figure counted is achieved, 'planned' when all are planned, else 'partly_planned'."""
    known = share.dropna()
    if not len(known) or not known.any():
        return ""
    return "planned" if (known == 1).all() else "partly_planned"


def headline_figures(dataset) -> dict:
    """The briefing's numbers, counted from the records (never from programme totals):
    projects, cost_xof, beneficiaries, women, women_base (beneficiaries of the projects that count
    women), women_share (None when no project counts women), cantonment_sites, moc_camps,
    trained, trained_men, trained_women, trained_unknown_sex (participants of training courses that
    give no split by sex), reached (the audiences of awareness activities, apart).

    A figure no record gives is NaN (unknown, never 0). Beside the sums that include a qualified
    figure, their qualifier (beneficiaries_qualifier, women_base_qualifier, trained_qualifier,
    reached_qualifier: '', 'at_least' or 'about'); beside beneficiaries and women, their status
    ('', 'planned', 'partly_planned')."""
    cvr, tr, sites = dataset.cvr_projects, dataset.trainings, dataset.sites
    benef, women = cvr_beneficiaries(cvr), numeric(cvr, "women")
    counting_women = cvr[women.notna()]
    women_base = benef[women.notna()].sum(min_count=1)
    course, awareness = activity(tr).eq("training"), activity(tr).eq("awareness")
    split, total_t = trainees_by_sex(tr[course]), numeric(tr, "total")
    kinds = sites["site_type"] if "site_type" in sites else pd.Series(dtype=object)
    return {
        "projects": int(len(cvr)),
        "cost_xof": float(numeric(cvr, "cost_xof").sum(min_count=1)),
        "beneficiaries": float(benef.sum(min_count=1)),
        "women": float(women.sum(min_count=1)),
        "women_base": float(women_base),
        "women_base_qualifier": sum_qualifier(counting_women, "beneficiaries", also=("youth",), total=True),
        "women_share": float(women.sum()) / women_base if women_base == women_base and women_base else None,
        "cantonment_sites": int(kinds.eq("cantonment").sum()),
        "moc_camps": int(kinds.eq("moc_camp").sum()),
        "trained": float(total_t[course].sum(min_count=1)),
        "trained_qualifier": sum_qualifier(tr[course], "total", total=True),
        "reached": float(total_t[awareness].sum(min_count=1)),
        "reached_qualifier": sum_qualifier(tr[awareness], "total", total=True),
        "beneficiaries_qualifier": sum_qualifier(cvr, "beneficiaries", also=("youth",), total=True),
        "beneficiaries_status": status_of(planned_share(cvr, "beneficiaries")),
        "women_status": status_of(planned_share(cvr, "women")),
        "trained_men": float(split["men"].sum(min_count=1)),
        "trained_women": float(split["women"].sum(min_count=1)),
        "trained_unknown_sex": float(split["unknown"].sum(min_count=1)),
    }


def activity(trainings: pd.DataFrame) -> pd.Series:
    """Each row's activity type (geo.schema.ACTIVITY_TYPES); a row that does not say is a training."""
    if "activity_type" not in trainings:
        return pd.Series("training", index=trainings.index, dtype=object)
    kind = trainings["activity_type"].astype(object).where(trainings["activity_type"].notna(), "")
    return kind.astype(str).str.strip().str.lower().replace("", "training")


def sum_qualifier(frame: pd.DataFrame, column: str, also: tuple[str, ...] = (), total: bool = False) -> str:
    """The qualifier a sum of `column` inherits from its parts: '' when every counted figure is
    exact; 'more_than' when the qualified ones are all lower bounds, which a sum writes 'at_least'
    (`total`); 'about' when one is approximate ('about', 'nearly'). `also`: other columns whose
    qualifiers count (beneficiaries fall back on youth + women).

    >>> sum_qualifier(pd.DataFrame({"total": [5, 320], "total_qualifier": ["", "more_than"]}), "total")
    'more_than'
    >>> sum_qualifier(pd.DataFrame({"total": [5, 320], "total_qualifier": ["", "more_than"]}), "total", total=True)
    'at_least'
    """
    seen = set()
    for name in (column, *also):
        if f"{name}_qualifier" not in frame or name not in frame:
            continue
        counted = pd.to_numeric(frame[name], errors="coerce").notna()
        seen |= {str(word).strip() for word in pd.unique(frame.loc[counted, f"{name}_qualifier"].dropna())} - {""}
    if not seen:
        return ""
    if seen <= {"more_than", "at_least"}:
        return "at_least" if total or "at_least" in seen else "more_than"
    return "about"


def qualifiers_by(frame: pd.DataFrame, keys: pd.Series, column: str, also: tuple[str, ...] = (),
                  total: bool = False) -> dict:
    """{key: sum_qualifier of the rows with that key} (only the keys whose sum is qualified)."""
    out = {}
    for key, part in frame.groupby(keys.to_numpy(), dropna=True):
        word = sum_qualifier(part, column, also, total=total)
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
    """Sum each value series by key, with bincount (a scalar counts per row); a key none of whose
    rows gives a value sums to NaN, never 0."""
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    valid = codes >= 0
    columns = {}
    for name, value in values.items():
        weights = np.broadcast_to(np.asarray(value, dtype=float), codes.shape)[valid]
        given = ~np.isnan(weights)
        sums = np.bincount(codes[valid], weights=np.where(given, weights, 0.0), minlength=len(uniques))
        seen = np.bincount(codes[valid], weights=given.astype(float), minlength=len(uniques))
        columns[name] = np.where(seen > 0, sums, np.nan)
    return pd.DataFrame(columns, index=pd.Index(uniques, dtype=object))


def numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as numbers (unreadable or missing: NaN), same index."""
    if column not in frame:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce")
