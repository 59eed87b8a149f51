"""Briefing mode: the dashboard as a presentation for a shared screen. No sidebar and no Streamlit
chrome, one view per screen in large type (the programme as reported and the recorded figures; the
map; CVR; cantonment and MOC; trainings; the latest events), the filters chosen before entering on
every screen with the data date. The arrow keys, Page Up / Page Down and the space bar (what a
presentation clicker sends) move between screens, Escape leaves; the screen is in the address
(screen=N), so a shared link reopens it."""
import functools

import streamlit as st
from plotly.graph_objects import Figure

from geo.i18n import qualified
from geo.model.reported import reported_band, reported_total
from geo.model.summary import headline_figures
from geo.render import charts as figures
from geo.render.escape import esc
from geo.render.svgmap import SVG_CSS, region_svg
from geo.render.words import data_date_words, describe_filters, trained_sex_words
from ui.layout import guarded
from ui.parts import chart, courses, headline_tiles, metric, ready, reported_html, reported_none_html, timeline
from ui.state import current_dataset, current_filters, current_view, display_boundaries, lang, measure, t

SCREENS = ("headline", "map", "cvr", "sites", "trainings", "events")
PLOT = {"width": "stretch", "height": "stretch", "theme": None, "config": {"displaylogo": False, "staticPlot": True}}

# Full screen: no sidebar, no header or toolbar, the page edge to edge, type sized from the screen's
# height (20 px at 1366x768, 28 px at 1920x1080) and every screen within the window: a header, the
# body (its charts and map take the height left, BODY), the navigation at the bottom.
BODY = "calc(100vh - 7.2rem)"
CSS = f"""
<style>
html {{ font-size: clamp(15px, min(2.65vh, 1.5vw), 30px) !important; }}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{ padding: 0.5rem 1.6rem 0.3rem 1.6rem !important;
                                                          max-width: 100% !important; }}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{ gap: 0.3rem; }}
.briefing-top {{ display: flex; justify-content: space-between; align-items: baseline; gap: 1.5rem;
                border-bottom: 3px solid #54278f; padding-bottom: 0.2rem; margin-bottom: 1rem; }}
.briefing-top h1 {{ font-size: 1.75rem !important; margin: 0; padding: 0 !important; white-space: nowrap; }}
.briefing-top .where {{ font-size: 0.9rem; color: #333; text-align: right; }}
.st-key-briefing_body {{ height: {BODY} !important; flex: 0 0 auto !important; overflow: hidden; }}
.st-key-briefing_body h4 {{ font-size: 1.05rem; margin: 0; padding: 0; }}
.st-key-briefing_body [data-testid="stVerticalBlock"] {{ gap: 0.45rem; }}
.st-key-briefing_body [data-testid="stMetric"] {{ padding: 0.3rem 0.8rem; }}
.st-key-briefing_body [data-testid="stMetricValue"], .st-key-briefing_body [data-testid="stMetricValue"] > div {{
    font-size: 2rem; }}
.st-key-briefing_body [data-testid="stMetricLabel"] p {{ font-size: 1rem; }}
.st-key-briefing_body [data-testid="stMetricDelta"], .st-key-briefing_body [data-testid="stMetricDelta"] * {{
    font-size: 0.95rem; }}
.st-key-briefing_body .reported .num {{ font-size: 1.35rem; line-height: 1.1; }}
.st-key-briefing_body .reported .group {{ padding: 0.3rem 0.8rem 0.35rem 0.8rem; }}
.st-key-briefing_body .reported .what, .st-key-briefing_body .reported .head {{ font-size: 0.95rem; }}
.st-key-briefing_body .reported .when, .st-key-briefing_body .reported .src {{ font-size: 0.9rem; }}
.st-key-briefing_body .timeline li {{ font-size: 1rem; }}
.st-key-briefing_body .geo-svg-map svg {{ max-height: calc({BODY} - 0.5rem); margin: 0 auto; }}
.st-key-briefing_body .geo-svg-map figcaption {{ font-size: 1rem; }}
/* a chart takes the body's height (a tile row above it takes its share) */
.st-key-briefing_charts, .st-key-briefing_charts [data-testid="stHorizontalBlock"],
.st-key-briefing_charts [data-testid="stColumn"] > div,
.st-key-briefing_charts [data-testid="stElementContainer"]:has(.js-plotly-plot)
    {{ height: calc({BODY} - 0.6rem) !important; }}
.st-key-briefing_charts_below {{ height: calc({BODY} - 8rem) !important; }}
.st-key-briefing_charts_below [data-testid="stElementContainer"]:has(.js-plotly-plot) {{ height: 100% !important; }}
.st-key-briefing_body .reported {{ gap: 0.6rem; margin-bottom: 0.2rem; }}
.st-key-briefing_body .reported .group {{ min-width: 11rem; }}
.st-key-briefing_nav p, .briefing-hint {{ font-size: 0.9rem !important; }}
.briefing-hint {{ color: #4a4a4a; }}
.st-key-briefing_keys {{ position: absolute !important; width: 1px; height: 1px; overflow: hidden; }}
</style>
"""

