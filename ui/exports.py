"""Download buttons of the view on screen: the slide map (PNG 1920x1080, SVG, PDF) and the briefing
pack (PPTX) on the Overview and Map pages; the filtered tables (CSV, XLSX, GeoJSON) and the
standalone HTML map on the Data page.

Every file comes from geo.render.exports, the registry the command line uses too. Building takes
0.1-2 s, so a button holds a callable that Streamlit runs when it is clicked (one click, nothing
built before), cached by everything that decides its bytes: the data the session shows
(ui.state.data_identity: the store's data version, the public or internal view, and for a session
with rows of its own, the session itself), the filters, the language, the measure and what the maps
shade (regions or cercles: ui.state.map_level).
"""
from __future__ import annotations

import functools

import streamlit as st

from geo.model.filters import Filters
from geo.render.exports import NO_GEOMETRY, export, file_name, find
from geo.schema import TABLE_KINDS
from ui.access import current_person
from ui.layout import guarded
from ui.state import current_dataset, current_filters, data_identity, is_public, labeller, lang, map_level, measure, t
from ui.store import app_store


@st.cache_data(show_spinner=False, max_entries=64)
def export_bytes(target: str, fmt: str, kind: str | None, filters: Filters, lg: str, chosen: str, public: bool,
                 data: tuple, _dataset, level: int = 1) -> bytes:
    """The bytes of one export; `_dataset` is the session's dataset, identified by `data`
    (ui.state.data_identity) rather than hashed."""
    return export(_dataset, target, fmt, filters=filters, lang=lg, measure=chosen, kind=kind, public=public,
                  level=level)


def _download(target: str, fmt: str, kind: str | None, label: str, icon: str, primary: bool = False,
              key_suffix: str = "") -> None:
    """One button, one click: the file is built when it is clicked (in Streamlit's download
    thread, so the dataset and the view are taken now)."""
    filters, public = current_filters(), is_public()
    build = functools.partial(export_bytes, target, fmt, kind, filters, lang(), measure(), public,
                              data_identity(), current_dataset(), map_level())
    if not public:   # an internal export is written to the audit log, with the person, when clicked
        build = functools.partial(_audited, build, app_store(), current_person().label, f"{target}.{fmt}")
    st.download_button(label, build, file_name=file_name(target, fmt, kind, filters, lang()), mime=find(target, fmt).mime,
                       on_click="ignore", icon=icon, width="stretch", type="primary" if primary else "secondary",
                       key=f"exports_{target}_{fmt}_{kind or 'all'}{key_suffix}")


def _audited(build, store, who: str, what: str) -> bytes:
    store.record_access(who, "export_internal", what)
    return build()


def slide_png_button(name: str) -> None:
    """The map for tomorrow's slides, in one click: PNG 1920x1080 of the view on screen."""
    guarded(_download, "map", "png", None, t("download.map_png_short"), ":material/image:", True, f"_{name}_direct")


@st.fragment
def slide_downloads(name: str) -> None:
    """Map as PNG (1920x1080), SVG and PDF, and the briefing pack, of the view on screen."""
    guarded(_slide_downloads, name)


def _slide_downloads(name: str) -> None:
    st.caption(t("download.slides_note", measure=t(f"measure.{measure()}")))
    _download("map", "png", None, t("download.map_png"), ":material/image:")
    _download("map", "svg", None, t("download.map_svg"), ":material/draw:")
    _download("map", "pdf", None, t("download.map_pdf"), ":material/picture_as_pdf:")
    _download("pptx", "pptx", None, t("download.pack"), ":material/slideshow:")


def table_download(kind: str) -> None:
    """The whole table of `kind` in the view on screen, as CSV: what a paged table does not send."""
    guarded(_download, "csv", "csv", kind, t("table.download"), ":material/download:", False, "_table")


@st.fragment
def data_downloads() -> None:
    """The filtered records as CSV, XLSX (every table and an About sheet), GeoJSON, and the HTML map."""
    guarded(_data_downloads)


def _data_downloads() -> None:
    kind = st.selectbox(t("download.table"), TABLE_KINDS, format_func=labeller("download.table."),
                        key="exports_table")
    columns = st.columns(4)
    with columns[0]:
        _download("csv", "csv", kind, t("download.csv"), ":material/table:")
    with columns[1]:
        _download("xlsx", "xlsx", None, t("download.xlsx"), ":material/table_view:")
    with columns[2]:
        if kind in NO_GEOMETRY:
            st.caption(t("download.geojson_none"))
        else:
            _download("geojson", "geojson", kind, t("download.geojson"), ":material/location_on:")
    with columns[3]:
        _download("html", "html", None, t("download.html"), ":material/public:")
