"""The dataset (geo.model.dataset) with the store's published records beside the shipped ones: what
every page, summary and export shows."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from geo.store.store import Store


def with_published(dataset, store: Store, status: str = "published", organisation: str | None = None):
    """The dataset with the store's published records beside the shipped ones (each keeps its
    submission's id, organisation and period; `source_doc` is the file it came in). With
    status="pending" and an organisation: that organisation's submissions waiting for review, which
    its own people see marked as not yet published. The records are joined again to the dataset's
    boundary set (the organisation's may have changed since they were stored): the region and cercle
    they count under are those of the set shown."""
    from geo.model.dataset import concat_records
    from geo.model.locate import join_to_regions, with_points
    from geo.schema import RECORD_KINDS

    everything = store.published_records() if status == "published" and organisation is None else None
    tables = {}
    for kind in RECORD_KINDS:
        if everything is not None:
            mine = everything["kind"].eq(kind).to_numpy()
            records = everything if mine.all() else everything[mine]   # one kind only: no copy
        else:
            records = store.records(status=status, kind=kind, organisation=organisation)
        if len(records):
            records = records.copy(deep=False)
            records["origin"] = status
            _precision_from_extra(records)
            records = join_to_regions(records, dataset.boundaries, dataset.cercles)
            tables[kind] = concat_records(dataset.table(kind), with_points(records))
    return dataset.with_tables(**tables) if tables else dataset


def _precision_from_extra(records: pd.DataFrame) -> None:
    """A date's precision ('août 2017': month) travels in `extra`; bring it back as its column, where
    any record has one (parsing only those rows' JSON)."""
    if "extra" not in records:
        return
    has = records["extra"].astype(str).str.contains('"date_precision"', regex=False, na=False).to_numpy()
    if has.any():
        precision = pd.Series(None, index=records.index, dtype=object)
        precision[has] = [json.loads(text).get("date_precision") for text in records.loc[has, "extra"]]
        records["date_precision"] = precision
