"""Each submission's records again as one Parquet file (the record_snapshots table): loading a million
published records for the app is a read of a few files, not of a million rows."""
from __future__ import annotations

import io

import pandas as pd

ROW_GROUP = 50_000   # rows converted to Arrow at a time: a million records never all at once


def snapshot_bytes(frame: pd.DataFrame) -> bytes:
    """The records of one submission as a Parquet file (zstd), written ROW_GROUP rows at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    schema = pa.Schema.from_pandas(frame, preserve_index=False) if len(frame) else None   # types from every row
    if schema is None:
        frame.to_parquet(buffer, index=False, compression="zstd")
        return buffer.getvalue()
    with pq.ParquetWriter(buffer, schema, compression="zstd") as writer:
        for start in range(0, len(frame), ROW_GROUP):
            writer.write_table(pa.Table.from_pandas(frame.iloc[start:start + ROW_GROUP], schema=schema,
                                                    preserve_index=False))
    pa.default_memory_pool().release_unused()
    return buffer.getvalue()


def read_snapshot(data: bytes) -> pd.DataFrame:
    """A snapshot back as a DataFrame: one block per column (no copy to merge blocks), and without
    the columns that hold nothing (a kind uses a third of the fields)."""
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(data))
    table = table.select([n for n, column in zip(table.column_names, table.columns) if column.null_count < len(column)])
    return table.to_pandas(split_blocks=True, self_destruct=True, date_as_object=True)
