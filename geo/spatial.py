"""Locating records, joining them to regions, and the per-region summary. All vectorised.

>>> from geo.data import load_dataset
>>> ds = load_dataset()                                  # doctest: +SKIP
>>> region_summary(ds).loc["ML-7", "projects"]           # doctest: +SKIP
2
"""
from __future__ import annotations

import weakref

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.regions import REGIONS, fold, region_code, region_name

LOCATION_SOURCES = ("record", "gazetteer", "region_centroid", "unlocated")
RECORD, GAZETTEER, REGION_CENTROID, UNLOCATED = range(4)


class RegionGrid:
    """A point-in-region index: a regular grid whose cells lie wholly inside one polygon answer by
    array lookup; only points in cells that straddle a border are tested exactly (shapely,
    vectorised per polygon). Built once per boundary set (about 0.2 s) and cached."""

    CELL = 0.05  # degrees; about 5 km

    def __init__(self, boundaries: gpd.GeoDataFrame):
        self.codes = boundaries["iso_code"].to_numpy(object)
        self.polygons = boundaries.geometry.to_numpy()
        shapely.prepare(self.polygons)
        self.x0, self.y0, x1, y1 = boundaries.total_bounds
        self.nx = max(1, int(np.ceil((x1 - self.x0) / self.CELL)))
        self.ny = max(1, int(np.ceil((y1 - self.y0) / self.CELL)))
        xs = self.x0 + np.arange(self.nx) * self.CELL
        ys = self.y0 + np.arange(self.ny) * self.CELL
        gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
        tree = shapely.STRtree(shapely.box(gx, gy, gx + self.CELL, gy + self.CELL))
        grid = np.full(self.nx * self.ny, -1, dtype=np.int32)   # -1 outside every polygon
        for i, polygon in enumerate(self.polygons):
            touched = tree.query(polygon, predicate="intersects")
            inside = tree.query(polygon, predicate="contains")
            grid[inside] = np.where(grid[inside] == -1, i, -2)
            grid[np.setdiff1d(touched, inside)] = -2              # -2: test exactly
        self.grid = grid.reshape(self.ny, self.nx)

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Index of the polygon holding each point, -1 where none (NaN coordinates give -1)."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        out = np.full(len(x), -1, dtype=np.int32)
        with np.errstate(invalid="ignore"):
            ix = np.floor((x - self.x0) / self.CELL)
            iy = np.floor((y - self.y0) / self.CELL)
        ok = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        out[ok] = self.grid[iy[ok].astype(np.intp), ix[ok].astype(np.intp)]
        border = np.flatnonzero(out == -2)
        out[border] = -1
        # inside first; then a point on an edge (a border two regions share, or the country's edge)
        # goes to the first polygon that touches it, never "outside Mali"
        for test in (shapely.contains_xy, shapely.intersects_xy):
            for i, polygon in enumerate(self.polygons):
                if not len(border):
                    break
                hit = test(polygon, x[border], y[border])
                out[border[hit]] = i
                border = border[~hit]
        return out


_GRIDS: dict[int, tuple[weakref.ref, RegionGrid]] = {}


def region_grid(boundaries: gpd.GeoDataFrame) -> RegionGrid:
    """The cached RegionGrid of a boundary frame (rebuilt if the frame object changes)."""
    key = id(boundaries)
    cached = _GRIDS.get(key)
    if cached is None or cached[0]() is not boundaries:
        _GRIDS[key] = (weakref.ref(boundaries), RegionGrid(boundaries))
    return _GRIDS[key][1]


def points_in_regions(lon, lat, boundaries: gpd.GeoDataFrame) -> pd.Series:
    """The iso_code of the boundary polygon holding each point (None outside all), same index."""
    lon = pd.Series(lon)
    grid = region_grid(boundaries)
    found = grid.lookup(lon.to_numpy(float), pd.Series(lat).to_numpy(float))
    codes = np.append(grid.codes, None)  # index -1 -> None
    return pd.Series(codes[found], index=lon.index, dtype=object)


