"""Trainings and awareness sessions: participants by audience, by month and by sex; the sessions."""
import streamlit as st

from geo.i18n import number, qualified
from geo.model.summary import activity, headline_figures, trainees_by_sex
from geo.render import charts as figures
from ui.layout import filter_summary, guarded
from ui.parts import chart
from ui.state import current_dataset, current_filters, filtered_dataset, lang, t
from ui.tables import record_table, totals_table

COLUMNS = [("title", "field.title"), ("activity_type", "field.activity_type"), ("date_start", "field.date"),
           ("place", "field.place"), ("region", "field.region"), ("organiser", "field.organiser"),
           ("audience", "field.audience"), ("men", "field.men"), ("women", "field.women"), ("total", "field.total"),
           ("source_doc", "field.source_doc"), ("source_quote", "field.source_quote")]

NO_SPLIT_COLUMNS = [("title", "field.title"), ("date_start", "field.date"), ("place", "field.place"),
                    ("organiser", "field.organiser"), ("total", "field.total"), ("source_doc", "field.source_doc")]


def trainings_page() -> None:
    st.title(t("trainings.title"))
    st.caption(filter_summary(current_filters()))
    trainings = filtered_dataset().trainings
    if len(trainings) == 0:
        st.info(t("trainings.none"))
    else:
        lg, figures_now = lang(), headline_figures(filtered_dataset())
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
                st.dataframe(record_table(no_split, NO_SPLIT_COLUMNS, dates={"date_start": "date_precision"}),
                             hide_index=True, width="stretch")
        st.subheader(t("trainings.table"))
        st.dataframe(record_table(trainings, COLUMNS, dates={"date_start": "date_precision"}), hide_index=True, width="stretch")
    st.subheader(t("totals.title"))
    st.dataframe(totals_table(current_dataset().programme_totals, "trainings"), hide_index=True, width="stretch")


guarded(trainings_page)
