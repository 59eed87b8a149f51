"""One record at a time (the Data page, for signed-in partners, analysts, reviewers and admins): the
fields of a kind with their widgets (a date picker, a region list, numbers with their unit), its
position by a click on the map, typed coordinates or a town of the gazetteer. Each record is
checked by the same rules as a sheet when it is added (a RawTable of one row through
geo.read.validate.validate_table); several can be added, then sent together to review as one
submission (pending, audited, returned with a note like any other), or, for those who do not
submit (analysts, reviewers), shown in this session alone.

Session contract: st.session_state[DRAFTS] = {kind: [record {field: value}]}; the fields' keys
carry a version that changes once a record is added, which empties them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitInvalidLayoutContextError
from streamlit_folium import st_folium

from geo import i18n
from geo.messages import in_language
from geo.read.boundaries import display_geometry
from geo.read.gazetteer import load_gazetteer
from geo.read.tables import RawTable
from geo.read.validate import EARLIEST_DATE, ValidationReport, validate_table
from geo.render.position_map import position_map
from geo.render.template import cercle_choices, coded_labels, current_period, region_choices
from geo.schema import CODED_FIELDS, PARTNER_COLUMNS, RECORD_KINDS, SCHEMAS
from geo.store import StoreError
from geo.store.periods import parse_period, period_of
from ui.access import allowed, current_person
from ui.live_map import live_map
from ui.state import organisation_boundaries, t, whole_view
from ui.store import app_store
from ui.text import plain
from ui.uploads import add_upload, field_label, period_input, reason_table

DRAFTS = "_form_drafts"
VERSION = "_form_version"
LAST_CLICK = "_form_click"
POSITION = ("place", "latitude", "longitude")   # drawn in the position block, not in the grid
PEOPLE = ("beneficiaries", "youth", "women", "men", "total")


@st.fragment
def record_form(lang: str) -> None:
    """The whole form: kind, fields, position, the records added so far and how to send them. A
    fragment: typing and clicking the map rerun the form alone, not the page."""
    if not allowed("upload"):
        return
    st.subheader(t("form.title"))
    st.caption(t("form.help"))
    if st.session_state.get("_form_done"):   # the submission just stored
        st.success(st.session_state.pop("_form_done"))
    kind = st.selectbox(t("form.kind"), RECORD_KINDS, format_func=lambda k: i18n.t(f"kind.{k}", lang), key="form_kind")
    version = st.session_state.setdefault(VERSION, 0)

    def key(name: str) -> str:
        return f"form_{kind}_{name}_{version}"

    boundaries = organisation_boundaries()
    with st.container(border=True):
        values = _fields(kind, boundaries, key, lang)
        values |= _position(kind, boundaries, key, values, lang)
        if st.button(t("form.add"), icon=":material/add:", key=f"form_add_{kind}"):
            _add(kind, values, boundaries, lang)
    _drafts(kind, boundaries, lang)


def _fields(kind: str, boundaries, key, lang: str) -> dict:
    """The kind's fields other than its position, three to a row, each with its widget."""
    present, missing = region_choices(boundaries, lang)
    cercles = cercle_choices(boundaries)
    organisation = current_person().organisation or ""
    shown = [f for f in SCHEMAS[kind] if f.name not in POSITION]
    values = {}
    for start in range(0, len(shown), 3):
        for column, f in zip(st.columns(3), shown[start:start + 3]):
            label = field_label(f.name, lang) + (" *" if f.required else "")
            name, k = f.name, key(f.name)
            help_text = t(f"template.help.{name}")
            if name == "region":
                values[name] = column.selectbox(label, present + missing, index=None, key=k, help=help_text,
                                                placeholder=t("form.choose"))
            elif name == "cercle" and cercles:
                values[name] = column.selectbox(label, cercles, index=None, key=k, help=help_text,
                                                placeholder=t("form.choose"), accept_new_options=True)
            elif name == "category":
                values[name] = column.selectbox(label, list(coded_labels(name, lang).values()), index=None, key=k,
                                                help=help_text, placeholder=t("form.choose"), accept_new_options=True)
            elif name in CODED_FIELDS:
                labels = coded_labels(name, lang)
                values[name] = column.selectbox(label, list(labels), index=None, key=k, help=help_text,
                                                format_func=labels.get, placeholder=t("form.choose"))
            elif f.type == "date":
                values[name] = column.date_input(label, value=None, min_value=EARLIEST_DATE,
                                                 max_value=dt.date.today() + dt.timedelta(days=5 * 366),
                                                 format="DD/MM/YYYY", key=k, help=help_text)
            elif f.type == "count":
                unit = f" ({t('form.unit.people')})" if name in PEOPLE else ""
                values[name] = column.number_input(label + unit, min_value=0, step=1, value=None, key=k,
                                                   help=help_text)
            elif f.type == "money":
                values[name] = column.number_input(label, min_value=0, step=100_000, value=None, key=k,
                                                   help=help_text)
            elif name == PARTNER_COLUMNS.get(kind):
                values[name] = column.text_input(label, value=organisation, key=k, help=help_text)
            else:
                values[name] = column.text_input(label, key=k, help=help_text)
    return values


