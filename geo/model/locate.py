"""Locating records and joining them to regions, vectorised: a record's own coordinates, else the
gazetteer's point for its place, else (marked approximate, with an uncertainty radius) the point of
a place its source gives a distance to, else (marked approximate) its region's point; then the
polygon each point falls in, with a grid index built once per boundary set.

>>> from geo.read.boundaries import load_boundaries
>>> points_in_regions([-0.04472], [16.27167], load_boundaries().frame).tolist()
['ML-7']
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.read.boundaries import points_in_regions
from geo.regions import fold_name, region_code
from geo.schema import LOCATION_SOURCES

RECORD, GAZETTEER, NEAR_PLACE, REGION_CENTROID, UNLOCATED = range(5)


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
    lat, lon = (pd.to_numeric(out[c], errors="coerce").to_numpy(float, copy=True) if c in out else np.full(n, np.nan)
                for c in ("latitude", "longitude"))
    state = np.where(np.isnan(lat) | np.isnan(lon), UNLOCATED, RECORD).astype(np.int8)
    gaz_source = np.full(n, "", dtype=object)

    def from_gazetteer(names: pd.Series, need: np.ndarray, found: int) -> None:
        """The rows `need` placed at the gazetteer's point for `names`, marked `found`."""
        if not len(need) or gazetteer.empty:
            return
        keys = pd.DataFrame({"key": _map_unique(names.iloc[need], fold_name).fillna(""),
                             "region_iso": region_iso.iloc[need].to_numpy()}, index=need)
        hits = _gazetteer_match(keys, gazetteer)
        at = hits.index.to_numpy(int)
        lat[at], lon[at] = hits["latitude"].to_numpy(float), hits["longitude"].to_numpy(float)
        state[at] = found
        gaz_source[at] = hits["source"].to_numpy(object)

    if "place" in out:
        from_gazetteer(out["place"], np.flatnonzero(state == UNLOCATED), GAZETTEER)
    # "à environ 25 km de la ville de Kidal": at Kidal, within the radius the source gives
    if "near_place" in out and "radius_km" in out:
        radius = pd.to_numeric(out["radius_km"], errors="coerce").to_numpy(float)
        from_gazetteer(out["near_place"], np.flatnonzero((state == UNLOCATED) & ~np.isnan(radius)
                                                         & out["near_place"].notna().to_numpy()), NEAR_PLACE)

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
    out["approximate"] = (state == REGION_CENTROID) | (state == NEAR_PLACE)
    out["gazetteer_source"] = gaz_source
    return out


def placed_only_by_region(records: pd.DataFrame) -> pd.Series:
    """True for the records whose only position is their region's representative point: maps count
    them in the region's shading and say how many there are, but never draw them as a point (the
    point is not their place, and can lie in another region's land)."""
    if "location_source" not in records:
        return pd.Series(False, index=records.index)
    return records["location_source"].eq("region_centroid")


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
