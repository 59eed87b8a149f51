"""A folium map on a page, drawn from what was made once for every viewer of a view.

streamlit-folium's st_folium renders the whole map to HTML and script on every run (folium's
templates, the map's GeoJSON, the script's variable names rewritten): on the Sites page that was a
third of a view's server time. What it sends to the browser depends only on the map, so here it is
made once (`prepared`, kept by the page's View) and each run only hands it to the component. Should
streamlit-folium's inner helpers ever change, the map is drawn by st_folium itself, as before.
"""
from __future__ import annotations

import copy
from collections.abc import Callable

import branca.colormap
import streamlit as st
import streamlit_folium as sf
from streamlit_folium import st_folium

HELPERS = ("_component_func", "_get_html", "_get_header", "_get_map_string", "get_full_id", "generate_js_hash")
FAST = all(hasattr(sf, name) for name in HELPERS)

DEFAULTS = {"last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
            "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
            "last_active_drawing": None, "zoom": None, "last_circle_radius": None, "last_circle_polygon": None,
            "selected_layers": None, "selected_tags": None, "last_geocoder_result": None}


def prepared(built) -> dict:
    """The component's arguments for the folium map `built` (not changed: a copy is rendered), as
    st_folium would send them: the map's script, header and HTML, its id, the links of its
    scripts and styles, and what a click returns before there is one."""
    folium_map = copy.deepcopy(built)
    folium_map.get_root().render()
    folium_map.render()
    html, header = sf._get_html(folium_map), sf._get_header(folium_map)
    script = sf._get_map_string(folium_map)
    south_west, north_east = folium_map.get_bounds()
    css, js = [], []
    for element in _walk(folium_map):
        if isinstance(element, branca.colormap.ColorMap):   # a colour scale needs d3, as st_folium adds it
            js[:0] = ["https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return {"script": script, "header": header, "html": html, "id": sf.get_full_id(folium_map),
            "bounds": {"_southWest": {"lat": south_west[0], "lng": south_west[1]},
                       "_northEast": {"lat": north_east[0], "lng": north_east[1]}},
            "zoom": folium_map.options.get("zoom"),
            "css_links": list(dict.fromkeys(css)), "js_links": list(dict.fromkeys(js))}


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def live_map(made: Callable, key: tuple, build: Callable, *, height: int, component_key: str,
             returned_objects: list[str]):
    """Draw the folium map that `build()` makes, made and prepared once per `made` (a View's get)
    and `key`; what a reader's click returns, as st_folium returns it."""
    built = made(key, build)
    if not FAST:
        return st_folium(copy.deepcopy(built), height=height, use_container_width=True,
                         returned_objects=returned_objects, key=component_key)
    args = made(("live_map", *key), lambda: prepared(built))
    defaults = {**DEFAULTS, "bounds": args["bounds"], "zoom": args["zoom"]}
    hash_key = sf.generate_js_hash(args["script"], component_key, False)

    def changed():   # what st_folium keeps under the caller's key
        st.session_state[component_key] = st.session_state.get(hash_key, {})
    return sf._component_func(
        script=args["script"], header=args["header"], html=args["html"], id=args["id"], key=hash_key,
        height=height, width=None, returned_objects=returned_objects,
        default={name: value for name, value in defaults.items() if name in returned_objects}, zoom=None,
        center=None, feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=args["css_links"], js_links=args["js_links"], on_change=changed, wrap_longitude=False)
