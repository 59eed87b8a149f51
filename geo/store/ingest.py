"""A validated file (geo.read.validate.ValidationReport) as the store's rows: its accepted records
(COPY on PostgreSQL, the driver's executemany on SQLite, and a Parquet snapshot), its rejected rows
with their reasons and cells, and its report as JSON. Everything runs inside the caller's
transaction: a crash leaves nothing half-written."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from geo.store import tables as T
from geo.store.messages_json import message_to_json
from geo.store.snapshots import snapshot_bytes

RECORD_COLUMNS = [c.name for c in T.records.columns if c.name not in ("id", "submission_id")]
CHUNK = 50_000   # rows per insert batch


def sha256_of(data: bytes) -> str:
    """A file's fingerprint: the same file twice is the same submission."""
    return hashlib.sha256(data).hexdigest()


def insert_records(c, submission_id: int, kind: str, located: pd.DataFrame) -> None:
    """The accepted records (located and assigned to a region) of one submission, and their snapshot;
    the columns the schema does not know stay in `extra` (JSON)."""
    if not len(located):
        return
    frame = pd.DataFrame(index=located.index)
    for name in RECORD_COLUMNS:
        frame[name] = located.get(name)
    frame["kind"] = kind
    frame["location_source"] = located["location_source"].astype(str)
    frame["approximate"] = located["approximate"].astype(bool)
    known = set(RECORD_COLUMNS) | {"geometry"}
    extra = [col for col in located.columns if col not in known]
    frame["extra"] = extra_json(located[extra]) if extra else None
    frame["submission_id"] = submission_id
    # the columns that hold something (a kind uses a third of the fields): the others stay NULL
    columns = [name for name in frame.columns if frame[name].notna().any()]
    chunks = (_plain_rows(frame.iloc[start:start + CHUNK][columns]) for start in range(0, len(frame), CHUNK))
    if c.dialect.name == "postgresql":
        _copy_rows(c, T.records, columns, (row for chunk in chunks for row in chunk))
    else:   # the driver's own executemany, in chunks: a million rows without a million dicts
        sql = f"INSERT INTO records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        cursor = c.connection.driver_connection.cursor()
        for chunk in chunks:
            cursor.executemany(sql, chunk)
    c.execute(sa.insert(T.record_snapshots).values(submission_id=submission_id, data=snapshot_bytes(frame)))


def extra_json(columns: pd.DataFrame) -> np.ndarray:
    """Each row's cells of `columns` that hold something, as the JSON object
    json.dumps({column: value}, ensure_ascii=False, default=str) writes (the columns in order, an
    empty cell left out; '{}' for a row with none), built a column at a time: each distinct value
    is written once, and the pieces of a row are joined by Arrow.

    >>> extra_json(pd.DataFrame({"Code": ["A1", None], "n": [1.5, 2.0], "note": [None, None]})).tolist()
    ['{"Code": "A1", "n": 1.5}', '{"n": 2.0}']
    """
    pieces = []
    for name in columns.columns:
        values = columns[name].astype(object).to_numpy()
        present = pd.notna(values)
        if pd.api.types.infer_dtype(values[present], skipna=False) == "string":
            texts = _json_strings(pa.array(np.where(present, values, None), type=pa.string()))
        else:
            codes = np.full(len(values), -1, dtype=np.int64)
            codes[present], written = _each_once(values[present])
            texts = pa.array(written, type=pa.string()).take(pa.array(codes, mask=~present))
        key = ", " + json.dumps(str(name), ensure_ascii=False) + ": "
        pieces.append(pc.fill_null(pc.binary_join_element_wise(key, texts, ""), ""))
    # every piece begins ", ": the row's first one loses it (Arrow's own null skipping drops rows)
    joined = pc.utf8_slice_codeunits(pc.binary_join_element_wise(*pieces, ""), start=2)
    return pc.binary_join_element_wise("{", joined, "}", "").to_numpy(zero_copy_only=False)


def _json_strings(texts: pa.Array) -> pa.Array:
    """json.dumps(text, ensure_ascii=False) of each text (null stays null): quoted by Arrow, and
    by json.dumps itself for the few with a quotation mark, a backslash or a control character."""
    special = pc.fill_null(pc.match_substring_regex(texts, r'["\\\x00-\x1f]'), False)
    quoted = pc.binary_join_element_wise('"', texts, '"', "")
    at = np.flatnonzero(special.to_numpy(zero_copy_only=False))
    if not len(at):
        return quoted
    written = [json.dumps(text, ensure_ascii=False) for text in texts.take(pa.array(at)).to_pylist()]
    mask = np.zeros(len(texts), dtype=bool)
    mask[at] = True
    return pc.replace_with_mask(quoted, pa.array(mask), pa.array(written, type=pa.string()))


# Values of one kind compare as themselves: 1 and 1.0 and True would be one value to a hash table.
_ONE_KIND = {"string", "floating", "integer", "boolean", "date", "datetime", "timedelta"}


def _each_once(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """(each value's code, json.dumps(value, ensure_ascii=False, default=str) of each code): each
    distinct value written once when the values are all of one kind, else each one by itself."""
    if pd.api.types.infer_dtype(values, skipna=False) not in _ONE_KIND:
        return np.arange(len(values)), [json.dumps(v, ensure_ascii=False, default=str) for v in values]
    codes, uniques = pd.factorize(values)
    return codes, [json.dumps(v, ensure_ascii=False, default=str) for v in uniques]


def insert_rejected(c, submission_id: int, report, raw_table) -> None:
    """Every rejected row with its reasons, and its cells as read (from `raw_table`, when given)."""
    if not report.rejected:
        return
    cells = {}
    if raw_table is not None:
        wanted = {r["row"] for r in report.rejected}
        positions = [i for i, n in enumerate(raw_table.row_numbers) if n in wanted]
        part = raw_table.frame.iloc[positions]
        for number, values in zip((raw_table.row_numbers[i] for i in positions), part.itertuples(index=False)):
            cells[number] = json.dumps(dict(zip(part.columns, values)), ensure_ascii=False, default=str)
    c.execute(sa.insert(T.rejected_rows), [
        {"submission_id": submission_id, "row": r["row"], "cells": cells.get(r["row"]),
         "reasons": json.dumps([message_to_json(m) for m in r["reasons"]], ensure_ascii=False)}
        for r in report.rejected])


def report_json(report) -> dict:
    """What the submission keeps of its validation: mapping, unit, notes and warnings."""
    return {"file": report.file, "kind": report.kind, "mapping": report.mapping, "blank_rows": report.blank_rows,
            "unit": report.unit, "notes": [message_to_json(n) for n in report.notes],
            "warnings": [{"row": w["row"], "message": message_to_json(w["message"])} for w in report.warnings]}


def _plain_rows(frame: pd.DataFrame) -> list[tuple]:
    """Rows of Python values a database driver takes: None for NaN/NaT, dates as dates."""
    columns = []
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_float_dtype(values):
            array = values.to_numpy(dtype=object)
            array[np.isnan(values.to_numpy(dtype=float))] = None
        else:
            array = values.astype(object).where(values.notna(), None).to_numpy(dtype=object)
        columns.append(array)
    return list(zip(*columns)) if columns else []


def _copy_rows(c, table: sa.Table, columns: list[str], rows) -> None:
    """PostgreSQL's COPY: far faster than INSERT for a large submission, in the same transaction."""
    cursor = c.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
