"""Data exports: CSV with BOM and accents, XLSX, GeoJSON; formulas neutralised; filters obeyed."""
import csv
import io
import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.model.dataset import add_records, load_dataset
from geo.model.filters import Filters
from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.render.tables import neutralise, table_export_bytes

HOSTILE = {  # SYNTHETIC test record: hostile text only, not a fact about Mali
    "project_id": "TEST-HOSTILE", "title": "=HYPERLINK(\"http://x\",\"clic\")", "place": "Gao", "region": "Gao",
    "partner": "@SUM(A1:A9)", "cost_xof": "1000", "category": "-2+3", "category_fr": "+cmd|' /C calc'!A0",
    "launch_date": "2017-09-20", "source_doc": "test", "source_quote": "\tTAB then text",
}


# A cell that is safe in a comma CSV, but not once a French Excel splits it on ';' (or an English one
# a semicolon file on ','), or a line break starts a new row: the formula starts a segment.
SEGMENTS = {  # SYNTHETIC test record: hostile text only, not a fact about Mali
    "project_id": "TEST-SEGMENTS", "title": "Projet;=cmd|' /C calc'!A0;", "place": "Gao", "region": "Gao",
    "partner": "ONG A, +SUM(A1:A9)", "category": "ligne 1\n-2+3\r\n@x", "category_fr": "a\t=1+1",
    "cost_xof": "1000", "launch_date": "2017-09-20", "source_doc": "test", "source_quote": 'dit ; "=1+1", puis ;  -x',
}


@pytest.fixture(scope="module")
def hostile_dataset():
    shipped = load_dataset()
    raw = read_table(pd.DataFrame([HOSTILE, SEGMENTS]).to_csv(index=False).encode("utf-8"), name="hostile.csv")
    report = validate_table(raw, kind="cvr_projects", boundaries=shipped.boundaries)
    assert report.accepted_count == 2, report.rejected
    return add_records(shipped, report)


def test_csv_round_trip_keeps_accents_with_bom(dataset):
    data = table_export_bytes(dataset, "trainings", "csv", public=False)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == len(dataset.trainings)
    assert "Ségou" in set(back["region"]) and "Ménaka" in set(back["region"])
    assert "Ecole de Maintien de la Paix Alioune Blondin Bèye (EMPABB), Bamako" in set(back["venue"])
    assert back.columns[0] == "training_id"


def test_csv_exports_exactly_the_filtered_rows(dataset):
    data = table_export_bytes(dataset, "cvr_projects", "csv", filters=Filters(regions=("ML-8",)), public=False)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["project_id"]) == ["CVR-INTADEYNI-MARAICHAGE"]
    assert back.loc[0, "cost_xof"] == 56059636      # whole number, not 56059636.0
    assert "56059636.0" not in data.decode("utf-8-sig")


def test_formulas_are_neutralised_in_csv(hostile_dataset):
    text = table_export_bytes(hostile_dataset, "cvr_projects", "csv", public=False).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text))
    row = back[back["project_id"] == "TEST-HOSTILE"].iloc[0]
    assert row["title"] == "'=HYPERLINK(\"http://x\",\"clic\")"
    assert row["partner"] == "'@SUM(A1:A9)"
    assert row["category"] == "'-2+3"
    assert row["category_fr"].startswith("'+cmd")
    assert row["source_quote"].startswith("'\t")


FORMULA = ("=", "+", "-", "@")
NUMBER = re.compile(r"-?\d+(\.\d+)?(e[-+]?\d+)?")


def runnable_cells(text: str) -> list[str]:
    """Every cell a spreadsheet could make of `text`, whatever it splits on, that would start with
    = + - @: lines split naively on ';' and on ',' (quotes ignored), and the csv module's reading
    with either delimiter; each cell stripped of quotes and spaces. A number ('-0.04472' in the
    longitude column) is a number, not a formula."""
    cells = []
    for line in re.split(r"\r\n|\n|\r", text):
        for sep in (";", ","):
            cells += line.split(sep)
    for sep in (";", ","):
        cells += [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for c in row]
        cells += [part for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for c in row
                  for part in re.split(r"[;,\r\n\t]", c)]
    stripped = (re.sub(r'^[\s"]+|[\s"]+$', "", c) for c in cells)
    return [c for c in stripped if c.startswith(FORMULA) and not NUMBER.fullmatch(c)]


