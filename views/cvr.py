"""CVR projects: cost and beneficiaries by region, category and date; women and other
beneficiaries; the sortable list; and the programme totals, shown apart and never added."""
import functools

import streamlit as st

from geo.model.summary import qualifiers_by
from geo.render import charts as figures
from ui.exports import table_download
from ui.layout import filter_summary, guarded
from ui.parts import chart, ready
from ui.state import current_filters, current_view, lang, t
from ui.tables import paged_table, programme_totals_table

# theme=None: keep the projector-sized fonts of geo.render.charts rather than Streamlit's theme
COLUMNS = [("title", "field.title"), ("place", "field.place"), ("region", "field.region"), ("partner", "field.partner"),
           ("category", "field.category"), ("cost_xof", "field.cost_xof"), ("beneficiaries", "field.beneficiaries"),
           ("youth", "field.youth"), ("women", "field.women"), ("members", "field.members"), ("launch_date", "field.date"),
           ("location_source", "field.location"), ("source_doc", "field.source_doc"), ("source_quote", "field.source_quote")]


def programme_totals() -> None:
    st.subheader(t("cvr.totals"))
    st.caption(t("cvr.totals_note"))
    st.dataframe(programme_totals_table("cvr"), hide_index=True, width="stretch")


def cvr_page() -> None:
    st.title(t("cvr.title"))
    st.caption(filter_summary(current_filters()) + " · " + t("chart.clickable"))
    view = current_view()     # figures and table made once for every viewer of the same view
    cvr, lg = view.dataset.cvr_projects, lang()
    if len(cvr) == 0:
        st.info(t("cvr.none"))
    else:
        made = {
            "cost_by_region": lambda: figures.cvr_by_region(view.summary, "cost_xof", t("cvr.cost_by_region"), lg),
            "benef_by_region": lambda: figures.cvr_by_region(
                view.summary, "beneficiaries", t("cvr.benef_by_region"), lg, figures.CHART_COLOURS["bar2"],
                qualifiers=qualifiers_by(cvr, cvr["assigned_iso"], "beneficiaries", also=("youth",))),
            "cost_by_category": lambda: figures.cvr_by_category(cvr, "cost_xof", lg),
            "benef_by_category": lambda: figures.cvr_by_category(cvr, "beneficiaries", lg),
            "over_time": lambda: figures.cvr_over_time(cvr, lg),
            "women_men": lambda: figures.cvr_women_men(cvr, lg),
        }

        def draw(where, name, clickable=False):
            figure = view.get(("ready", "cvr", name, lg), lambda: ready(view.get(("cvr", name, lg), made[name])))
            chart(where, figure, key=f"cvr_{name}" if clickable else None)

        # by region and by category side by side; time and projects need the whole width
        for pair, clickable in ((("cost_by_region", "benef_by_region"), True),
                                (("cost_by_category", "benef_by_category"), False)):
            for column, name in zip(st.columns(2), pair):
                draw(column, name, clickable)
        draw(st, "over_time")
        draw(st, "women_men")
        st.subheader(t("cvr.table"))
        paged_table(cvr, COLUMNS, "cvr_table", dates={"launch_date": "date_precision"}, made=view.get,
                    download=functools.partial(table_download, "cvr_projects"))
    programme_totals()


guarded(cvr_page)
