"""Activities the sources name with a place and a period but no figure (2019-2020: the Prytanée
Militaire in Kati, the Douentza aerodrome, the religious-affairs offices...): data/activities.csv,
each placed by the gazetteer like any record, never counted in a figure.

>>> table = located_activities()
>>> table.set_index("activity_id").loc["DOUENTZA-AERODROME", "assigned_iso"]
'ML-5'
"""
from __future__ import annotations

import functools

import pandas as pd

from geo.paths import DATA_DIR


@functools.lru_cache(maxsize=1)
def located_activities() -> pd.DataFrame:
    """data/activities.csv with latitude, longitude, location_source and assigned_iso (the region
    of the gazetteer's point for the place, joined to the shipped boundaries)."""
    from geo.model.locate import join_to_regions, locate
    from geo.read.boundaries import load_boundaries
    from geo.read.gazetteer import load_gazetteer

    table = pd.read_csv(DATA_DIR / "activities.csv", dtype=str, keep_default_na=False)
    boundaries = load_boundaries().frame
    return join_to_regions(locate(table, load_gazetteer(), boundaries, allow_region_centroid=False), boundaries)
