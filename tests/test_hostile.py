"""Hostile and broken input (issue 5): a clear sentence, never a crash, in the library and the CLI."""
import io
import json
import os
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon
from test_cli import check_contract, run_geo

from geo.read.tables import MAX_CELL_CHARS, MAX_FILE_BYTES, ReadError, read_table
from geo.read.validate import validate_file, validate_table

HEADER = "Intitulé du projet;Région;Coût (FCFA)\n"


def assert_refused(path, *words):
    """The library raises ReadError naming the file; the CLI exits 2 with one line, no traceback."""
    with pytest.raises(ReadError) as err:
        read_table(path)
    message = str(err.value)
    assert path.name in message and all(w in message.lower() for w in words), message
    result = run_geo("validate", path, "--json")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr and path.name in lines[0]
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    assert_refused(path, "empty")


def test_whitespace_and_bom_only_file(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n \r\n")
    assert_refused(path, "empty")


def test_header_only_file(tmp_path):
    path = tmp_path / "entete.csv"
    path.write_text(HEADER + "\n;;\n", encoding="utf-8")
    assert_refused(path, "no data rows")


def test_binary_garbage_named_csv(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 40 + os.urandom(4000))
    assert_refused(path, "not a text table")


def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "faux.xlsx"
    path.write_text("Intitulé du projet,Région\nRoute,Gao\n", encoding="utf-8")
    assert_refused(path, "not an excel")


def test_zip_that_is_not_a_workbook_named_xlsx(tmp_path):
    path = tmp_path / "archive.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "pas un classeur")
    path.write_bytes(buffer.getvalue())
    assert_refused(path, "workbook cannot be opened")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1252"])
def test_utf16_and_windows_1252(tmp_path, encoding):
    text = HEADER + "Réhabilitation du marché de Ménaka;Ménaka;12 500 000\n"
    path = tmp_path / f"projets_{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert list(table.frame.columns) == ["Intitulé du projet", "Région", "Coût (FCFA)"]
    assert table.frame.iloc[0, 0] == "Réhabilitation du marché de Ménaka" and table.row_numbers == [2]
    assert validate_table(table).accepted_count == 1


def test_tab_separated_file_is_read(tmp_path):
    path = tmp_path / "projets.csv"
    path.write_text(HEADER.replace(";", "\t") + "Route\tGao\t1000\n", encoding="utf-8")
    report = validate_file(path)
    assert report.accepted_count == 1 and report.mapping["Coût (FCFA)"] == "cost_xof"


def test_wrong_delimiter_gives_a_clear_note(tmp_path):
    path = tmp_path / "deux-points.csv"
    path.write_text("Intitulé du projet:Région:Coût (FCFA)\nRoute:Gao:1000\n", encoding="utf-8")
    report = validate_file(path)
    assert any("only one column" in n.lower() for n in report.notes)
    assert report.rows_in == 1 and len(report.rejected) == 1   # nothing accepted by accident
    result = run_geo("validate", path, "--json")
    out = json.loads(result.stdout)
    assert result.returncode == 1 and any("only one column" in n.lower() for n in out["notes"])


def test_unquoted_decimal_comma_is_not_cut_silently(tmp_path):
    path = tmp_path / "virgules.csv"
    path.write_text("Intitulé du projet,Région,Latitude,Longitude\nAssainissement,Gao,16,27167,-0,04472\n",
                    encoding="utf-8")
    report = validate_file(path)
    assert report.accepted_count == 0
    assert "6 filled cells but the header has 4 columns" in report.rejected[0]["reasons"][0]


def test_field_of_several_megabytes(tmp_path):
    path = tmp_path / "long.csv"
    huge = "x" * 5_000_000
    path.write_text(HEADER + "Route;Gao;1000\n" + f'"{huge}";Gao;2000\n' + "Piste;Kidal;3000\n", encoding="utf-8")
    report = validate_file(path)
    assert report.rows_in == 3 and report.accepted_count == 2
    assert report.rejected[0]["row"] == 3
    assert f"{len(huge):,} characters (limit {MAX_CELL_CHARS:,})" in report.rejected[0]["reasons"][0]
    table = read_table(path)
    assert len(report.rejected_frame(table).iloc[0]["Intitulé du projet"]) == len(huge)  # nothing lost
    result = run_geo("validate", path)
    assert result.returncode == 1 and len(result.stdout) < 5000   # the report does not echo the cell


def test_unparseable_long_value_is_quoted_short(tmp_path):
    path = tmp_path / "montant.csv"
    path.write_text(HEADER + "Route;Gao;" + "beaucoup " * 500 + "\n", encoding="utf-8")
    reason = validate_file(path).rejected[0]["reasons"][0]
    assert "is not a number" in reason and len(reason) < 120


def test_file_over_the_size_limit(tmp_path):
    assert MAX_FILE_BYTES == 50 * 1024 * 1024
    path = tmp_path / "enorme.csv"
    with open(path, "wb") as f:
        f.write(HEADER.encode())
        f.truncate(MAX_FILE_BYTES + 1)
    assert_refused(path, "the limit is 50 mb")
    with pytest.raises(ReadError, match="50 MB"):
        read_table(b"a" * (MAX_FILE_BYTES + 1), name="upload.csv")


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_by_ratio_is_refused_before_extracting(tmp_path, monkeypatch):
    path = tmp_path / "bombe.zip"
    path.write_bytes(_zip({"regions.geojson": b"0" * 20_000_000}))   # 20 MB of zeros, ~20 kB packed
    extracted = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: extracted.append(a) or pytest.fail("extracted"))
    with pytest.raises(ReadError, match="zip bomb"):
        read_table(path)
    assert extracted == []
    monkeypatch.undo()
    assert_refused(path, "zip bomb", "before extracting")


