"""Trainings and awareness sessions: participants by audience, by month and by sex; the sessions."""
import functools

import streamlit as st

from geo.i18n import number, qualified
from geo.model.summary import activity, headline_figures, trainees_by_sex
from geo.render import charts as figures
from ui.exports import table_download
from ui.layout import filter_summary, guarded
from ui.parts import chart
from ui.state import current_dataset, current_filters, current_view, lang, t
from ui.tables import paged_table, totals_table

COLUMNS = [("title", "field.title"), ("activity_type", "field.activity_type"), ("date_start", "field.date"),
           ("place", "field.place"), ("region", "field.region"), ("organiser", "field.organiser"),
           ("audience", "field.audience"), ("men", "field.men"), ("women", "field.women"), ("total", "field.total"),
           ("source_doc", "field.source_doc"), ("source_quote", "field.source_quote")]

NO_SPLIT_COLUMNS = [("title", "field.title"), ("date_start", "field.date"), ("place", "field.place"),
                    ("organiser", "field.organiser"), ("total", "field.total"), ("source_doc", "field.source_doc")]


def trainings_page() -> None:
    st.title(t("trainings.title"))
    st.caption(filter_summary(current_filters()))
    view = current_view()
    trainings = view.dataset.trainings
    if len(trainings) == 0:
        st.info(t("trainings.none"))
    else:
        lg, figures_now = lang(), headline_figures(view.dataset)
        # people trained (courses, with head counts by sex) and people reached (awareness audiences): never added
        left, right = st.columns(2)
        left.metric(t("tile.trained"), qualified(figures_now["trained"], figures_now["trained_qualifier"], lg,
                                                 short=True, total=True), help=t("tile.trained_help"))
        right.metric(t("tile.reached"), qualified(figures_now["reached"], figures_now["reached_qualifier"], lg,
                                                  short=True, total=True), help=t("tile.reached_help"))
        courses = trainings[activity(trainings).eq("training")]
        split = trainees_by_sex(courses)
        if split[["men", "women", "unknown"]].notna().any(axis=None):   # someone to draw, by sex or not
            left, right = st.columns(2)
            chart(left, figures.trainings_by_sex(courses, "audience", t("trainings.by_audience"), lg))
            chart(right, figures.trainings_by_sex(courses, "date", t("trainings.over_time"), lg))
        else:   # never two empty charts: say why there is nothing to draw
            st.info(t("trainings.no_sex_split"))
        unknown = int(split.isna().all(axis=1).sum())   # courses with neither a split nor a total
        if unknown:
            st.caption(t("trainings.unknown_counts", count=unknown))
        no_split = courses[split["unknown"].notna()]
        if len(no_split):   # the participants the sex split cannot cover, named
            people = number(split["unknown"].sum(), lg)
            with st.expander(t("trainings.no_split", count=len(no_split), people=people)):
                paged_table(no_split, NO_SPLIT_COLUMNS, "trainings_no_split", dates={"date_start": "date_precision"},
                            made=view.get)
        st.subheader(t("trainings.table"))
        paged_table(trainings, COLUMNS, "trainings_table", dates={"date_start": "date_precision"}, made=view.get,
                    download=functools.partial(table_download, "trainings"))
    st.subheader(t("totals.title"))
    st.dataframe(totals_table(current_dataset().programme_totals, "trainings"), hide_index=True, width="stretch")


guarded(trainings_page)
