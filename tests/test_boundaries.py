"""Partner boundary files (OCHA COD-AB style, any CRS, GeoJSON / GeoPackage / zipped shapefile),
all derived from the shipped Natural Earth polygons: nothing here draws a polygon."""
import io
import json
import zipfile

import geopandas as gpd
import pytest
from test_cli import run_geo

from geo.read.boundaries import load_boundaries, read_boundary_file
from geo.read.tables import ReadError

# Natural Earth ISO code -> OCHA COD-AB style French name and P-code as a partner would write them.
COD_AB = {"ML-1": ("Kayes", "ML01"), "ML-2": ("Koulikoro", "ML02"), "ML-3": ("Sikasso", "ML03"),
          "ML-4": ("Segou", "ML04"), "ML-5": ("Mopti", "ML05"), "ML-6": ("Tinbuktu", "ML06"),
          "ML-7": ("Gao", "ML07"), "ML-8": ("Kidal", "ML08"), "ML-BKO": ("District de Bamako", "ML09")}
UNMATCHED = "Région inconnue"   # a label the crosswalk cannot know, on a real polygon (Kayes's)


def partner_frame(crs) -> gpd.GeoDataFrame:
    shipped = load_boundaries().frame
    names = [COD_AB[c][0] for c in shipped["iso_code"]]
    codes = [COD_AB[c][1] for c in shipped["iso_code"]]
    kayes = list(shipped["iso_code"]).index("ML-1")
    names[kayes], codes[kayes] = UNMATCHED, ""
    frame = gpd.GeoDataFrame({"ADM0_FR": "Mali", "ADM1_FR": names, "ADM1_PCODE": codes},
                             geometry=shipped.geometry.to_numpy(), crs=4326)
    return frame.to_crs(crs)


def zipped_shapefile(tmp_path, crs, with_prj=True) -> bytes:
    folder = tmp_path / f"shp-{crs}-{with_prj}"
    folder.mkdir()
    partner_frame(crs).to_file(folder / "mli_admbnda_adm1.shp")
    if not with_prj:
        (folder / "mli_admbnda_adm1.prj").unlink()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in folder.iterdir():
            archive.write(path, f"mli_admbnda_adm1/{path.name}")
    return buffer.getvalue()


def write_partner_file(tmp_path, fmt: str):
    if fmt == "geojson":
        path = tmp_path / "mli_adm1.geojson"
        partner_frame(3857).to_file(path, driver="GeoJSON")
    elif fmt == "gpkg":
        path = tmp_path / "mli_adm1.gpkg"
        partner_frame(32630).to_file(path, driver="GPKG", layer="mli_admbnda_adm1")   # UTM 30N
    elif fmt == "shp-prj":
        path = tmp_path / "mli_adm1.zip"
        path.write_bytes(zipped_shapefile(tmp_path, 3857))
    else:
        path = tmp_path / "mli_adm1_sans_prj.zip"
        path.write_bytes(zipped_shapefile(tmp_path, 4326, with_prj=False))
    return path


FORMATS = ["geojson", "gpkg", "shp-prj", "shp-noprj"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_partner_boundaries_are_matched_through_the_crosswalk(tmp_path, fmt):
    path = write_partner_file(tmp_path, fmt)
    boundaries = read_boundary_file(path.read_bytes(), path.name)
    frame = boundaries.frame
    assert frame.crs.to_epsg() == 4326
    assert set(frame["iso_code"]) == {"ML-2", "ML-3", "ML-4", "ML-5", "ML-6", "ML-7", "ML-8", "ML-BKO",
                                      "X-inconnue"}
    by_code = frame.set_index("iso_code")
    assert by_code.loc["ML-6", "region"] == "Tombouctou"        # via the P-code: 'Tinbuktu' is unknown
    assert by_code.loc["ML-BKO", "region"] == "Bamako" and by_code.loc["ML-4", "region"] == "Ségou"
    assert boundaries.info["unmatched"] == [UNMATCHED]
    assert any(UNMATCHED in n for n in boundaries.info["notes"])
    assert boundaries.info["missing_regions"] == ["Kayes", "Ménaka", "Taoudénit"]
    # reprojection round trip keeps the real polygon (Gao's area within 0.1 %)
    shipped = load_boundaries().frame.set_index("iso_code").to_crs(6933)
    assert by_code.to_crs(6933).loc["ML-7"].geometry.area == pytest.approx(shipped.loc["ML-7"].geometry.area, rel=1e-3)
    if fmt == "shp-noprj":
        assert any(".prj" in n for n in boundaries.info["notes"])


def test_projected_shapefile_without_prj_is_refused_not_guessed(tmp_path):
    data = zipped_shapefile(tmp_path, 3857, with_prj=False)
    with pytest.raises(ReadError, match="no coordinate system"):
        read_boundary_file(data, "metres.zip")


def test_points_are_not_boundaries(tmp_path):
    shipped = load_boundaries().frame
    points = gpd.GeoDataFrame({"name": shipped["region"]}, geometry=shipped.representative_point(), crs=4326)
    with pytest.raises(ReadError, match="no region polygons"):
        read_boundary_file(points.to_json().encode(), "points.geojson")


def test_null_and_mixed_geometries_are_left_out_and_reported():
    shipped = load_boundaries().frame
    collection = json.loads(shipped[["region", "geometry"]].to_json())
    collection["features"][0]["geometry"] = None
    collection["features"][1]["geometry"] = {"type": "Point", "coordinates": [-7.5, 13.0]}
    boundaries = read_boundary_file(json.dumps(collection).encode(), "mixte.geojson")
    assert len(boundaries.frame) == len(shipped) - 2
    notes = " ".join(boundaries.info["notes"])
    assert "1 features without geometry" in notes and "1 features are not polygons" in notes


@pytest.mark.parametrize("fmt", ["geojson", "shp-prj"])
def test_summarize_with_partner_boundaries(tmp_path, fmt):
    path = write_partner_file(tmp_path, fmt)
    result = run_geo("summarize", "--boundaries", path, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    by_code = {r["iso_code"]: r for r in out["regions"]}
    assert by_code["ML-7"]["region"] == "Gao" and by_code["ML-7"]["projects"] >= 2
    assert by_code["X-inconnue"]["on_boundaries"] is True
    assert "Kayes" in out["missing_regions"] and out["boundaries"] == path.name


def test_summarize_with_unreadable_boundaries_exits_2(tmp_path):
    path = tmp_path / "faux.geojson"
    path.write_text("pas du geojson", encoding="utf-8")
    result = run_geo("summarize", "--boundaries", path, "--json")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
