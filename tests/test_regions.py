"""The crosswalk (data/admin1_crosswalk.csv) and the 2023 regions (data/regions_2023.csv): one source
of truth, every row sourced, codes matched within their scheme and never across schemes by digits."""
import pandas as pd
import pytest

from geo.model.locate import join_to_regions, locate
from geo.read.boundaries import load_boundaries
from geo.read.gazetteer import load_gazetteer
from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.regions import (
    CROSSWALK,
    PARENT_2016,
    REGIONS,
    REGIONS_2023,
    REGIONS_2023_TABLE,
    code_in,
    code_scheme,
    parent_region,
    pcode,
    region_code,
    region_name,
)


def test_iso_ml9_and_cod_ab_ml09_never_meet():
    assert region_code("ML-9") == "ML-9" and region_name("ML-9") == "Ménaka"
    assert region_code("ML09") == "ML-BKO" and region_name(region_code("ML09")) == "Bamako"
    assert region_code("ML10") == "ML-9" and region_code("ML-10") == "ML-10"      # COD-AB Ménaka, ISO Taoudénit
    assert pcode("ML-9") == "ML10" and pcode("ML-BKO") == "ML09" and pcode("ML-10") is None
    for key in REGIONS:   # a key's P-code leads back to the key, never to the region with the same digits
        if pcode(key):
            assert region_code(pcode(key)) == key
            assert region_code(pcode(key), scheme="cod_ab") == key


def test_a_bare_number_is_no_region_until_its_scheme_is_given():
    assert region_code("9") is None and region_code("09") is None and region_code("10") is None
    assert region_code("9", scheme="iso_3166_2") == "ML-9"       # Ménaka
    assert region_code("9", scheme="cod_ab") == "ML-BKO"          # Bamako
    assert region_code("ML-9", scheme="cod_ab") is None           # an ISO code is no P-code
    assert region_code("ML09", scheme="iso_3166_2") is None
    assert code_scheme("ML09") == "cod_ab" and code_scheme("ML-9") == "iso_3166_2" and code_scheme("ML.KY") == "hasc"
    assert code_scheme("Ménaka") is None and code_scheme("9") is None
    with pytest.raises(ValueError):
        region_code("9", scheme="fips")


def test_the_crosswalk_has_every_scheme_and_a_source_for_each():
    assert list(CROSSWALK["key"]) == list(REGIONS) and len(REGIONS) == 11
    assert set(CROSSWALK["iso_3166_2"]) == {f"ML-{i}" for i in range(1, 11)} | {"ML-BKO"}
    assert set(CROSSWALK["cod_ab_pcode"]) - {""} == {f"ML{i:02d}" for i in range(1, 11)}
    for column in ("iso_source", "cod_ab_source", "hasc_source"):
        assert CROSSWALK[column].str.strip().ne("").all(), column
    # HASC comes from the shipped Natural Earth file, feature by feature
    import geopandas as gpd

    from geo.read.boundaries import SHIPPED

    shipped = gpd.read_file(SHIPPED)
    assert dict(zip(shipped["iso_3166_2"], shipped["code_hasc"])) == {
        k: code_in(k, "hasc") for k in REGIONS if code_in(k, "hasc")}
    assert region_code("ML.TT") == "ML-6" and region_code("Timbuktu") == "ML-6"


def test_every_2023_region_has_a_parent_and_a_cited_source_and_its_capital_lies_in_the_parent():
    table = REGIONS_2023_TABLE
    assert set(table["name_fr"]) == {"Bougouni", "Koutiala", "Dioïla", "Nara", "Kita", "Nioro", "San", "Bandiagara",
                                     "Douentza"}
    assert table["sourced"].isin(["yes", "unsourced"]).all()
    sourced = table[table["sourced"].eq("yes")]
    assert sourced["source_url"].str.startswith("http").all() and sourced["source_says"].str.len().gt(20).all()
    assert set(table["parent_2016"]) <= set(REGIONS)
    gazetteer = load_gazetteer()
    towns = gazetteer[gazetteer["rank"].eq(0)].set_index("geonameid")
    for row in table.itertuples():   # GeoNames puts each capital in the region the source names as parent
        assert towns.loc[int(row.capital_geonameid), "region_iso"] == row.parent_2016, row.name_fr
        assert towns.loc[int(row.capital_geonameid), "name"] == row.capital
    assert parent_region("Bougouni") == "ML-3" and parent_region("Nioro du Sahel") == "ML-1"
    assert parent_region("Sikasso") is None and region_name(region_code("Dioila")) == "Dioïla"
    assert set(PARENT_2016) == set(REGIONS_2023)


def test_a_record_keeps_the_code_of_its_scheme_and_the_dashboard_key(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("Titre;Région\n#activity+name;#adm1+code\nA;ML09\nB;ML-9\nC;ML10\nD;Ménaka\n", encoding="utf-8")
    report = validate_table(read_table(path), kind="cvr_projects", boundaries=load_boundaries().frame)
    assert report.accepted_count == 4 and not report.warnings
    located = locate(report.accepted, load_gazetteer(), load_boundaries().frame)
    assert list(located["region"]) == ["ML09", "ML-9", "ML10", "Ménaka"]                # as written
    assert list(located["region_iso"]) == ["ML-BKO", "ML-9", "ML-9", "ML-9"]           # the dashboard's key
    assert list(located["region_scheme"]) == ["cod_ab", "iso_3166_2", "cod_ab", "name"]


def test_a_bare_number_in_a_region_column_is_reported_not_guessed(tmp_path):
    path = tmp_path / "chiffres.csv"
    path.write_text("Titre;Région\nA;9\n", encoding="utf-8")
    report = validate_table(read_table(path), kind="cvr_projects", boundaries=load_boundaries().frame)
    assert [w["message"].key for w in report.warnings] == ["unknown_region"]


def test_a_2023_region_counts_under_its_parent_with_a_note_or_as_itself_when_the_set_has_it():
    records = pd.DataFrame({"title": ["a", "b", "c"], "region": ["Bougouni", "San", "Gao"],
                            "latitude": [None, 13.29701, None], "longitude": [None, -4.89627, None]})
    shipped = load_boundaries().frame
    joined = join_to_regions(locate(records, load_gazetteer(), shipped), shipped)
    assert list(joined["region_iso"]) == ["X-bougouni", "X-san", "ML-7"]
    assert list(joined["assigned_iso"]) == ["ML-3", "ML-4", "ML-7"]
    assert list(joined["location_source"].astype(str)) == ["region_town", "record", "region_centroid"]
    assert joined["location_note"].iloc[0] == "2023 region Bougouni, counted under Sikasso in this boundary set"
    assert joined["location_note"].iloc[2] is None
    # SYNTHETIC TEST set: Sikasso's shipped polygon relabelled Bougouni, only to see a set that has it
    relabelled = shipped.assign(iso_code=shipped["iso_code"].replace({"ML-3": "X-bougouni"}))
    again = join_to_regions(locate(records, load_gazetteer(), relabelled), relabelled)
    assert again["assigned_iso"].iloc[0] == "X-bougouni" and again["location_note"].iloc[0] is None
