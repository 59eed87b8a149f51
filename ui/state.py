"""What every page reads: the language, the filters, and the dataset (shipped, or with the
session's uploads folded in), cached so that a filter change never re-reads a file.

A View is one view of the data (a dataset, whole or filtered) with what the pages make from it:
its per-region summary, the sidebar's options, figures and maps, each made once. What depends only
on the data version, the public or internal view and the filters is the same for every viewer:
those views are kept once per server process (st.cache_resource) and shared by every session, so
a second viewer of the same view costs almost nothing. A session with its own uploads, boundaries
or pending submissions gets its own views, never shared.

Every session key the app uses is named once, in KEY. The contract with the Data page's upload
panel (ui/uploads.py):
- st.session_state[KEY.boundaries]: a geo.read.boundaries.Boundaries replacing the shipped set;
- st.session_state[KEY.uploads]: a list of {"id": str, "report": ValidationReport, "replace": bool}.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

import geopandas as gpd
import streamlit as st

from geo import i18n
from geo.model.dataset import Dataset, add_records, load_dataset
from geo.model.filters import Filters, apply_filters
from geo.model.public import apply_public_mode
from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry
from geo.render.areas import has_cercles
from geo.schema import DEFAULT_MEASURE, MEASURES
from geo.store import with_published
from ui.access import allowed, current_person, view_is_public
from ui.store import app_store, boundaries_version, data_version


class KEY:
    """The session-state keys of the app, each named once."""
    lang = "lang"
    regions, years, kinds, partners, periods = "f_region", "f_years", "f_kind", "f_partner", "f_period"  # filters
    cercles = "f_cercle"
    measure = "measure"
    level = "level"                      # what the maps shade: "regions", or "cercles" when the set has them
    filters = "_filters"                 # the Filters of this run, set by the frame
    url_read, url_years = "_url_read", "_url_years"
    pending_region = "_pending_region"   # a region clicked on the map, applied at the next run
    pending_cercle = "_pending_cercle"   # a cercle clicked on the map (a second click), likewise
    uploads, boundaries = "user_uploads", "user_boundaries"
    dataset_cache = "_dataset_cache"
    view_cache = "_view_cache"           # this session's own filtered View (sessions with uploads)


class View:
    """A dataset and what is made from it, each thing once (thread-safe: sessions share views).
    Pages treat what they get as read-only."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self._made: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """build(), made once for this view and `key` (for instance ("choropleth", measure, lang))."""
        try:
            return self._made[key]
        except KeyError:
            pass
        value = build()   # outside the lock: two sessions may both build it once; one value is kept
        with self._lock:
            return self._made.setdefault(key, value)

    @property
    def summary(self):
        """geo.model.summary.region_summary of the view's dataset."""
        return self.get("summary", lambda: region_summary(self.dataset))


@st.cache_resource(show_spinner=False, max_entries=2)
def shipped_dataset(url: str, bounds_version: int) -> Dataset:
    """The shipped tables against the organisation's boundary set (the shipped Natural Earth set
    until an admin sets another), read once per server process and boundaries version."""
    return load_dataset(boundaries=app_store().active_boundaries())


@st.cache_resource(show_spinner=False, max_entries=2)
def shared_dataset(url: str, version: int, bounds_version: int) -> Dataset:
    """The shipped records and the store's published ones on the organisation's boundary set: the
    same for every viewer, built once per data version (a publish bumps it) and boundaries version
    (a new set bumps it), and shared across sessions."""
    return with_published(shipped_dataset(url, bounds_version), app_store())


@st.cache_resource(show_spinner=False, max_entries=4)
def _shared_whole(url: str, version: int, bounds_version: int, public: bool) -> View:
    """The shared data, redacted for the public view or not: one View per (data version, boundaries
    version, view)."""
    return View(apply_public_mode(shared_dataset(url, version, bounds_version), public))


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_filtered(url: str, version: int, bounds_version: int, public: bool, _filters: Filters,
                     filters_key: tuple) -> View:
    """The shared data with one set of filters: one View per (data version, boundaries version, view,
    filters), shared by every session that shows it (the 64 most recent kept)."""
    return View(apply_filters(_shared_whole(url, version, bounds_version, public).dataset, _filters))


def organisation_boundaries():
    """The organisation's boundary set (geo.read.boundaries.Boundaries), as this run sees it."""
    boundaries_version()   # asked once per run: a new set shows at the next run
    return app_store().active_boundaries()


@st.cache_resource(show_spinner=False, max_entries=8)
def _display_boundaries(_frame: gpd.GeoDataFrame, key: tuple) -> gpd.GeoDataFrame:
    return display_geometry(_frame)


def display_cercles(dataset: Dataset) -> gpd.GeoDataFrame:
    """The set's cercles simplified for drawing, cached per boundary set."""
    frame = dataset.cercles
    key = ("cercles", dataset.boundary_info.get("file"), dataset.boundary_info.get("name"), len(frame), id(frame))
    return _display_boundaries(frame, key)


def display_boundaries(dataset: Dataset) -> gpd.GeoDataFrame:
    """Simplified boundaries for drawing, cached per boundary set (joins keep the full geometry)."""
    frame = dataset.boundaries
    key = (dataset.boundary_info.get("file"), dataset.boundary_info.get("name"), len(frame),
           tuple(round(float(v), 6) for v in frame.total_bounds), id(frame))
    return _display_boundaries(frame, key)


