"""geo/store/ingest.py: the columns the schema does not know, kept as JSON a column at a time, are
what json.dumps of each row's cells writes."""
import datetime as dt
import io
import json
import random

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from geo.store.ingest import extra_from_values, extra_json, extra_values_json

CELLS = [None, np.nan, pd.NaT, "", "RAS", "Retard dû à l'insécurité; reprise prévue", 'a "b"', "é\u00a0ü", "x\ny",
         1, 2, np.int64(2), 1.0, 1.5, np.float64(2.5), True, False, dt.date(2017, 8, 1),
         pd.Timestamp("2019-05-03"), dt.datetime(2019, 5, 3, 12, 30), "1", "1.0", "True", "C:\\dossier",
         "tab\there", "\x01", "\u2028"]


def row_by_row(columns: pd.DataFrame) -> list[str]:
    """One json.dumps per row of the cells that hold something (as insert_records wrote them before,
    which also wrote "NaT" for an empty date in a column of dates)."""
    return [json.dumps({k: v for k, v in zip(columns.columns, row) if not pd.isna(v)}, ensure_ascii=False,
                       default=str) for row in columns.astype(object).itertuples(index=False)]


@pytest.mark.parametrize("seed", range(20))
def test_extra_json_is_json_dumps_of_each_row(seed):
    rng = random.Random(seed)
    names = rng.sample(["Code interne", "Responsable", "Observations", "n°", "date_month", "Financement"],
                       rng.randint(1, 4))
    columns = {}
    for name in names:
        kind = rng.choice(["mixed", "text", "numbers", "empty"])
        pool = {"mixed": CELLS, "text": [None, "RAS", "M. Traoré", 'dit "le Vieux"', "C:\\dossier", "a\tb", ""],
                "numbers": [None, 1.5, 2.0, 3.25],
                "empty": [None]}[kind]
        columns[name] = pd.Series([rng.choice(pool) for _ in range(rng.randint(1, 60))], dtype=object)
    length = max(len(s) for s in columns.values())
    frame = pd.DataFrame({k: v.reindex(range(length)) for k, v in columns.items()})
    got = extra_json(frame).tolist()
    assert got == row_by_row(frame)
    assert all(json.loads(text) is not None for text in got)
    # the records table keeps the cells as lists, the names once: the objects come back the same
    lists = extra_values_json(frame)
    assert [json.loads(text) for text in lists] == [json.loads(json.dumps(row, ensure_ascii=False, default=str))
                                                    for row in frame.astype(object).where(frame.notna(), None).values.tolist()]
    assert extra_from_values([str(n) for n in frame.columns], lists).tolist() == got


def test_a_row_with_nothing_extra_is_an_empty_object():
    assert extra_json(pd.DataFrame({"a": [None, "x"], "b": [np.nan, None]})).tolist() == ["{}", '{"a": "x"}']


def test_a_snapshot_written_a_chunk_at_a_time_reads_back_as_written_at_once():
    """The types come from every row: a column empty in the first chunk and filled later keeps its
    texts, dates and numbers."""
    import pyarrow as pa

    from geo.store import snapshots

    frame = pd.DataFrame({"title": [None] * 4 + ["Forage", "Marché", None],
                          "start_date": [pd.NaT] * 5 + [pd.Timestamp("2019-05-03"), pd.NaT],
                          "cost": [np.nan] * 3 + [1.5e6, 2e6, np.nan, 3e6],
                          "approximate": [True, False] * 3 + [True]}, index=range(10, 17))
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    chunks = (pa.Table.from_pandas(frame.iloc[i:i + 3], schema=schema, preserve_index=False) for i in range(0, 7, 3))
    data = snapshots.snapshot_bytes(chunks, schema)
    whole = io.BytesIO()
    frame.to_parquet(whole, index=False)
    assert pq.ParquetFile(io.BytesIO(data)).num_row_groups == 3
    pd.testing.assert_frame_equal(snapshots.read_snapshot(data), snapshots.read_snapshot(whole.getvalue()))
    assert snapshots.read_snapshot(data)["title"].tolist() == frame["title"].tolist()


def test_the_lists_give_back_their_objects_whatever_the_cells_hold():
    """A text with ', ' or brackets in it, the text "null", a value that is itself a list or an
    object (read by the JSON parser), a row with nothing: the objects are those json.dumps writes."""
    frame = pd.DataFrame({"a": ["x, y", None, 'q"r', "[1]", "a\\b, c"],
                          "b": [1.5, None, [1, 2], {"k": "v, w"}, 2],
                          "c": [True, None, "null", "]", "{"]})
    lists = extra_values_json(frame)
    assert lists.tolist()[:2] == ['["x, y", 1.5, true]', "[null, null, null]"]
    written = [json.dumps({k: v for k, v in zip(frame.columns, row) if v is not None and v == v}, ensure_ascii=False)
               for row in frame.astype(object).itertuples(index=False)]   # v == v: not NaN
    assert extra_from_values(["a", "b", "c"], lists).tolist() == extra_json(frame).tolist() == written
