"""Public mode: cantonment sites and MOC camps appear only as counts per region.

Turned on by the environment variable PUBLIC_MODE=1, or `public_mode = true` in the app's config
file (dashboard.toml at the repository root). Exact site coordinates then leave no output.
"""
from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

CONFIG = Path(__file__).resolve().parent.parent / "dashboard.toml"
TRUE = {"1", "true", "yes", "on"}


def public_mode() -> bool:
    """PUBLIC_MODE from the environment, else `public_mode` in dashboard.toml; off by default."""
    value = os.environ.get("PUBLIC_MODE")
    if value is not None and value.strip() != "":
        return value.strip().lower() in TRUE
    try:
        modified = CONFIG.stat().st_mtime_ns
    except OSError:
        return False
    return _config_says_public(CONFIG, modified)


@functools.lru_cache(maxsize=4)
def _config_says_public(path: Path, modified: int) -> bool:
    """Read once per version of the file (pages ask many times per rerun)."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return str(config.get("public_mode", config.get("PUBLIC_MODE", ""))).strip().lower() in TRUE


# Site columns that say nothing finer than the region; every other column is emptied in public mode
# (names, places, quotes and any column a partner added, such as "GPS" or "Adresse").
SITE_COLUMNS_KEPT = ("row", "site_type", "region", "region_iso", "joined_iso", "assigned_iso", "status",
                     "status_fr", "works", "date_start", "date_precision", "source_doc", "approximate")
_COORDINATES = re.compile(r"coordinates -?\d+(\.\d+)?, -?\d+(\.\d+)?")


def redact_sites(dataset):
    """The dataset with sites reduced to what a count per region needs.

    Coordinates and geometry are removed, location_source becomes "hidden", site_id becomes an
    anonymous SITE-n, and every text column not in SITE_COLUMNS_KEPT (name, place, source_quote,
    columns a partner added) is emptied. The sites' validation report, if any, loses its
    coordinates too. Region counts are unchanged.
    """
    sites = dataset.sites.copy()
    if len(sites):
        for column in sites.columns:
            if column not in SITE_COLUMNS_KEPT and column != sites.geometry.name:
                sites[column] = None
        sites["latitude"] = np.nan
        sites["longitude"] = np.nan
        sites["geometry"] = None
        sites["location_source"] = "hidden"
        sites["site_id"] = [f"SITE-{i}" for i in range(1, len(sites) + 1)]
    reports = dict(getattr(dataset, "reports", {}) or {})
    if "sites" in reports:
        reports["sites"] = _redact_report(reports["sites"])
    return dataset.with_tables(sites=sites, reports=reports)


def _redact_report(report):
    """The sites' report as the redacted table: accepted rows keep region-level columns only, and
    a message naming coordinates names none."""
    accepted = report.accepted.copy()
    for column in accepted.columns:
        if column not in SITE_COLUMNS_KEPT:
            accepted[column] = None
    return replace(report, accepted=accepted, hide_coordinates=True,
                   rejected=[{**r, "reasons": [_hide_coordinates(x) for x in r["reasons"]]} for r in report.rejected],
                   warnings=[{**w, "message": _hide_coordinates(w["message"])} for w in report.warnings])


def _hide_coordinates(text):
    """Text that names coordinates, with them hidden; other text (a translatable Message) as it is."""
    return _COORDINATES.sub("the coordinates (hidden in public mode)", text) if _COORDINATES.search(text) else text


PUBLIC_DECIMALS = 1  # about 11 km: other records often share a site's town point


def round_coordinates(table):
    """Latitude, longitude and point geometry rounded to PUBLIC_DECIMALS degrees (a copy)."""
    out = table.copy()
    for column in ("latitude", "longitude"):
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce").round(PUBLIC_DECIMALS)
    if isinstance(out, gpd.GeoDataFrame) and len(out) and {"latitude", "longitude"} <= set(out.columns):
        located = out.geometry.notna().to_numpy()
        points = np.full(len(out), None, dtype=object)
        points[located] = shapely.points(out["longitude"].to_numpy(float)[located], out["latitude"].to_numpy(float)[located])
        out = out.set_geometry(gpd.GeoSeries(points, index=out.index, crs=out.crs))
    return out


def apply_public_mode(dataset, enabled: bool | None = None):
    """Redact when public mode is on (read from the environment/config unless `enabled` is given):
    sites become counts per region, and every other record's point is rounded to 0.1 degree, since
    a CVR project or a training in a town sits on the same gazetteer point as the camp there."""
    if not (public_mode() if enabled is None else enabled):
        return dataset
    redacted = redact_sites(dataset)
    return redacted.with_tables(cvr_projects=round_coordinates(redacted.cvr_projects),
                                trainings=round_coordinates(redacted.trainings))
