"""CVR projects: cost and beneficiaries by region, category and date; women and other
beneficiaries; the sortable list; and the programme totals, shown apart and never added."""
import streamlit as st

from geo.render import charts as figures
from ui.layout import filter_summary, guarded
from ui.state import current_dataset, current_filters, filtered_dataset, lang, summary, t
from ui.tables import record_table, totals_table

# theme=None: keep the projector-sized fonts of geo.render.charts rather than Streamlit's theme
PLOT = {"width": "stretch", "theme": None, "config": {"displaylogo": False}}
COLUMNS = [("title", "field.title"), ("place", "field.place"), ("region", "field.region"), ("partner", "field.partner"),
           ("category", "field.category"), ("cost_xof", "field.cost_xof"), ("beneficiaries", "field.beneficiaries"),
           ("youth", "field.youth"), ("women", "field.women"), ("launch_date", "field.date"),
           ("location_source", "field.location"), ("source_doc", "field.source_doc"), ("source_quote", "field.source_quote")]


def programme_totals() -> None:
    st.subheader(t("cvr.totals"))
    st.caption(t("cvr.totals_note"))
    st.dataframe(totals_table(current_dataset().programme_totals, "cvr"), hide_index=True, width="stretch")


def cvr_page() -> None:
    st.title(t("cvr.title"))
    st.caption(filter_summary(current_filters()))
    dataset = filtered_dataset()
    cvr = dataset.cvr_projects
    if len(cvr) == 0:
        st.info(t("cvr.none"))
    else:
        by_region = summary(dataset)
        left, right = st.columns(2)
        left.plotly_chart(figures.cvr_by_region(by_region, "cost_xof", t("cvr.cost_by_region"), lang()), **PLOT)
        right.plotly_chart(figures.cvr_by_region(by_region, "beneficiaries", t("cvr.benef_by_region"), lang(),
                                                 figures.CHART_COLOURS["bar2"]), **PLOT)
        left, right = st.columns(2)
        left.plotly_chart(figures.cvr_by_category(cvr, "cost_xof", lang()), **PLOT)
        right.plotly_chart(figures.cvr_by_category(cvr, "beneficiaries", lang()), **PLOT)
        left, right = st.columns(2)
        left.plotly_chart(figures.cvr_over_time(cvr, lang()), **PLOT)
        right.plotly_chart(figures.cvr_women_men(cvr, lang()), **PLOT)
        st.subheader(t("cvr.table"))
        st.dataframe(record_table(cvr, COLUMNS, dates={"launch_date": "date_precision"}), hide_index=True, width="stretch")
    programme_totals()


guarded(cvr_page)
