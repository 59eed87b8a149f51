"""The maps at the cercles' level: the live map (folium), the slide map (PNG, SVG, PDF) and the
command line's exports shade the cercles when the view asks for them (level 2) or a cercle filter
is on, and the boundary set has cercles; a region in view is zoomed to, its cercles named. With the
shipped Natural Earth set (no cercles) every map is what it was. The admin-2 layers are SYNTHETIC
TEST files made from shipped polygons only (tests/fixtures/boundary_files.py): in the `joined` set
Kidal's polygon stands as Gao's second cercle."""
import json
import re

import pytest
from fixtures.boundary_files import cod_style_gpkg
from test_cli import run_geo

from geo.model.dataset import load_dataset
from geo.model.filters import Filters
from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry, read_boundary_file
from geo.render.areas import cercle_selection, shades_cercles
from geo.render.exports import export
from geo.render.slide_map import map_figure
from geo.render.webmap import build_map, map_html

GAO, KIDAL = "SYNTHETIC TEST cercle Gao", "SYNTHETIC TEST cercle Kidal"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cercle_maps")
    return {"one": cod_style_gpkg(folder), "joined": cod_style_gpkg(folder, joined=("ML-7", "ML-8"))}


@pytest.fixture(scope="module")
def joined(files):
    path = files["joined"]
    return load_dataset(boundaries=read_boundary_file(path.read_bytes(), path.name))


def live_map(dataset, level=1, focus=(), cercle_focus=(), measure="projects", public=False) -> str:
    return map_html(build_map(dataset, region_summary(dataset), display_geometry(dataset.boundaries), measure, "en",
                              level=level, focus=focus, cercle_focus=cercle_focus, public=public))


def layout_options(page: str) -> dict:
    return json.loads(re.search(r'\)\(map_\w+, (\{"bounds".*?\})\);', page).group(1))


