"""The gazetteer agrees with the shipped polygons: GeoNames' admin-1 tag of a few places contradicts
the polygon their point lies in (Bamba, tagged Gao, lies in Sikasso); the build keeps the polygon's
region and says so in the entry's note, so no partner's record is misplaced by it."""
import pandas as pd

from geo.paths import DATA_DIR
from geo.read.boundaries import load_boundaries
from geo.read.gazetteer import reconcile


def shipped() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "gazetteer.csv", dtype={"region_iso": str}, keep_default_na=False)


def test_no_shipped_entry_contradicts_the_shipped_polygons():
    gazetteer = shipped()
    again = reconcile(gazetteer, load_boundaries().frame)
    assert list(again["region_iso"]) == list(gazetteer["region_iso"])   # nothing left to move
    assert list(again["note"]) == list(gazetteer["note"])


def test_the_disagreements_are_kept_in_the_notes():
    by_name = shipped().drop_duplicates("geonameid").set_index("name")
    assert by_name.loc["Bamba", "region_iso"] == "ML-3" and "ML-7" in by_name.loc["Bamba", "note"]
    assert by_name.loc["Figuira-Toma", "region_iso"] == "ML-2"
    assert by_name.loc["Abdel Begrou", "region_iso"] == "" and "outside" in by_name.loc["Abdel Begrou", "note"]
    assert by_name.loc["Gao", "note"] == ""


def test_a_contradicted_entry_is_moved_and_a_menaka_entry_in_gao_is_not():
    boundaries = load_boundaries().frame
    entries = pd.DataFrame({"name": ["Bamba", "Ménaka"], "latitude": [10.38333, 15.91836],
                            "longitude": [-7.15, 2.40185], "region_iso": ["ML-7", "ML-9"]})
    out = reconcile(entries, boundaries)
    assert list(out["region_iso"]) == ["ML-3", "ML-9"]   # Ménaka's land is inside Gao's polygon here
    assert out["note"].iloc[0] and not out["note"].iloc[1]
