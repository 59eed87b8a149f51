"""Location, spatial join and the per-region summary on the shipped data (real polygons)."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.model.locate import join_to_regions, locate
from geo.model.summary import region_summary
from geo.read.boundaries import load_boundaries, points_in_regions
from geo.read.gazetteer import load_gazetteer


def test_summary_matches_the_seed_figures(dataset):
    table = region_summary(dataset)
    gao = table.loc["ML-7"]
    assert gao["projects"] == 2
    assert gao["cost_xof"] == 57_257_750 + 56_564_000       # Ouatagouna road + Gao sanitation (004)
    assert gao["beneficiaries"] == 7_000 + 1_755 + 5_600     # youth + women (road), 5,600 (sanitation)
    assert table.loc["ML-8", "cost_xof"] == 56_059_636       # Intadeyni market garden
    bamako = table.loc["ML-BKO"]
    assert bamako["participants_women"] == 72 + 7 + 7        # PEJ/AP table, gender sessions, WANEP
    assert bamako["participants"] == 207 + 64 + 18 + 50      # + ARGA workshop ("une cinquantaine")
    assert table["projects"].sum() == len(dataset.cvr_projects)
    assert table["sites"].sum() == len(dataset.sites) == 9


def test_regions_the_boundaries_lack_keep_their_records(dataset):
    table = region_summary(dataset)
    assert "ML-9" in table.index and not table.loc["ML-9", "on_boundaries"]
    assert table.loc["ML-9", "cantonment_sites"] == 2       # Ilouk and Tinfadimata (Ménaka)
    assert table.loc["ML-7", "on_boundaries"]


def test_locations_are_marked_by_source(dataset):
    sites = dataset.sites.set_index("name")
    assert sites.loc["Tessalit", "location_source"] == "gazetteer"
    assert sites.loc["Likrakar", "location_source"] == "region_centroid" and sites.loc["Likrakar", "approximate"]
    assert sites.loc["Ilouk", "location_source"] == "unlocated" and sites.loc["Ilouk", "geometry"] is None
    assert not sites.loc["Tessalit", "approximate"]
    names = set(dataset.unlocated()["record"])
    assert {"Ilouk", "Tinfadimata"} <= names


def test_gazetteer_prefers_the_place_in_the_named_region():
    bounds = load_boundaries().frame
    records = pd.DataFrame({"title": ["a", "b"], "place": ["Tombouctou", "Gao"], "region": ["Tombouctou", "Kidal"]})
    located = locate(records, load_gazetteer(), bounds, allow_region_centroid=False)
    assert located.loc[0, "location_source"] == "gazetteer"
    assert located.loc[0, "latitude"] == pytest.approx(16.77348)
    # Gao the town is in Gao region, not Kidal: not this place, so it stays unlocated
    assert located.loc[1, "location_source"] == "unlocated"


def test_grid_index_agrees_with_geopandas_sjoin():
    bounds = load_boundaries().frame
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(-13, 5, 20_000), rng.uniform(9.5, 25.5, 20_000)
    ours = points_in_regions(lon, lat, bounds)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    theirs = gpd.sjoin(pts, bounds[["iso_code", "geometry"]], predicate="within", how="left")
    theirs = theirs[~theirs.index.duplicated()]["iso_code"]
    assert (ours.fillna("none").to_numpy() == theirs.fillna("none").to_numpy()).all()
    assert ours.notna().sum() > 5_000 and ours.isna().sum() > 1_000


def test_record_region_wins_over_the_polygon_and_polygon_fills_a_missing_region():
    bounds = load_boundaries().frame
    records = pd.DataFrame({"title": ["own", "none"], "region": ["Ménaka", None],
                            "latitude": [15.92, 16.27], "longitude": [2.40, -0.045]})
    joined = join_to_regions(locate(records, load_gazetteer(), bounds), bounds)
    assert list(joined["joined_iso"]) == ["ML-7", "ML-7"]      # Natural Earth's Gao holds Ménaka town
    assert list(joined["assigned_iso"]) == ["ML-9", "ML-7"]


def test_locate_does_not_modify_its_input():
    records = pd.DataFrame({"title": ["x"], "place": ["Kidal"], "region": ["Kidal"]})
    before = records.copy()
    locate(records, load_gazetteer(), load_boundaries().frame)
    pd.testing.assert_frame_equal(records, before)


def test_an_upload_keeps_its_own_validation_report(dataset, tmp_path):
    from geo.model.dataset import add_records
    from geo.read.validate import validate_file

    path = tmp_path / "partner.csv"
    path.write_text("title,place,region\nRoute,Gao,Gao\n", encoding="utf-8")
    report = validate_file(path, kind="cvr_projects")
    beside = add_records(dataset, report)
    assert set(beside.reports) == {"cvr_projects", "sites", "trainings", "cvr_projects:partner.csv"}
    instead = add_records(dataset, report, replace_shipped=True)
    assert set(instead.reports) == {"sites", "trainings", "cvr_projects:partner.csv"}
    assert len(instead.cvr_projects) == 1 and len(beside.cvr_projects) == 4