def _map_unique(values: pd.Series, fn) -> pd.Series:
    """Apply a Python function once per distinct text (names repeat across many rows); anything
    that is not text maps to None."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(v) if isinstance(v, str) else None for v in distinct] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def locate(records: pd.DataFrame, gazetteer: pd.DataFrame, boundaries: gpd.GeoDataFrame,
           allow_region_centroid: bool = True) -> pd.DataFrame:
    """Give each record a position: its own coordinates, else the gazetteer's for its place, else
    (marked approximate) its region's representative point; otherwise it stays unlocated.

    Sets latitude/longitude (NaN when unlocated) and adds region_iso (the record's own region),
    location_source, approximate and gazetteer_source. `with_points` makes the geometry.
    """
    out = records.copy(deep=False)  # new columns only: the caller's frame is never modified
    n = len(out)
    region_iso = _map_unique(out["region"], region_code) if "region" in out else pd.Series([None] * n, index=out.index)
    out["region_iso"] = region_iso
    lat = pd.to_numeric(out["latitude"], errors="coerce").to_numpy(float, copy=True) if "latitude" in out else np.full(n, np.nan)
    lon = pd.to_numeric(out["longitude"], errors="coerce").to_numpy(float, copy=True) if "longitude" in out else np.full(n, np.nan)
    state = np.where(np.isnan(lat) | np.isnan(lon), UNLOCATED, RECORD).astype(np.int8)
    gaz_source = np.full(n, "", dtype=object)

    need = np.flatnonzero(state == UNLOCATED)
    if len(need) and "place" in out and not gazetteer.empty:
        places = out["place"].iloc[need]
        keys = pd.DataFrame({"key": _map_unique(places, fold).fillna(""),
                             "region_iso": region_iso.iloc[need].to_numpy()}, index=need)
        hits = _gazetteer_match(keys, gazetteer)
        at = hits.index.to_numpy(int)
        lat[at], lon[at] = hits["latitude"].to_numpy(float), hits["longitude"].to_numpy(float)
        state[at] = GAZETTEER
        gaz_source[at] = hits["source"].to_numpy(object)

    need = np.flatnonzero((state == UNLOCATED) & region_iso.notna().to_numpy())
    if allow_region_centroid and len(need):
        anchors = boundaries.dropna(subset=["iso_code"]).drop_duplicates("iso_code").set_index("iso_code")
        anchor_pts = anchors.geometry.representative_point()
        codes = region_iso.iloc[need]
        known = need[codes.isin(anchor_pts.index).to_numpy()]
        lon[known] = anchor_pts.x.reindex(region_iso.iloc[known]).to_numpy()
        lat[known] = anchor_pts.y.reindex(region_iso.iloc[known]).to_numpy()
        state[known] = REGION_CENTROID

    out["latitude"], out["longitude"] = lat, lon
    out["location_source"] = pd.Categorical.from_codes(state, LOCATION_SOURCES)
    out["approximate"] = state == REGION_CENTROID
    out["gazetteer_source"] = gaz_source
    return out


def with_points(records: pd.DataFrame) -> gpd.GeoDataFrame:
    """The located records as a GeoDataFrame of points (EPSG:4326; None where unlocated), for
    drawing and export. Locating and joining work on the coordinates alone."""
    lat, lon = records["latitude"].to_numpy(float), records["longitude"].to_numpy(float)
    geometry = np.full(len(records), None, dtype=object)
    located = ~(np.isnan(lat) | np.isnan(lon))
    geometry[located] = shapely.points(lon[located], lat[located])
    return gpd.GeoDataFrame(records, geometry=gpd.GeoSeries(geometry, index=records.index, crs=4326), crs=4326)


def _gazetteer_match(keys: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Match folded place names; where a name is ambiguous, prefer the entry in the record's region."""
    gaz = gazetteer[["key", "region_iso", "latitude", "longitude", "source", "rank"]]
    left = keys.reset_index(names="_idx")
    merged = left.merge(gaz, on="key", how="inner", suffixes=("", "_gaz"))
    if merged.empty:
        return pd.DataFrame(columns=["latitude", "longitude", "source"])
    same_region = merged["region_iso"].isna() | merged["region_iso"].eq(merged["region_iso_gaz"])
    merged["_score"] = np.where(same_region, 0, 1)
    merged = merged.sort_values(["_idx", "_score", "rank"]).drop_duplicates("_idx")
    # a name found only in another region is not this place
    merged = merged[merged["_score"].eq(0) | merged["region_iso"].isna()]
    return merged.set_index("_idx")[["latitude", "longitude", "source"]]


def join_to_regions(located: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> pd.DataFrame:
    """Add `joined_iso` (the polygon holding the point) and `assigned_iso`: the record's own region
    when it names one, else the polygon it falls in. Spatial index, no Python loop over rows."""
    out = located.copy(deep=False)
    out["joined_iso"] = points_in_regions(out["longitude"], out["latitude"], boundaries)
    own = out["region_iso"] if "region_iso" in out else pd.Series([None] * len(out), index=out.index)
    out["assigned_iso"] = own.where(own.notna(), out["joined_iso"])
    return out


MEASURES = ("projects", "cost_xof", "beneficiaries", "women", "trainings", "participants",
            "participants_men", "participants_women", "sites", "cantonment_sites", "moc_camps")


def region_summary(dataset, boundaries: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Per-region figures, indexed by region code: projects, cost_xof, beneficiaries, women,
    trainings (sessions), participants (and by sex), sites (cantonment + MOC camps).

    `dataset` is a geo.data.Dataset (its tables already located and joined). Regions of the
    boundary set come first; regions named only by records follow, with on_boundaries False.
    """
    boundaries = boundaries if boundaries is not None else dataset.boundaries
    parts = []
    cvr = dataset.cvr_projects
    if len(cvr):
        parts.append(_sum_by(cvr["assigned_iso"], {
            "projects": 1.0, "cost_xof": numeric(cvr, "cost_xof"), "beneficiaries": cvr_beneficiaries(cvr),
            "women": numeric(cvr, "women")}))
    tr = dataset.trainings
    if len(tr):
        session = tr["session_id"] if "session_id" in tr else pd.Series(tr.index.astype(str), index=tr.index)
        first_of_session = ~pd.DataFrame({"s": session, "r": tr["assigned_iso"]}).duplicated()
        parts.append(_sum_by(tr["assigned_iso"], {
            "trainings": first_of_session.astype(float), "participants": numeric(tr, "total"),
            "participants_men": numeric(tr, "men"), "participants_women": numeric(tr, "women")}))
    st = dataset.sites
    if len(st):
        kind = st["site_type"] if "site_type" in st else pd.Series("", index=st.index)
        parts.append(_sum_by(st["assigned_iso"], {
            "sites": 1.0, "cantonment_sites": kind.eq("cantonment").astype(float),
            "moc_camps": kind.eq("moc_camp").astype(float)}))
    sums = pd.concat(parts, axis=1) if parts else pd.DataFrame()
    sums = sums.reindex(columns=list(MEASURES)).fillna(0)

    order = list(dict.fromkeys(boundaries["iso_code"].dropna()))
    extra = [c for c in REGIONS if c not in order and c in sums.index]
    extra += [c for c in sums.index if c not in order and c not in extra]
    table = sums.reindex(order + extra).fillna(0)
    names = boundaries.dropna(subset=["iso_code"]).drop_duplicates("iso_code").set_index("iso_code")["region"]
    table.insert(0, "region", [names.get(c) or region_name(c) or c for c in table.index])
    table["on_boundaries"] = [c in order for c in table.index]
    table = table.astype({m: "int64" for m in MEASURES})
    table.index.name = "iso_code"
    return table


def cvr_beneficiaries(cvr: pd.DataFrame) -> pd.Series:
    """Beneficiaries per project: the stated figure, else youth + women (the Ouatagouna road gives
    7,000 youth and 1,755 women, no total)."""
    return numeric(cvr, "beneficiaries").fillna(numeric(cvr, "youth").fillna(0) + numeric(cvr, "women").fillna(0))


def headline_figures(dataset) -> dict:
    """The briefing's numbers, counted from the records (never from programme totals):
    projects, cost_xof, beneficiaries, women, women_base (beneficiaries of the projects that count
    women), women_share (None when no project counts women), cantonment_sites, moc_camps,
    trained, trained_men, trained_women, trained_unknown_sex (participants of sessions that give
    no split by sex)."""
    cvr, tr, sites = dataset.cvr_projects, dataset.trainings, dataset.sites
    benef, women = cvr_beneficiaries(cvr), numeric(cvr, "women")
    women_base = float(benef[women.notna()].fillna(0).sum())
    men_t, women_t, total_t = numeric(tr, "men"), numeric(tr, "women"), numeric(tr, "total")
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
        "trained": float(total_t.fillna(0).sum()),
        "trained_men": float(men_t.fillna(0).sum()),
        "trained_women": float(women_t.fillna(0).sum()),
        "trained_unknown_sex": float(total_t[men_t.isna() & women_t.isna()].fillna(0).sum()),
    }


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
