"""ui.live_map sends the map component what streamlit-folium's st_folium would send for the same
map, from what it made once: the map's script, HTML, header, id, links, the key the browser's
component is known by, and what a click returns before there is one."""
import copy

import pytest
import streamlit_folium

import ui.live_map
from geo.model.dataset import load_dataset
from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry
from geo.render.position_map import position_map
from geo.render.webmap import build_map


@pytest.fixture(scope="module")
def maps():
    dataset = load_dataset()
    shapes = display_geometry(dataset.boundaries)
    return {"map page": build_map(dataset, region_summary(dataset), shapes, "projects", "fr"),
            "sites page": build_map(dataset, region_summary(dataset), shapes, "sites", "en",
                                    layers=("regions", "cantonment", "moc"), public=True),
            "record form": position_map(shapes, None, None, "")}


def sent(monkeypatch, draw) -> dict:
    """What `draw()` hands streamlit-folium's component (its keyword arguments)."""
    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: calls.append(kwargs))
    draw()
    assert len(calls) == 1
    return calls[0]


@pytest.mark.parametrize("name", ["map page", "sites page", "record form"])
@pytest.mark.parametrize("returned", [["last_active_drawing"], ["last_clicked"], []])
def test_the_component_gets_what_st_folium_would_send(maps, name, returned, monkeypatch):
    built = maps[name]
    assert ui.live_map.FAST, "streamlit-folium's helpers changed: every map is drawn the slow way"
    theirs = sent(monkeypatch, lambda: streamlit_folium.st_folium(
        copy.deepcopy(built), height=620, use_container_width=True, returned_objects=returned, key="a_map"))
    ours = sent(monkeypatch, lambda: ui.live_map.live_map(
        lambda key, build: build(), ("a", "map"), lambda: built, height=620, component_key="a_map",
        returned_objects=returned))
    for argument in theirs.keys() - {"on_change"}:
        assert ours[argument] == theirs[argument], argument
    assert ours.keys() == theirs.keys()
    assert len(ours["script"]) > 1000 and ours["default"].keys() == set(returned)


def test_the_map_made_once_is_not_changed_by_drawing_it(maps, monkeypatch):
    built = maps["map page"]
    before = copy.deepcopy(built).get_root().render()
    kept = {}
    for _ in range(2):
        sent(monkeypatch, lambda: ui.live_map.live_map(lambda key, build: kept.setdefault(key, build()), ("m",),
                                                        lambda: built, height=720, component_key="main_map",
                                                        returned_objects=["last_active_drawing"]))
    assert copy.deepcopy(built).get_root().render() == before
    assert set(kept) == {("m",), ("live_map", "m")}