def test_zip_bomb_by_declared_size_is_refused(tmp_path):
    path = tmp_path / "gros.zip"
    path.write_bytes(_zip({f"part{i}.shp": b"\0" * 60_000_000 for i in range(4)}))
    assert_refused(path, "unpack to", "before extracting")


def test_zip_with_parent_paths_never_writes_outside(tmp_path):
    features = gpd.GeoDataFrame({"Intitulé du projet": ["Assainissement de Gao"], "Région": ["Gao"]},
                                geometry=[Point(-0.04472, 16.27167)], crs=4326)
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    path = work / "traversee.zip"
    path.write_bytes(_zip({"../../evil.geojson": features.to_json().encode(),
                           "../../../../../../tmp/evil_abs.txt": b"x", "/etc/evil_root.txt": b"x"}))
    before = set(tmp_path.rglob("*"))
    table = read_table(path)
    assert table.frame.iloc[0]["Intitulé du projet"] == "Assainissement de Gao"
    assert set(tmp_path.rglob("*")) == before
    assert not os.path.exists("/tmp/evil_abs.txt") and not os.path.exists("/etc/evil_root.txt")


def test_points_shapefile_without_prj(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    frame = gpd.GeoDataFrame({"nom": ["MOC Gao"], "region": ["Gao"]}, geometry=[Point(-0.04472, 16.27167)], crs=4326)
    frame.to_file(folder / "sites.shp")
    (folder / "sites.prj").unlink()
    path = tmp_path / "sites.zip"
    path.write_bytes(_zip({p.name: p.read_bytes() for p in folder.iterdir()}))
    report = validate_file(path, kind="sites")
    assert report.accepted_count == 1 and any(".prj" in n for n in report.notes)
    assert report.accepted.iloc[0]["latitude"] == pytest.approx(16.27167)


def test_shapefile_missing_its_dbf(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    gpd.GeoDataFrame({"nom": ["x"]}, geometry=[Point(0, 16)], crs=4326).to_file(folder / "s.shp")
    path = tmp_path / "incomplet.zip"
    path.write_bytes(_zip({p.name: p.read_bytes() for p in folder.iterdir() if p.suffix != ".dbf"}))
    assert_refused(path, "missing .dbf")


def test_null_and_mixed_geometry_types(tmp_path):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Assainissement de Gao", "region": "Gao"},
         "geometry": {"type": "Point", "coordinates": [-0.04472, 16.27167]}},
        {"type": "Feature", "properties": {"name": "Sans géométrie", "region": "Kidal"}, "geometry": None},
        {"type": "Feature", "properties": {"name": "Zone", "region": "Kidal"},
         "geometry": {"type": "Polygon", "coordinates": [[[1, 18], [1.5, 18], [1.5, 18.5], [1, 18]]]}},
        {"type": "Feature", "properties": {"name": "Piste", "region": "Gao"},
         "geometry": {"type": "LineString", "coordinates": [[0, 16], [0.5, 16.2]]}}]}
    path = tmp_path / "melange.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    report = validate_file(path, kind="cvr_projects")
    assert report.rows_in == 4 and report.accepted_count == 4 and report.unit == "feature"
    assert any("no geometry" in n for n in report.notes)
    assert any("not points (LineString, Polygon)" in n for n in report.notes)
    assert report.accepted["latitude"].notna().sum() == 1