# The keys a clicker sends, turned into clicks on the screen's own buttons (the page's own
# document: this component is a same-origin frame; nothing is fetched).
KEYS = """
<script>
(function () {
  const doc = window.parent.document;
  if (doc.__briefingKeys) { doc.removeEventListener("keydown", doc.__briefingKeys, true); }
  if (doc.__briefingLeave) { window.parent.removeEventListener("keyup", doc.__briefingLeave, true); }
  const press = (key) => { const b = doc.querySelector(".st-key-" + key + " button, .st-key-" + key + " a");
                           if (b) { b.click(); } };
  doc.__briefingKeys = (event) => {
    if (event.target && ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName)) { return; }
    const next = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"];
    const back = ["ArrowLeft", "ArrowUp", "PageUp"];
    if (next.includes(event.key)) { event.preventDefault(); press("briefing_next"); }
    else if (back.includes(event.key)) { event.preventDefault(); press("briefing_previous"); }
  };
  // Escape on key up: the page's own widgets may take its key down (closing a menu) and stop it there
  doc.__briefingLeave = (event) => { if (event.key === "Escape") { press("briefing_leave"); } };
  // the browser leaves full screen on Escape (the page never sees that key): leave the briefing with it
  if (doc.__briefingScreen) { doc.removeEventListener("fullscreenchange", doc.__briefingScreen); }
  doc.__briefingScreen = () => { if (!doc.fullscreenElement) { press("briefing_leave"); } };
  doc.addEventListener("fullscreenchange", doc.__briefingScreen);
  doc.addEventListener("keydown", doc.__briefingKeys, true);   // first, before the page's own handlers
  document.addEventListener("keydown", doc.__briefingKeys, true);   // and when this frame has the focus
  window.parent.addEventListener("keyup", doc.__briefingLeave, true);
  document.addEventListener("keyup", doc.__briefingLeave, true);
})();
</script>
"""


def screen_number() -> int:
    """The screen shown, 1-based, from the address (a shared link reopens it)."""
    try:
        number_ = int(st.query_params.get("screen", 1))
    except (TypeError, ValueError):
        number_ = 1
    return min(max(number_, 1), len(SCREENS))


def go(step: int) -> None:
    st.query_params["screen"] = str(min(max(screen_number() + step, 1), len(SCREENS)))


def top(title: str, n: int) -> None:
    """The screen's title, with the filters, how recent the data are and where we are (a live
    screen: no 'exported' date)."""
    filters = current_filters()
    said = describe_filters(filters, lang()) if filters.active else t("filters.none")
    where = esc(f"{said} · {data_date_words(current_view().dataset, lang())} · {n} / {len(SCREENS)}")
    st.markdown(f'<div class="briefing-top"><h1>{esc(title)}</h1><div class="where">{where}</div></div>',
                unsafe_allow_html=True)


def fitted(figure):
    """A copy of a chart that takes the height its screen leaves it (CSS), not its own."""
    copy = Figure(figure)
    copy.update_layout(height=None, autosize=True)
    return copy


def headline() -> None:
    """The programme as its sources report it, then the figures of the records: two blocks apart,
    never added."""
    view, lg = current_view(), lang()
    band = reported_band(current_dataset().programme_totals, current_filters())
    st.markdown(f"#### {t('reported.title')}")
    if len(band):
        st.markdown(reported_html(band, lg, sources_once=True), unsafe_allow_html=True)
    else:   # still the band's block: the room sees that no reported total matches, and why
        st.markdown(reported_none_html(t("reported.none")), unsafe_allow_html=True)
    f = view.get("headline", lambda: headline_figures(view.dataset))
    built = reported_total(current_dataset().programme_totals, "cantonment_sites_built", current_filters())
    st.markdown(f"#### {t('reported.recorded_title')}")
    with st.container(key="briefing_tiles"):
        shown = [tile | {"help": None} for tile in headline_tiles(f, built, lg, moc=False)]
        cells = st.columns(3) + st.columns(3)
        for cell, tile in zip(cells, shown):
            metric(cell, tile)


def map_screen() -> None:
    """Mali shaded by the chosen measure: the Overview's SVG map, as tall as the screen allows."""
    view, lg, chosen = current_view(), lang(), measure()
    figure = view.get(("region_svg", chosen, lg), lambda: region_svg(
        view.summary, display_boundaries(view.dataset), chosen, lg, selected=current_filters().regions))
    st.markdown(f"<style>{SVG_CSS}</style>{figure}", unsafe_allow_html=True)


