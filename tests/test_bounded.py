"""Bounded work on hostile files: every limit is checked before the expensive work and refused in
seconds with one sentence naming the file (command line: exit 2), and the app reads uploads in a
worker with a time and memory budget. The files are generated here; where the real size would be
slow to build, the limit is set lower for the test."""
import io
import json
import random
import time
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point
from test_cli import run_geo

import geo.read.tables as tables
from geo.read.budget import read_table_within
from geo.read.tables import MAX_COLUMNS, ReadError, read_table

QUICK = 20   # seconds: generous for a slow machine; the point is that nothing hangs


def refused_quickly(path, *words):
    """The library raises a sentence naming the file; the command line exits 2 with one line."""
    started = time.perf_counter()
    with pytest.raises(ReadError) as err:
        read_table(path)
    result = run_geo("validate", path, "--json")
    assert time.perf_counter() - started < QUICK
    assert result.returncode == 2 and result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    message = str(err.value)
    assert path.name in message and all(w in message for w in words), message
    return message


def xlsx(sheet_xml: bytes) -> bytes:
    """A minimal workbook whose one sheet is `sheet_xml`."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+'
        'xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def sheet(rows: list[list[str]], dimension: str | None) -> bytes:
    head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    head += f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join("<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in r) + "</row>"
                   for r in rows)
    return (head + f"<sheetData>{body}</sheetData></worksheet>").encode()


def test_a_csv_header_of_a_million_columns(tmp_path):
    path = tmp_path / "large.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n1,2\n", encoding="utf-8")
    assert path.stat().st_size > 6_000_000
    refused_quickly(path, "1000000 columns", str(MAX_COLUMNS))


@pytest.mark.parametrize("dense", [False, True])
def test_an_xlsx_whose_sheet_expands_far_beyond_its_size(tmp_path, monkeypatch, dense):
    monkeypatch.setattr(tables, "MAX_XLSX_UNCOMPRESSED", 2 * 1024 * 1024)   # 100 MB in production
    rows = [["x" * 40] * 20 for _ in range(4000)] if dense else [["x"]] * 40_000
    path = tmp_path / f"{'dense' if dense else 'sparse'}.xlsx"
    path.write_bytes(xlsx(sheet(rows, None)))
    refused_quickly(path, "refused before extracting")   # too big unpacked, or a zip bomb by its ratio


def test_a_wide_xlsx_is_refused_from_its_dimension(tmp_path):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(xlsx(sheet([["a", "b"]], "A1:ZZZ10")))     # 18,278 columns declared
    refused_quickly(path, "18278 columns")


def test_a_wide_xlsx_that_lies_about_its_dimension_is_stopped_while_read(tmp_path):
    path = tmp_path / "menteur.xlsx"
    path.write_bytes(xlsx(sheet([[f"c{i}" for i in range(MAX_COLUMNS + 50)], ["1"]], "A1:B2")))
    refused_quickly(path, f"{MAX_COLUMNS + 50} columns")


@pytest.mark.parametrize("spread", [False, True])
def test_geojson_features_with_too_many_properties(tmp_path, spread):
    """One feature with thousands of keys, or many features each adding new ones (GDAL would make
    every distinct key a column)."""
    if spread:
        features = [{"type": "Feature", "properties": {f"p{i}_{k}": 1 for k in range(20)},
                     "geometry": {"type": "Point", "coordinates": [-0.04, 16.27]}} for i in range(200)]
    else:
        features = [{"type": "Feature", "properties": {f"p{k}": k for k in range(50_000)},
                     "geometry": {"type": "Point", "coordinates": [-0.04, 16.27]}}]
    path = tmp_path / "cles.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    refused_quickly(path, "properties", str(MAX_COLUMNS))


def test_more_cells_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_CELLS", 1_000)                       # 25 million in production
    path = tmp_path / "long.csv"
    path.write_text("a;b;c;d;e;f;g;h;i;j\n" + "1;2;3;4;5;6;7;8;9;10\n" * 200, encoding="utf-8")
    refused_quickly(path, "cells", "1,000")


def test_a_geopackage_whose_header_lies(tmp_path):
    good = tmp_path / "ok.gpkg"
    gpd.GeoDataFrame({"nom": ["MOC Gao"]}, geometry=[Point(-0.04472, 16.27167)], crs=4326).to_file(good)
    data = bytearray(good.read_bytes())
    data[28:32] = (10_000_000).to_bytes(4, "big")                           # ten million pages
    path = tmp_path / "menteur.gpkg"
    path.write_bytes(bytes(data))
    refused_quickly(path, "header")
    assert len(read_table(good).frame) == 1                                   # the honest one still reads


def test_the_reading_budget_stops_a_slow_read_and_keeps_nothing(tmp_path):
    """A sheet of 600,000 cells, which takes about 5 s to read here, against a budget of 2 s."""
    rng = random.Random(5)
    data = xlsx(sheet([[str(rng.randint(0, 10**9)) for _ in range(10)] for _ in range(60_000)], None))
    started = time.perf_counter()
    with pytest.raises(ReadError, match=r"longer than 2 s.*nothing was kept"):
        read_table_within(data, "lent.xlsx", seconds=2)
    assert time.perf_counter() - started < QUICK


def test_the_reading_budget_stops_a_greedy_read():
    with pytest.raises(ReadError, match="memory"):
        read_table_within(("a;b\n" + "1;2\n" * 200_000).encode(), "gourmand.csv", memory_mb=150)


def test_the_budget_returns_a_table_like_the_reader(tmp_path):
    data = "Intitulé du projet;Région\nRoute;Gao\n;Kidal\n".encode()
    within, direct = read_table_within(data, "p.csv"), read_table(data, "p.csv")
    assert within.frame.equals(direct.frame) and within.row_numbers == direct.row_numbers


def test_the_upload_panel_refuses_a_hostile_file_in_one_sentence(monkeypatch):
    import streamlit as st
    from conftest import USERS
    from streamlit.testing.v1 import AppTest
    from test_access import FakeUpload, uploads  # noqa: F401 - the fixture's helper class

    real = st.file_uploader
    hostile = FakeUpload((",".join(f"c{i}" for i in range(100_000)) + "\n").encode(), "large.csv")
    monkeypatch.setattr(st, "file_uploader", lambda label, type=None, key=None, **kw: (
        real(label, type=type, key=key, **kw), hostile if key and key.startswith("uploads_records") else None)[1])
    from conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.user = dict(USERS["partner"])
    at.run()
    at.switch_page("views/data.py")
    at.run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]                 # markdown escapes removed
    assert any("large.csv" in e and "100000 colonnes" in e for e in errors), errors   # in the French interface
    assert at.session_state["user_uploads"] == []                             # nothing kept
