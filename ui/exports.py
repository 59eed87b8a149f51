"""Download buttons of the view on screen: the slide map (PNG 1920x1080, SVG, PDF) and the
briefing pack (PPTX) on the Overview and Map pages; the filtered tables (CSV, XLSX, GeoJSON) and
the standalone HTML map on the Data page.

The bytes come from geo/ (static_map, briefing, export_data). Building them takes 0.1-2 s, so a
button holds a callable that Streamlit runs when it is clicked (one click, nothing built before),
cached per view: the session's data, filters, language, measure and public mode.
"""
from __future__ import annotations

import functools

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from geo.render.briefing import briefing_pptx_bytes
from geo.render.tables import table_export_bytes
from geo.render.webmap import html_map_bytes
from geo.schema import TABLE_KINDS
from geo.render.words import export_file_name
from geo.model.filters import Filters
from geo.render.slide_map import map_figure_bytes
from ui.layout import guarded
from ui.state import current_dataset, current_filters, is_public, labeller, lang, measure, t

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "geojson": "application/geo+json", "html": "text/html"}
NO_GEOMETRY = ("programme_totals", "events")


def data_identity() -> tuple:
    """Which data the session shows. The shipped data is shared by every session; a session with
    uploads gets its own entries (a partner's file never serves another session)."""
    uploads = st.session_state.get("user_uploads") or []
    boundaries = st.session_state.get("user_boundaries")
    if not uploads and boundaries is None:
        return ("shipped",)
    ctx = get_script_run_ctx()
    return (ctx.session_id if ctx else "", tuple((str(u.get("id")), bool(u.get("replace"))) for u in uploads),
            None if boundaries is None else st.session_state.get("_uploads_boundaries_digest") or id(boundaries))


def view_key() -> tuple:
    """Everything an export depends on, hashable: filters, language, measure, public mode, data."""
    f = current_filters()
    return (f.regions, f.years, f.kinds, f.partners), lang(), measure(), is_public(), data_identity()


@st.cache_data(show_spinner=False, max_entries=64)
def export_bytes(what: str, fmt: str, kind: str | None, view: tuple, _dataset) -> bytes:
    """The bytes of one export of `view` (see view_key); `_dataset` is the session's dataset,
    identified by the view's data identity rather than hashed."""
    filters_fields, lg, chosen, public, _ = view
    filters = Filters(*filters_fields)
    if what == "map":
        return map_figure_bytes(_dataset, filters, lg, fmt, chosen, public=public)
    if what == "briefing":
        return briefing_pptx_bytes(_dataset, filters, lg, chosen, public=public)
    if what == "html":
        return html_map_bytes(_dataset, filters, lg, chosen, public=public)
    return table_export_bytes(_dataset, kind, fmt, filters, lg, public=public)


def _download(what: str, fmt: str, kind: str | None, view: tuple, label: str, name: str, icon: str,
              primary: bool = False, key_suffix: str = "") -> None:
    """One button, one click: the file is built when it is clicked (in Streamlit's download
    thread, so the dataset is taken now, with the session's uploads)."""
    build = functools.partial(export_bytes, what, fmt, kind, view, current_dataset())
    st.download_button(label, build, file_name=export_file_name(name, fmt, Filters(*view[0])), mime=MIME[fmt],
                       on_click="ignore", icon=icon, width="stretch", type="primary" if primary else "secondary",
                       key=f"exports_{what}_{fmt}_{kind or 'all'}{key_suffix}")


def slide_png_button(name: str) -> None:
    """The map for tomorrow's slides, in one click: PNG 1920x1080 of the view on screen."""
    guarded(_download, "map", "png", None, view_key(), t("download.map_png_short"), "map", ":material/image:",
            True, f"_{name}_direct")


@st.fragment
def slide_downloads(name: str) -> None:
    """Map as PNG (1920x1080), SVG and PDF, and the briefing pack, of the view on screen."""
    guarded(_slide_downloads, name)


def _slide_downloads(name: str) -> None:
    view = view_key()
    st.caption(t("download.slides_note", measure=t(f"measure.{view[2]}")))
    _download("map", "png", None, view, t("download.map_png"), "map", ":material/image:")
    _download("map", "svg", None, view, t("download.map_svg"), "map", ":material/draw:")
    _download("map", "pdf", None, view, t("download.map_pdf"), "map", ":material/picture_as_pdf:")
    _download("briefing", "pptx", None, view, t("download.pack"), "briefing", ":material/slideshow:")


@st.fragment
def data_downloads() -> None:
    """The filtered records as CSV, XLSX (every table and an About sheet), GeoJSON, and the HTML map."""
    guarded(_data_downloads)


def _data_downloads() -> None:
    kind = st.selectbox(t("download.table"), TABLE_KINDS, format_func=labeller("download.table."),
                        key="exports_table")
    view = view_key()
    geojson = kind not in NO_GEOMETRY
    name = kind.replace("_", "-")
    columns = st.columns(4)
    with columns[0]:
        _download("table", "csv", kind, view, t("download.csv"), name, ":material/table:")
    with columns[1]:
        _download("table", "xlsx", None, view, t("download.xlsx"), "data", ":material/table_view:")
    with columns[2]:
        if geojson:
            _download("table", "geojson", kind, view, t("download.geojson"), name, ":material/location_on:")
        else:
            st.caption(t("download.geojson_none"))
    with columns[3]:
        _download("html", "html", None, view, t("download.html"), "map", ":material/public:")
