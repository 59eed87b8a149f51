"""The app with an organisation's boundary set that has cercles, run headless (streamlit.testing):
the Map offers "Regions / Cercles", the sidebar a cercle filter (the region's cercles first), the
address keeps it (cercle=..., level=cercles) and the figures follow it; with the shipped Natural
Earth set none of this shows and the address drops it. The admin-2 layer is SYNTHETIC TEST data
made from shipped polygons (tests/fixtures/boundary_files.py)."""
import pytest
from fixtures.boundary_files import cod_style_gpkg
from test_app import no_failure, run, tiles

from geo.store import Store

GAO = "SYNTHETIC TEST cercle Gao"


@pytest.fixture
def cercles_set(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DASHBOARD_DB", url)
    store = Store.open(url)
    path = cod_style_gpkg(tmp_path)
    store.set_boundaries(path.read_bytes(), path.name, actor="admin@test.example", source="SYNTHETIC TEST layers")
    yield store
    store.engine.dispose()


def test_the_map_offers_cercles_and_the_address_keeps_the_cercle_filter(cercles_set):
    at = run("views/map.py", {"lang": "en", "region": "ML-7", "cercle": "TEST-ML0701"}, user="analyst")
    no_failure(at)
    level = next(r for r in at.radio if r.label == "Shade by")
    assert level.options == ["Regions", "Cercles"] and level.value == "regions"
    cercle = next(m for m in at.multiselect if m.label == "Cercle")
    assert cercle.value == ["TEST-ML0701"] and cercle.options[0] == f"{GAO} (Gao)"   # the region's cercles first
    assert dict(at.query_params) == {"lang": "en", "region": "ML-7", "cercle": "TEST-ML0701"}
    assert f"Cercle: {GAO}" in at.caption[0].value.replace("\\", "")
    level.set_value("cercles").run()
    no_failure(at)
    at.switch_page("views/overview.py").run()   # a full run writes the address
    assert at.query_params["level"] == "cercles"


def test_the_cercle_filter_changes_the_figures(cercles_set):
    region = tiles(run(None, {"lang": "en", "region": "ML-7"}, user="analyst"))
    cercle = tiles(run(None, {"lang": "en", "region": "ML-7", "cercle": "TEST-ML0701"}, user="analyst"))
    assert region["CVR projects"] == cercle["CVR projects"] == "2"
    # Gao's cantonment site is placed only by its region: in no cercle
    assert region["Cantonment sites"] == "1" and cercle["Cantonment sites"] == "0"
    public = tiles(run(None, {"lang": "en", "region": "ML-7", "cercle": "TEST-ML0701"}))
    assert public["Cantonment sites"] == "1"     # the public view never says which cercle a site is in


def test_without_cercles_the_map_and_the_sidebar_are_as_they_were():
    at = run("views/map.py", {"lang": "en", "region": "ML-7", "cercle": "ML0701", "level": "cercles"})
    no_failure(at)
    assert "Shade by" not in [r.label for r in at.radio]
    assert "Cercle" not in [m.label for m in at.multiselect]
    assert dict(at.query_params) == {"lang": "en", "region": "ML-7"}
    assert at.caption[0].value.endswith("Click a region to filter the whole app to it.")
