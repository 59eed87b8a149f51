"""The Overview, the first page: the briefing's headline figures, Mali shaded by a measure, and the
latest dated events."""
import streamlit as st

from geo.i18n import number, qualified
from geo.model.reported import reported_band, reported_total
from geo.model.summary import headline_figures, measure_by_period
from geo.render.charts import period_chart
from geo.render.svgmap import SVG_CSS, region_svg
from geo.render.words import known, trained_sex_words, women_share_words
from geo.schema import MAP_MEASURES
from ui.exports import slide_downloads, slide_png_button
from ui.layout import filter_summary, guarded
from ui.parts import chart, reported_html, timeline
from ui.state import KEY, current_dataset, current_filters, current_view, display_boundaries, labeller, lang, measure, t
from ui.text import plain


def tiles(figures: dict, built: dict | None = None) -> None:
    """The big numbers, two per row, the exact value or the split under each: CVR projects, cost,
    beneficiaries; people trained and people reached by awareness activities (never added); sites,
    with the sites the sources report built (`built`, a programme total) beside those recorded.
    A sum that includes a figure its source qualifies says so (≥ at least, ≈ about); beneficiaries
    the sources give in the future are 'planned'; a figure no record gives is '–', never 0."""
    lg = lang()
    first, second = st.columns(2)
    first.metric(t("tile.projects"), number(figures["projects"], lg))
    cost = figures["cost_xof"]
    second.metric(t("tile.cost"), t("tile.millions", value=number(cost / 1e6, lg, 1)) if known(cost) else number(cost, lg),
                  t("tile.exact_fcfa", value=number(cost, lg)) if known(cost) else None, delta_color="off", delta_arrow="off")
    first, second = st.columns(2)
    planned = figures.get("beneficiaries_status")    # the sources give them in the future ("offrira", "donnera")
    first.metric(t(f"tile.beneficiaries_{planned}" if planned else "tile.beneficiaries"),
                 qualified(figures["beneficiaries"], figures["beneficiaries_qualifier"], lg, short=True, total=True),
                 women_share_words(figures, lg),   # the base beside the share; unknown, never 0
                 delta_color="off", delta_arrow="off", help=t("tile.women_help"))
    second.metric(t("tile.trained"), qualified(figures["trained"], figures["trained_qualifier"], lg, short=True, total=True),
                  trained_sex_words(figures, lg),
                  delta_color="off", delta_arrow="off", help=t("tile.trained_help"))
    first, second = st.columns(2)
    first.metric(t("tile.reached"), qualified(figures["reached"], figures["reached_qualifier"], lg, short=True, total=True),
                 help=t("tile.reached_help"))
    recorded = number(figures["cantonment_sites"], lg)   # the 6 the sources name, beside the 8 they say were built
    second.metric(t("tile.cantonment"), recorded,
                  t("tile.sites_built_reported", built=number(built["value"], lg), recorded=recorded) if built else None,
                  delta_color="off", delta_arrow="off")
    first, second = st.columns(2)
    first.metric(t("tile.moc"), number(figures["moc_camps"], lg))
    if any(figures[k] for k in ("beneficiaries_qualifier", "trained_qualifier", "reached_qualifier")):
        second.caption(t("tile.qualified_note"))


def briefing_link() -> None:
    """One click into the briefing, with the filters and language of this view."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k != "screen"} | {"screen": "1"}
    st.page_link("views/briefing.py", label=t("briefing.open"), icon=":material/slideshow:", query_params=params)


def reported_band_view(view) -> None:
    """The band of programme totals as reported, under the filters (a total is never prorated)."""
    totals = current_dataset().programme_totals
    band = reported_band(totals, current_filters())
    st.subheader(t("reported.title"))
    st.caption(t("reported.note"))
    if len(band) == 0:
        st.info(t("reported.none" if len(totals) else "reported.no_totals"))
        return
    st.markdown(reported_html(band, lang()), unsafe_allow_html=True)


def overview() -> None:
    """Left: the figures and the latest events; right: Mali shaded by the chosen measure."""
    view = current_view()     # made once for every viewer of the same data, view and filters
    dataset, lg = view.dataset, lang()
    st.title(t("app.title"))
    st.caption(t("app.subtitle") + " — " + filter_summary(current_filters()))
    briefing_link()
    reported_band_view(view)
    st.subheader(t("reported.recorded_title"))
    left, right = st.columns([1, 1], gap="large")
    with left:
        tiles(view.get("headline", lambda: headline_figures(dataset)),
              reported_total(current_dataset().programme_totals, "cantonment_sites_built", current_filters()))
        st.caption(t("overview.records_note"))
        timeline(dataset.events)
    with right:
        pick, png, slides = st.columns([3, 2, 2], vertical_alignment="bottom")
        index = MAP_MEASURES.index(measure()) if measure() in MAP_MEASURES else 0
        chosen = pick.selectbox(t("measure.label"), MAP_MEASURES, index=index,
                                format_func=labeller("measure."), key="overview_measure")
        st.session_state[KEY.measure] = chosen
        with png:
            slide_png_button("overview")
        with slides.popover(t("download.slides"), icon=":material/download:", width="stretch"):
            slide_downloads("overview")
        # an SVG drawn here, not a plotly chart: the landing page loads without plotly's 4.7 MB
        figure = view.get(("region_svg", chosen, lg), lambda: region_svg(
            view.summary, display_boundaries(dataset), chosen, lg, selected=current_filters().regions))
        st.markdown(f"<style>{SVG_CSS}</style>{figure}", unsafe_allow_html=True)
        by_period = view.get(("by_period", chosen), lambda: measure_by_period(dataset, chosen))
        if len(by_period) > 1:   # once partners have published for more than one period
            title = t("overview.by_period", measure=t(f"measure.{chosen}"))
            chart(st, view.get(("period_chart", chosen, lg), lambda: period_chart(by_period, title, lg)))
        missing = dataset.boundary_info.get("missing_regions") or []
        if missing:
            st.caption("⚠ " + plain(t("map.missing_regions", regions=", ".join(missing))))


guarded(overview)