def _position(kind: str, boundaries, key, values: dict, lang: str) -> dict:
    """Where the record is: a click on the map, or coordinates typed, or a town of the gazetteer
    (which places it when it has no coordinates). The map is drawn first so that a click fills the
    coordinates before their inputs are drawn."""
    st.markdown(f"**{t('form.position')}**")
    st.caption(t("form.position_help"))
    left, right = st.columns([3, 2])
    lat_key, lon_key = key("latitude"), key("longitude")
    lat, lon = st.session_state.get(lat_key), st.session_state.get(lon_key)
    with left:
        title = values.get("title") or values.get("name") or ""
        if lat is None and lon is None and not title:   # the map before a click: made once for every session
            returned = live_map(whole_view().get, ("record_form_map",),
                                lambda: position_map(_display(boundaries), None, None, ""), height=380,
                                component_key=key("map"), returned_objects=["last_clicked"])
        else:
            returned = st_folium(position_map(_display(boundaries), lat, lon, title), height=380, use_container_width=True,
                                 returned_objects=["last_clicked"], key=key("map"))
    click = (returned or {}).get("last_clicked")
    if click and click != st.session_state.get(LAST_CLICK):
        st.session_state[LAST_CLICK] = click
        st.session_state[lat_key] = round(float(click["lat"]), 5)
        st.session_state[lon_key] = round(float(click["lng"]), 5)
        _rerun_form()   # the marker at the point clicked
    towns = _towns()
    place = right.selectbox(field_label("place", lang), towns, index=None, key=key("place"), accept_new_options=True,
                            placeholder=t("form.place_choose"), help=t("form.place_help"))
    latitude = right.number_input(field_label("latitude", lang), value=None, format="%.5f", step=0.01, key=lat_key,
                                  help=t("template.help.latitude"))
    longitude = right.number_input(field_label("longitude", lang), value=None, format="%.5f", step=0.01, key=lon_key,
                                   help=t("template.help.longitude"))
    if latitude is not None and longitude is not None:
        right.caption(t("form.placed_at", lat=i18n.number(latitude, lang, 5), lon=i18n.number(longitude, lang, 5)))
    elif place:
        right.caption(t("form.placed_by_place", place=place))
    return {"place": place, "latitude": latitude, "longitude": longitude}


@st.cache_resource(show_spinner=False, max_entries=4)
def _display_of(_frame, key: tuple):
    return display_geometry(_frame)


def _display(boundaries):
    frame = boundaries.frame
    return _display_of(frame, (boundaries.info.get("name"), boundaries.info.get("file"), len(frame), id(frame)))


@st.cache_data(show_spinner=False)
def _towns() -> list[str]:
    """The gazetteer's towns (GeoNames, one name each), sorted."""
    gazetteer = load_gazetteer()
    return sorted(dict.fromkeys(gazetteer.loc[gazetteer["rank"] == 0, "name"]), key=lambda n: n.casefold())


def as_table(kind: str, records: list[dict], lang: str, name: str) -> RawTable:
    """Records of the form as a sheet: one column per field under its label, one row each (rows
    numbered 1, 2...), for geo.read.validate.validate_table with mapping_of(kind, lang)."""
    fields = [f.name for f in SCHEMAS[kind]]
    frame = pd.DataFrame([[r.get(f) for f in fields] for r in records], columns=[field_label(f, lang) for f in fields],
                         dtype=object)
    frame = frame.astype(object).where(frame.notna(), None)
    return RawTable(name, frame, list(range(1, len(records) + 1)))


def mapping_of(kind: str, lang: str) -> dict[str, str]:
    return {field_label(f.name, lang): f.name for f in SCHEMAS[kind]}


def check(kind: str, records: list[dict], boundaries, lang: str, name: str) -> tuple[RawTable, ValidationReport]:
    """The records validated by the rules of a sheet, against the organisation's boundary set."""
    table = as_table(kind, records, lang, name)
    return table, validate_table(table, kind=kind, mapping=mapping_of(kind, lang), boundaries=boundaries.frame)