def is_public() -> bool:
    """The view this session is shown (geo.access: anonymous and viewers always public)."""
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
    return whole_view().dataset


def _shared_key() -> tuple | None:
    """(store URL, data version, boundaries version, public view) when this session shows the shared
    data as it is
    (no uploads, no boundaries of its own, no pending submissions of its own); None otherwise."""
    if st.session_state.get(KEY.boundaries) is not None or st.session_state.get(KEY.uploads):
        return None
    if own_organisation():
        return None
    return (app_store().url, data_version(), boundaries_version(), is_public())


def data_identity() -> tuple:
    """Everything that decides the bytes of what this session is shown, as a key for caches shared
    by every session: the shared key (store, data version, public or internal view) when the session
    shows the shared data as it is; otherwise the same plus this session's own id and what it adds
    (its uploads, its boundary file, its organisation's pending submissions), so that a partner's
    rows never serve another session, and a publish or a withdrawal changes the key."""
    shared = _shared_key()
    if shared is not None:
        return ("shared", *shared)
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    own = own_organisation()
    uploads = st.session_state.get(KEY.uploads) or []
    return ("session", ctx.session_id if ctx else "", app_store().url, data_version(), boundaries_version(), is_public(),
            tuple((str(u.get("id")), bool(u.get("replace"))) for u in uploads),
            id(st.session_state.get(KEY.boundaries)), own,
            app_store().submissions_version() if own else None)


def whole_view() -> View:
    """The View of the whole dataset this session shows (see current_dataset)."""
    shared = _shared_key()
    if shared is not None:
        return _shared_whole(*shared)
    boundaries = st.session_state.get(KEY.boundaries)
    uploads = st.session_state.get(KEY.uploads) or []
    store = app_store()
    version = data_version()
    public = is_public()
    own = own_organisation()
    pending = store.submissions_version() if own else None
    key = (tuple((str(u.get("id")), bool(u.get("replace"))) for u in uploads), public, version, boundaries_version(),
           own, pending)
    cached = st.session_state.get(KEY.dataset_cache)
    if cached and cached[0] is boundaries and cached[1] == key:
        return cached[2]
    st.session_state.pop(KEY.view_cache, None)
    if boundaries is None:
        dataset = shared_dataset(store.url, version, boundaries_version())
    else:
        dataset = with_published(load_dataset(boundaries=boundaries), store)
    if own:   # the organisation's own submissions waiting for review, marked as not yet published
        dataset = with_published(dataset, store, status="pending", organisation=own)
    for upload in uploads:
        dataset = add_records(dataset, upload["report"], replace_shipped=bool(upload.get("replace")))
    view = View(apply_public_mode(dataset, public))
    st.session_state[KEY.dataset_cache] = (boundaries, key, view)
    return view


def own_organisation() -> str | None:
    """The organisation whose pending submissions this person sees (a partner's own)."""
    return current_person().organisation if allowed("see_own_submissions") else None


def current_filters() -> Filters:
    return st.session_state.get(KEY.filters) or Filters()


def current_view() -> View:
    """The View of what this run shows: the whole dataset with the sidebar filters applied."""
    filters = current_filters()
    shared = _shared_key()
    if shared is not None:
        return _shared_filtered(*shared, filters, _filters_key(filters))
    whole = whole_view()
    cached = st.session_state.get(KEY.view_cache)
    if cached and cached[0] is whole and cached[1] == filters:
        return cached[2]
    view = View(apply_filters(whole.dataset, filters))
    st.session_state[KEY.view_cache] = (whole, filters, view)
    return view


def _filters_key(filters: Filters) -> tuple:
    return (filters.regions, filters.years, filters.kinds, filters.partners, filters.periods, filters.cercles)


def filtered_dataset() -> Dataset:
    """current_dataset() with the sidebar filters applied."""
    return current_view().dataset


def summary(dataset: Dataset):
    """geo.model.summary.region_summary of a dataset (made once when it is this run's view)."""
    view = current_view()
    return view.summary if dataset is view.dataset else region_summary(dataset)


def measure() -> str:
    value = st.session_state.get(KEY.measure)
    return value if value in MEASURES else DEFAULT_MEASURE


def map_level() -> int:
    """What the maps and their exports shade: 2 (the cercles) when chosen on the Map page (or in the
    address: level=cercles) and the boundary set has cercles, else 1 (the regions)."""
    if st.session_state.get(KEY.level) != "cercles":
        return 1
    return 2 if has_cercles(current_dataset()) else 1


def region_label(code: str) -> str:
    from geo.regions import region_name

    return region_name(code) or str(code)


def cercle_labeller(cercles: gpd.GeoDataFrame):
    """A format_func for cercle codes: the cercle's name and its region's ('Bankass (Mopti)')."""
    names = dict(zip(cercles["cercle_code"], zip(cercles["cercle"], cercles["iso_code"])))

    def label(code: str) -> str:
        name, region = names.get(code, (code, None))
        return f"{name} ({region_label(region)})" if region else str(name)
    return label
