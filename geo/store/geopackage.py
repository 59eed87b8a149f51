"""The store's records as a GeoPackage for QGIS: one point layer per record kind, with the
submission's columns."""
from __future__ import annotations

from pathlib import Path


def write_geopackage(store, path, status: str | None = "published", public: bool = False) -> dict[str, int]:
    """Records of `store` (of submissions in `status`; None: all) written to `path`. In the public
    view the sites layer is left out (their positions never leave). Returns {layer: features}."""
    import geopandas as gpd

    from geo.model.locate import with_points
    from geo.schema import RECORD_KINDS, SENSITIVE_KINDS

    path = Path(path)
    path.unlink(missing_ok=True)
    written = {}
    for kind in RECORD_KINDS:
        frame = store.records(status=status, kind=kind)
        if not len(frame) or (public and kind in SENSITIVE_KINDS):
            continue
        empty = [c for c in frame.columns if c not in ("latitude", "longitude") and frame[c].isna().all()]
        layer = gpd.GeoDataFrame(with_points(frame.drop(columns=empty)))
        for column in layer.columns:
            if column != "geometry" and layer[column].dtype == object:
                layer[column] = layer[column].map(lambda v: None if v is None else str(v))
        layer.to_file(path, layer=kind, driver="GPKG")
        written[kind] = len(layer)
    return written