def cvr_screen() -> None:
    view, lg = current_view(), lang()
    cvr = view.dataset.cvr_projects
    if len(cvr) == 0:
        st.info(t("cvr.none"))
        return
    with st.container(key="briefing_charts"):
        left, right = st.columns(2)
        chart(left, view.get(("briefing", "cost_by_region", lg), lambda: ready(fitted(view.get(
            ("cvr", "cost_by_region", lg), lambda: figures.cvr_by_region(view.summary, "cost_xof",
                                                                         t("cvr.cost_by_region"), lg))), PLOT)), PLOT)
        chart(right, view.get(("briefing", "women_men", lg), lambda: ready(fitted(view.get(
            ("cvr", "women_men", lg), lambda: figures.cvr_women_men(cvr, lg))), PLOT)), PLOT)


def sites_screen() -> None:
    view, lg = current_view(), lang()
    rows = view.summary[view.summary["sites"] > 0]
    if len(rows) == 0:
        st.info(t("sites.none"))
        return
    with st.container(key="briefing_charts"):
        left, right = st.columns(2)
        for column, measure_, colour in ((left, "cantonment_sites", figures.CHART_COLOURS["bar"]),
                                         (right, "moc_camps", figures.CHART_COLOURS["bar2"])):
            chart(column, view.get(("briefing", measure_, lg), functools.partial(_sites_chart, rows, measure_, colour, lg)),
                  PLOT)


def _sites_chart(rows, measure_: str, colour: str, lg: str):
    shown = rows[rows[measure_] > 0]
    return ready(fitted(figures.bar_chart(shown["region"], shown[measure_], t(f"measure.{measure_}"), lg, colour)), PLOT)


def trainings_screen() -> None:
    view, lg = current_view(), lang()
    chosen, _ = courses(view)
    f = view.get("headline", lambda: headline_figures(view.dataset))
    with st.container(key="briefing_trained"):
        left, right = st.columns(2)
        left.metric(t("tile.trained"), qualified(f["trained"], f["trained_qualifier"], lg, short=True, total=True),
                    trained_sex_words(f, lg), delta_color="off", delta_arrow="off")
        right.metric(t("tile.reached"), qualified(f["reached"], f["reached_qualifier"], lg, short=True, total=True),
                     help=t("tile.reached_help"))
    if view.get("courses_counted", lambda: bool(len(chosen) and chosen[["men", "women", "total"]].notna().any(axis=None))):
        with st.container(key="briefing_charts_below"):   # no empty chart
            chart(st, view.get(("briefing", "trainings_by_sex", lg), lambda: ready(fitted(view.get(
                ("trainings_by_sex", "audience", lg), lambda: figures.trainings_by_sex(
                    chosen, "audience", t("trainings.by_audience"), lg))), PLOT)), PLOT)


def events_screen() -> None:
    view = current_view()
    timeline(view.dataset.events, heading=False, more=False, made=view.get)


BODIES = {"headline": headline, "map": map_screen, "cvr": cvr_screen, "sites": sites_screen,
          "trainings": trainings_screen, "events": events_screen}


def briefing_page() -> None:
    st.markdown(CSS, unsafe_allow_html=True)
    n = screen_number()
    name = SCREENS[n - 1]
    top(t(f"briefing.{name}", measure=t(f"measure.{measure()}")), n)
    with st.container(key="briefing_body"):
        guarded(BODIES[name])
    with st.container(key="briefing_nav"):
        back, hint, leave_, forward = st.columns([1, 4, 1, 1], vertical_alignment="center")
        back.button(t("briefing.previous"), key="briefing_previous", on_click=go, args=(-1,), disabled=n == 1,
                    icon=":material/arrow_back:", width="stretch")
        hint.markdown(f'<span class="briefing-hint">{t("briefing.keys")}</span>', unsafe_allow_html=True)
        with leave_.container(key="briefing_leave"):   # a link back to the Overview, with the same filters
            params = {k: v for k, v in st.query_params.to_dict().items() if k != "screen"}
            st.page_link("views/overview.py", label=t("briefing.leave"), icon=":material/close:", query_params=params)
        forward.button(t("briefing.next"), key="briefing_next", on_click=go, args=(1,), disabled=n == len(SCREENS),
                       type="primary", icon=":material/arrow_forward:", width="stretch")
    with st.container(key="briefing_keys"):   # out of the flow: the screen ends with its navigation
        st.iframe(KEYS, height=1)   # our own script (no data in it), same-origin: it reaches the page's buttons


guarded(briefing_page)
