"""The one filter set every page and export obeys, and its round trip through URL query params.

>>> f = Filters.from_params({"region": "ML-7,ML-8", "years": "2017-2017"})
>>> f.to_params()
{'region': 'ML-7,ML-8', 'years': '2017-2017'}
>>> Filters.from_params({"region": "ML-5", "cercle": "ML0501"}).to_params()
{'region': 'ML-5', 'cercle': 'ML0501'}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.model.dataset import Dataset
from geo.regions import region_code
from geo.schema import DATE_COLUMNS, EVENT_KINDS, PARTNER_COLUMNS, RECORD_KINDS


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()           # ISO codes; empty = all
    years: tuple[int, int] | None = None    # inclusive; records without a date stay visible
    kinds: tuple[str, ...] = ()             # subset of RECORD_KINDS; empty = all
    partners: tuple[str, ...] = ()          # partner NGO or organiser; empty = all
    periods: tuple[str, ...] = ()           # reporting periods of submissions; records without one stay
    # cercle codes of the boundary set's second level (COD-AB's ADM2_PCODE, ML0101...); empty = all
    cercles: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.regions or self.years or self.kinds or self.partners or self.periods or self.cercles)

    def to_params(self) -> dict[str, str]:
        params = {}
        if self.regions:
            params["region"] = ",".join(self.regions)
        if self.cercles:
            params["cercle"] = ",".join(self.cercles)
        if self.years:
            params["years"] = f"{self.years[0]}-{self.years[1]}"
        if self.kinds:
            params["kind"] = ",".join(self.kinds)
        if self.partners:
            params["partner"] = "|".join(self.partners)
        if self.periods:
            params["period"] = "|".join(self.periods)
        return params

    @classmethod
    def from_params(cls, params) -> Filters:
        """Unknown or malformed values are ignored rather than failing the page."""
        get = (lambda k: params.get(k)) if hasattr(params, "get") else (lambda k: None)
        regions = tuple(c for c in (region_code(x) or (x if x.startswith("X-") else None)
                                    for x in str(get("region") or "").split(",") if x) if c)
        years = None
        raw = str(get("years") or "")
        try:
            a, b = raw.split("-")
            years = (min(int(a), int(b)), max(int(a), int(b)))
        except ValueError:
            years = None
        kinds = tuple(k for k in str(get("kind") or "").split(",") if k in RECORD_KINDS)
        partners = tuple(p for p in str(get("partner") or "").split("|") if p)
        periods = tuple(p for p in str(get("period") or "").split("|") if p)
        # which cercles the boundary set has is the app's to check (it drops the others): here, the
        # shape of a code only
        cercles = tuple(c for c in str(get("cercle") or "").split(",") if CERCLE_CODE.fullmatch(c))
        return cls(tuple(dict.fromkeys(regions)), years, kinds, partners, periods, tuple(dict.fromkeys(cercles)))

    def with_region(self, code: str | None) -> Filters:
        """The filters with one region (None: all), and no cercle (a cercle of another region would
        leave nothing)."""
        return replace(self, regions=(code,) if code else (), cercles=())


CERCLE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")   # a P-code (ML0101) or a file's own key


def record_years(table: pd.DataFrame, kind: str) -> pd.Series:
    """The year of each record (NaN when undated), from the first date column of its kind."""
    column = DATE_COLUMNS[kind][0] if kind in DATE_COLUMNS else None
    if column not in table or table.empty:
        return pd.Series(dtype="float64", index=table.index)
    codes, dates = pd.factorize(table[column])   # read once per distinct date
    years = pd.to_datetime(pd.Series(dates, dtype=object), errors="coerce").dt.year.to_numpy(dtype=float)
    return pd.Series(np.where(codes >= 0, years[codes] if len(years) else np.nan, np.nan), index=table.index)


def apply_filters(dataset: Dataset, filters: Filters) -> Dataset:
    """A dataset holding only what the filters let through (programme totals are never filtered
    into parts: they stay whole, and the pages say so).

    The cercle filter keeps the records joined to one of its cercles (`cercle_code`). What names no
    cercle by design stays by the cercles' region: an event (it names its region only) and a site
    of the public view (its cercle is not said, geo.model.public), so that the public view never
    tells which cercle a site lies in."""
    regions_of_cercles = cercle_regions(dataset, filters.cercles)
    tables = {}
    for kind in RECORD_KINDS:
        table = dataset.table(kind)
        keep = pd.Series(True, index=table.index)
        if filters.kinds and kind not in filters.kinds:
            keep[:] = False
        if filters.regions and len(table):
            keep &= table["assigned_iso"].isin(filters.regions)
        if filters.years and len(table):
            years = record_years(table, kind)
            keep &= years.isna() | years.between(*filters.years)
        if filters.partners and kind in PARTNER_COLUMNS and PARTNER_COLUMNS[kind] in table:
            keep &= names_any_of(table[PARTNER_COLUMNS[kind]], filters.partners)
        if filters.periods and "period" in table:
            keep &= table["period"].isna() | table["period"].isin(filters.periods)
        if filters.cercles and len(table):
            inside = table["cercle_code"].isin(filters.cercles) if "cercle_code" in table else False
            if "location_source" in table:
                hidden = table["location_source"].astype(str).eq("hidden")
                inside = inside | (hidden & table["assigned_iso"].isin(regions_of_cercles))
            keep &= inside
        tables[kind] = table if keep.all() else table[keep]   # nothing left out: the table itself, not a copy
    events = dataset.events
    if len(events):
        keep = pd.Series(True, index=events.index)
        if filters.regions:
            keep &= events["region"].map(region_code).isin(filters.regions) | events["region"].isna()
        if filters.cercles:
            keep &= events["region"].map(region_code).isin(regions_of_cercles) | events["region"].isna()
        if filters.kinds:
            keep &= events["category"].map(EVENT_KINDS).isin(filters.kinds)
        if filters.years:
            years = pd.to_numeric(events["date"].astype(str).str[:4], errors="coerce")
            keep &= years.isna() | years.between(*filters.years)
        events = events[keep]
    return dataset.with_tables(events=events, **tables)


def cercle_regions(dataset: Dataset, codes) -> list[str]:
    """The region keys of the cercles `codes` of the dataset's boundary set."""
    cercles = dataset.cercles
    if not codes or cercles is None or not len(cercles):
        return []
    return list(dict.fromkeys(cercles.loc[cercles["cercle_code"].isin(codes), "iso_code"].dropna()))


