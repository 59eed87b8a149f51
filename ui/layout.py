"""The frame around every page, drawn once by app.py: projector-sized styling, the navigation, the
language switch, the shared filters kept in the URL, the public/internal badge, and the guard that
turns an error into one sentence.

The app runs on st.navigation: app.py draws this frame and then runs the chosen page, so the
sidebar's widgets are the same widgets on every page and keep their values without any copying.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from geo import i18n
from geo.access import FIELD_LAPTOP, access_list
from geo.messages import in_language
from geo.model.filters import Filters, available_partners, available_periods, available_years
from geo.read.tables import ReadError
from geo.regions import REGIONS
from geo.render.words import describe_filters
from geo.schema import DEFAULT_MEASURE, RECORD_KINDS
from geo.settings import public_setting, settings_problem
from ui.access import allowed, current_person, sign_in_configured, sign_in_problem
from ui.state import (
    KEY,
    cercle_labeller,
    current_dataset,
    is_public,
    labeller,
    lang,
    map_level,
    region_label,
    t,
    whole_view,
)
from ui.store import StoreUnreachable, data_version, store_answers, unreachable
from ui.text import plain

log = logging.getLogger("dashboard")


@dataclass(frozen=True)
class PageSpec:
    script: str        # the file under views/
    title_key: str     # catalogue key of its title
    icon: str
    url_path: str      # "" for the Overview, at /
    needs: tuple[str, ...] = ()   # geo.access actions, any of which shows the page (none: everyone)
    listed: bool = True           # drawn among the sidebar's links (the briefing is opened from the Overview)


PAGES = (
    PageSpec("views/overview.py", "page.overview", ":material/dashboard:", ""),
    PageSpec("views/map.py", "page.map", ":material/map:", "map"),
    PageSpec("views/cvr.py", "page.cvr", ":material/construction:", "cvr"),
    PageSpec("views/sites.py", "page.sites", ":material/camping:", "sites"),
    PageSpec("views/trainings.py", "page.trainings", ":material/school:", "trainings"),
    PageSpec("views/data.py", "page.data", ":material/dataset:", "data"),
    PageSpec("views/review.py", "page.review", ":material/fact_check:", "review", ("review", "see_own_submissions")),
    PageSpec("views/briefing.py", "page.briefing", ":material/slideshow:", "briefing", listed=False),
)
BRIEFING = "briefing"   # the briefing's url path; its screen number stays in the address (screen=N)


def visible_pages() -> list[PageSpec]:
    """The pages this person may open: a page they may not use is not shown (and checks again)."""
    return [p for p in PAGES if not p.needs or any(allowed(a) for a in p.needs)]
_PARAM_KEYS = ("region", "cercle", "years", "kind", "partner", "period", "lang", "measure", "level")

CSS = """
<style>
/* type scales with the width: 19 px on a 1920 projector, 16 px at 1366, 15 px on a laptop or a phone */
html { font-size: clamp(15px, calc(0.55vw + 8.5px), 19px); }
.stAppDeployButton { display: none; }
/* the frame's own style and script elements take no room in the page's flow */
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] [data-testid="stMarkdownContainer"] > style:only-child),
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"]):not(:has([data-testid="stHtml"] *:not(script, style))) {
    display: none; }
/* a word is never broken across two lines (a broken word reads as badly as a cut one): text wraps
   between words, and the layout below makes the room the words need */
[data-testid="stAppViewContainer"] *, [data-testid="stSidebar"] * { word-break: normal !important;
    overflow-wrap: normal !important; hyphens: manual !important; }
button p, [data-testid="stPageLink"] p, [data-testid="stWidgetLabel"] p { white-space: nowrap !important; }
/* wider than Streamlit's 300 px only while open: closed, it slides away whole (no strip over the page) */
[data-testid="stSidebar"][data-collapsed="false"] { min-width: 340px; max-width: 340px; }
[data-testid="stSidebar"][data-collapsed="true"] { min-width: 0 !important; width: 0 !important; }
@media (max-width: 640px) {   /* a phone: the open sidebar covers the page, as Streamlit draws it */
  [data-testid="stSidebar"][data-collapsed="false"] { min-width: 0; max-width: 100vw; }
  h1 { font-size: 1.7rem !important; }
  .block-container { padding-left: 1rem; padding-right: 1rem; }
}
[data-testid="stSidebar"] [data-testid="stPageLink"] p { font-size: 1.1rem; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem; font-weight: 600; white-space: normal !important; }
[data-testid="stMetric"] { background: #f4f4f7; border-left: 8px solid #54278f; padding: 0.45rem 0.8rem;
                           border-radius: 6px; height: 100%; }
