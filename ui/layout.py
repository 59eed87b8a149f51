"""The frame around every page: projector-sized styling, the language switch, the shared filters
kept in the URL, the public/internal badge, and the guard that turns an error into a message."""
from __future__ import annotations

import logging

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from geo import i18n
from geo.schema import RECORD_KINDS
from geo.model.filters import Filters, available_partners, available_years
from geo.messages import in_language
from geo.settings import public_setting
from geo.read.tables import ReadError
from geo.regions import REGIONS
from geo.schema import DEFAULT_MEASURE
from ui.state import labeller, current_dataset, is_public, lang, region_label, t
from ui.text import plain

log = logging.getLogger("dashboard")

# (script, catalogue key of its title, icon): the navigation, drawn in the language of the session.
PAGES = (
    ("app.py", "page.overview", ":material/dashboard:"),
    ("pages/map.py", "page.map", ":material/map:"),
    ("pages/cvr.py", "page.cvr", ":material/construction:"),
    ("pages/sites.py", "page.sites", ":material/camping:"),
    ("pages/trainings.py", "page.trainings", ":material/school:"),
    ("pages/data.py", "page.data", ":material/dataset:"),
)
WIDGET_KEYS = ("lang", "f_region", "f_years", "f_kind", "f_partner")

CSS = """
<style>
html { font-size: 19px; }
[data-testid="stSidebarNav"] { display: none; }
.stAppDeployButton { display: none; }
[data-testid="stSidebar"] { min-width: 340px; max-width: 340px; }
[data-testid="stSidebar"] [data-testid="stPageLink"] p { font-size: 1.1rem; }
[data-testid="stMetricValue"] { font-size: 3.1rem; font-weight: 700; line-height: 1.1; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem; font-weight: 600; }
[data-testid="stMetricDelta"] { font-size: 1.0rem; }
[data-testid="stMetric"] { background: #f4f4f7; border-left: 8px solid #54278f; padding: 0.7rem 1rem; border-radius: 6px; }
h1 { font-size: 2.4rem !important; }
.block-container { padding-top: 2.2rem; max-width: 100%; }
.mode-badge { display: inline-block; padding: 0.25rem 0.8rem; border-radius: 999px; font-weight: 700;
              font-size: 0.95rem; letter-spacing: 0.03em; }
.mode-public { background: #0072B2; color: white; }
.mode-internal { background: #D55E00; color: white; }
.timeline { list-style: none; padding-left: 0; margin: 0; }
.timeline li { padding: 0.35rem 0 0.35rem 0.9rem; border-left: 5px solid #54278f; margin-bottom: 0.35rem;
               font-size: 1.05rem; }
.timeline .when { font-weight: 700; display: block; color: #333; }
</style>
"""

_PARAM_KEYS = ("region", "years", "kind", "partner", "lang", "measure")


def frame(title_key: str) -> None:
    """What every page calls first: page setup, styling, the state from the URL, the sidebar."""
    st.set_page_config(page_title=f"{t(title_key)} · Mali RSS-DDR-RVC", page_icon=":material/map:", layout="wide",
                       initial_sidebar_state="expanded")
    st.markdown(CSS, unsafe_allow_html=True)
    init_from_url(page=title_key)
    guarded(sidebar)


def _keep_widgets(restore: bool) -> None:
    """Widgets belong to their page: carry the shared ones over when the user changes page (on a
    new page no widget can have been touched yet, so the kept values are the current ones)."""
    state = st.session_state
    for key in WIDGET_KEYS:
        if restore and f"_keep_{key}" in state:
            state[key] = state[f"_keep_{key}"]
        elif not restore and key in state:
            state[f"_keep_{key}"] = state[key]


def init_from_url(page: str = "") -> None:
    """Once per session, set the widgets from the link that opened it; keep them across pages;
    apply a map click."""
    state = st.session_state
    changed_page = state.get("_page") != page
    state["_page"] = page
    if not state.get("_url_read"):
        params = st.query_params
        state["lang"] = i18n.language(params.get("lang"))
        filters = Filters.from_params(params)
        state["f_region"] = [c for c in filters.regions if c in region_options()]
        state["f_kind"] = list(filters.kinds)
        state["f_partner"] = list(filters.partners)
        state["_url_years"] = filters.years
        if params.get("measure"):
            state["measure"] = params.get("measure")
        state["_url_read"] = True
    elif changed_page:
        _keep_widgets(restore=True)
    pending = state.pop("_pending_region", None)
    if pending is not None:
        state["f_region"] = [pending] if pending else []


