"""The Data page's panel for admins: the organisation's boundary set, chosen once for everyone
(geo.store.boundary_sets). Set a file (read in a worker with a deadline first, as every upload),
list every set ever set, restore any of them or the shipped Natural Earth set. Every session and
every app server uses the active set at its next run. This file only arranges widgets; each action
checks the ability again before it acts.

Partner text (file names, sources, licences) is shown only through st.dataframe or escaped.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import i18n
from geo.messages import in_language
from geo.read.budget import read_boundaries_within
from geo.read.tables import ReadError
from geo.store import StoreError
from ui.access import allowed, current_person
from ui.store import app_store, data_version
from ui.text import plain

BOUNDARY_TYPES = ["geojson", "json", "gpkg", "zip"]
SHIPPED = 0


def render_boundary_sets(lang: str) -> None:
    """The whole panel: the active set, the form to set a new one, the list with restore."""
    if not allowed("manage_boundaries"):
        return
    store = app_store()
    st.subheader(_t("boundary_sets.title", lang))
    st.caption(_t("boundary_sets.help", lang))
    active = store.active_boundary_set()
    st.info(plain(_t("boundary_sets.active_shipped", lang) if active is None else
                  _t("boundary_sets.active", lang, id=active.id, file=active.file_name, by=active.set_by,
                     at=f"{active.set_at:%Y-%m-%d %H:%M}")))
    _set_form(store, lang)
    _list_and_restore(store, active, lang)


def _set_form(store, lang: str) -> None:
    with st.form("boundary_sets_form", clear_on_submit=True):
        upload = st.file_uploader(_t("boundary_sets.file", lang), type=BOUNDARY_TYPES, key="boundary_sets_file")
        source = st.text_input(_t("boundary_sets.source", lang), key="boundary_sets_source",
                               placeholder="OCHA HDX, Mali - Subnational Administrative Boundaries (cod-ab-mli)")
        licence = st.text_input(_t("boundary_sets.licence", lang), key="boundary_sets_licence")
        sent = st.form_submit_button(_t("boundary_sets.set", lang), type="primary")
    if not sent or upload is None:
        return
    if not allowed("manage_boundaries"):   # checked again: a crafted request gets nothing
        return
    data = upload.getvalue()
    try:
        read_boundaries_within(data, upload.name)   # a worker with a deadline: no file holds the server
        chosen = store.set_boundaries(data, upload.name, actor=current_person().label, source=source or None,
                                      licence=licence or None)
    except (ReadError, StoreError) as err:
        st.error(plain(in_language(err.args[0], lang)))
        return
    except Exception as err:  # noqa: BLE001 - never a traceback on screen
        st.error(plain(_t("uploads.unexpected", lang, name=upload.name, error=type(err).__name__)))
        return
    data_version(refresh=True)
    st.success(plain(_t("boundary_sets.done", lang, id=chosen.id, file=chosen.file_name, regions=chosen.regions,
                        cercles=chosen.cercles)))


def _list_and_restore(store, active, lang: str) -> None:
    sets = store.boundary_sets()
    rows = [{"#": s.id, _t("boundary_sets.col.active", lang): "●" if active is not None and s.id == active.id else "",
             _t("boundary_sets.col.file", lang): s.file_name, _t("boundary_sets.col.regions", lang): s.regions,
             _t("boundary_sets.col.cercles", lang): s.cercles, _t("boundary_sets.col.by", lang): s.set_by,
             _t("boundary_sets.col.at", lang): f"{s.set_at:%Y-%m-%d %H:%M}",
             _t("boundary_sets.col.source", lang): s.source or "", _t("boundary_sets.col.licence", lang): s.licence or "",
             "SHA-256": s.sha256} for s in sets]
    rows.append({"#": SHIPPED, _t("boundary_sets.col.active", lang): "●" if active is None else "",
                 _t("boundary_sets.col.file", lang): _t("boundary_sets.shipped", lang)})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    choices = [s.id for s in sets] + [SHIPPED]
    left, right = st.columns([3, 1])
    chosen = left.selectbox(_t("boundary_sets.restore_which", lang), choices, key="boundary_sets_restore_id",
                            format_func=lambda i: _t("boundary_sets.shipped", lang) if i == SHIPPED else
                            f"#{i} {next(s.file_name for s in sets if s.id == i)}")
    if right.button(_t("boundary_sets.restore", lang), key="boundary_sets_restore"):
        if not allowed("manage_boundaries"):
            return
        try:
            store.restore_boundaries(chosen, current_person().label)
        except StoreError as err:
            st.error(plain(in_language(err.args[0], lang)))
            return
        data_version(refresh=True)
        st.rerun()


def _t(key: str, lang: str, **values) -> str:
    return i18n.t(key, lang, **values)