def partner_names(values: pd.Series) -> pd.Series:
    """One row per partner named in a cell ('MINUSMA Section RSS-DDR; EMPABB' gives two), same index."""
    names = values.fillna("").astype(str).str.split(";").explode().str.strip()
    return names[names.ne("")]


def names_any_of(values: pd.Series, wanted) -> pd.Series:
    """True where a cell names one of `wanted` exactly (case aside): 'MINUSMA Section RSS-DDR'
    does not match 'MINUSMA Section RSS-DDR Tombouctou'."""
    wanted = {w.strip().lower() for w in wanted}
    hits = partner_names(values).str.lower().isin(wanted)
    return hits.groupby(level=0).any().reindex(values.index, fill_value=False)


def available_years(dataset: Dataset) -> tuple[int, int] | None:
    years = pd.concat([record_years(dataset.table(k), k) for k in RECORD_KINDS]).dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def available_periods(dataset: Dataset) -> list[str]:
    """The reporting periods of the submissions in the dataset, oldest first."""
    periods = set()
    for kind in RECORD_KINDS:
        table = dataset.table(kind)
        if "period" in table:
            periods.update(table["period"].dropna())
    return sorted(periods)


def available_partners(dataset: Dataset) -> list[str]:
    names = set()
    for kind, column in PARTNER_COLUMNS.items():
        table = dataset.table(kind)
        if column in table:
            names.update(partner_names(pd.Series(table[column].dropna().unique())))   # once per distinct cell
    return sorted(names)
