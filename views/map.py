"""Map: regions shaded by a measure, and the sites, camps, projects and trainings as layers.
Clicking a region filters the whole app to it. When the organisation's boundary set has cercles,
the map shades regions or cercles (a choice), a click on a region zooms to its cercles and filters
the app to it, and a second click, on one of its cercles, filters to that cercle. The map lives in
a fragment and returns only the clicked area, so panning and zooming never rerun the page. The
slide downloads sit in the same fragment, so a change of measure or level there reaches them."""
import streamlit as st

from geo.render.areas import SITE_MEASURES, has_cercles
from geo.render.webmap import build_map
from geo.schema import MAP_MEASURES
from ui.access import record_once
from ui.exports import slide_downloads, slide_png_button
from ui.layout import filter_summary, guarded
from ui.live_map import live_map
from ui.state import (
    KEY,
    current_dataset,
    current_filters,
    current_view,
    display_boundaries,
    display_cercles,
    is_public,
    labeller,
    lang,
    map_level,
    measure,
    t,
)

BASEMAPS = ("none", "osm")
LEVELS = ("regions", "cercles")
LAST_CLICK = "_last_map_click"   # the area last clicked, so that one click filters once
LEVEL_WIDGET, LEVEL_PENDING = "map_level", "_map_level_pending"
# The map ends at the bottom of the first screen (all of Mali on a 1366x768 projector): its frame
# takes the height the window leaves below its top (measured in the browser, again on a resize or a
# rerun), between 360 and 720 px; on a phone, four fifths of the screen. The map inside fits the
# country to its frame. Our own script; no data in it.
FIT_FRAME = """<script>
(function () {
  if (window.__fitLiveMap) { window.__fitLiveMap(); return; }
  const fit = () => {
    for (const frame of document.querySelectorAll(".st-key-live_map iframe")) {
      const room = window.innerWidth < 640 ? 0.8 * window.innerHeight
                                           : window.innerHeight - frame.getBoundingClientRect().top - 16;
      const height = Math.round(Math.max(360, Math.min(720, room))) + "px";
      if (frame.style.getPropertyValue("height") !== height) { frame.style.setProperty("height", height, "important"); }
    }
  };
  window.__fitLiveMap = fit;
  let queued = false;
  const later = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; fit(); }); } };
  window.addEventListener("resize", later);
  if (window.ResizeObserver) { new ResizeObserver(later).observe(document.body); }
  new MutationObserver(later).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                      attributeFilter: ["style", "height"]});
  later();
})();
</script>"""


def area_clicked(returned, drills: bool) -> None:
    """A click on a region becomes the app's region filter (applied before the sidebar is drawn);
    with a set of cercles (`drills`) the map then shows the region's cercles, and a click on one of
    them, inside the region shown, becomes the cercle filter."""
    drawing = (returned or {}).get("last_active_drawing") or {}
    properties = drawing.get("properties") or {}
    code, cercle = properties.get("iso_code"), properties.get("cercle_code")
    if not code:
        st.session_state.pop(LAST_CLICK, None)
        return
    if (code, cercle) == st.session_state.get(LAST_CLICK):
        return
    st.session_state[LAST_CLICK] = (code, cercle)
    if cercle and current_filters().regions == (code,):   # a second click: a cercle of the region shown
        st.session_state[KEY.pending_cercle] = cercle
    else:
        st.session_state[KEY.pending_region] = code
        if drills:   # down to the region's cercles
            st.session_state[KEY.level] = "cercles"
            st.session_state[LEVEL_PENDING] = True
    st.rerun(scope="app")


def level_choice(container) -> None:
    """Regions or cercles, when the boundary set has cercles (kept for the exports in KEY.level)."""
    state = st.session_state
    if state.pop(LEVEL_PENDING, None) or LEVEL_WIDGET not in state:   # a click drilled down, or the address says
        state[LEVEL_WIDGET] = "cercles" if map_level() == 2 else "regions"
    state[KEY.level] = container.radio(t("map.level"), LEVELS, horizontal=True, key=LEVEL_WIDGET,
                                       format_func=labeller("map.level."))


def map_body() -> None:
    view = current_view()     # made once for every viewer of the same data, view and filters
    dataset, lg, public = view.dataset, lang(), is_public()
    cercles = has_cercles(dataset)
    left, right, png, slides = st.columns([5, 4, 3, 3], vertical_alignment="bottom")   # buttons never cut at 1280
    if cercles:   # regions or cercles, beside the measure (a fifth column would cut the buttons)
        left, middle = left.columns([3, 2], vertical_alignment="bottom")
        level_choice(middle)
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
    filters = current_filters()
    focus, level = filters.regions, map_level()
    if cercles and level == 2 and public and chosen in SITE_MEASURES:
        st.caption(t("map.level.public_sites"))
    # built and prepared once for every viewer of the view (ui.live_map). With cercles, each view of
    # the drill-down is its own component, so that a second click on the same shape counts
    key = "main_map" if not cercles else "main_map_" + "_".join((str(level), *focus, "", *filters.cercles))
    with st.container(key="live_map"):
        returned = live_map(view.get, ("map", chosen, lg, tiles, public, focus, level, filters.cercles), lambda: build_map(
            dataset, view.summary, display_boundaries(dataset), chosen, lg, basemap=tiles, public=public, focus=focus,
            level=level, cercle_focus=filters.cercles, cercles=display_cercles(dataset) if cercles else None),
            height=720, component_key=key, returned_objects=["last_active_drawing"])
    st.html(FIT_FRAME, unsafe_allow_javascript=True)
    area_clicked(returned, drills=cercles)


@st.fragment
def map_view() -> None:
    guarded(map_body)


def map_page() -> None:
    if not is_public():
        record_once("view_internal_map", "map")
    st.title(t("map.title"))
    hint = "map.click_hint_cercles" if has_cercles(current_dataset()) else "map.click_hint"
    st.caption(filter_summary(current_filters()) + " · " + t(hint))
    map_view()


guarded(map_page)
