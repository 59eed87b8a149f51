"""Pieces several pages draw alike: the programme's figures as reported and the latest events (the
Overview and the briefing); a chart with its title and its words for a screen reader, and the
click on a region's bar or a region's row that filters the app to it (the pages with charts)."""
import functools
from typing import Any, NamedTuple

import streamlit as st

from geo.i18n import date_label, localised, number, qualified
from geo.model.summary import activity, trainees_by_sex
from geo.render.escape import esc
from geo.render.reported import metric_label, period_text, source_title, value_text
from geo.render.words import known, trained_sex_words, women_share_words
from ui.state import KEY, current_filters, lang, t

TIMELINE_LENGTH = 5


def reported_html(band, lg: str, sources_once: bool = False) -> str:
    """The programme's totals as reported, one box per programme and period, each figure with its
    source's sentence on hover (all text escaped: it comes from the data), and the documents they
    come from: under each box, or (`sources_once`, a screen with no room to repeat them) once under
    the band."""
    groups = []
    colon = " : " if lg == "fr" else ": "
    keys = ["topic", band["period"].fillna(""), band["as_of"].fillna("")]
    for (topic, _, _), part in band.groupby(keys, sort=False):
        figures = "".join(
            f'<div class="fig" title="{esc(row["source_quote"])}"><span class="num">{esc(value_text(row, lg))}</span>'
            f'<span class="what">{esc(metric_label(row, lg))}</span></div>' for row in part.to_dict("records"))
        sources = ", ".join(dict.fromkeys(source_title(d, lg) for d in part["source_doc"]))
        source = "" if sources_once else f'<div class="src">{esc(t("field.source_doc"))}{colon}{esc(sources)}</div>'
        groups.append(f'<div class="group"><div class="head">{esc(t(f"reported.group_{topic}"))}</div>'
                      f'<div class="when">{esc(period_text(part.iloc[0].to_dict(), lg))}</div>'
                      f'<div class="figs">{figures}</div>{source}</div>')
    under = ""
    if sources_once:
        sources = ", ".join(dict.fromkeys(source_title(d, lg) for d in band["source_doc"]))
        under = f'<div class="src">{esc(t("field.source_doc"))}{colon}{esc(sources)}</div>'
    return f'<div class="reported">{"".join(groups)}</div>{under}'


def timeline(events, heading: bool = True, more: bool = True, made=None) -> None:
    """The latest dated events, newest first; `more`: the others in an expander (not on a screen a
    room cannot scroll). `made(key, build)`: a View's get, to write the lists once per view."""
    if heading:
        st.subheader(t("overview.timeline"))
    if events is None or len(events) == 0:
        st.info(t("overview.no_events"))
        return
    lg = lang()
    first, rest = (made or (lambda key, build: build()))(("timeline", lg, more), lambda: _timeline_html(events, lg, more))
    st.markdown(first, unsafe_allow_html=True)
    if rest:
        with st.expander(t("overview.timeline_more", count=len(events))):
            st.markdown(rest, unsafe_allow_html=True)


def _timeline_html(events, lg: str, more: bool) -> tuple[str, str | None]:
    """The lists of timeline(): the latest TIMELINE_LENGTH events, and (`more`) the others or None."""
    events = events.sort_values("date", ascending=False)
    events = events.assign(shown_title=localised(events, "title", lg))

    def items(frame):
        return "".join(f'<li><span class="when">{esc(date_label(r["date"], r.get("date_precision"), lg))}</span>'
                       f'{esc(r["shown_title"])}</li>' for _, r in frame.iterrows())
    rest = f'<ul class="timeline">{items(events.iloc[TIMELINE_LENGTH:])}</ul>' \
        if more and len(events) > TIMELINE_LENGTH else None
    return f'<ul class="timeline">{items(events.head(TIMELINE_LENGTH))}</ul>', rest


# No modebar: the dashboard's charts need none of its tools, and on a phone it sat over the titles.
PLOT = {"width": "stretch", "theme": None, "config": {"displaylogo": False, "displayModeBar": False}}
SCROLL_PX = 640   # a chart taller than this scrolls in a box of this height: a long list grows, never squeezes
TITLE_STYLE = "font-size: 1.15rem; font-weight: 600; line-height: 1.3; margin: 0.4rem 0 0.2rem 0; color: #1a1a1a;"


class Ready(NamedTuple):
    """A chart made ready to draw on a page: its words for a screen reader, its title as text (or
    None when drawn in the figure) and the figure to send."""
    words: str
    title: str | None
    figure: Any


def ready(figure, plot: dict = PLOT) -> Ready:
    """What chart() draws of `figure` (see chart). Making it copies the figure: a page that shows the
    same chart to every viewer of a view keeps this once (View.get), not the figure alone."""
    from geo.render.charts import text_summary, without_title

    words, title = text_summary(figure, lang()), None
    if not plot.get("config", {}).get("staticPlot"):
        title, figure = without_title(figure)   # the title is escaped text from the catalogue
    return Ready(words, title or None, figure)


