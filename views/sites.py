"""Cantonment sites and MOC camps: on a map (counts per region only, in public mode), in a table
with their status, and the dated events: works, registrations, attacks, deployments."""
import functools

import streamlit as st

from geo.i18n import number
from geo.model.reported import reported_total
from geo.render.reported import period_text
from geo.render.webmap import build_map
from ui.access import record_once
from ui.exports import table_download
from ui.layout import filter_summary, guarded
from ui.live_map import live_map
from ui.parts import region_table
from ui.state import current_dataset, current_filters, current_view, display_boundaries, is_public, lang, summary, t
from ui.tables import paged_table, programme_totals_table, shown_targets_table

SITE_EVENTS = ("attack", "moc", "cantonment", "ddr")
COLUMNS = [("name", "field.name"), ("site_type", "field.site_type"), ("place", "field.place"), ("region", "field.region"),
           ("status", "field.status"), ("works", "field.works"), ("date_start", "field.date"),
           ("location_source", "field.location"), ("source_doc", "field.source_doc"), ("source_quote", "field.source_quote")]
EVENT_COLUMNS = [("date", "field.date"), ("title", "field.event"), ("place", "field.place"),
                 ("region", "field.region"), ("source_doc", "field.source_doc"), ("source_quote", "field.source_quote")]


def counts_per_region(by_region) -> None:
    st.subheader(t("sites.counts"))
    built = reported_total(current_dataset().programme_totals, "cantonment_sites_built", current_filters())
    if built:   # the 8 sites the sources say were built, beside the 6 they name and this page records
        st.caption(t("sites.built_reported", built=number(built["value"], lang()), date=period_text(built, lang()),
                     recorded=number(by_region["cantonment_sites"].sum(), lang())))
    st.caption(t("table.region_click"))
    rows = by_region[by_region["sites"] > 0]
    table = rows[["region", "cantonment_sites", "moc_camps", "sites"]].rename(columns={
        "region": t("field.region"), "cantonment_sites": t("measure.cantonment_sites"),
        "moc_camps": t("measure.moc_camps"), "sites": t("field.total")})
    region_table(st, table, list(rows.index), key="sites_counts")


def sites_page() -> None:
    if not is_public():
        record_once("view_internal_map", "sites")
    st.title(t("sites.title"))
    st.caption(filter_summary(current_filters()))
    view = current_view()
    dataset = view.dataset
    by_region = summary(dataset)
    if len(dataset.sites) == 0:
        st.info(t("sites.none"))
    # the whole width: the legend and notes leave the country clear even at 1280 px
    lg, public, focus = lang(), is_public(), current_filters().regions
    live_map(view.get, ("sites_map", lg, public, focus), lambda: build_map(
        dataset, by_region, display_boundaries(dataset), "sites", lg, layers=("regions", "cantonment", "moc"),
        public=public, focus=focus), height=620, component_key="sites_map", returned_objects=[])
    counts_per_region(by_region)
    if is_public():
        st.info(t("map.public_counts"))
    if not is_public() and len(dataset.sites):
        st.subheader(t("sites.table"))
        paged_table(dataset.sites, COLUMNS, "sites_table", dates={"date_start": "date_precision"}, made=view.get,
                    download=functools.partial(table_download, "sites"))
    st.subheader(t("sites.events"))
    events = view.get("site_events", lambda: dataset.events[dataset.events["category"].isin(SITE_EVENTS)].sort_values("date"))
    paged_table(events, EVENT_COLUMNS, "sites_events", dates={"date": "date_precision"}, made=view.get)
    st.subheader(t("totals.title"))
    st.dataframe(programme_totals_table("ddr"), hide_index=True, width="stretch")
    st.subheader(t("targets.title"))
    st.caption(t("targets.note"))
    st.dataframe(shown_targets_table("ddr"), hide_index=True, width="stretch")


guarded(sites_page)
