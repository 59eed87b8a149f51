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
from geo.store import Store, open_store, store_url, with_published


class KEY:
    """The session-state keys of the app, each named once."""
    lang = "lang"
    regions, years, kinds, partners, periods = "f_region", "f_years", "f_kind", "f_partner", "f_period"  # filters
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


def app_store() -> Store:
    """The shared store the settings name (geo.store), opened once per server process."""
    return _store_at(store_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_at(url: str) -> Store:
    return open_store(url)


@st.cache_resource(show_spinner=False, max_entries=2)
def shared_dataset(url: str, version: int) -> Dataset:
    """The shipped records and the store's published ones: the same for every viewer, built once per
    data version (a publish bumps it) and shared across sessions."""
    return with_published(shipped_dataset(), app_store())


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
    """The view this session is shown (geo.access: anonymous and viewers always public)."""
    from ui.access import view_is_public

    return view_is_public()


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
    store = app_store()
    version = store.data_version()   # one row: a publish shows in every session at its next run
    public = is_public()
    own = own_organisation()
    pending = store.submissions_version() if own else None
    key = (tuple((str(u.get("id")), bool(u.get("replace"))) for u in uploads), public, version, own, pending)
    cached = st.session_state.get(KEY.dataset_cache)
    if cached and cached[0] is boundaries and cached[1] == key:
        return cached[2]
    if boundaries is None:
        dataset = shared_dataset(store.url, version)
    else:
        dataset = with_published(load_dataset(boundaries=boundaries), store)
    if own:   # the organisation's own submissions waiting for review, marked as not yet published
        dataset = with_published(dataset, store, status="pending", organisation=own)
    for upload in uploads:
        dataset = add_records(dataset, upload["report"], replace_shipped=bool(upload.get("replace")))
    dataset = apply_public_mode(dataset, public)
    st.session_state[KEY.dataset_cache] = (boundaries, key, dataset)
    return dataset


def own_organisation() -> str | None:
    """The organisation whose pending submissions this person sees (a partner's own)."""
    from ui.access import allowed, current_person

    return current_person().organisation if allowed("see_own_submissions") else None


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