def _add(kind: str, values: dict, boundaries, lang: str) -> None:
    """Check the record alone; accepted, it joins the records to send and the fields are emptied."""
    record = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    record = {k: v for k, v in record.items() if v not in (None, "")}
    _, report = check(kind, [record], boundaries, lang, t("form.file"))
    if report.rejected:
        st.error(plain(t("form.rejected", reasons="; ".join(in_language(r, lang) for r in report.rejected[0]["reasons"]))))
        return
    for warning in report.warnings:
        st.warning(plain(in_language(warning["message"], lang)))
    drafts = st.session_state.setdefault(DRAFTS, {})
    drafts.setdefault(kind, []).append(record)
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    st.session_state[LAST_CLICK] = None
    st.toast(t("form.added", n=len(drafts[kind])))
    _rerun_form()


def _drafts(kind: str, boundaries, lang: str) -> None:
    """The records added so far, which can be removed, and how to send them."""
    records = st.session_state.get(DRAFTS, {}).get(kind, [])
    if not records:
        st.caption(t("form.none_yet"))
        return
    st.markdown(f"**{t('form.drafts', n=len(records))}**")
    shown = as_table(kind, records, lang, "").frame
    shown.insert(0, "#", range(1, len(records) + 1))
    st.dataframe(shown.dropna(axis=1, how="all").astype(str).replace("None", ""), hide_index=True, width="stretch")
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    which = left.selectbox(t("form.remove_which"), range(1, len(records) + 1), key=f"form_remove_which_{kind}")
    if right.button(t("form.remove"), key=f"form_remove_{kind}", icon=":material/delete:"):
        records.pop(which - 1)
        _rerun_form()
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    table, report = check(kind, records, boundaries, lang, t("form.file_name", kind=t(f"kind.{kind}"), at=stamp))
    if report.rejected:   # records each passed alone: a repeat of another is what is left
        reason_table([(r["row"], "; ".join(in_language(x, lang) for x in r["reasons"])) for r in report.rejected],
                     "#", t("uploads.reasons"), lang)
    if allowed("submit"):
        _send(kind, records, table, report, lang)
    elif st.button(t("form.preview_one" if report.accepted_count == 1 else "form.preview", n=report.accepted_count),
                   type="primary", key=f"form_preview_{kind}",
                   disabled=report.accepted_count == 0):
        add_upload(f"form:{kind}:{_digest(kind, records)}", report, replace=False)
        st.session_state[DRAFTS][kind] = []
        st.rerun(scope="app")


def _send(kind: str, records: list[dict], table: RawTable, report: ValidationReport, lang: str) -> None:
    """Submit the records for review: for which organisation and period (proposed from their dates)."""
    who = current_person()
    left, middle, right = st.columns([2, 1, 2])
    if allowed("submit_any_organisation"):
        organisation = left.text_input(t("submit.organisation"), value=who.organisation or "", key=f"form_org_{kind}")
    else:
        organisation = who.organisation or ""
        left.text_input(t("submit.organisation"), value=organisation, disabled=True, key=f"form_org_{kind}")
    dates = [r.get(f) for r in records for f in ("launch_date", "date_start") if isinstance(r.get(f), dt.date)]
    proposed = period_of(dates) or parse_period(current_period())
    kinds = ["month", "quarter", "range"]
    index = 2 if "/" in proposed.label or len(proposed.label) == 4 else 1 if "Q" in proposed.label else 0
    how = middle.radio(t("submit.period_kind"), kinds, key=f"form_how_{kind}", index=index,
                       format_func=lambda k: i18n.t(f"submit.period.{k}", lang))
    period = period_input(right, how, f"form_{kind}", lang, proposed)
    if not organisation:
        st.warning(t("submit.no_organisation"))
        return
    label = t("form.submit_one" if report.accepted_count == 1 else "form.submit", n=report.accepted_count)
    if st.button(label, type="primary", icon=":material/send:", key=f"form_send_{kind}",
                 disabled=report.accepted_count == 0 or period is None):
        if not allowed("submit"):   # checked again: a crafted request gets nothing
            return
        try:
            submission = app_store().submit(report, organisation=organisation, period=period, actor=who.label,
                                            sha256=_digest(kind, records, organisation, period.label),
                                            file_name=report.file, raw_table=table)
        except StoreError as err:
            st.error(plain(in_language(err.args[0], lang)))
            return
        st.session_state[DRAFTS][kind] = []
        st.session_state["_form_done"] = t("submit.done", id=submission.id, period=submission.period)
        st.rerun(scope="app")   # every page shows the records at once, marked not yet published


def _rerun_form() -> None:
    """Run the form again (alone when it runs as a fragment; the page when the page itself runs it)."""
    try:
        st.rerun(scope="fragment")
    except StreamlitInvalidLayoutContextError:
        st.rerun()


def _digest(kind: str, records: list[dict], *scope: str) -> str:
    """The fingerprint of records sent together (as a file's SHA-256): the same records twice for
    the same organisation and period are not stored twice."""
    text = json.dumps([kind, *scope, records], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
