"""Cercles (admin-2): a boundary file with every COD-AB level (GeoPackage or shapefile zip, as OCHA
distributes it) gives its regions and its cercles; records get their cercle at ingest and in the
dataset by the same grid join as regions; a partner's "Cercle" column places a row without
coordinates at its cercle's town (approximate), never drops it; `summarize --level 2` gives
per-cercle figures. The admin-2 layers are SYNTHETIC TEST files built from shipped polygons only
(tests/fixtures/boundary_files.py)."""
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from fixtures.boundary_files import cod_style_gpkg, cod_style_zip
from test_cli import run_geo

from geo.model.dataset import load_dataset
from geo.model.locate import join_to_regions, locate
from geo.model.summary import cercle_summary
from geo.read.boundaries import load_boundaries, points_in_regions, read_boundary_file
from geo.read.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def cod_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cod")
    return {"gpkg": cod_style_gpkg(folder), "zip": cod_style_zip(folder)}


@pytest.mark.parametrize("fmt", ["gpkg", "zip"])
def test_a_file_with_every_level_gives_its_regions_and_its_cercles(cod_files, fmt):
    path = cod_files[fmt]
    boundaries = read_boundary_file(path.read_bytes(), path.name)
    shipped = load_boundaries().frame
    assert sorted(boundaries.frame["iso_code"]) == sorted(shipped["iso_code"])   # the adm1 layer, not the country
    assert boundaries.info["levels"] == [1, 2]
    cercles = boundaries.cercles
    assert len(cercles) == len(shipped) and cercles.crs.to_epsg() == 4326
    assert set(cercles["cercle_code"]) == {f"TEST-ML0{i}01" for i in range(1, 10)}
    assert cercles.set_index("cercle_code").loc["TEST-ML0901", "iso_code"] == "ML-BKO"   # ML09: Bamako, not Ménaka
    assert cercles["cercle"].str.startswith("SYNTHETIC TEST").all()


def test_a_file_of_cercles_only_makes_its_regions_from_them(tmp_path):
    path = cod_style_gpkg(tmp_path, levels=("adm2",))
    boundaries = read_boundary_file(path.read_bytes(), path.name)
    assert sorted(boundaries.frame["iso_code"]) == sorted(load_boundaries().frame["iso_code"])
    assert len(boundaries.cercles) == 9


def test_an_admin1_file_has_no_cercles():
    from geo.paths import ROOT

    path = ROOT / "examples" / "cod_ab_adm1.zip"
    boundaries = read_boundary_file(path.read_bytes(), path.name)
    assert boundaries.cercles.empty and boundaries.info["levels"] == [1]


def test_the_cercle_join_agrees_with_geopandas_sjoin(cod_files):
    cercles = read_boundary_file(cod_files["gpkg"].read_bytes(), "x.gpkg").cercles
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(-11.5, 4.0, 20_000), rng.uniform(10.5, 24.5, 20_000)
    ours = points_in_regions(lon, lat, cercles, "cercle_code")
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    joined = gpd.sjoin(points, cercles[["cercle_code", "geometry"]], how="left", predicate="intersects")
    theirs = joined[~joined.index.duplicated(keep="first")]["cercle_code"].reindex(range(len(lon)))
    both = ours.notna() | theirs.notna()
    assert (ours[both].to_numpy() == theirs[both].to_numpy()).mean() > 0.9999


def test_records_get_their_cercle_named_or_by_their_point_and_a_row_with_only_a_cercle_is_placed(cod_files):
    boundaries = read_boundary_file(cod_files["gpkg"].read_bytes(), "x.gpkg")
    records = pd.DataFrame({
        "title": ["point", "named", "cercle only", "nothing", "region only"],
        "region": [None, "Gao", "Mopti", None, "Kidal"],
        "cercle": [None, "SYNTHETIC TEST cercle Gao", "Bankass", None, None],
        "latitude": [16.27167, None, None, None, None], "longitude": [-0.04472, None, None, None, None]})
    joined = join_to_regions(locate(records, load_gazetteer(), boundaries.frame), boundaries.frame, boundaries.cercles)
    assert list(joined["cercle_code"]) == ["TEST-ML0701", "TEST-ML0701", "TEST-ML0501", None, None]
    assert joined["cercle_name"].iloc[0] == "SYNTHETIC TEST cercle Gao"
    assert list(joined["location_source"].astype(str)) == ["record", "region_centroid", "cercle_town", "unlocated",
                                                           "region_centroid"]
    assert joined["approximate"].iloc[2] and joined["latitude"].iloc[2] == pytest.approx(14.0775)   # GeoNames Bankass
    # a point that stands for its region says nothing of its cercle
    assert joined["cercle_code"].iloc[4] is None


def test_the_nine_project_sheet_is_counted_under_the_parents_with_its_notes(tmp_path):
    from geo.paths import ROOT

    result = run_geo("summarize", "--records", ROOT / "examples" / "projets_regions_2023.csv", "--kind", "cvr_projects",
                     "--json", env={"DASHBOARD_DB": f"sqlite:///{tmp_path / 'store.sqlite'}"})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    counts = {r["region"]: r["projects"] for r in out["regions"] if r["projects"]}
    assert counts == {"Sikasso": 2, "Kayes": 2, "Mopti": 2, "Ségou": 1, "Koulikoro": 2}
    assert out["unlocated"] == 0 and len(out["notes"]) == 9
    assert {n["note"] for n in out["notes"] if n["region"] == "Bougouni"} == {
        "2023 region Bougouni, counted under Sikasso in this boundary set"}
    assert {n["location_source"] for n in out["notes"]} == {"cercle_town"}   # each at its cercle's town


def test_summarize_level_2_gives_per_cercle_figures(cod_files, tmp_path):
    env = {"DASHBOARD_DB": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    result = run_geo("summarize", "--boundaries", cod_files["zip"], "--level", "2", "--json", env=env)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    by_code = {r["cercle_code"]: r for r in out["cercles"]}
    regions = json.loads(run_geo("summarize", "--boundaries", cod_files["zip"], "--json", env=env).stdout)["regions"]
    gao = next(r for r in regions if r["iso_code"] == "ML-7")
    # one TEST cercle per region: the cercle's figures are its region's, but for records no cercle holds
    assert by_code["TEST-ML0701"]["region"] == "Gao" and by_code["TEST-ML0701"]["sites"] <= gao["sites"]
    assert sum(r["projects"] for r in out["cercles"]) == sum(r["projects"] for r in regions)
    refused = run_geo("summarize", "--level", "2", "--json", env=env)     # Natural Earth has no cercles
    assert refused.returncode == 2 and "no cercles" in refused.stderr


def test_the_dataset_exposes_the_cercles_a_map_needs(cod_files):
    path = cod_files["gpkg"]
    dataset = load_dataset(boundaries=read_boundary_file(path.read_bytes(), path.name))
    assert list(dataset.cercles.columns) == ["cercle_code", "cercle", "iso_code", "geometry"]
    assert {"cercle_code", "cercle_name"} <= set(dataset.cvr_projects.columns)
    table = cercle_summary(dataset)
    assert list(table.index[:9]) == list(dataset.cercles["cercle_code"])