/* a big number shrinks with the screen, never cut; a label wraps between words */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div { font-size: clamp(1.6rem, 2vw, 2.4rem);
    font-weight: 700; line-height: 1.1; overflow: visible; text-overflow: clip; white-space: nowrap; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { font-size: 0.9rem; white-space: normal !important;
    overflow: visible !important; text-overflow: clip !important; }
h1 { font-size: 2rem !important; padding: 0 !important; }
h3.band-title { font-size: 1.35rem; margin: 0.2rem 0 0.1rem 0; padding: 0; }
/* explanations (filters in force, notes under the map) read from the back of the room: full size, 12:1
   (Streamlit draws captions at 0.6 opacity, 3.7:1) */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #333333 !important; font-size: max(1rem, 16px); }
.block-container { padding-top: 4rem; max-width: 100%; }
button { height: auto; min-height: 2.5rem; }
/* the records' tiles: one grid, as many to a row as hold their words (three beside the map on a
   1920 projector), two to a row above the map below 1500 px, one on a phone */
.st-key-tiles { display: grid !important; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
                gap: 0.7rem !important; }
.st-key-tiles > div { width: auto !important; }
.overview-map figure { margin: 0; }
/* the map fits the first screen of a projector beside the tiles (the header, band and toolbar above it
   take about 25rem); on a laptop, below the tiles, it takes most of a screen */
.overview-map .geo-svg-map svg { margin: 0 auto; }
@media (min-width: 1500px) { .st-key-tiles { grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); } }
@media (max-width: 1499px) { .overview-map .geo-svg-map svg { max-height: 80vh; } }
@media (max-width: 1499px) {
  .st-key-records [data-testid="stHorizontalBlock"]:has(.st-key-tiles) { flex-wrap: wrap !important; }
  .st-key-records [data-testid="stHorizontalBlock"]:has(.st-key-tiles) > [data-testid="stColumn"] {
      flex: 1 1 100% !important; width: 100% !important; min-width: 100% !important; }
  .st-key-tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media (max-width: 640px) { .st-key-tiles { grid-template-columns: minmax(0, 1fr); } }
.st-key-present a { background: #54278f; border-radius: 0.5rem; padding: 0.35rem 0.9rem; justify-content: center; }
.st-key-present a p, .st-key-present a span { color: white !important; font-weight: 600; }
.reported { display: flex; gap: 0.9rem; flex-wrap: wrap; margin: 0.2rem 0 0.6rem 0; }
.reported .group { flex: 1 1 0; min-width: 17rem; background: #f4f1e8; border-top: 6px solid #8c6d1f;
                   border-radius: 0.4rem; padding: 0.4rem 0.9rem 0.45rem 0.9rem; }
.reported .group.none { background: #f4f1e8; border-top-style: dashed; }
.reported .head { font-weight: 700; color: #3d2f0a; font-size: 1rem; display: inline; margin-right: 0.6rem; }
.reported .when { color: #4a4a4a; font-size: 0.85rem; display: inline; }
.reported .figs { display: flex; flex-wrap: wrap; column-gap: 1.1rem; row-gap: 0.1rem; margin-top: 0.2rem; }
.reported .fig { display: flex; align-items: baseline; gap: 0.45rem; }
.reported .num { font-size: 1.6rem; font-weight: 800; color: #1a1a1a; line-height: 1.15; white-space: nowrap; }
.reported .what { font-size: 0.95rem; color: #1a1a1a; }
.reported .src { color: #4a4a4a; font-size: 0.8rem; margin-top: 0.15rem; }
.mode-badge { display: inline-block; padding: 0.25rem 0.8rem; border-radius: 999px; font-weight: 700;
              font-size: 0.95rem; letter-spacing: 0.03em; }
.mode-public { background: #0072B2; color: white; }
.mode-internal { background: #D55E00; color: white; }
table.reasons { width: 100%; border-collapse: collapse; font-size: 1rem; margin-bottom: 0.8rem; }
table.reasons th, table.reasons td { border: 1px solid #d9d9d9; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
table.reasons th { background: #f4f4f7; }
table.reasons .n { width: 6rem; text-align: right; white-space: nowrap; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
           clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
[data-testid="stElementContainer"]:has(> div > div > .sr-only), [data-testid="stElementContainer"]:has(.sr-only) {
    position: absolute; width: 1px; height: 1px; overflow: hidden; }
.timeline { list-style: none; padding-left: 0; margin: 0; }
.timeline li { padding: 0.35rem 0 0.35rem 0.9rem; border-left: 5px solid #54278f; margin-bottom: 0.35rem;
               font-size: 1.05rem; }
.timeline .when { font-weight: 700; display: block; color: #333; }
</style>
"""


# Beside the tiles on a projector, the Overview's map ends at the bottom of the first screen: its
# height is what the window leaves below its top (measured in the browser, again on a resize or
# a rerun), never less than 22rem. Our own script; no data in it.
FIT_MAP = """<script>
(function () {
  if (window.__fitOverviewMap) { window.__fitOverviewMap(); return; }
  const fit = () => {
    for (const svg of document.querySelectorAll(".overview-map .geo-svg-map svg")) {
      if (window.innerWidth < 1500) { svg.style.maxHeight = ""; continue; }
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      const room = window.innerHeight - svg.getBoundingClientRect().top - 0.8 * rem;
      svg.style.maxHeight = Math.max(22 * rem, room) + "px";
    }
  };
  window.__fitOverviewMap = fit;
  let queued = false;
  const later = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; fit(); }); } };
  window.addEventListener("resize", later);
  new MutationObserver(later).observe(document.body, {childList: true, subtree: true});
  later();
})();
</script>"""


# Our own script, once per tab: *Present* asks the browser for full screen (a click is the gesture the
# Fullscreen API needs); leaving the briefing for another page gives it back (the briefing leaves itself
# when full screen ends: Escape); and a sign-in comes back to the address it started from.
TAB_SCRIPT = r"""<script>
(function () {
  if (window.__dashboardTab) { return; }
  window.__dashboardTab = true;
  document.addEventListener("click", (event) => {
    const present = event.target.closest && event.target.closest(".st-key-present a");
    if (present && document.documentElement.requestFullscreen && !document.fullscreenElement) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  }, true);
  // Signing in goes to the provider and comes back to the app's root (where the app writes its
  // language into the address): back to the address (page, language, filters) it was started
  // from, within ten minutes, in this tab only, once the page has been loaded anew.
  const load = Math.random().toString(36).slice(2);
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest(".st-key-access_sign_in button")) {
      sessionStorage.setItem("dashboard.signin",
                             JSON.stringify({to: location.pathname + location.search, at: Date.now(), load: load}));
    }
  }, true);
  const restore = () => {
    const saved = JSON.parse(sessionStorage.getItem("dashboard.signin") || "null");
    if (!saved || saved.load === load || location.pathname.includes("oauth")) { return; }
    sessionStorage.removeItem("dashboard.signin");
    const root = [...new URLSearchParams(location.search).keys()].every((key) => key === "lang");
    const here = location.pathname + location.search;
    if (Date.now() - saved.at < 600000 && saved.to !== here && root) { location.replace(saved.to); }
  };
  restore();
  // Leaving the briefing for another page gives full screen back (not the moment between the click
  // on *Present*, which asks for it, and the briefing's address).
  let onBriefing = false;
  setInterval(() => {
    restore();
    const briefing = location.pathname.replace(/\/$/, "").endsWith("/briefing");
    if (onBriefing && !briefing && document.fullscreenElement) { document.exitFullscreen().catch(() => {}); }
    onBriefing = briefing;
  }, 400);
})();
</script>"""


def uploader_words(lg: str) -> str:
    """The upload widget's own words ('Upload', '50MB per file') are Streamlit's, in English: in
    French they are drawn from the catalogue instead (the list of file types is in its label)."""
    if lg == "en":
        return ""
    from geo.read.tables import MAX_FILE_BYTES

    button, limit = i18n.t("uploads.widget.button", lg), i18n.t("uploads.widget.limit", lg, n=MAX_FILE_BYTES // 2**20)
    return f"""<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {{ content: "{button}"; font-size: 1rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}"; font-size: 0.9rem; }}
</style>"""


def navigation():
    """The pages, titled in the session's language; the sidebar draws its own links (which carry
    the filters in their address, with their material icons drawn from Streamlit's own font), so
    Streamlit's list stays hidden. The pages themselves have no icon: a page's material icon would
    become the tab's icon, fetched from a web font service (nothing loads offline); the tab shows
    the app's own icon file (frame)."""
    language_from_url()   # before any word is written: the titles, the first run's messages, <html lang>
    pages = [st.Page(p.script, title=t(p.title_key), url_path=p.url_path or None,
                     default=not p.url_path) for p in visible_pages()]
    return st.navigation(pages, position="hidden")


# The tab's icon, from the app's own files (a material icon would be fetched from a font service).
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"


def frame(page) -> Filters:
    """What app.py draws before the page: page setup, styling, the state from the URL, the sidebar."""
    st.set_page_config(page_title=f"{page.title} · Mali RSS-DDR-RVC", page_icon=str(ICON), layout="wide",
                       initial_sidebar_state="auto")   # open on a desktop, closed on a phone
    st.markdown(CSS + uploader_words(lang()), unsafe_allow_html=True)
    unusable = settings_problem()
    if unusable is not None:   # the operator's file says something we cannot read: nothing runs on a guess
        st.error(plain(in_language(unusable, lang())))
        st.stop()
    # the page's language, for screen readers, spelling and hyphenation (the code is one of ours, never data)
    st.html(f"<script>document.documentElement.lang = {lang()!r};</script>{TAB_SCRIPT}", unsafe_allow_javascript=True)
    if current_person() is FIELD_LAPTOP:   # never the default: the operator chose it, everyone sees it
        st.error(t("access.field_laptop"), icon=":material/warning:")
    problem = sign_in_problem()
    if problem:   # said on every page and in the log, until the operator fixes the secrets file
        _log_once(f"sign-in refused: {i18n.t(problem, 'en')}")
        st.error(t(problem))
    try:   # once per run, before anything reads the data: every page of this run shows the same data
        data_version(refresh=True)
    except StoreUnreachable:
        wait_for_store()
    init_from_url()
    filters = Filters()
    try:
        filters = sidebar(page)
    except (RerunException, StopException):
        raise
    except Exception as error:  # noqa: BLE001 - the page still draws, with every record, and the log has the reason
        if unreachable(error):   # the database stopped answering since this run began
            log.warning("sidebar stopped: the shared store does not answer")
            wait_for_store()
        log.exception("sidebar failed")
        st.sidebar.error(t("error.page"))
    st.session_state[KEY.filters] = filters
    return filters


STORE_RETRY_SECONDS = 3   # how often a page waiting for the database asks it again (one cheap read)


def wait_for_store() -> None:
    """The shared database does not answer (stopped, restarting, out of reach): one sentence in place
    of the page (never a traceback), and the page again by itself once the database answers (asked
    every few seconds; the filters stay in the address). Stops the run. Nothing is half-written: each
    change to the store is one transaction, done whole or not at all."""
    st.error(t("error.store_unreachable"), icon=":material/cloud_off:")
    _retry_store()
    st.stop()


@st.fragment(run_every=STORE_RETRY_SECONDS)
def _retry_store() -> None:
    if store_answers():
        st.rerun(scope="app")


def language_from_url() -> None:
    """Once per session, the language of the link that opened it (?lang=en)."""
    if not st.session_state.get(KEY.url_read):
        st.session_state[KEY.lang] = i18n.language(st.query_params.get("lang"))


def init_from_url() -> None:
    """Once per session, set the widgets from the link that opened it; then apply a map click."""
    state = st.session_state
    if not state.get(KEY.url_read):
        params = st.query_params
        filters = Filters.from_params(params)
        state[KEY.regions] = [c for c in filters.regions if c in region_options()]
        state[KEY.cercles] = [c for c in filters.cercles if c in cercle_options(filters.regions)]
        state[KEY.kinds] = list(filters.kinds)
        state[KEY.partners] = list(filters.partners)
        state[KEY.periods] = list(filters.periods)
        state[KEY.url_years] = filters.years
        if params.get("measure"):
            state[KEY.measure] = params.get("measure")
        if params.get("level") == "cercles":
            state[KEY.level] = "cercles"
        state[KEY.url_read] = True
    pending = state.pop(KEY.pending_region, None)
    if pending is not None:   # a region clicked: that region, and none of the cercles of another
        state[KEY.regions] = [pending] if pending else []
        state[KEY.cercles] = []
    cercle = state.pop(KEY.pending_cercle, None)
    if cercle is not None:
        state[KEY.cercles] = [cercle]


def region_options() -> list[str]:
    codes = list(REGIONS)
    try:
        codes += [c for c in current_dataset().boundaries["iso_code"] if c not in REGIONS]
    except Exception:  # noqa: BLE001 - the filter list must not fail because a user file is odd
        log.exception("region options")
    return codes


def cercle_options(regions=()) -> list[str]:
    """The codes of the boundary set's cercles (none when it has no second level): those of
    `regions` first, then the others, each by region and name."""
    try:
        cercles = current_dataset().cercles
    except Exception:  # noqa: BLE001 - the filter list must not fail because a user file is odd
        log.exception("cercle options")
        return []
    if cercles is None or not len(cercles):
        return []
    ordered = cercles.assign(other=~cercles["iso_code"].isin(regions)).sort_values(["other", "iso_code", "cercle"])
    return list(dict.fromkeys(ordered["cercle_code"]))


def sidebar(page) -> Filters:
    """Navigation, language switch, mode badge and the shared filters; keeps them in the URL."""
    state = st.session_state
    whole = whole_view()
    dataset = whole.dataset
    with st.sidebar:
        links = st.container()
        st.radio(i18n.t("lang.label", lang()), i18n.LANGUAGES, key=KEY.lang, horizontal=True,
                 format_func=lambda code: code.upper())
        mode_badge()
        account()
        st.header(t("filters.title"))
        options = region_options()
        state[KEY.regions] = [c for c in state.get(KEY.regions, []) if c in options]
        st.multiselect(t("filters.region"), options, key=KEY.regions, format_func=region_label,
                       placeholder=t("filters.all"))
        cercles = cercle_options(state[KEY.regions])
        state[KEY.cercles] = [c for c in state.get(KEY.cercles, []) if c in cercles]
        if cercles:   # only when the organisation's boundary set has a second level
            st.multiselect(t("filters.cercle"), cercles, key=KEY.cercles, placeholder=t("filters.all_cercles"),
                           format_func=cercle_labeller(current_dataset().cercles))
        years = None
        bounds = whole.get("years", lambda: available_years(dataset))
        if bounds and bounds[0] < bounds[1]:
            wanted = state.pop(KEY.url_years, None) or state.get(KEY.years) or bounds
            state[KEY.years] = (max(bounds[0], min(wanted[0], bounds[1])), min(bounds[1], max(wanted[1], bounds[0])))
            chosen = st.slider(t("filters.years"), bounds[0], bounds[1], key=KEY.years, step=1)
            years = tuple(chosen) if tuple(chosen) != tuple(bounds) else None
            st.caption(t("filters.undated"))
        st.multiselect(t("filters.kind"), list(RECORD_KINDS), key=KEY.kinds,
                       format_func=labeller("kind."), placeholder=t("filters.all"))
        partners = whole.get("partners", lambda: available_partners(dataset))
        state[KEY.partners] = [p for p in state.get(KEY.partners, []) if p in partners]
        st.multiselect(t("filters.partner"), partners, key=KEY.partners, placeholder=t("filters.all"))
        periods = whole.get("periods", lambda: available_periods(dataset))
        state[KEY.periods] = [p for p in state.get(KEY.periods, []) if p in periods]
        if periods:   # only once partners' submissions are published
            st.multiselect(t("filters.period"), periods, key=KEY.periods, placeholder=t("filters.all"),
                           help=t("filters.period_note"))
        filters = Filters(tuple(state[KEY.regions]), years, tuple(state[KEY.kinds]), tuple(state[KEY.partners]),
                          tuple(state[KEY.periods]), cercles=tuple(state[KEY.cercles]))
        if filters.active:
            st.button(t("filters.reset"), on_click=_reset_filters, width="stretch")
        st.caption(t("filters.link"))
    params = write_url(filters, keep=("screen",) if getattr(page, "url_path", "") == BRIEFING else ())
    with links:
        for spec in (p for p in visible_pages() if p.listed):
            st.page_link(spec.script, label=t(spec.title_key), icon=spec.icon, query_params=params)
    return filters


def _reset_filters() -> None:
    state = st.session_state
    state[KEY.regions], state[KEY.kinds], state[KEY.partners], state[KEY.periods] = [], [], [], []
    state[KEY.cercles] = []
    state.pop(KEY.years, None)


def write_url(filters: Filters, keep: tuple[str, ...] = ()) -> dict:
    """Mirror the view in the address bar, so that a copied link reopens it; `keep`: the page's own
    parameters, left as they are (the briefing's screen)."""
    params = dict(filters.to_params())
    params["lang"] = lang()
    chosen = st.session_state.get(KEY.measure)
    if chosen and chosen != DEFAULT_MEASURE:
        params["measure"] = chosen
    if map_level() == 2:
        params["level"] = "cercles"
    own = {k: st.query_params.get(k) for k in keep if st.query_params.get(k) is not None}
    current = {k: st.query_params.get(k) for k in _PARAM_KEYS if st.query_params.get(k) is not None}
    if current != params:
        st.query_params.from_dict(params | own)
    return params


def mode_badge() -> None:
    """Which mode is on, visible on every page (the text is the catalogue's, never data)."""
    public = is_public()
    css = "mode-public" if public else "mode-internal"
    short = t("mode.public.short" if public else "mode.internal.short")
    long = t("mode.public" if public else "mode.internal")
    st.markdown(f'<span class="mode-badge {css}" title="{long}">{short}</span> '
                f'<span style="font-size:0.9rem">{long}</span>', unsafe_allow_html=True)
    problem = public_setting().problem
    if problem is not None:   # the setting could not be read: say why the view is public
        st.warning(plain(in_language(problem, lang())))


def account() -> None:
    """Who is signed in, with their role, and the button to sign in or out; why a signed-in person
    has no role; for admins, entries of the roles file that clash."""
    who = current_person()
    if who.signed_in:
        organisation = f" · {who.organisation}" if who.organisation else ""
        st.caption(plain(t("access.signed_in", who=who.name or who.email, role=t(f"role.{who.role}"))
                         + organisation))
        if who.why:   # signed in, yet no role: say why rather than leave them guessing
            st.warning(plain(t(who.why, email=who.email)))
        if who.role == "admin":
            clashes = access_list().clashes
            if clashes:
                st.warning(plain(" ".join([t("access.clashes"), *(in_language(c, lang()) for c in clashes)])))
        if st.button(t("access.sign_out"), key="access_sign_out", icon=":material/logout:"):
            st.logout()
    elif sign_in_configured() and sign_in_problem() is None and st.button(
            t("access.sign_in"), key="access_sign_in", type="primary", icon=":material/login:"):
        st.login()


@functools.lru_cache(maxsize=16)
def _log_once(text: str) -> None:
    """A problem of the server's configuration, in the log once per server process (not at every run)."""
    log.error("%s", text)


def filter_summary(filters: Filters) -> str:
    """The filters in force as one line of Markdown-safe text (the exports' words)."""
    if not filters.active:
        return t("filters.none")
    return plain(describe_filters(filters, lang(), current_dataset().cercles if filters.cercles else None))


def guarded(body, *args, **kwargs) -> None:
    """Run a page body; an error becomes one clear sentence on screen (details go to the log)."""
    try:
        body(*args, **kwargs)
    except (RerunException, StopException):
        raise
    except ReadError as err:   # a damaged data file: its own sentence names it
        log.error("page failed: %s", err)
        st.error(plain(in_language(err.args[0], lang())))
    except Exception as error:  # noqa: BLE001 - the point is that nothing reaches the screen raw
        if unreachable(error):   # the database stopped answering during this run: say that, not "a failure"
            log.warning("page stopped: the shared store does not answer")
            wait_for_store()
        log.exception("page failed")  # the details go to the server log, never to the screen
        st.error(t("error.page"))