def test_csv_formulas_are_neutralised_whatever_the_spreadsheet_splits_on(hostile_dataset):
    data = table_export_bytes(hostile_dataset, "cvr_projects", "csv", public=False)
    text = data.decode("utf-8-sig")
    assert runnable_cells(text) == []
    assert "-0.04472" in text                                     # a negative number stays a number
    row = next(r for r in csv.DictReader(io.StringIO(text, newline="")) if r["project_id"] == "TEST-SEGMENTS")
    assert row["title"] == "Projet;'=cmd|' /C calc'!A0;"          # the text kept, each segment neutralised
    assert row["partner"] == "ONG A, '+SUM(A1:A9)" and row["category"] == "ligne 1\n'-2+3\r\n'@x"
    for line in text.splitlines():                               # every text cell quoted: ';' never splits one
        assert "Projet;'=cmd" not in line or "\"Projet;'=cmd|' /C calc'!A0;\"" in line
    shown = runnable_cells(pd.DataFrame([SEGMENTS]).to_csv(index=False))
    assert shown, "the check would not see an unneutralised file"


def test_formulas_are_neutralised_in_xlsx(hostile_dataset):
    data = table_export_bytes(hostile_dataset, None, "xlsx", public=False)
    book = load_workbook(io.BytesIO(data))
    assert {"cvr_projects", "sites", "trainings", "programme_totals", "events", "regions"} <= set(book.sheetnames)
    sheet = book["cvr_projects"]
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value}"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\",\"clic\")" in values and "'@SUM(A1:A9)" in values


def test_xlsx_about_sheet_names_filters_and_sources(dataset):
    data = table_export_bytes(dataset, None, "xlsx", filters=Filters(years=(2017, 2017)), lang="en", public=False)
    about = pd.read_excel(io.BytesIO(data), sheet_name="About")
    text = "\n".join(about.iloc[:, 0].astype(str))
    assert "Year: 2017" in text and "Natural Earth" in text and "never added" in text


def test_geojson_points_and_regions(dataset):
    points = json.loads(table_export_bytes(dataset, None, "geojson", public=False))
    assert points["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in points["features"]}
    assert kinds == {"cvr_projects", "sites", "trainings"}
    located = [f for f in points["features"] if f["geometry"]]
    assert all(f["geometry"]["type"] == "Point" for f in located)
    unplaced = [f for f in points["features"] if not f["geometry"] and not f["properties"]["region_only"]]
    assert len(unplaced) == len(dataset.unlocated())   # kept, never placed at an invented point
    frame = gpd.read_file(io.BytesIO(table_export_bytes(dataset, "regions", "geojson", public=False)))
    gao = frame[frame["iso_code"] == "ML-7"].iloc[0]
    assert gao["projects"] == 2 and gao["region"] == "Gao"


def test_records_placed_only_by_their_region_are_no_point_in_geojson(dataset):
    """The cantonment sites the gazetteer lacks (Likrakar and Ber in Tombouctou, Fafa in Gao) and the
    caravan's stops are placed only by their region: the GeoJSON keeps them with their region and a
    null geometry, never at the region's representative point (the README: never drawn as points)."""
    features = json.loads(table_export_bytes(dataset, None, "geojson", public=False))["features"]
    region_only = [f for f in features if f["properties"]["location_source"] == "region_centroid"]
    names = {f["properties"].get("name") for f in region_only}
    assert {"Likrakar", "Ber", "Fafa"} <= names and len(region_only) == 5
    for feature in region_only:
        properties = feature["properties"]
        assert feature["geometry"] is None and properties["region_only"] is True
        assert properties["latitude"] is None and properties["longitude"] is None   # not the record's place
        assert properties["region"] and properties["assigned_iso"]
    assert not any(f["properties"]["region_only"] for f in features if f not in region_only)
    public = json.loads(table_export_bytes(dataset, "trainings", "geojson", public=True))["features"]
    assert [f["geometry"] for f in public if f["properties"]["region_only"]] == [None, None]


def test_neutralise_leaves_numbers_and_plain_text():
    frame = neutralise(pd.DataFrame({"a": ["Gao", "=1+1", None], "b": [-3, 4, 5]}))
    assert list(frame["a"])[:2] == ["Gao", "'=1+1"] and list(frame["b"]) == [-3, 4, 5]


def test_unknown_format_or_table(dataset):
    with pytest.raises(ValueError, match="parquet"):
        table_export_bytes(dataset, None, "parquet")
    with pytest.raises(ValueError, match="weapons"):
        table_export_bytes(dataset, "weapons", "csv")
