"""Public mode: cantonment sites and MOC camps appear only as counts per region.

Turned on by the environment variable PUBLIC_MODE, or `public_mode` in dashboard.toml (see
geo.settings for the accepted values). A value that cannot be read, a file that is not valid TOML,
or the key under a section all give the public view, with the reason on the badge and in the log.
Exact site coordinates then leave no output.
"""
from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.messages import Message
from geo.settings import public_mode

# Site columns that say nothing finer than the region; every other column is emptied in public mode
# (names, places, quotes and any column a partner added, such as "GPS" or "Adresse").
SITE_COLUMNS_KEPT = ("row", "site_type", "region", "region_iso", "joined_iso", "assigned_iso", "status",
                     "status_fr", "works", "date_start", "date_precision", "source_doc", "approximate")


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
                   rejected=[{**r, "reasons": [hide_coordinates(x) for x in r["reasons"]]} for r in report.rejected],
                   warnings=[{**w, "message": hide_coordinates(w["message"])} for w in report.warnings])


def hide_coordinates(message):
    """A validation Message with every coordinate it quotes replaced by 'hidden' (in any language)."""
    if not isinstance(message, Message):
        return message
    values = {k: Message("where_hidden") if isinstance(v, Message) and v.key == "where_coordinates"
              else hide_coordinates(v) for k, v in message.values.items()}
    return Message(message.key, **values)


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
    if not (public_mode() if enabled is None else enabled) or dataset.public:
        return dataset
    redacted = redact_sites(dataset)
    return redacted.with_tables(cvr_projects=round_coordinates(redacted.cvr_projects),
                                trainings=round_coordinates(redacted.trainings), public=True)
