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
    sums, words = _measures_by(dataset, "assigned_iso")

    order = list(dict.fromkeys(boundaries["iso_code"].dropna()))
    extra = [c for c in REGIONS if c not in order and c in sums.index]
    extra += [c for c in sums.index if c not in order and c not in extra]
    table = sums.reindex(order + extra)
    table[list(COUNTS)] = table[list(COUNTS)].fillna(0)
    names = boundaries.dropna(subset=["iso_code"]).drop_duplicates("iso_code").set_index("iso_code")["region"]
    table.insert(0, "region", [names.get(c) or region_name(c) or c for c in table.index])
    table["on_boundaries"] = [c in order for c in table.index]
    table = _with_words(table, words)
    table.index.name = "iso_code"
    return table


def cercle_summary(dataset) -> pd.DataFrame:
    """Per-cercle figures (the measures of region_summary), indexed by the boundary set's cercle
    code (its ADM2_PCODE), with the cercle's name and its region's key and name; the set's cercles
    first (those with no record count 0), then "" for the records no cercle holds. Empty when the
    set has no second level. Counts and figures as in region_summary (NaN: not given).

    >>> from geo.model.dataset import load_dataset
    >>> cercle_summary(load_dataset()).empty
    True
    """
    cercles = dataset.cercles
    columns = ["cercle", "iso_code", "region", *MEASURES]
    if cercles is None or not len(cercles):
        return pd.DataFrame(columns=columns).rename_axis("cercle_code")
    sums, words = _measures_by(dataset, "cercle_code", missing="")
    order = list(dict.fromkeys(cercles["cercle_code"]))
    table = _with_words(sums.reindex(order + [c for c in sums.index if c not in order]), words)
    by_code = cercles.drop_duplicates("cercle_code").set_index("cercle_code")
    table.insert(0, "cercle", [by_code["cercle"].get(c, "") for c in table.index])
    table.insert(1, "iso_code", [by_code["iso_code"].get(c) for c in table.index])
    table.insert(2, "region", [region_name(c) or c for c in table["iso_code"]])
    table.index.name = "cercle_code"
    return table


def _measures_by(dataset, key: str, missing=None) -> tuple[pd.DataFrame, dict]:
    """The measures of the three record kinds summed by the records' `key` column (assigned_iso,
    cercle_code) — counts whole, a figure NaN where no record gives it — and {"<figure>_qualifier"
    or "<figure>_status": {key: words}}; a record without a key counts under `missing` when given,
    else nowhere."""
    def keys(table):
        values = table[key] if key in table else pd.Series(None, index=table.index, dtype=object)
        return values if missing is None else values.astype(object).where(values.notna(), missing)

    parts, words = [], {}
    cvr = dataset.cvr_projects
    if len(cvr):
        by = keys(cvr)
        parts.append(_sum_by(by, {
            "projects": 1.0, "cost_xof": numeric(cvr, "cost_xof"), "beneficiaries": cvr_beneficiaries(cvr),
            "women": numeric(cvr, "women")}))
        words |= {"cost_xof_qualifier": qualifiers_by(cvr, by, "cost_xof", total=True),
                  "beneficiaries_qualifier": qualifiers_by(cvr, by, "beneficiaries", also=("youth",), total=True),
                  "women_qualifier": qualifiers_by(cvr, by, "women", total=True),
                  "beneficiaries_status": _status_by(by, planned_share(cvr, "beneficiaries")),
                  "women_status": _status_by(by, planned_share(cvr, "women"))}
    tr = dataset.trainings
    if len(tr):
        by = keys(tr)
        session = tr["session_id"] if "session_id" in tr else pd.Series(tr.index.astype(str), index=tr.index)
        first_of_session = ~pd.DataFrame({"s": session, "r": by}).duplicated()
        kind = activity(tr)
        course, awareness = kind.eq("training"), kind.eq("awareness")
        parts.append(_sum_by(by, {
            "trainings": (first_of_session & course).astype(float), "participants": numeric(tr, "total").where(course),
            "participants_men": numeric(tr, "men").where(course), "participants_women": numeric(tr, "women").where(course),
            "reached": numeric(tr, "total").where(awareness)}))
        for measure, rows, column in (("participants", course, "total"), ("participants_men", course, "men"),
                                      ("participants_women", course, "women"), ("reached", awareness, "total")):
            words[f"{measure}_qualifier"] = qualifiers_by(_columns(tr, column)[rows], by[rows], column, total=True)
    st = dataset.sites
    if len(st):
        kind = st["site_type"] if "site_type" in st else pd.Series("", index=st.index)
        parts.append(_sum_by(keys(st), {
            "sites": 1.0, "cantonment_sites": kind.eq("cantonment").astype(float),
            "moc_camps": kind.eq("moc_camp").astype(float)}))
    sums = pd.concat(parts, axis=1) if parts else pd.DataFrame()
    sums = sums.reindex(columns=list(MEASURES))
    sums[list(COUNTS)] = sums[list(COUNTS)].fillna(0)   # a key without a record of a kind counts none
    return sums, words