def test_geojson_without_features(tmp_path):
    path = tmp_path / "vide.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    assert_refused(path, "no features")


def test_broken_geojson(tmp_path):
    path = tmp_path / "casse.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    assert_refused(path, "cannot be read")


HOSTILE_TEXT = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>', "Ligne 1\nLigne 2\x1b[2J",
                '=HYPERLINK("http://exemple.invalid","clic")', "+33 cmd|' /C calc'!A0", "@SUM(1+1)"]


def test_html_scripts_and_formulas_are_kept_as_data(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Intitulé du projet", "Région", "Partenaire", "Coût (FCFA)"])
    cell_text = [t for t in HOSTILE_TEXT if "\x1b" not in t]   # Excel refuses control characters
    for i, text in enumerate(cell_text):
        sheet.append([text, "Gao", text, 1000 + i])
    sheet.append(["Montant calculé", "Gao", "ONG", "=1000*2"])
    path = tmp_path / "hostile.xlsx"
    book.save(path)
    report = validate_file(path)
    assert list(report.accepted["title"]) == cell_text   # data, unchanged
    assert list(report.accepted["partner"]) == cell_text
    assert report.rejected == [{"row": len(cell_text) + 2, "reasons": ["column 'Coût (FCFA)': '=1000*2' is not a number"]}]


def test_report_text_output_is_not_broken_by_hostile_text(tmp_path):
    import csv

    path = tmp_path / "hostile.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["Intitulé du projet", "Région", "Coût (FCFA)"])
        for text in HOSTILE_TEXT:   # the text everywhere: title (kept), region (warned), cost (rejected)
            writer.writerow([text, text, text])
    report = validate_file(path)
    assert report.rows_in == len(HOSTILE_TEXT) == len(report.rejected)
    assert list(validate_file(path).rejected_frame(read_table(path))["Intitulé du projet"]) == HOSTILE_TEXT
    result = run_geo("validate", path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    # one line per rejected row and per warning, each naming its spreadsheet row
    assert sum(line.startswith("  row ") for line in lines) == len(report.rejected) + len(report.warnings)
    assert all(line.startswith(("  ", "hostile.csv")) for line in lines)
    result = run_geo("validate", path, "--json")
    out = json.loads(result.stdout)
    check_contract(out)
    assert [r["row"] for r in out["rejected"]] == list(range(2, 2 + len(HOSTILE_TEXT)))


def test_invalid_polygons_are_repaired_and_reported():
    from geo.read.boundaries import load_boundaries, read_boundary_file

    shipped = load_boundaries().frame.copy()
    gao = shipped.loc[shipped["iso_code"] == "ML-7", "geometry"].iloc[0]
    ring = list(gao.geoms[0].exterior.coords) if gao.geom_type == "MultiPolygon" else list(gao.exterior.coords)
    # the same real ring, with two vertices exchanged: a self-intersecting (bow-tie) polygon
    ring[1], ring[2] = ring[2], ring[1]
    shipped.loc[shipped["iso_code"] == "ML-7", "geometry"] = Polygon(ring)
    assert not shipped.geometry.is_valid.all()
    boundaries = read_boundary_file(shipped[["region", "geometry"]].to_json().encode(), "repare.geojson")
    assert boundaries.frame.geometry.is_valid.all()
    assert any("repaired" in n for n in boundaries.info["notes"])
    assert "ML-7" in set(boundaries.frame["iso_code"])
