"""Locating records, joining them to regions, and the per-region summary. All vectorised.

>>> from geo.data import load_dataset
>>> ds = load_dataset()                                  # doctest: +SKIP
>>> region_summary(ds).loc["ML-7", "projects"]           # doctest: +SKIP
2
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.regions import REGIONS, fold, region_code, region_name

LOCATION_SOURCES = ("record", "gazetteer", "region_centroid", "unlocated")


def points_in_regions(lon, lat, boundaries: gpd.GeoDataFrame) -> pd.Series:
    """The iso_code of the boundary polygon holding each point (None outside all), same index."""
    lon = pd.Series(lon)
    points = gpd.GeoSeries(gpd.points_from_xy(lon.to_numpy(float), pd.Series(lat).to_numpy(float)),
                           index=lon.index, crs=4326)
    codes = boundaries["iso_code"].to_numpy(object)
    point_idx, poly_idx = boundaries.sindex.query(points, predicate="within")
    out = np.full(len(points), None, dtype=object)
    # a point on a shared border: keep the first polygon found
    first = pd.Series(poly_idx).groupby(point_idx).first()
    out[first.index.to_numpy()] = codes[first.to_numpy()]
    return pd.Series(out, index=lon.index, dtype=object)


def locate(records: pd.DataFrame, gazetteer: pd.DataFrame, boundaries: gpd.GeoDataFrame,
           allow_region_centroid: bool = True) -> gpd.GeoDataFrame:
    """Give each record a point: its own coordinates, else the gazetteer's for its place, else
    (marked approximate) its region's representative point; otherwise it stays unlocated.

    Adds columns region_iso (the record's own region), location_source, approximate,
    gazetteer_source and geometry (EPSG:4326; empty when unlocated).
    """
    out = records.copy()
    n = len(out)
    region_iso = out["region"].map(region_code) if "region" in out else pd.Series([None] * n, index=out.index)
    out["region_iso"] = region_iso
    lat = pd.to_numeric(out.get("latitude", pd.Series(np.nan, index=out.index)), errors="coerce")
    lon = pd.to_numeric(out.get("longitude", pd.Series(np.nan, index=out.index)), errors="coerce")
    source = pd.Series(np.where(lat.notna() & lon.notna(), "record", "unlocated"), index=out.index, dtype=object)
    gaz_source = pd.Series("", index=out.index, dtype=object)

    need = source.eq("unlocated")
    if need.any() and "place" in out and not gazetteer.empty:
        keys = pd.DataFrame({"key": out.loc[need, "place"].map(lambda p: fold(p) if isinstance(p, str) else ""),
                             "region_iso": region_iso[need]}, index=out.index[need])
        hits = _gazetteer_match(keys, gazetteer)
        lat.loc[hits.index] = hits["latitude"]
        lon.loc[hits.index] = hits["longitude"]
        source.loc[hits.index] = "gazetteer"
        gaz_source.loc[hits.index] = hits["source"]

    need = source.eq("unlocated") & region_iso.notna()
    if allow_region_centroid and need.any():
        anchors = boundaries.dropna(subset=["iso_code"]).drop_duplicates("iso_code").set_index("iso_code")
        anchor_pts = anchors.geometry.representative_point()
        codes = region_iso[need]
        known = codes[codes.isin(anchor_pts.index)]
        lon.loc[known.index] = anchor_pts.x.reindex(known.to_numpy()).to_numpy()
        lat.loc[known.index] = anchor_pts.y.reindex(known.to_numpy()).to_numpy()
        source.loc[known.index] = "region_centroid"

    out["latitude"], out["longitude"] = lat, lon
    out["location_source"] = source
    out["approximate"] = source.eq("region_centroid")
    out["gazetteer_source"] = gaz_source
    geometry = gpd.points_from_xy(lon.fillna(0).to_numpy(float), lat.fillna(0).to_numpy(float))
    geometry = gpd.GeoSeries(geometry, index=out.index, crs=4326)
    geometry[source.eq("unlocated")] = None
    return gpd.GeoDataFrame(out, geometry=geometry, crs=4326)


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


def join_to_regions(located: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add `joined_iso` (the polygon holding the point) and `assigned_iso`: the record's own region
    when it names one, else the polygon it falls in. Spatial index, no Python loop over rows."""
    out = located.copy()
    has_point = out.geometry.notna() & ~out.geometry.is_empty
    joined = pd.Series([None] * len(out), index=out.index, dtype=object)
    if has_point.any():
        pts = out.geometry[has_point]
        joined.loc[has_point] = points_in_regions(pts.x, pts.y, boundaries)
    out["joined_iso"] = joined
    own = out["region_iso"] if "region_iso" in out else pd.Series([None] * len(out), index=out.index)
    out["assigned_iso"] = own.where(own.notna(), joined)
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
        benef = _num(cvr, "beneficiaries").fillna(_num(cvr, "youth").fillna(0) + _num(cvr, "women").fillna(0))
        parts.append(pd.DataFrame({
            "iso": cvr["assigned_iso"], "projects": 1, "cost_xof": _num(cvr, "cost_xof").fillna(0),
            "beneficiaries": benef, "women": _num(cvr, "women").fillna(0)}))
    tr = dataset.trainings
    if len(tr):
        session = tr["session_id"] if "session_id" in tr else pd.Series(tr.index.astype(str), index=tr.index)
        first_of_session = ~pd.DataFrame({"s": session, "r": tr["assigned_iso"]}).duplicated()
        parts.append(pd.DataFrame({
            "iso": tr["assigned_iso"], "trainings": first_of_session.astype(int),
            "participants": _num(tr, "total").fillna(0),
            "participants_men": _num(tr, "men").fillna(0), "participants_women": _num(tr, "women").fillna(0)}))
    st = dataset.sites
    if len(st):
        kind = st["site_type"].fillna("") if "site_type" in st else pd.Series("", index=st.index)
        parts.append(pd.DataFrame({
            "iso": st["assigned_iso"], "sites": 1,
            "cantonment_sites": kind.eq("cantonment").astype(int), "moc_camps": kind.eq("moc_camp").astype(int)}))
    facts = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["iso"])
    facts = facts.reindex(columns=["iso", *MEASURES]).fillna({m: 0 for m in MEASURES})
    sums = facts.dropna(subset=["iso"]).groupby("iso")[list(MEASURES)].sum()

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


def _num(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce")