def _with_words(table: pd.DataFrame, words: dict) -> pd.DataFrame:
    """Counts as whole numbers, figures as floats (NaN: not given), and beside them their qualifier
    and, for beneficiaries and women, their status (planned, partly planned)."""
    table[list(COUNTS)] = table[list(COUNTS)].fillna(0)
    table = table.astype(dict.fromkeys(COUNTS, "int64") | dict.fromkeys(FIGURES, "float64"))
    for measure in FIGURES:
        by_key = words.get(f"{measure}_qualifier", {})
        table[f"{measure}_qualifier"] = [by_key.get(c, "") if pd.notna(value) else "" for c, value in table[measure].items()]
    for measure in PLANNED_MEASURES:
        by_key = words.get(f"{measure}_status", {})
        table[f"{measure}_status"] = [by_key.get(c, "") for c in table.index]
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
    """{key: 'planned' | 'partly_planned'} of the keys whose figures are all or partly planned
    (status_of each key's shares, for all keys at once)."""
    known = pd.DataFrame({"key": keys.to_numpy(), "share": share.to_numpy(dtype=float)}).dropna()
    if not len(known):
        return {}
    by = known.assign(some=known["share"].ne(0), all=known["share"].eq(1)).groupby("key", sort=False)
    some, every = by["some"].any(), by["all"].all()
    return {key: "planned" if every[key] else "partly_planned" for key in some.index[some.to_numpy()]}


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
    counting_women = _columns(cvr, "beneficiaries", "youth")[women.notna()]
    women_base = benef[women.notna()].sum(min_count=1)
    kind = activity(tr)
    course, awareness = kind.eq("training"), kind.eq("awareness")
    split, total_t = trainees_by_sex(_columns(tr, "men", "women", "total")[course]), numeric(tr, "total")
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
        "trained_qualifier": sum_qualifier(_columns(tr, "total")[course], "total", total=True),
        "reached": float(total_t[awareness].sum(min_count=1)),
        "reached_qualifier": sum_qualifier(_columns(tr, "total")[awareness], "total", total=True),
        "beneficiaries_qualifier": sum_qualifier(cvr, "beneficiaries", also=("youth",), total=True),
        "beneficiaries_status": status_of(planned_share(cvr, "beneficiaries")),
        "women_status": status_of(planned_share(cvr, "women")),
        "trained_men": float(split["men"].sum(min_count=1)),
        "trained_women": float(split["women"].sum(min_count=1)),
        "trained_unknown_sex": float(split["unknown"].sum(min_count=1)),
    }


def activity(trainings: pd.DataFrame) -> pd.Series:
    """Each row's activity type (geo.schema.ACTIVITY_TYPES); a row that does not say is a training.
    Read once per distinct cell."""
    if "activity_type" not in trainings:
        return pd.Series("training", index=trainings.index, dtype=object)
    kind = trainings["activity_type"].astype(object).where(trainings["activity_type"].notna(), "")
    codes, cells = pd.factorize(kind)
    words = pd.Series(cells, dtype=object).astype(str).str.strip().str.lower().replace("", "training").to_numpy()
    return pd.Series(words[codes] if len(words) else np.array([], dtype=object), index=trainings.index, dtype=object)


def _columns(frame: pd.DataFrame, *names: str) -> pd.DataFrame:
    """The columns a qualified sum of `names` reads (each with its qualifier), those `frame` has:
    a row mask then copies these, not every column of a 300,000-row table."""
    return frame[[c for name in names for c in (name, f"{name}_qualifier") if c in frame]]


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
    return _qualifier_of(seen, total)


def _qualifier_of(seen: set, total: bool) -> str:
    """sum_qualifier's word for the set of words its parts carry."""
    if not seen:
        return ""
    if seen <= {"more_than", "at_least"}:
        return "at_least" if total or "at_least" in seen else "more_than"
    return "about"


def qualifiers_by(frame: pd.DataFrame, keys: pd.Series, column: str, also: tuple[str, ...] = (),
                  total: bool = False) -> dict:
    """{key: sum_qualifier of the rows with that key} (only the keys whose sum is qualified), for
    all keys at once: the distinct (key, word) pairs of the counted figures, then a word per key."""
    pairs = []
    for name in (column, *also):
        if f"{name}_qualifier" not in frame or name not in frame:
            continue
        words = frame[f"{name}_qualifier"].to_numpy(dtype=object)
        counted = pd.to_numeric(frame[name], errors="coerce").notna().to_numpy() & pd.notna(words)
        pairs.append(pd.DataFrame({"key": keys.to_numpy()[counted], "word": words[counted]}))
    if not pairs:
        return {}
    found = pd.concat(pairs, ignore_index=True)
    found = found[pd.notna(found["key"].to_numpy())].drop_duplicates()
    seen: dict = {}
    for key, word in found.itertuples(index=False):   # a few distinct pairs per key
        seen.setdefault(key, set()).add(str(word).strip())
    return {key: word for key, words in seen.items() if (word := _qualifier_of(words - {""}, total))}


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
