"""What a submission changes against the organisation's previous published one for the same kind and
period, for the reviewer: the records added, removed and changed."""
from __future__ import annotations

import pandas as pd

from geo.store import tables as T


def record_changes(new: pd.DataFrame, old: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """{"added", "removed", "changed"} frames of records (empty when none). A record is known by its
    title (or name), place and region; 'changed' when any other field differs."""
    fields = [f for f in T.TEXT_FIELDS + T.NUMBER_FIELDS + T.DATE_FIELDS + ("latitude", "longitude")
              if f in new.columns]
    key = [f for f in ("title", "name", "place", "region") if f in new.columns]
    new_keys, old_keys = _keys(new, key), _keys(old, key)
    added = new[~new_keys.isin(old_keys)]
    removed = old[~old_keys.isin(new_keys)]
    both = new[new_keys.isin(old_keys)].assign(_key=new_keys).merge(
        old.assign(_key=old_keys)[["_key", *fields]], on="_key", suffixes=("", "_before"))
    differs = pd.Series(False, index=both.index)
    for f in fields:
        a, b = both[f].astype(str).where(both[f].notna(), ""), both[f"{f}_before"].astype(str).where(
            both[f"{f}_before"].notna(), "")
        differs |= a != b
    return {"added": added, "removed": removed, "changed": both[differs].drop(columns="_key")}


def _keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    from geo.text import fold

    if not len(frame):
        return pd.Series([], dtype=object)
    return frame[columns].astype(str).where(frame[columns].notna(), "").apply(
        lambda r: "|".join(fold(v) for v in r), axis=1)
