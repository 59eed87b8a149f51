"""The shared store as the app holds it: opened once per server process (geo.store), and its data
version, asked once per run so that every page of a run shows the same data.

Both ui.access (the audit log) and ui.state (the published picture) stand on this room; it imports
neither of them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from geo.store import Store, open_store, store_url

log = logging.getLogger("dashboard.store")

DATA_VERSION = "_data_version"   # the session key of this run's data version (ui.layout.frame refreshes it)
BOUNDARIES_VERSION = "_boundaries_version"   # this run's boundaries version, refreshed with the data version
RUN_MEMO = "_dashboard_run_memo"   # on the run's context: what once_per_run kept in this run
T = TypeVar("T")


def once_per_run(name: str, build: Callable[[], T]) -> T:
    """build(), asked once per run of the script (a fragment's run too): what cannot change within a
    run (who is looking, which store the settings name) is read from the settings, the roles file
    and the sign-in once, not at each of the hundred places a page asks (a third of a millisecond
    each). Outside a run, build() each time."""
    ctx = get_script_run_ctx()
    marker = getattr(ctx, "cursors", None)   # a new dict at each run (ScriptRunContext.reset)
    if marker is None:
        return build()
    run = ctx.__dict__.get(RUN_MEMO)
    if run is None or run[0] is not marker:
        run = ctx.__dict__[RUN_MEMO] = (marker, {})
    if name not in run[1]:
        run[1][name] = build()
    return run[1][name]


def app_store() -> Store:
    """The shared store the settings name (geo.store), opened once per server process."""
    return once_per_run("store", lambda: _store_at(store_url()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_at(url: str) -> Store:
    return open_store(url)


class StoreUnreachable(Exception):
    """The shared database does not answer (stopped, restarting, out of reach): the page says so in
    one sentence and comes back by itself when it answers (ui.layout.wait_for_store)."""


def unreachable(error: BaseException) -> bool:
    """Whether `error`, or an error that caused it, is the database not answering: a connection
    refused, lost or timed out (SQLAlchemy's OperationalError and InterfaceError), not a mistake of
    the code or the data."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, StoreUnreachable | sa.exc.OperationalError | sa.exc.InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def data_version(refresh: bool = False) -> int:
    """The store's data version, asked once per run (ui.layout.frame refreshes it at the start of
    each run): a publish or a withdrawal shows in every session at its next run. Raises
    StoreUnreachable when the database does not answer (the first thing a run asks of it)."""
    if refresh or DATA_VERSION not in st.session_state:
        try:
            store = app_store()
            versions = store.data_version(), store.boundaries_version()
        except Exception as error:
            if not unreachable(error):
                raise
            log.warning("the shared store does not answer: %s", str(error).splitlines()[0] if str(error) else error)
            raise StoreUnreachable() from error
        st.session_state[DATA_VERSION], st.session_state[BOUNDARIES_VERSION] = versions
    return st.session_state[DATA_VERSION]


def store_answers() -> bool:
    """Whether the shared database answers now (one cheap read)."""
    try:
        app_store().data_version()
    except Exception as error:
        if not unreachable(error):
            raise
        return False
    return True


def boundaries_version() -> int:
    """The store's boundaries version, asked once per run with the data version: a new boundary set
    for the organisation shows in every session, on every app server, at its next run."""
    if BOUNDARIES_VERSION not in st.session_state:
        data_version(refresh=True)
    return st.session_state[BOUNDARIES_VERSION]
