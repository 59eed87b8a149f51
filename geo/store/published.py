"""The dataset (geo.model.dataset) with the store's published records beside the shipped ones: what
every page, summary and export shows."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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

    snapshots = status == "published" and organisation is None   # the fast path: Parquet, kind by kind
    tables = {}
    for kind in RECORD_KINDS:
        if snapshots:
            records = store.published_records(kind)
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
    any record has one. The key is found in the JSON text by one vectorised pattern (ingest writes
    `"date_precision": "month"`); a value with an escape in it is read by the JSON parser."""
    if "extra" not in records:
        return
    text = pa.array(records["extra"].astype(object).where(records["extra"].notna(), None).to_numpy(dtype=object),
                    type=pa.string())
    found = pc.extract_regex(text, _PRECISION)
    has = pc.fill_null(pc.is_valid(found), False).to_numpy(zero_copy_only=False)
    if not has.any():
        return
    values = found.field("value")
    escaped = has & pc.fill_null(pc.match_substring(values, "\\"), False).to_numpy(zero_copy_only=False)
    values = values.to_numpy(zero_copy_only=False)
    values[escaped] = [json.loads(t).get("date_precision") for t in records.loc[escaped, "extra"]]   # rare
    precision = pd.Series(None, index=records.index, dtype=object)
    precision[has] = values[has]
    records["date_precision"] = precision


# The key as a key (after '{' or ', '), not a value that holds its name (a value's quotes are escaped).
_PRECISION = r'(?:^\{|, )"date_precision": "(?P<value>(?:[^"\\]|\\.)*)"'
