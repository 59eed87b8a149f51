"""Each submission's records again as one Parquet file (the record_snapshots table): loading a million
published records for the app is a read of a few files, not of a million rows."""
from __future__ import annotations

import io
from collections.abc import Iterable

import pandas as pd


def snapshot_bytes(chunks: Iterable, schema) -> bytes:
    """The records of one submission as a Parquet file (zstd), from its chunks (pyarrow Tables of
    `schema`, the types from every row), one row group each: a million records are never converted
    all at once."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    with pq.ParquetWriter(buffer, schema, compression="zstd") as writer:
        for table in chunks:
            writer.write_table(table)
    pa.default_memory_pool().release_unused()
    return buffer.getvalue()


def read_snapshot(data: bytes) -> pd.DataFrame:
    """A snapshot back as a DataFrame: one block per column (no copy to merge blocks), and without
    the columns that hold nothing (a kind uses a third of the fields)."""
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(data))
    table = table.select([n for n, column in zip(table.column_names, table.columns) if column.null_count < len(column)])
    return table.to_pandas(split_blocks=True, self_destruct=True, date_as_object=True)