def figure_texts(figure) -> str:
    return " ".join(t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")))


def normalised(page: str) -> str:
    """A live map's page without the ids folium draws at random."""
    return re.sub(r"_[0-9a-f]{32}", "_X", page)


def test_without_cercles_every_map_is_what_it_was(dataset):
    assert not shades_cercles(dataset, Filters(cercles=("ML0101",)), 2, "projects", public=False)
    assert normalised(live_map(dataset, level=2, focus=("ML-7",))) == normalised(live_map(dataset, focus=("ML-7",)))
    assert layout_options(live_map(dataset))["keys"] is None
    one = export(dataset, "map", "png", filters=Filters(regions=("ML-7",)), lang="en", public=False)
    two = export(dataset, "map", "png", filters=Filters(regions=("ML-7",)), lang="en", public=False, level=2)
    assert one == two


def test_the_live_map_shades_cercles_and_zooms_to_the_cercles_of_the_region(joined):
    whole = live_map(joined, level=2)
    assert whole.count("geo-region geo-cercle") >= 1 and '"cercle_code": "TEST-ML0702"' in whole
    assert '"Gao", "geo-region-label"' in whole            # the whole country: its regions named, not its cercles
    assert "CVR projects, per cercle" in whole and '"interactive": false' in whole   # region borders let clicks through
    country = layout_options(whole)["bounds"]

    gao = live_map(joined, level=2, focus=("ML-7",))
    options = layout_options(gao)
    assert options["keys"] == ["TEST-ML0701", "TEST-ML0702"]
    (south, west), (north, east) = options["bounds"]
    assert south > country[0][0] and west > country[0][1] and north <= country[1][0] and east <= country[1][1]
    assert f'"{GAO}\\u003cbr\\u003e2", "geo-region-label' in gao and f'"{KIDAL}' in gao
    assert f"{GAO} (Gao): 2" in gao and "Sikasso): not selected" in gao

    kidal = live_map(joined, level=1, focus=("ML-7",), cercle_focus=("TEST-ML0702",))   # a cercle filter: cercles
    assert layout_options(kidal)["keys"] == ["TEST-ML0701", "TEST-ML0702"]
    assert f"{GAO} (Gao): not selected" in kidal and "Not selected (outside the filter)" in kidal


def test_cercles_in_view_and_selected():
    import pandas as pd

    cercles = pd.DataFrame({"cercle_code": ["A1", "A2", "B1"], "iso_code": ["ML-1", "ML-1", "ML-2"]})
    in_view, selected = cercle_selection(cercles, Filters())
    assert not in_view.any() and selected.all()
    in_view, selected = cercle_selection(cercles, Filters(cercles=("A2",)))
    assert list(in_view) == [True, True, False] and list(selected) == [False, True, False]
    in_view, selected = cercle_selection(cercles, Filters(regions=("ML-2",)))
    assert list(in_view) == [False, False, True] and list(selected) == [False, False, True]


def test_the_slide_map_shades_cercles_and_names_those_in_view(joined):
    figure = map_figure(joined, Filters(regions=("ML-7",)), lang="en", public=False, level=2)
    words = figure_texts(figure)
    assert "Mali: CVR projects by cercle" in words and "CVR projects, per cercle" in words
    assert f"{GAO}\n2" in words and KIDAL in words and "Cercles, the highest first" in words
    whole = figure_texts(map_figure(joined, lang="en", public=False, level=2))
    assert GAO not in whole.split("highest first")[0]   # the whole country names its regions; the legend its cercles
    svg = export(joined, "map", "svg", filters=Filters(regions=("ML-7",), cercles=("TEST-ML0701",)), lang="fr",
                 public=False).decode()
    assert "Mali : Projets RVC par cercle" in svg and f"Cercle\u202f: {GAO}" in svg and f"{GAO} 2" in svg
    assert "Hors filtre (non sélectionné)" in svg
    png = export(joined, "map", "png", filters=Filters(cercles=("TEST-ML0701",)), lang="en", public=False)
    assert png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")


def test_the_public_view_shades_sites_per_region_only(joined):
    assert not shades_cercles(joined, Filters(), 2, "sites", public=True)
    assert shades_cercles(joined, Filters(), 2, "sites", public=False)
    assert shades_cercles(joined, Filters(), 2, "projects", public=True)
    words = figure_texts(map_figure(joined, lang="en", public=True, level=2, measure="sites"))
    assert "by region" in words and "by cercle" not in words


def test_export_takes_a_cercle_and_a_level(files, tmp_path):
    env = {"DASHBOARD_DB": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    out = tmp_path / "cercle.svg"
    done = run_geo("export", "map", "--out", out, "--boundaries", files["one"], "--cercle", "test-ml0701",
                   "--lang", "en", env=env)
    assert done.returncode == 0, done.stderr
    svg = out.read_text(encoding="utf-8")
    assert "Mali: CVR projects by cercle" in svg and f"Cercle: {GAO}" in svg
    by_name = run_geo("export", "map", "--out", tmp_path / "named.png", "--boundaries", files["one"],
                      "--cercle", GAO.lower(), env=env)
    assert by_name.returncode == 0, by_name.stderr
    level = run_geo("export", "html", "--out", tmp_path / "gao.html", "--boundaries", files["joined"],
                    "--region", "Gao", "--level", "2", "--lang", "en", env=env)
    assert level.returncode == 0 and "geo-region geo-cercle" in (tmp_path / "gao.html").read_text(encoding="utf-8")
    unknown = run_geo("export", "map", "--out", tmp_path / "x.png", "--boundaries", files["one"], "--cercle", "Atlantis",
                      env=env)
    assert unknown.returncode == 2 and "unknown cercle 'Atlantis'" in unknown.stderr
    for option in (("--cercle", "ML0101"), ("--level", "2")):   # Natural Earth has no cercles
        refused = run_geo("export", "map", "--out", tmp_path / "y.png", *option, env=env)
        assert refused.returncode == 2 and "has no cercles" in refused.stderr


def test_the_data_files_name_the_cercle_filter(joined):
    from geo.render.tables import about_table

    about = about_table(joined, Filters(cercles=("TEST-ML0702",)), "fr", public=False)
    assert f"Cercle\u202f: {KIDAL}" in " ".join(about.iloc[:, 0])
