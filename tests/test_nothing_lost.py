"""Nothing read is lost or merged away silently: an unclosed quote, an encoding that changes mid-file,
a shapefile split across folders, a number no float can hold, upper-case shapefile extensions, a
point on a shared border, a damaged shipped file. Each row is accepted or rejected with a reason."""
import codecs
import io
import json
import shutil
import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from geo.cli import main
from geo.model.dataset import DATA_DIR, load_dataset
from geo.read.boundaries import load_boundaries, points_in_regions
from geo.read.tables import ReadError, read_table
from geo.read.validate import validate_file

HEADER = "Intitulé du projet,Région,Latitude,Longitude\n"


def rows(n, start=0):
    return "".join(f"Projet {i},Gao,16.27,-0.04\n" for i in range(start, start + n))


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def validate_json(path, capsys, *extra):
    code = main(["validate", str(path), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_an_unclosed_quote_rejects_every_row_it_swallowed(tmp_path, capsys):
    path = tmp_path / "guillemet.csv"
    path.write_text(HEADER + rows(2) + '"Route de Kidal,Kidal,18.4,1.4\n' + rows(7, 10), encoding="utf-8")
    code, out = validate_json(path, capsys, "--kind", "cvr_projects")
    assert code == 1
    assert out["rows_in"] == 10 and out["accepted"] == 2
    rejected = {r["row"]: " ".join(r["reasons"]) for r in out["rejected"]}
    assert sorted(rejected) == list(range(4, 12))
    assert "never closed" in rejected[4] and "the next 7 rows" in rejected[4]
    assert all("row 4" in rejected[r] for r in range(5, 12))


def test_a_legitimate_multi_line_cell_is_kept(tmp_path):
    path = tmp_path / "adresse.csv"
    path.write_text(HEADER + '"Route\nde Kidal (phase 2)",Kidal,18.4,1.4\n' + rows(1), encoding="utf-8")
    report = validate_file(path, kind="cvr_projects")
    assert report.rows_in == 2 and report.accepted_count == 2 and report.rejected == []


def test_a_utf16_file_with_a_utf8_tail_rejects_the_tail_rows(tmp_path, capsys):
    path = tmp_path / "concatene.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + (HEADER + rows(1)).encode("utf-16-le") + rows(3, 5).encode("utf-8"))
    code, out = validate_json(path, capsys, "--kind", "cvr_projects")
    assert code == 1 and out["rows_in"] == 4 and out["accepted"] == 1
    assert [r["row"] for r in out["rejected"]] == [3, 4, 5]
    assert all("encoding changes at line 3" in " ".join(r["reasons"]) for r in out["rejected"])
    table = read_table(path)
    assert list(table.frame.iloc[1:, 0]) == ["Projet 5", "Projet 6", "Projet 7"]   # read, not garbled


def test_a_shapefile_split_across_folders_is_refused(tmp_path, capsys):
    folder = tmp_path / "shp"
    folder.mkdir()
    gpd.GeoDataFrame({"nom": ["x"]}, geometry=[Point(0, 16)], crs=4326).to_file(folder / "s.shp")
    parts = {p.suffix: p.read_bytes() for p in folder.iterdir()}
    path = tmp_path / "melange.zip"
    path.write_bytes(zipped({"a/s.shp": parts[".shp"], "a/s.shx": parts[".shx"], "b/s.dbf": parts[".dbf"],
                             "a/s.prj": parts[".prj"]}))
    with pytest.raises(ReadError, match="different folders"):
        read_table(path)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "melange.zip" in err[0] and "a/, b/" in err[0]


def test_upper_case_shapefile_extensions_are_read(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    gpd.GeoDataFrame({"nom": ["MOC Gao"], "region": ["Gao"]}, geometry=[Point(-0.04472, 16.27167)],
                     crs=4326).to_file(folder / "sites.shp")
    path = tmp_path / "SITES.ZIP"
    path.write_bytes(zipped({"SITES" + p.suffix.upper(): p.read_bytes() for p in folder.iterdir()}))
    report = validate_file(path, kind="sites")
    assert report.accepted_count == 1 and report.accepted.iloc[0]["name"] == "MOC Gao"


@pytest.mark.parametrize("huge", ["9" * 400, "-" + "9" * 400, "9" * 400 + " FCFA"])
def test_a_number_no_float_can_hold_rejects_its_row_only(tmp_path, capsys, huge):
    path = tmp_path / "enorme.csv"
    path.write_text("Intitulé du projet;Région;Bénéficiaires\nA;Gao;10\nB;Gao;" + huge + "\nC;Gao;12\n",
                    encoding="utf-8")
    code, out = validate_json(path, capsys, "--kind", "cvr_projects")
    assert code == 1 and out["rows_in"] == 3 and out["accepted"] == 2
    assert out["rejected"][0]["row"] == 3 and "too large" in out["rejected"][0]["reasons"][0]


@pytest.mark.parametrize("huge", ["Infinity", "-Infinity", "9" * 400])
def test_infinity_in_geojson_rejects_its_feature_only(tmp_path, capsys, huge):
    text = ('{"type": "FeatureCollection", "features": ['
            '{"type": "Feature", "properties": {"title": "A", "region": "Gao", "beneficiaries": 10},'
            ' "geometry": {"type": "Point", "coordinates": [-0.04, 16.27]}},'
            '{"type": "Feature", "properties": {"title": "B", "region": "Gao", "beneficiaries": HUGE},'
            ' "geometry": {"type": "Point", "coordinates": [-0.04, 16.27]}}]}')
    path = tmp_path / "infini.geojson"
    path.write_text(text.replace("HUGE", huge), encoding="utf-8")
    code, out = validate_json(path, capsys, "--kind", "cvr_projects")
    assert code == 1 and out["rows_in"] == 2 and out["accepted"] == 1
    assert out["rejected"][0]["row"] == 2


def test_a_point_on_a_shared_border_belongs_to_a_region(dataset):
    frame = load_boundaries().frame.set_index("iso_code")
    shared = shapely.intersection(frame.geometry["ML-7"].boundary, frame.geometry["ML-8"].boundary)
    x, y = shapely.get_coordinates(shared)[0]
    assert not frame.geometry["ML-7"].contains(Point(x, y)) and not frame.geometry["ML-8"].contains(Point(x, y))
    found = points_in_regions([x], [y], load_boundaries().frame)
    assert found.iloc[0] in ("ML-7", "ML-8")


def test_a_damaged_shipped_file_is_named(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "programme_totals.csv").write_text('total_id,"programme\nX,', encoding="utf-8")
    with pytest.raises(ReadError) as err:
        load_dataset(data_dir=data)
    assert "programme_totals.csv" in str(err.value) and "shipped with the app" in str(err.value)
