"""Locating records and joining them to regions and cercles, vectorised: a record's own
coordinates, else the gazetteer's point for its place, else (marked approximate, with an
uncertainty radius) the point of a place its source gives a distance to, else (marked approximate)
the town of its cercle, else (a 2023 region: marked approximate) its region's capital town, else
(marked approximate) its region's point; then the polygon each point falls in, with a grid index
built once per boundary set, at both levels when the set has cercles.

A record naming a region the boundary set lacks that the 2023 reform cut from a 2016 region
(Bougouni from Sikasso) is counted under the region its point lies in, else under that parent,
with a note on the row ("2023 region, counted under Sikasso in this boundary set"); a set that has
the 2023 region counts it as it is.

>>> from geo.read.boundaries import load_boundaries
>>> points_in_regions([-0.04472], [16.27167], load_boundaries().frame).tolist()
['ML-7']
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.messages import Message
from geo.read.boundaries import no_cercles, points_in_regions
from geo.regions import PARENT_2016, REGIONS_2023_TABLE, code_scheme, fold_name, region_code, region_name
from geo.schema import LOCATION_SOURCES

RECORD, GAZETTEER, NEAR_PLACE, CERCLE_TOWN, REGION_TOWN, REGION_CENTROID, UNLOCATED = range(7)
_CAPITALS = dict(zip(REGIONS_2023_TABLE["key"], REGIONS_2023_TABLE["capital"]))


def _map_unique(values: pd.Series, fn) -> pd.Series:
    """Apply a Python function once per distinct text (names repeat across many rows); anything
    that is not text maps to None."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(v) if isinstance(v, str) else None for v in distinct] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _scheme_of(text) -> str | None:
    """How a record names its region: 'iso_3166_2', 'cod_ab' or 'hasc' for a code, 'name' for a name
    the crosswalk knows, None otherwise."""
    return code_scheme(text) or ("name" if region_code(text) else None)


def locate(records: pd.DataFrame, gazetteer: pd.DataFrame, boundaries: gpd.GeoDataFrame,
           allow_region_centroid: bool = True) -> pd.DataFrame:
    """Give each record a position: its own coordinates, else the gazetteer's for its place, else
    (marked approximate) its cercle's town, its 2023 region's capital or its region's
    representative point (a 2023 region missing from the set: its parent's); otherwise it stays
    unlocated.

    Sets latitude/longitude (NaN when unlocated) and adds region_iso (the record's own region, the
    dashboard's key), region_scheme (the scheme the record named it in: a code keeps its scheme),
    location_source, approximate and gazetteer_source. `with_points` makes the geometry.
    """
    out = records.copy(deep=False)  # new columns only: the caller's frame is never modified
    n = len(out)
    # per distinct region text, once: its key, the scheme it is written in, the 2016 region (the
    # gazetteer knows those: a town of Bougouni is looked for in Sikasso), a 2023 region's capital
    texts = out["region"] if "region" in out else pd.Series(None, index=out.index, dtype=object)
    codes, distinct = pd.factorize(texts, use_na_sentinel=True)
    keys = [region_code(v) if isinstance(v, str) else None for v in distinct]
    per_region = {"key": keys, "scheme": [_scheme_of(v) if k else None for v, k in zip(distinct, keys)],
                  "2016": [PARENT_2016.get(k, k) for k in keys], "capital": [_CAPITALS.get(k) for k in keys]}
    region_iso, scheme, region_2016, capital = (
        pd.Series(np.array(values + [None], dtype=object)[codes], index=out.index, dtype=object)
        for values in per_region.values())
    out["region_iso"] = region_iso
    out["region_scheme"] = scheme
    lat, lon = (pd.to_numeric(out[c], errors="coerce").to_numpy(float, copy=True) if c in out else np.full(n, np.nan)
                for c in ("latitude", "longitude"))
    state = np.where(np.isnan(lat) | np.isnan(lon), UNLOCATED, RECORD).astype(np.int8)
    gaz_source = np.full(n, "", dtype=object)

    def from_gazetteer(names: pd.Series, need: np.ndarray, found: int) -> None:
        """The rows `need` placed at the gazetteer's point for `names`, marked `found`."""
        if not len(need) or gazetteer.empty:
            return
        keys = pd.DataFrame({"key": _map_unique(names.iloc[need], fold_name).fillna(""),
                             "region_iso": region_2016.iloc[need].to_numpy()}, index=need)
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
    if "cercle" in out:   # a cercle bears the name of its chief town
        from_gazetteer(out["cercle"], np.flatnonzero(state == UNLOCATED), CERCLE_TOWN)
    from_gazetteer(capital, np.flatnonzero((state == UNLOCATED) & capital.notna().to_numpy()), REGION_TOWN)

    need = np.flatnonzero((state == UNLOCATED) & region_iso.notna().to_numpy())
    if allow_region_centroid and len(need):
        anchors = boundaries.dropna(subset=["iso_code"]).drop_duplicates("iso_code").set_index("iso_code")
        anchor_pts = anchors.geometry.representative_point()
        codes = region_iso.iloc[need]
        codes = codes.where(codes.isin(anchor_pts.index), _map_unique(codes, PARENT_2016.get))   # a 2023 region: its parent's
        known = need[codes.isin(anchor_pts.index).to_numpy()]
        at = codes[codes.isin(anchor_pts.index)]
        lon[known] = anchor_pts.x.reindex(at).to_numpy()
        lat[known] = anchor_pts.y.reindex(at).to_numpy()
        state[known] = REGION_CENTROID

    out["latitude"], out["longitude"] = lat, lon
    out["location_source"] = pd.Categorical.from_codes(state, LOCATION_SOURCES)
    out["approximate"] = (state == REGION_CENTROID) | (state == NEAR_PLACE) | (state == CERCLE_TOWN) | (state == REGION_TOWN)
    out["gazetteer_source"] = gaz_source
    return out


