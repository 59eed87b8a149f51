"""Briefing mode: the dashboard as a presentation for a shared screen. No sidebar and no Streamlit
chrome, one view per screen in large type (the programme as reported and the recorded figures; the
map; CVR; cantonment and MOC; trainings; the latest events), the filters chosen before entering on
every screen with the data date. The arrow keys, Page Up / Page Down and the space bar (what a
presentation clicker sends) move between screens, Escape leaves; the screen is in the address
(screen=N), so a shared link reopens it."""
import streamlit as st

from geo.i18n import number, qualified
from geo.model.reported import reported_band
from geo.model.summary import activity, headline_figures
from geo.render import charts as figures
from geo.render.escape import esc
from geo.render.words import date_line, describe_filters, trained_sex_words
from ui.layout import guarded
from ui.parts import chart, reported_html, timeline
from ui.state import current_dataset, current_filters, current_view, display_boundaries, lang, measure, t

SCREENS = ("headline", "map", "cvr", "sites", "trainings", "events")
PLOT = {"width": "stretch", "theme": None, "config": {"displaylogo": False, "staticPlot": True}}

# Full screen: no sidebar, no header or toolbar, the page edge to edge, type a room can read.
CSS = """
<style>
html { font-size: clamp(13px, 0.99vw, 19px) !important; }   /* 19 px at 1920, 13.5 px at 1366: one screen */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1.2rem 2.4rem 0.6rem 2.4rem !important;
                                                          max-width: 100% !important; }
.briefing-top { display: flex; justify-content: space-between; align-items: baseline; gap: 2rem;
                border-bottom: 3px solid #54278f; padding-bottom: 0.3rem; margin-bottom: 0.6rem; }
.briefing-top h1 { font-size: 2.3rem; margin: 0; padding: 0; }
.briefing-top .where { font-size: 1rem; color: #333; text-align: right; }
.briefing-big [data-testid="stMetricValue"] { font-size: 3rem; }
.briefing-hint { color: #4a4a4a; font-size: 0.9rem; }
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
    filters = current_filters()
    said = describe_filters(filters, lang()) if filters.active else t("filters.none")
    where = esc(f"{said} · {date_line(current_view().dataset, lang())} · {n} / {len(SCREENS)}")
    st.markdown(f'<div class="briefing-top"><h1>{title}</h1><div class="where">{where}</div></div>',
                unsafe_allow_html=True)


def headline() -> None:
    view, lg = current_view(), lang()
    band = reported_band(current_dataset().programme_totals, current_filters())
    st.markdown(f"#### {t('reported.title')}")
    if len(band):
        st.markdown(reported_html(band, lg), unsafe_allow_html=True)
    else:
        st.info(t("reported.none"))
    st.markdown(f"#### {t('reported.recorded_title')}")
    f = view.get("headline", lambda: headline_figures(view.dataset))
    with st.container(key="briefing_tiles"):
        cells = st.columns(3) + st.columns(3)
        cells[0].metric(t("tile.projects"), number(f["projects"], lg))
        cells[1].metric(t("tile.cost"), t("tile.millions", value=number(f["cost_xof"] / 1e6, lg, 1)))
        cells[2].metric(t("tile.beneficiaries"), qualified(f["beneficiaries"], f["beneficiaries_qualifier"], lg,
                                                           short=True, total=True))
        cells[3].metric(t("tile.trained"), qualified(f["trained"], f["trained_qualifier"], lg, short=True, total=True))
        cells[4].metric(t("tile.reached"), qualified(f["reached"], f["reached_qualifier"], lg, short=True, total=True))
        cells[5].metric(t("tile.cantonment"), number(f["cantonment_sites"], lg))


def map_screen() -> None:
    view, lg, chosen = current_view(), lang(), measure()
    figure = view.get(("briefing_map", chosen, lg), lambda: figures.region_choropleth(
        view.summary, display_boundaries(view.dataset), chosen, lg, height=760, selected=current_filters().regions))
    chart(st, figure, PLOT)


def cvr_screen() -> None:
    view, lg = current_view(), lang()
    cvr = view.dataset.cvr_projects
    if len(cvr) == 0:
        st.info(t("cvr.none"))
        return
    left, right = st.columns(2)
    chart(left, view.get(("cvr", "cost_by_region", lg), lambda: figures.cvr_by_region(
        view.summary, "cost_xof", t("cvr.cost_by_region"), lg)), PLOT)
    chart(right, view.get(("cvr", "women_men", lg), lambda: figures.cvr_women_men(cvr, lg)), PLOT)


def sites_screen() -> None:
    view, lg = current_view(), lang()
    rows = view.summary[view.summary["sites"] > 0]
    if len(rows) == 0:
        st.info(t("sites.none"))
        return
    left, right = st.columns(2)
    for column, measure_, colour in ((left, "cantonment_sites", figures.CHART_COLOURS["bar"]),
                                     (right, "moc_camps", figures.CHART_COLOURS["bar2"])):
        shown = rows[rows[measure_] > 0]
        chart(column, figures.bar_chart(shown["region"], shown[measure_], t(f"measure.{measure_}"), lg, colour), PLOT)


def trainings_screen() -> None:
    view, lg = current_view(), lang()
    trainings = view.dataset.trainings
    courses = trainings[activity(trainings).eq("training")] if len(trainings) else trainings
    f = view.get("headline", lambda: headline_figures(view.dataset))
    with st.container(key="briefing_trained"):
        left, right = st.columns(2)
        left.metric(t("tile.trained"), qualified(f["trained"], f["trained_qualifier"], lg, short=True, total=True),
                    trained_sex_words(f, lg), delta_color="off", delta_arrow="off")
        right.metric(t("tile.reached"), qualified(f["reached"], f["reached_qualifier"], lg, short=True, total=True),
                     help=t("tile.reached_help"))
    if len(courses) and courses[["men", "women", "total"]].notna().any(axis=None):   # no empty chart
        chart(st, figures.trainings_by_sex(courses, "audience", t("trainings.by_audience"), lg), PLOT)


def events_screen() -> None:
    timeline(current_view().dataset.events)


BODIES = {"headline": headline, "map": map_screen, "cvr": cvr_screen, "sites": sites_screen,
          "trainings": trainings_screen, "events": events_screen}


def briefing_page() -> None:
    st.markdown(CSS, unsafe_allow_html=True)
    n = screen_number()
    name = SCREENS[n - 1]
    top(t(f"briefing.{name}", measure=t(f"measure.{measure()}")), n)
    guarded(BODIES[name])
    back, hint, leave_, forward = st.columns([1, 4, 1, 1], vertical_alignment="center")
    back.button(t("briefing.previous"), key="briefing_previous", on_click=go, args=(-1,), disabled=n == 1,
                icon=":material/arrow_back:", width="stretch")
    hint.markdown(f'<span class="briefing-hint">{t("briefing.keys")}</span>', unsafe_allow_html=True)
    with leave_.container(key="briefing_leave"):   # a link back to the Overview, with the same filters
        params = {k: v for k, v in st.query_params.to_dict().items() if k != "screen"}
        st.page_link("views/overview.py", label=t("briefing.leave"), icon=":material/close:", query_params=params)
    forward.button(t("briefing.next"), key="briefing_next", on_click=go, args=(1,), disabled=n == len(SCREENS),
                   type="primary", icon=":material/arrow_forward:", width="stretch")
    st.iframe(KEYS, height=1)   # our own script (no data in it), same-origin: it reaches the page's buttons


guarded(briefing_page)
