"""The store's records as a GeoPackage for QGIS: one point layer per record kind, with the
submission's columns.

The public view (--public, or the server's PUBLIC_MODE / public_mode) goes through the same
redaction as every other output (geo.model.public): sites only as counts per region (a table
layer, `site_counts`, as the CSV export gives them); every other record with only the columns a
public file may carry (public_records: not the partner's file name, nor the columns the partner
added, kept in `extra`, which may hold anything: a GPS column, a telephone number; its submission
named by organisation and period) and its point rounded to 0.1 degree.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_geopackage(store, path, status: str | None = "published", public: bool | None = None) -> dict[str, int]:
    """Records of `store` (of submissions in `status`; None: all) written to `path`, in the public
    view when `public` (None: the server's setting). Returns {layer: features or rows}."""
    import geopandas as gpd
    import pyogrio

    from geo.model.locate import with_points
    from geo.model.public import WORKING_COLUMNS, public_records, round_coordinates
    from geo.schema import RECORD_KINDS, SENSITIVE_KINDS
    from geo.settings import public_mode

    public = public_mode() if public is None else public
    path = Path(path)
    path.unlink(missing_ok=True)
    written = {}
    for kind in RECORD_KINDS:
        frame = store.records(status=status, kind=kind)
        if not len(frame):
            continue
        if public and kind in SENSITIVE_KINDS:
            counts = site_counts(frame)
            pyogrio.write_dataframe(counts, path, layer="site_counts", driver="GPKG")
            written["site_counts"] = len(counts)
            continue
        if public:   # what the app computes with (row, period, submission) is not written either
            frame = round_coordinates(public_records(frame, kind))
            frame = frame.drop(columns=[c for c in WORKING_COLUMNS if c in frame])
        empty = [c for c in frame.columns if c not in ("latitude", "longitude") and frame[c].isna().all()]
        layer = gpd.GeoDataFrame(with_points(frame.drop(columns=empty)))
        for column in layer.columns:
            if column != "geometry" and layer[column].dtype == object:
                layer[column] = layer[column].map(lambda v: None if v is None else str(v))
        layer.to_file(path, layer=kind, driver="GPKG")
        written[kind] = len(layer)
    return written


def site_counts(sites: pd.DataFrame) -> pd.DataFrame:
    """Sites as the public view gives them: how many per region (assigned at ingest), of each type;
    nothing else."""
    from geo.regions import region_name

    kind = sites["site_type"] if "site_type" in sites else pd.Series(None, index=sites.index, dtype=object)
    counts = pd.DataFrame({"iso_code": sites["assigned_iso"], "sites": 1,
                           "cantonment_sites": kind.eq("cantonment").astype(int),
                           "moc_camps": kind.eq("moc_camp").astype(int)}).groupby("iso_code", dropna=False).sum()
    counts = counts.reset_index()
    counts.insert(1, "region", counts["iso_code"].map(region_name))
    return counts
