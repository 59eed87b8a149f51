"""Trainings and awareness sessions: participants by audience, by month and by sex; the sessions."""
import functools

import streamlit as st

from geo.i18n import number, qualified
from geo.model.summary import headline_figures
from geo.render import charts as figures
from ui.exports import table_download
from ui.layout import filter_summary, guarded
from ui.parts import chart, courses, ready
from ui.state import current_filters, current_view, lang, t
from ui.tables import paged_table, programme_totals_table

COLUMNS = [("title", "field.title"), ("activity_type", "field.activity_type"), ("date_start", "field.date"),
           ("place", "field.place"), ("region", "field.region"), ("organiser", "field.organiser"),
           ("audience", "field.audience"), ("men", "field.men"), ("women", "field.women"), ("total", "field.total"),
           ("source_doc", "field.source_doc"), ("source_quote", "field.source_quote")]

NO_SPLIT_COLUMNS = [("title", "field.title"), ("date_start", "field.date"), ("place", "field.place"),
                    ("organiser", "field.organiser"), ("total", "field.total"), ("source_doc", "field.source_doc")]


def _by_sex(view, chosen, by: str, title: str, lg: str):
    """The chart of participants by sex and `by` ('audience' or 'date'), ready to draw."""
    return ready(view.get(("trainings_by_sex", by, lg), lambda: figures.trainings_by_sex(chosen, by, title, lg)))


def trainings_page() -> None:
    st.title(t("trainings.title"))
    st.caption(filter_summary(current_filters()))
    view = current_view()
    trainings = view.dataset.trainings
    if len(trainings) == 0:
        st.info(t("trainings.none"))
    else:
        lg, figures_now = lang(), view.get("headline", lambda: headline_figures(view.dataset))
        # people trained (courses, with head counts by sex) and people reached (awareness audiences): never added
        left, right = st.columns(2)
        left.metric(t("tile.trained"), qualified(figures_now["trained"], figures_now["trained_qualifier"], lg,
                                                 short=True, total=True), help=t("tile.trained_help"))
        right.metric(t("tile.reached"), qualified(figures_now["reached"], figures_now["reached_qualifier"], lg,
                                                  short=True, total=True), help=t("tile.reached_help"))
        chosen, split = courses(view)
        if view.get("split_known", lambda: bool(split[["men", "women", "unknown"]].notna().any(axis=None))):
            left, right = st.columns(2)   # someone to draw, by sex or not
            for column, by, title in ((left, "audience", "trainings.by_audience"), (right, "date", "trainings.over_time")):
                chart(column, view.get(("ready", "trainings_by_sex", by, lg),
                                       functools.partial(_by_sex, view, chosen, by, t(title), lg)))
        else:   # never two empty charts: say why there is nothing to draw
            st.info(t("trainings.no_sex_split"))
        unknown, no_split = view.get("no_split", lambda: (int(split.isna().all(axis=1).sum()),   # neither split nor total
                                                          chosen[split["unknown"].notna()]))
        if unknown:
            st.caption(t("trainings.unknown_counts", count=unknown))
        if len(no_split):   # the participants the sex split cannot cover, named
            people = number(view.get("no_split_people", lambda: split["unknown"].sum()), lg)
            with st.expander(t("trainings.no_split", count=len(no_split), people=people)):
                paged_table(no_split, NO_SPLIT_COLUMNS, "trainings_no_split", dates={"date_start": "date_precision"},
                            made=view.get)
        st.subheader(t("trainings.table"))
        paged_table(trainings, COLUMNS, "trainings_table", dates={"date_start": "date_precision"}, made=view.get,
                    download=functools.partial(table_download, "trainings"))
    st.subheader(t("totals.title"))
    st.dataframe(programme_totals_table("trainings"), hide_index=True, width="stretch")


guarded(trainings_page)
