"""What every page reads: the language, the filters, and the dataset (shipped, or with the
session's uploads folded in), cached so that a filter change never re-reads a file.

Every session key the app uses is named once, in KEY. The contract with the Data page's upload
panel (ui/uploads.py):
- st.session_state[KEY.boundaries]: a geo.read.boundaries.Boundaries replacing the shipped set;
- st.session_state[KEY.uploads]: a list of {"id": str, "report": ValidationReport, "replace": bool}.
"""
from __future__ import annotations

import geopandas as gpd
import streamlit as st

from geo import i18n
from geo.model.dataset import Dataset, add_records, load_dataset
from geo.model.filters import Filters, apply_filters
from geo.model.public import apply_public_mode
from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry
from geo.schema import DEFAULT_MEASURE, MEASURES
from geo.settings import public_mode


class KEY:
    """The session-state keys of the app, each named once."""
    lang = "lang"
    regions, years, kinds, partners = "f_region", "f_years", "f_kind", "f_partner"   # the sidebar's filters
    measure = "measure"
    filters = "_filters"                 # the Filters of this run, set by the frame
    url_read, url_years = "_url_read", "_url_years"
    pending_region = "_pending_region"   # a region clicked on the map, applied at the next run
    uploads, boundaries = "user_uploads", "user_boundaries"
    dataset_cache = "_dataset_cache"


@st.cache_resource(show_spinner=False)
def shipped_dataset() -> Dataset:
    """The shipped tables against the shipped boundaries, read once per server process."""
    return load_dataset()


@st.cache_resource(show_spinner=False, max_entries=8)
def _display_boundaries(_frame: gpd.GeoDataFrame, key: tuple) -> gpd.GeoDataFrame:
    return display_geometry(_frame)


def display_boundaries(dataset: Dataset) -> gpd.GeoDataFrame:
    """Simplified boundaries for drawing, cached per boundary set (joins keep the full geometry)."""
    frame = dataset.boundaries
    key = (dataset.boundary_info.get("file"), dataset.boundary_info.get("name"), len(frame),
           tuple(round(float(v), 6) for v in frame.total_bounds), id(frame))
    return _display_boundaries(frame, key)


def is_public() -> bool:
    return public_mode()


def lang() -> str:
    return i18n.language(st.session_state.get(KEY.lang))


def t(key: str, **values) -> str:
    """The interface text of `key` in the session's language."""
    return i18n.t(key, lang(), **values)


def labeller(prefix: str):
    """A format_func for options that are catalogue keys: 'measure.' + option, in the language of
    this run (bound now: widgets may format their options outside the run)."""
    chosen = lang()
    return lambda option: i18n.t(f"{prefix}{option}", chosen)


def current_dataset() -> Dataset:
    """The whole dataset this session shows: shipped or user boundaries, plus uploaded records,
    redacted in public mode. Built once per change of uploads, then reused on every rerun."""
    boundaries = st.session_state.get(KEY.boundaries)
    uploads = st.session_state.get(KEY.uploads) or []
    key = (tuple((str(u.get("id")), bool(u.get("replace"))) for u in uploads), public_mode())
    cached = st.session_state.get(KEY.dataset_cache)
    if cached and cached[0] is boundaries and cached[1] == key:
        return cached[2]
    dataset = shipped_dataset() if boundaries is None else load_dataset(boundaries=boundaries)
    for upload in uploads:
        dataset = add_records(dataset, upload["report"], replace_shipped=bool(upload.get("replace")))
    dataset = apply_public_mode(dataset)
    st.session_state[KEY.dataset_cache] = (boundaries, key, dataset)
    return dataset


def current_filters() -> Filters:
    return st.session_state.get(KEY.filters) or Filters()


def filtered_dataset() -> Dataset:
    """current_dataset() with the sidebar filters applied."""
    return apply_filters(current_dataset(), current_filters())


def summary(dataset: Dataset):
    """geo.model.locate.region_summary of a (filtered) dataset."""
    return region_summary(dataset)


def measure() -> str:
    value = st.session_state.get(KEY.measure)
    return value if value in MEASURES else DEFAULT_MEASURE


def region_label(code: str) -> str:
    from geo.regions import region_name

    return region_name(code) or str(code)
