"""Public mode: cantonment sites and MOC camps appear only as counts per region, and records carry
only the fields the dashboard defines.

Turned on by the environment variable PUBLIC_MODE, or `public_mode` in dashboard.toml (see
geo.settings for the accepted values). A value that cannot be read, a file that is not valid TOML,
or the key under a section all give the public view, with the reason on the badge and in the log.
Exact site coordinates then leave no output, nor a column a partner added to its sheet (the store
keeps them in `extra`), nor the name of the file a submission came in.

>>> "extra" in public_columns("cvr_projects"), "source_doc" in public_columns("cvr_projects")
(False, True)
"""
from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.messages import Message
from geo.schema import SCHEMAS
from geo.settings import public_mode

# What a public file may say of a record: the fields partners fill (geo.schema.SCHEMAS), the columns
# the shipped tables add to them (identifiers, qualifiers, French wording, dates' precision, places'
# quotes, provenance: the headers of data/<kind>.csv, which tests/test_export_published.py checks)
# and where the dashboard placed the record. Nothing else: not a column a partner added (the store
# keeps them in `extra`), nor the submission's file name, number, times or status.
SHIPPED_COLUMNS = {
    "cvr_projects": ("project_id", "title", "place", "region", "place_inferred", "partner", "cost_xof", "beneficiaries",
                     "beneficiaries_qualifier", "youth", "youth_qualifier", "women", "members", "launch_date",
                     "date_precision", "duration_months", "planned_figures", "category", "category_fr", "latitude",
                     "longitude", "near_place", "radius_km", "radius_km_qualifier", "near_quote", "source_doc",
                     "source_quote"),
    "sites": ("site_id", "name", "site_type", "place", "region", "place_inferred", "status", "status_fr", "works",
              "status_quote", "date_start", "date_quote", "latitude", "longitude", "source_doc", "source_quote"),
    "trainings": ("training_id", "session_id", "title", "activity_type", "date_text", "date_start", "date_end",
                  "date_precision", "place", "venue", "place_quote", "place_inferred", "region", "organiser",
                  "audience", "audience_fr", "men", "women", "total", "total_qualifier", "note", "latitude",
                  "longitude", "source_doc", "source_quote", "source_doc_2", "source_quote_2"),
}
PLACEMENT_COLUMNS = ("region_iso", "assigned_iso", "location_source", "approximate", "gazetteer_source")
# What the app computes a public view with, never written in a public file: the record's row, its
# point and the polygon it lies in, where it comes from (the Data page), its submission's period (the
# period filter), status and number (a pending record's mark, shown only to its own organisation).
WORKING_COLUMNS = ("row", "geometry", "joined_iso", "origin", "period", "submission_status", "submission_id")


def public_columns(kind: str) -> tuple[str, ...]:
    """The columns a public file may carry for a record of `kind` (one of geo.schema.RECORD_KINDS)."""
    return tuple(dict.fromkeys([*SHIPPED_COLUMNS[kind], *(f.name for f in SCHEMAS[kind]), *PLACEMENT_COLUMNS]))

# Site columns that say nothing finer than the region; every other column is emptied in public mode
# (names, places, quotes and any column a partner added, such as "GPS" or "Adresse").
SITE_COLUMNS_KEPT = ("row", "site_type", "region", "region_iso", "joined_iso", "assigned_iso", "status",
                     "status_fr", "works", "date_start", "date_precision", "source_doc", "approximate")


def public_records(table, kind: str):
    """`table` (records of `kind`) as the public view holds it: only the columns of public_columns
    and WORKING_COLUMNS, and a partner's submission (published, or pending for its own organisation)
    named in `source_doc` by its organisation and period ("ACAS, 2024-Q1") instead of its file name.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"title": ["Forage"], "source_doc": ["acas_t1.xlsx"], "organisation": ["ACAS"],
    ...                       "period": ["2024-Q1"], "extra": ['{"Remarques": "..."}'], "file_name": ["acas_t1.xlsx"]})
    >>> public_records(table, "cvr_projects").to_dict("records")
    [{'title': 'Forage', 'source_doc': 'ACAS, 2024-Q1', 'period': '2024-Q1'}]
    """
    keep = set(public_columns(kind)) | set(WORKING_COLUMNS)
    out = table.drop(columns=[c for c in table.columns if c not in keep])
    if "organisation" in table and "source_doc" in out:
        submitted = table["organisation"].notna().to_numpy()
        if submitted.any():
            who = pd.DataFrame(table[[c for c in ("organisation", "period") if c in table]])[submitted]
            source = out["source_doc"].astype(object).to_numpy(copy=True)
            source[submitted] = submission_words(who)
            out["source_doc"] = source
    return out


def submission_words(records) -> np.ndarray:
    """'ACAS, 2024-Q1' for each record of a partner's submission (its organisation and period), made
    once per distinct pair: a million records come from a few submissions."""
    period = records["period"] if "period" in records else pd.Series(None, index=records.index, dtype=object)
    org_codes, orgs = pd.factorize(records["organisation"])
    period_codes, periods = pd.factorize(period.fillna(""))
    width = max(len(periods), 1)
    pairs, at = np.unique(org_codes.astype(np.int64) * width + period_codes, return_inverse=True)
    words = [(orgs[p // width], periods[p % width]) for p in pairs]
    return np.array([f"{org}, {when}" if when else str(org) for org, when in words], dtype=object)[at]


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
    a CVR project or a training in a town sits on the same gazetteer point as the camp there. Every
    record keeps only the columns the dashboard defines (public_records), before anything else."""
    if not (public_mode() if enabled is None else enabled) or dataset.public:
        return dataset
    redacted = redact_sites(dataset.with_tables(**{kind: public_records(table, kind) for kind, table in dataset.records()}))
    return redacted.with_tables(cvr_projects=round_coordinates(redacted.cvr_projects),
                                trainings=round_coordinates(redacted.trainings), public=True)