def region_options() -> list[str]:
    codes = list(REGIONS)
    try:
        codes += [c for c in current_dataset().boundaries["iso_code"] if c not in REGIONS]
    except Exception:  # the filter list must not fail because a user file is odd
        log.exception("region options")
    return codes


def sidebar() -> Filters:
    """Language switch, mode badge and the shared filters; returns the Filters and keeps them in the URL."""
    state = st.session_state
    dataset = current_dataset()
    with st.sidebar:
        navigation = st.container()
        st.radio(i18n.t("lang.label", lang()), i18n.LANGUAGES, key="lang", horizontal=True,
                 format_func=lambda code: code.upper())
        mode_badge()
        st.header(t("filters.title"))
        options = region_options()
        state["f_region"] = [c for c in state.get("f_region", []) if c in options]
        st.multiselect(t("filters.region"), options, key="f_region", format_func=region_label,
                       placeholder=t("filters.all"))
        years = None
        bounds = available_years(dataset)
        if bounds and bounds[0] < bounds[1]:
            wanted = state.pop("_url_years", None) or state.get("f_years") or bounds
            state["f_years"] = (max(bounds[0], min(wanted[0], bounds[1])), min(bounds[1], max(wanted[1], bounds[0])))
            chosen = st.slider(t("filters.years"), bounds[0], bounds[1], key="f_years", step=1)
            years = tuple(chosen) if tuple(chosen) != tuple(bounds) else None
            st.caption(t("filters.undated"))
        st.multiselect(t("filters.kind"), list(RECORD_KINDS), key="f_kind",
                       format_func=labeller("kind."), placeholder=t("filters.all"))
        partners = available_partners(dataset)
        state["f_partner"] = [p for p in state.get("f_partner", []) if p in partners]
        st.multiselect(t("filters.partner"), partners, key="f_partner", placeholder=t("filters.all"))
        filters = Filters(tuple(state["f_region"]), years, tuple(state["f_kind"]), tuple(state["f_partner"]))
        if filters.active:
            st.button(t("filters.reset"), on_click=_reset_filters, width="stretch")
        st.caption(t("filters.link"))
    state["_filters"] = filters
    _keep_widgets(restore=False)
    params = write_url(filters)
    with navigation:
        for script, key, icon in PAGES:
            st.page_link(script, label=t(key), icon=icon, query_params=params)
    return filters


def _reset_filters() -> None:
    state = st.session_state
    state["f_region"], state["f_kind"], state["f_partner"] = [], [], []
    state.pop("f_years", None)


def write_url(filters: Filters) -> dict:
    """Mirror the view in the address bar, so that a copied link reopens it."""
    params = dict(filters.to_params())
    params["lang"] = lang()
    chosen = st.session_state.get("measure")
    if chosen and chosen != DEFAULT_MEASURE:
        params["measure"] = chosen
    current = {k: st.query_params.get(k) for k in _PARAM_KEYS if st.query_params.get(k) is not None}
    if current != params:
        st.query_params.from_dict(params)
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


def filter_summary(filters: Filters) -> str:
    if not filters.active:
        return t("filters.none")
    parts = []
    if filters.regions:
        parts.append(", ".join(plain(region_label(c)) for c in filters.regions))
    if filters.years:
        parts.append(f"{filters.years[0]}–{filters.years[1]}")
    if filters.kinds:
        parts.append(", ".join(t(f"kind.{k}") for k in filters.kinds))
    if filters.partners:
        parts.append(", ".join(plain(p) for p in filters.partners))
    return t("filters.active", summary=" · ".join(parts))


def guarded(body, *args, **kwargs) -> None:
    """Run a page body; an error becomes one clear sentence on screen (details go to the log)."""
    try:
        body(*args, **kwargs)
    except (RerunException, StopException):
        raise
    except ReadError as err:   # a damaged data file: its own sentence names it
        log.error("page failed: %s", err)
        st.error(plain(in_language(err.args[0], lang())))
    except Exception:  # noqa: BLE001 - the point is that nothing reaches the screen raw
        log.exception("page failed")  # the details go to the server log, never to the screen
        st.error(t("error.page"))