def chart(where, figure, plot: dict = PLOT, key: str | None = None) -> None:
    """A plotly chart (a figure, or what ready() made of it), with its words for a screen reader:
    the title and each bar's or region's values, in a text the screen does not show
    (geo.render.charts.text_summary; escaped).

    On a page (not a briefing's static picture) the title is written above the chart as text, which
    wraps between words at any width and stays in view above a chart that scrolls. With `key`, a
    click on a bar that carries a region's code (geo.render.charts.cvr_by_region) filters the whole
    app to that region, as a click on the map does."""
    words, title, figure = figure if isinstance(figure, Ready) else ready(figure, plot)
    if title:
        where.markdown(f'<div class="chart-title" role="heading" aria-level="3" style="{TITLE_STYLE}">{title}</div>',
                       unsafe_allow_html=True)
    box = where.container(height=SCROLL_PX, border=False) if (figure.layout.height or 0) > SCROLL_PX else where
    key = view_key(key) if key else None
    picking = {"key": key, "on_select": functools.partial(bar_picked, key), "selection_mode": "points"} if key else {}
    box.plotly_chart(figure, **plot, **picking)
    where.markdown(f'<div class="sr-only">{esc(words)}</div>', unsafe_allow_html=True)


def view_key(key: str) -> str:
    """A clickable element's key for this view (its filters): a new view draws a new element, so a
    click made in another view is never replayed on this one, nor taken back by a second click."""
    return f"{key}_{abs(hash(current_filters()))}"


def bar_picked(key: str) -> None:
    """A click on a chart's bar: the region code it carries becomes the app's region filter at the
    next run (ui.layout applies KEY.pending_region before the sidebar is drawn); a bar with no
    code (the 'Others' bar) filters nothing."""
    points = ((st.session_state.get(key) or {}).get("selection") or {}).get("points") or []
    codes = [p.get("customdata") for p in points]
    codes = [c[0] if isinstance(c, (list, tuple)) and c else c for c in codes]
    codes = [c for c in codes if isinstance(c, str) and c]
    if codes:
        st.session_state[KEY.pending_region] = codes[0]


def row_picked(key: str, codes: list[str]) -> None:
    """A click on a row of a table by region (`codes`, in the rows' order): that region becomes the
    app's region filter at the next run."""
    rows = ((st.session_state.get(key) or {}).get("selection") or {}).get("rows") or []
    if rows and 0 <= rows[0] < len(codes):
        st.session_state[KEY.pending_region] = codes[rows[0]]


def region_table(where, table, codes: list[str], key: str) -> None:
    """A table with one row per region (`codes`, in its rows' order): a click on a row filters the
    whole app to that region."""
    key = view_key(key)
    where.dataframe(table, hide_index=True, width="stretch", key=key, on_select=functools.partial(row_picked, key, codes),
                    selection_mode="single-row")


def courses(view):
    """The view's courses (activity 'training') and their split by sex (geo.model.summary.
    trainees_by_sex), made once for every viewer of the view."""
    def made():
        trainings = view.dataset.trainings
        chosen = trainings[activity(trainings).eq("training")] if len(trainings) else trainings
        return chosen, trainees_by_sex(chosen)
    return view.get("courses", made)


def reported_none_html(text: str) -> str:
    """The reported band when no programme total matches the filters: still a block of the band
    (a room sees where the reported figures would be, and why there are none), not an alert."""
    return f'<div class="reported"><div class="group none"><div class="what">{esc(text)}</div></div></div>'


def headline_tiles(figures: dict, built: dict | None, lg: str, moc: bool = True) -> list[dict]:
    """The records' headline figures as st.metric arguments, the same on the Overview and in the
    briefing: CVR projects, cost, beneficiaries ('planned' when the sources give them in the future,
    with the women's share and its base), people trained (by sex) and people reached (never added),
    cantonment sites beside the sites the sources report built (`built`, a programme total), and the
    MOC camps. A qualified sum says so (≥, ≈); a figure no record gives is '–', never 0."""
    cost = figures["cost_xof"]
    planned = figures.get("beneficiaries_status")    # the sources give them in the future ("offrira", "donnera")
    recorded = number(figures["cantonment_sites"], lg)   # the sites the sources name, beside those they say were built
    tiles = [
        {"label": t("tile.projects"), "value": number(figures["projects"], lg)},
        {"label": t("tile.cost"), "value": t("tile.millions", value=number(cost / 1e6, lg, 1)) if known(cost)
         else number(cost, lg), "delta": t("tile.exact_fcfa", value=number(cost, lg)) if known(cost) else None},
        {"label": t(f"tile.beneficiaries_{planned}" if planned else "tile.beneficiaries"),
         "value": qualified(figures["beneficiaries"], figures["beneficiaries_qualifier"], lg, short=True, total=True),
         "delta": women_share_words(figures, lg), "help": t("tile.women_help")},
        {"label": t("tile.trained"), "value": qualified(figures["trained"], figures["trained_qualifier"], lg,
                                                        short=True, total=True),
         "delta": trained_sex_words(figures, lg), "help": t("tile.trained_help")},
        {"label": t("tile.reached"), "value": qualified(figures["reached"], figures["reached_qualifier"], lg,
                                                        short=True, total=True), "help": t("tile.reached_help")},
        {"label": t("tile.cantonment"), "value": recorded,
         "delta": t("tile.sites_built_reported", built=number(built["value"], lg), recorded=recorded) if built else None},
    ]
    if moc:
        tiles.append({"label": t("tile.moc"), "value": number(figures["moc_camps"], lg)})
    return tiles


def metric(where, tile: dict) -> None:
    """One tile of headline_tiles; its line under the value is words, never an up or down arrow."""
    where.metric(tile["label"], tile["value"], tile.get("delta"), delta_color="off", delta_arrow="off",
                 help=tile.get("help"))
