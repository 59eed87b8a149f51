"""The programme's figures as the sources report them, for the first screen: the band of programme
totals (data/programme_totals.csv, column `band`: 161 CVR projects for 257,000 youth from 2013 to
July 2020, 32 projects for USD 3 million in 2020-2021, the biometric registrations, the 1,330
integrated). They are never added to the recorded projects. Under a filter a total is shown only
when its regions and its period lie inside the filter (a total is never prorated); a filter the
total cannot answer (a partner, a reporting period) hides it.

Each total says whether the source reports it done (`status` achieved), under way, or planned ("Il
touchera à terme 9 quartiers", "qui seront désenclavés"): a planned figure is never shown among
the results.

>>> from geo.model.dataset import load_dataset
>>> from geo.model.filters import Filters
>>> totals = load_dataset().programme_totals
>>> list(reported_band(totals, Filters())["total_id"])[:2]
['RVC-2013-2020-PROJECTS', 'RVC-2013-2020-YOUTH']
>>> len(reported_band(totals, Filters(regions=("ML-7",))))      # 2013-2020 names six regions, not Gao alone
0
"""
from __future__ import annotations

import re

import pandas as pd

from geo.model.filters import Filters
from geo.regions import region_code

# The kind of record a topic speaks of, for the kind filter (ssr: none).
TOPIC_KINDS = {"cvr": "cvr_projects", "ddr": "sites", "trainings": "trainings"}
# What the source says of a figure (the `status` column of programme_totals.csv and events.csv): done,
# under way ("est en cours"), or planned (future tense, "projet de", "devrait"). Empty reads achieved.
STATUSES = ("achieved", "under_way", "planned")


def statuses(frame: pd.DataFrame) -> pd.Series:
    """Each row's status (STATUSES), same index; a table without the column, or an empty cell, is achieved.

    >>> list(statuses(pd.DataFrame({"status": ["planned", "", None]})))
    ['planned', 'achieved', 'achieved']
    """
    if "status" not in frame:
        return pd.Series("achieved", index=frame.index, dtype=object)
    words = frame["status"].astype(object).where(frame["status"].notna(), "").astype(str).str.strip()
    return words.replace("", "achieved")


def not_planned(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose figure the source does not give as planned (achieved or under way)."""
    return frame[statuses(frame).ne("planned")]


def years_of(period, as_of) -> tuple[int, int] | None:
    """The years a total covers, from its period ('2013-2020', '2016-05/2017-07') or its date."""
    found = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", f"{period or ''} {as_of or ''}")]
    return (min(found), max(found)) if found else None


def _codes(regions) -> set[str] | None:
    names = [r.strip() for r in str(regions or "").replace(",", ";").split(";") if r.strip() and r.strip().lower() != "nan"]
    return {region_code(n) or n for n in names} if names else None


def matches(row, filters: Filters) -> bool:
    """Whether a total answers the filters as a whole (its regions and years inside them). A total
    names regions at most: none answers a cercle filter."""
    if filters.partners or filters.periods or filters.cercles:
        return False
    if filters.kinds and TOPIC_KINDS.get(row.get("topic")) not in filters.kinds:
        return False
    if filters.regions:
        codes = _codes(row.get("regions"))
        if not codes or not codes <= set(filters.regions):
            return False
    if filters.years:
        span = years_of(row.get("period"), row.get("as_of"))
        if span is None or span[0] < filters.years[0] or span[1] > filters.years[1]:
            return False
    return True


def reported_band(totals: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The band's totals (in their order) that the filters let through; a planned figure never
    (the band shows what the programme did)."""
    if "band" not in totals or not len(totals):
        return totals.iloc[0:0]
    band = not_planned(totals[pd.to_numeric(totals["band"], errors="coerce").notna()]).copy()
    band = band.sort_values("band", key=lambda s: pd.to_numeric(s, errors="coerce"))
    keep = [matches(row, filters) for row in band.to_dict("records")]
    return band[keep]


def reported_total(totals: pd.DataFrame, metric: str, filters: Filters) -> dict | None:
    """The first total measuring `metric` that the source gives as done and the filters let through
    (the 8 cantonment sites built, beside the 6 the records name), or None.

    >>> from geo.model.dataset import load_dataset
    >>> int(reported_total(load_dataset().programme_totals, "cantonment_sites_built", Filters())["value"])
    8
    """
    if "metric" not in totals or not len(totals):
        return None
    done = totals[totals["metric"].eq(metric) & statuses(totals).eq("achieved")]
    return next((row for row in done.to_dict("records") if matches(row, filters)), None)