def placed_only_by_region(records: pd.DataFrame) -> pd.Series:
    """True for the records whose only position stands for their region (its representative point,
    or a 2023 region's capital town): maps count them in the region's shading and say how many there
    are, but never draw them as a point (the point is not their place, and can lie in another
    region's land)."""
    if "location_source" not in records:
        return pd.Series(False, index=records.index)
    return records["location_source"].isin(["region_centroid", "region_town"])


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


def join_to_regions(located: pd.DataFrame, boundaries: gpd.GeoDataFrame,
                    cercles: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Add `joined_iso` (the polygon holding the point) and `assigned_iso`: the record's own region
    when it names one the set has (or one older than the set, as Ménaka on Natural Earth), else the
    polygon it falls in; a 2023 region the set lacks goes to the polygon its point lies in, else to
    the region it was cut from, and `location_note` says so. With `cercles` (the set's admin-2
    frame), `cercle_code` and `cercle_name`: the cercle the record names, else the polygon its point
    lies in (not a point that stands for its whole region). Spatial index, no Python loop over rows."""
    out = located.copy(deep=False)
    out["joined_iso"] = points_in_regions(out["longitude"], out["latitude"], boundaries)
    own = out["region_iso"] if "region_iso" in out else pd.Series([None] * len(out), index=out.index)
    present = set(boundaries["iso_code"].dropna())
    newer = own.isin(list(PARENT_2016)) & ~own.isin(present)
    assigned = own.where(own.notna() & ~newer, out["joined_iso"])
    assigned = assigned.where(assigned.notna() | ~newer, _map_unique(own, PARENT_2016.get))
    out["assigned_iso"] = assigned
    notes = np.full(len(out), None, dtype=object)
    if newer.any():
        pairs = pd.DataFrame({"own": own[newer], "under": assigned[newer]})
        said = {(a, b): Message("note_region_2023", region=region_name(a), parent=region_name(b) or str(b))
                for a, b in pairs.drop_duplicates().itertuples(index=False)}
        notes[newer.to_numpy()] = [said[(a, b)] for a, b in pairs.itertuples(index=False)]
    out["location_note"] = pd.Series(notes, index=out.index, dtype=object)
    return join_to_cercles(out, cercles if cercles is not None else no_cercles())


def join_to_cercles(joined: pd.DataFrame, cercles: gpd.GeoDataFrame) -> pd.DataFrame:
    """`cercle_code` and `cercle_name` of each record (None where the set has no cercles, or none
    fits): the cercle it names (its P-code, or its name within the record's region), else the
    cercle polygon its point lies in, unless that point only stands for its region."""
    out = joined
    n = len(out)
    if not len(cercles):
        out["cercle_code"] = pd.Series(None, index=out.index, dtype=object)
        out["cercle_name"] = pd.Series(None, index=out.index, dtype=object)
        return out
    by_region = pd.DataFrame({"key": cercles["cercle"].map(fold_name), "iso_code": cercles["iso_code"],
                              "code": cercles["cercle_code"]})
    named = pd.Series(None, index=out.index, dtype=object)
    if "cercle" in out:
        wrote = out["cercle"].astype(object).where(out["cercle"].notna(), None)
        codes = set(cercles["cercle_code"])
        named = _map_unique(wrote, lambda c: c.strip() if c.strip() in codes else None)
        keys = pd.DataFrame({"key": _map_unique(wrote, fold_name), "iso_code": out["assigned_iso"].to_numpy(),
                             "_row": np.arange(n)})
        hits = keys.merge(by_region, on=["key", "iso_code"], how="inner").drop_duplicates("_row")
        if len(hits):   # the same name within the same region: that cercle
            found = pd.Series(None, index=range(n), dtype=object)
            found[hits["_row"].to_numpy()] = hits["code"].to_numpy()
            named = named.where(named.notna(), pd.Series(found.to_numpy(), index=out.index))
        unique = by_region.drop_duplicates("key", keep=False).set_index("key")["code"]   # a name no other cercle has
        named = named.where(named.notna(), keys["key"].map(unique).set_axis(out.index))
    stands_for_region = placed_only_by_region(out).to_numpy()
    lon = out["longitude"].to_numpy(float, copy=True)
    lat = out["latitude"].to_numpy(float, copy=True)
    lon[stands_for_region] = np.nan
    lat[stands_for_region] = np.nan
    polygon = points_in_regions(lon, lat, cercles, "cercle_code").set_axis(out.index)
    out["cercle_code"] = named.where(named.notna(), polygon)
    out["cercle_name"] = out["cercle_code"].map(cercles.set_index("cercle_code")["cercle"])
    return out
