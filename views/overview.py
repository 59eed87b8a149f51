"""The Overview, the first page: the briefing's headline figures, Mali shaded by a measure, and the
latest dated events."""
import streamlit as st

from geo.model.reported import reported_band, reported_total
from geo.model.summary import headline_figures, measure_by_period
from geo.render.charts import period_chart
from geo.render.escape import esc
from geo.render.svgmap import SVG_CSS, region_svg
from geo.schema import MAP_MEASURES
from ui.exports import slide_downloads, slide_png_button
from ui.layout import FIT_MAP, filter_summary, guarded
from ui.notices import partner_notices
from ui.parts import chart, headline_tiles, metric, ready, reported_html, reported_none_html, timeline
from ui.state import KEY, current_dataset, current_filters, current_view, display_boundaries, labeller, lang, measure, t
from ui.text import plain


def tiles(figures: dict, built: dict | None = None) -> None:
    """The big numbers (ui.parts.headline_tiles) in one grid: as many to a row as hold their words
    (ui.layout's CSS), two on a laptop, one on a phone."""
    with st.container(key="tiles"):
        for tile in headline_tiles(figures, built, lang()):
            metric(st, tile)
    if any(figures[k] for k in ("beneficiaries_qualifier", "trained_qualifier", "reached_qualifier")):
        st.caption(t("tile.qualified_note"))


def briefing_link() -> None:
    """One click into the briefing, with the filters and language of this view; the browser is asked
    for full screen on the way (ui.layout's TAB_SCRIPT, on this link's click)."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k != "screen"} | {"screen": "1"}
    with st.container(key="present"):
        st.page_link("views/briefing.py", label=t("briefing.present"), icon=":material/slideshow:", query_params=params,
                     help=t("briefing.open"))


def reported_band_view(view) -> None:
    """The band of programme totals as reported, under the filters (a total is never prorated): a
    block of its own, which says so when no total matches the filters."""
    st.markdown(f"<h3 class='band-title'>{esc(t('reported.title'))}</h3>", unsafe_allow_html=True)
    st.caption(t("reported.note"))
    st.markdown(view.get(("reported_band", lang()), band_html), unsafe_allow_html=True)


def band_html() -> str:
    """The band's HTML for this view's filters (made once per view and language)."""
    totals = current_dataset().programme_totals
    band = reported_band(totals, current_filters())
    if len(band) == 0:
        return reported_none_html(t("reported.none" if len(totals) else "reported.no_totals"))
    return reported_html(band, lang())


def map_tools(view) -> str:
    """The measure that shades the map, and the slide map in one click (and the other slide files)."""
    pick, png, slides = st.columns([5, 3, 4], vertical_alignment="bottom")
    index = MAP_MEASURES.index(measure()) if measure() in MAP_MEASURES else 0
    chosen = pick.selectbox(t("measure.label"), MAP_MEASURES, index=index,
                            format_func=labeller("measure."), key="overview_measure")
    st.session_state[KEY.measure] = chosen
    with png:
        slide_png_button("overview")
    with slides.popover(t("download.slides"), icon=":material/download:", width="stretch"):
        slide_downloads("overview")
    return chosen


def region_map(view, chosen: str) -> None:
    dataset, lg = view.dataset, lang()
    # an SVG drawn here, not a plotly chart: the landing page loads without plotly's 4.7 MB
    figure = view.get(("region_svg", chosen, lg), lambda: region_svg(
        view.summary, display_boundaries(dataset), chosen, lg, selected=current_filters().regions))
    st.markdown(f"<style>{SVG_CSS}</style><div class='overview-map'>{figure}</div>", unsafe_allow_html=True)
    st.html(FIT_MAP, unsafe_allow_javascript=True)
    by_period = view.get(("by_period", chosen), lambda: measure_by_period(dataset, chosen))
    if len(by_period) > 1:   # once partners have published for more than one period
        title = t("overview.by_period", measure=t(f"measure.{chosen}"))
        chart(st, view.get(("period_chart", chosen, lg), lambda: ready(period_chart(by_period, title, lg))))
    missing = dataset.boundary_info.get("missing_regions") or []
    if missing:
        st.caption("⚠ " + plain(t("map.missing_regions", regions=", ".join(missing))))


def overview() -> None:
    """The first screen of a projector holds the programme as reported, the records' figures and the
    map: a title line with *Present*, the reported band, then the tiles beside the map (on a
    laptop, two tiles to a row above it; ui.layout's CSS), then the latest events."""
    view = current_view()     # made once for every viewer of the same data, view and filters
    dataset = view.dataset
    head, present = st.columns([5, 1], vertical_alignment="bottom")
    head.title(t("app.title"))
    with present:
        briefing_link()
    st.caption(t("app.subtitle") + " — " + filter_summary(current_filters()))
    partner_notices()
    reported_band_view(view)
    with st.container(key="records"):
        left, right = st.columns(2, gap="large")
        with left:
            st.markdown(f"<h3 class='band-title'>{esc(t('reported.recorded_title'))}</h3>", unsafe_allow_html=True)
            tiles(view.get("headline", lambda: headline_figures(dataset)),
                  reported_total(current_dataset().programme_totals, "cantonment_sites_built", current_filters()))
            st.caption(t("overview.records_note"))
        with right:
            region_map(view, map_tools(view))
    timeline(dataset.events, made=view.get)


guarded(overview)
