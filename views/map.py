"""Map: regions shaded by a measure, and the sites, camps, projects and trainings as layers.
Clicking a region filters the whole app to it. The map lives in a fragment and returns only the
clicked region, so panning and zooming never rerun the page. The slide downloads sit in the same
fragment, so a change of measure there reaches them."""
import copy

import streamlit as st
from streamlit_folium import st_folium

from geo.render.webmap import build_map
from geo.schema import MAP_MEASURES
from ui.access import record_once
from ui.exports import slide_downloads, slide_png_button
from ui.layout import filter_summary, guarded
from ui.state import (
    KEY,
    current_filters,
    current_view,
    display_boundaries,
    is_public,
    labeller,
    lang,
    measure,
    t,
)

BASEMAPS = ("none", "osm")
LAST_CLICK = "_last_map_click"   # the region last clicked, so that one click filters once


def region_clicked(returned) -> None:
    """A click on a region becomes the app's region filter (applied before the sidebar is drawn)."""
    drawing = (returned or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("iso_code")
    if not code:
        st.session_state.pop(LAST_CLICK, None)
        return
    if code != st.session_state.get(LAST_CLICK):
        st.session_state[LAST_CLICK] = code
        st.session_state[KEY.pending_region] = code
        st.rerun(scope="app")


def map_body() -> None:
    view = current_view()     # made once for every viewer of the same data, view and filters
    dataset, lg, public = view.dataset, lang(), is_public()
    left, right, png, slides = st.columns([5, 4, 3, 3], vertical_alignment="bottom")   # buttons never cut at 1280
    chosen = left.selectbox(t("measure.label"), MAP_MEASURES, format_func=labeller("measure."),
                            index=MAP_MEASURES.index(measure()) if measure() in MAP_MEASURES else 0, key="map_measure")
    st.session_state[KEY.measure] = chosen
    basemap = right.radio(t("map.basemap"), BASEMAPS, horizontal=True, key="map_basemap",
                          format_func=labeller("map.basemap."))
    if basemap == "osm":
        right.caption(t("map.basemap.osm_note"))
    with png:
        slide_png_button("map")
    with slides.popover(t("download.slides"), icon=":material/download:", width="stretch"):
        slide_downloads("map")
    tiles = None if basemap == "none" else basemap
    focus = current_filters().regions
    built = view.get(("map", chosen, lg, tiles, public, focus), lambda: build_map(
        dataset, view.summary, display_boundaries(dataset), chosen, lg, basemap=tiles, public=public, focus=focus))
    # st_folium renders the map into the page and changes it while doing so: each run draws its own
    # copy of the shared one (a millisecond; building it takes ten)
    returned = st_folium(copy.deepcopy(built), height=720, use_container_width=True,
                         returned_objects=["last_active_drawing"], key="main_map")
    region_clicked(returned)


@st.fragment
def map_view() -> None:
    guarded(map_body)


def map_page() -> None:
    if not is_public():
        record_once("view_internal_map", "map")
    st.title(t("map.title"))
    st.caption(filter_summary(current_filters()) + " · " + t("map.click_hint"))
    map_view()


guarded(map_page)
