"""The shared store as the app holds it: opened once per server process (geo.store), and its data
version, asked once per run so that every page of a run shows the same data.

Both ui.access (the audit log) and ui.state (the published picture) stand on this room; it imports
neither of them.
"""
from __future__ import annotations

import streamlit as st

from geo.store import Store, open_store, store_url

DATA_VERSION = "_data_version"   # the session key of this run's data version (ui.layout.frame refreshes it)
BOUNDARIES_VERSION = "_boundaries_version"   # this run's boundaries version, refreshed with the data version


def app_store() -> Store:
    """The shared store the settings name (geo.store), opened once per server process."""
    return _store_at(store_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_at(url: str) -> Store:
    return open_store(url)


def data_version(refresh: bool = False) -> int:
    """The store's data version, asked once per run (ui.layout.frame refreshes it at the start of
    each run): a publish or a withdrawal shows in every session at its next run."""
    if refresh or DATA_VERSION not in st.session_state:
        st.session_state[DATA_VERSION] = app_store().data_version()
        st.session_state[BOUNDARIES_VERSION] = app_store().boundaries_version()
    return st.session_state[DATA_VERSION]


def boundaries_version() -> int:
    """The store's boundaries version, asked once per run with the data version: a new boundary set
    for the organisation shows in every session, on every app server, at its next run."""
    if BOUNDARIES_VERSION not in st.session_state:
        data_version(refresh=True)
    return st.session_state[BOUNDARIES_VERSION]
