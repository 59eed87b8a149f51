"""A validated file (geo.read.validate.ValidationReport) as the store's rows: its accepted records
(COPY on PostgreSQL, the driver's executemany on SQLite, and a Parquet snapshot, a chunk at a
time), its rejected rows with their reasons and cells, and its report as JSON. Everything runs
inside the caller's transaction: a crash leaves nothing half-written."""
from __future__ import annotations

import hashlib
import io
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as csv
import sqlalchemy as sa

from geo.store import tables as T
from geo.store.messages_json import message_to_json
from geo.store.snapshots import snapshot_bytes

# the columns of a record as Store.records() gives them (extra_values comes back inside `extra`)
RECORD_COLUMNS = [c.name for c in T.records.columns if c.name not in ("id", "submission_id", "extra_values")]
CHUNK = 50_000   # rows per insert batch and per row group of the snapshot


def sha256_of(data: bytes) -> str:
    """A file's fingerprint: the same file twice is the same submission."""
    return hashlib.sha256(data).hexdigest()


def insert_records(c, submission_id: int, kind: str, located: pd.DataFrame) -> None:
    """The accepted records (located and assigned to a region) of one submission, and their snapshot;
    the cells of columns the schema does not know stay in `extra_values` (a JSON list in the order
    of the submission's `extra_columns`; the snapshot has them as `extra`, one JSON object a record).

    CHUNK rows at a time, each chunk once as Arrow: into the Parquet snapshot, and into the database
    (PostgreSQL: COPY of the CSV text Arrow writes; SQLite: the driver's executemany). The records
    of a million-row sheet are never all built at once beside the sheet they come from."""
    if not len(located):
        return
    extra = [col for col in located.columns if col not in _KNOWN]
    schema = _record_schema(located, bool(extra))
    # the columns that hold something (a kind uses a third of the fields): the others stay NULL
    columns = [name for name in schema.names if name != "extra" and _holds_something(name, located)]
    cursor = c.connection.driver_connection.cursor()
    # a column empty on every row adds nothing to an object (its empty cells are left out), nor is it
    # kept in the lists; one is, when all are, so that each record still has its '{}'
    kept = [name for name in extra if located[name].notna().any()] or extra[:1]
    if extra:
        c.execute(sa.update(T.submissions).where(T.submissions.c.id == submission_id)
                  .values(extra_columns=json.dumps([str(name) for name in kept], ensure_ascii=False)))

    def chunks():   # each chunk into the database as the snapshot takes it
        for start in range(0, len(located), CHUNK):
            part = located.iloc[start:start + CHUNK]
            pieces = _extra_pieces(part[extra]) if extra else None
            table = _record_table(part, schema, submission_id, kind, _as_objects(pieces, extra) if extra else None)
            rows = table.select(columns)
            if extra:
                lists = _as_lists([texts for name, texts in zip(extra, pieces) if name in kept])
                rows = rows.append_column("extra_values", pa.array(lists, type=pa.string()))
            if c.dialect.name == "postgresql":
                _copy_csv(cursor, rows)
            else:   # the driver's own executemany, a chunk at a time: a million rows without a million dicts
                names = rows.column_names
                cursor.executemany(f"INSERT INTO records ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                                   _plain_rows(part, rows))
            yield table

    data = snapshot_bytes(chunks(), schema)
    c.execute(sa.insert(T.record_snapshots).values(submission_id=submission_id, data=data))


_KNOWN = set(RECORD_COLUMNS) | {"geometry"}
SNAPSHOT_COLUMNS = [*RECORD_COLUMNS, "submission_id"]


def _record_table(part: pd.DataFrame, schema: pa.Schema, submission_id: int, kind: str,
                  extra: np.ndarray | None) -> pa.Table:
    """The rows of `part` as the snapshot has them (`schema`): the record columns in their order,
    those a sheet did not have empty, the others in `extra` (given: one JSON object a row), the
    submission's id last."""
    given = {"kind": np.full(len(part), kind, dtype=object), "location_source": part["location_source"].astype(str),
             "approximate": part["approximate"].astype(bool), "extra": extra,
             "submission_id": np.full(len(part), submission_id, dtype=np.int64)}
    arrays = []
    for field in schema:
        values = given[field.name] if field.name in given else part.get(field.name)
        arrays.append(pa.nulls(len(part), field.type) if values is None
                      else pa.array(values, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


def _record_schema(located: pd.DataFrame, has_extra: bool) -> pa.Schema:
    """The Arrow types of the record columns, from every row of `located` (as Arrow infers them from
    the whole column; a column of texts or of dates is known without asking Arrow to look at it)."""
    fields = []
    for name in SNAPSHOT_COLUMNS:
        if name in ("kind", "location_source") or (name == "extra" and has_extra):
            kind = pa.string()
        elif name == "approximate":
            kind = pa.bool_()
        elif name == "submission_id":
            kind = pa.int64()
        elif name not in located or (name == "extra" and not has_extra):
            kind = pa.null()
        elif located[name].dtype != object:
            kind = pa.Schema.from_pandas(located[[name]].iloc[:0], preserve_index=False).field(name).type
        else:
            inferred = pd.api.types.infer_dtype(located[name], skipna=True)
            kind = {"string": pa.string(), "date": pa.date32(), "empty": pa.null()}.get(inferred)
            if kind is None:   # rare (numbers in an object column): Arrow's own inference over the column
                kind = pa.array(located[name], from_pandas=True).type
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def _holds_something(name: str, located: pd.DataFrame) -> bool:
    if name in ("kind", "location_source", "approximate", "submission_id"):
        return True
    return name in located and bool(located[name].notna().any())


def extra_json(columns: pd.DataFrame) -> np.ndarray:
    """Each row's cells of `columns` that hold something, as the JSON object
    json.dumps({column: value}, ensure_ascii=False, default=str) writes (the columns in order, an
    empty cell left out; '{}' for a row with none), built a column at a time: each distinct value
    is written once, and the pieces of a row are joined by Arrow.

    >>> extra_json(pd.DataFrame({"Code": ["A1", None], "n": [1.5, 2.0], "note": [None, None]})).tolist()
    ['{"Code": "A1", "n": 1.5}', '{"n": 2.0}']
    """
    return _as_objects(_extra_pieces(columns), columns.columns)


def extra_values_json(columns: pd.DataFrame) -> np.ndarray:
    """Each row's cells of `columns` as the JSON list json.dumps([value, ...], ensure_ascii=False,
    default=str) writes, null for an empty cell: what the records table keeps, the names once in the
    submission's `extra_columns`.

    >>> extra_values_json(pd.DataFrame({"Code": ["A1", None], "n": [1.5, 2.0], "note": [None, None]})).tolist()
    ['["A1", 1.5, null]', '[null, 2.0, null]']
    """
    return _as_lists(_extra_pieces(columns))


def extra_from_values(names: list[str], values) -> np.ndarray:
    """The `extra` objects (as extra_json writes them) of rows whose cells in the columns `names`
    are the JSON lists `values` (as extra_values_json writes them): each list cut into the texts of
    its values by one pattern (a text in quotes, or a number, true, false, null) and joined again
    with the names, by Arrow; a list the pattern does not cut (a value that is itself a list or an
    object) is read by the JSON parser."""
    texts = pa.array(values, type=pa.string())
    value = r'"(?:[^"\\]|\\.)*"|[^",\[\]{}]+'
    found = pc.extract_regex(texts, r"^\[" + ", ".join(f"(?P<c{i}>{value})" for i in range(len(names))) + r"\]$")
    cut = pc.is_valid(found).to_numpy(zero_copy_only=False)
    out = np.empty(len(texts), dtype=object)
    if cut.any():
        found = found.filter(pa.array(cut))
        pieces = [pc.if_else(pc.equal(found.field(i), "null"), pa.scalar(None, pa.string()), found.field(i))
                  for i in range(len(names))]
        out[cut] = _as_objects(pieces, names)
    if not cut.all():
        rest = texts.filter(pa.array(~cut)).to_pylist()
        out[~cut] = extra_json(pd.DataFrame([json.loads(text) for text in rest], columns=names, dtype=object))
    return out


def _extra_pieces(columns: pd.DataFrame) -> list[pa.Array]:
    """json.dumps(cell, ensure_ascii=False, default=str) of each cell of each column (null for an
    empty one), a column at a time: each distinct value written once."""
    pieces = []
    for name in columns.columns:
        values = columns[name].astype(object).to_numpy()
        present = pd.notna(values)
        if pd.api.types.infer_dtype(values[present], skipna=False) == "string":
            pieces.append(_json_strings(pa.array(np.where(present, values, None), type=pa.string())))
        else:
            codes = np.full(len(values), -1, dtype=np.int64)
            codes[present], written = _each_once(values[present])
            pieces.append(pa.array(written, type=pa.string()).take(pa.array(codes, mask=~present)))
    return pieces


def _as_objects(pieces: list[pa.Array], names) -> np.ndarray:
    """The pieces of each row as one JSON object, its empty cells left out ('{}' for a row with none)."""
    keyed = []
    for name, texts in zip(names, pieces):
        key = ", " + json.dumps(str(name), ensure_ascii=False) + ": "
        keyed.append(pc.fill_null(pc.binary_join_element_wise(key, texts, ""), ""))
    # every piece begins ", ": the row's first one loses it (Arrow's own null skipping drops rows)
    joined = pc.utf8_slice_codeunits(pc.binary_join_element_wise(*keyed, ""), start=2)
    return pc.binary_join_element_wise("{", joined, "}", "").to_numpy(zero_copy_only=False)


def _as_lists(pieces: list[pa.Array]) -> np.ndarray:
    """The pieces of each row as one JSON list, null for an empty cell."""
    joined = pc.binary_join_element_wise(*[pc.fill_null(texts, "null") for texts in pieces], ", ")
    return pc.binary_join_element_wise("[", joined, "]", "").to_numpy(zero_copy_only=False)


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
    rows = [(submission_id, r["row"], json.dumps([message_to_json(m) for m in r["reasons"]], ensure_ascii=False),
             cells.get(r["row"])) for r in report.rejected]
    cursor = c.connection.driver_connection.cursor()
    if c.dialect.name == "postgresql":   # COPY, as the records: 10,000 rejected rows are no rare sheet
        with cursor.copy("COPY rejected_rows (submission_id, row, reasons, cells) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany("INSERT INTO rejected_rows (submission_id, row, reasons, cells) VALUES (?, ?, ?, ?)", rows)


def report_json(report) -> dict:
    """What the submission keeps of its validation: mapping, unit, notes and warnings."""
    return {"file": report.file, "kind": report.kind, "mapping": report.mapping, "blank_rows": report.blank_rows,
            "unit": report.unit, "notes": [message_to_json(n) for n in report.notes],
            "warnings": [{"row": w["row"], "message": message_to_json(w["message"])} for w in report.warnings]}


def _plain_rows(part: pd.DataFrame, table: pa.Table) -> list[tuple]:
    """The rows of `table` as Python values SQLite's driver takes: texts and numbers from the part's
    own objects where it has them as such (NaN as None), dates as the ISO text the driver's date
    adapter would write (without one call of it per value), anything else from Arrow."""
    columns = []
    for name, values in zip(table.column_names, table.columns):
        own = part.get(name)
        if own is not None and pd.api.types.is_float_dtype(own) and pa.types.is_floating(values.type):
            array = own.to_numpy(dtype=object)
            array[np.isnan(own.to_numpy(dtype=float))] = None
        elif own is not None and own.dtype == object and pa.types.is_string(values.type):
            array = own.where(own.notna(), None).to_numpy(dtype=object)
        elif pa.types.is_string(values.type) or values.type == pa.date32():
            array = pc.cast(values, pa.string()).to_numpy(zero_copy_only=False)
        else:
            array = values.to_pylist()
        columns.append(array)
    return list(zip(*columns)) if columns else []


def _copy_csv(cursor, table: pa.Table) -> None:
    """PostgreSQL's COPY of the CSV text Arrow writes: every text quoted (an empty one is ""), an
    empty field NULL, numbers as the shortest text that reads back the same, dates as ISO."""
    out = io.BytesIO()
    csv.write_csv(table, out, csv.WriteOptions(include_header=False, quoting_style="needed"))
    with cursor.copy(f"COPY records ({', '.join(table.column_names)}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(out.getbuffer())
