"""Plotly charts, sized to be read on a projector. No Streamlit here.

Labels from the data are escaped (plotly reads a small HTML subset in labels; entities show as text).
"""
from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from geo.i18n import date_label, localised, number, qualified, t
from geo.model.summary import cvr_beneficiaries, numeric, qualifiers_by, sum_qualifier
from geo.regions import region_name
from geo.render.escape import esc
from geo.render.style import BORDER, CHART_COLOURS, NOT_SELECTED_INK, ink_on, label_anchors, region_features

FONT = 18
TITLE_FONT = 22
LABEL_FONT = FONT - 2
# Characters per line, chosen for the narrowest place a chart is drawn (a 390 px phone, where a
# chart is 358 px wide): a bar's label beside its bar, a title, a note under the plot.
LABEL_WRAP = 22
TITLE_WRAP = 30
NOTE_WRAP = 38
LABEL_LINES = 3           # a longer label ends with '…' (the whole of it is in the hover)
TOP = 8                   # bars of a chart of regions or categories before the rest are grouped
LINE_PX = 20              # height of a line of a bar's label at LABEL_FONT
TITLE_LINE_PX = 28


def wrap(text, width: int = LABEL_WRAP, lines: int | None = None) -> str:
    """Text from the data, escaped, in lines of at most `width` characters broken between words
    (never inside one: a longer word has a line of its own) and joined with plotly's <br>; past
    `lines` lines, the last one ends with '…'.

    >>> wrap("Travaux à haute intensité de main-d'œuvre (HIMO)", 20)
    'Travaux à haute<br>intensité de<br>main-d&#x27;œuvre (HIMO)'
    >>> wrap("Réhabilitation du marché de bétail et des aires d'abattage de Ménaka", 22, lines=2)
    'Réhabilitation du<br>marché de bétail et…'
    """
    parts = textwrap.wrap(" ".join(str(text).split()), width, break_long_words=False, break_on_hyphens=False) or [""]
    if lines is not None and len(parts) > lines:
        parts = parts[:lines]
        last = parts[-1]
        while len(last) + 1 > width and " " in last:
            last = last.rsplit(" ", 1)[0]
        parts[-1] = last.rstrip(" ,;:-–") + "…"
    return "<br>".join(esc(part) for part in parts)


def _lines(label: str) -> int:
    return label.count("<br>") + 1


def _style(fig: go.Figure, title: str, height: int = 460, legend_top: bool = False) -> go.Figure:
    """The projector-sized look of every chart. The title is wrapped for a phone's width; its height
    is in the figure's meta ('title_px'), so that a page can write the title above the chart
    instead (ui.parts.chart). No modebar is needed: the page's config hides it."""
    title_text = wrap(title, TITLE_WRAP)
    lines = _lines(title_text)
    pad = 6 + 8 * lines   # plotly sets a title of several lines higher than its 'top' says: as much lower
    title_px = pad + TITLE_LINE_PX * lines + 8
    legend_px = 44 if legend_top else 0
    fig.update_layout(title={"text": title_text, "font": {"size": TITLE_FONT}, "x": 0, "xanchor": "left",
                             "xref": "paper", "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": pad}},
                      font={"size": FONT}, height=height + title_px + legend_px,
                      margin={"l": 10, "r": 10, "t": title_px + legend_px + 6, "b": 10},
                      plot_bgcolor="white", paper_bgcolor="white", meta={"title_px": title_px},
                      legend={"orientation": "h", "font": {"size": FONT - 2}, "traceorder": "normal",
                              **({"x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom"} if legend_top
                                 else {"y": -0.15})})
    # numbers on the axes written in full in the reader's style ('20 000 000', never '20M' or '2k')
    axes = {"gridcolor": "#e5e5e5", "automargin": True, "tickfont": {"size": LABEL_FONT}, "exponentformat": "none",
            "separatethousands": True}
    fig.update_xaxes(**axes)
    fig.update_yaxes(**axes)
    return fig


def without_title(fig: go.Figure) -> tuple[str, go.Figure]:
    """The chart's title as one line of escaped text, and a copy of the chart without it (shorter by
    the title's height): a page writes the title above the chart, where it wraps at any width and
    stays in view above a list that scrolls. The copy keeps the title in its meta: two charts with
    nothing to draw still differ (Streamlit names an element by what it draws).

    >>> title, bare = without_title(bar_chart(["Gao"], [3], "Coût par région (FCFA)", "fr"))
    >>> title, bare.layout.title.text, bare.layout.margin.t, bare.layout.meta["title"]
    ('Coût par région (FCFA)', None, 6, 'Coût par région (FCFA)')
    """
    text = (fig.layout.title.text or "").replace("<br>", " ") if fig.layout.title else ""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    title_px = meta.get("title_px", 0)
    bare = go.Figure(fig)
    bare.update_layout(title=None, height=(fig.layout.height or 0) - title_px or None, meta={**meta, "title": text},
                       margin={"t": max(0, (fig.layout.margin.t or 0) - title_px)})
    return text, bare


def _separators(lang: str) -> str:
    return ", " if lang == "fr" else ".,"


def region_choropleth(summary: pd.DataFrame, display, measure: str, lang: str, height: int = 640,
                      selected=()) -> go.Figure:
    """Mali's regions shaded by a measure, drawn as filled polygons on plain axes: no basemap and
    no topojson download, so it draws offline. Same classes and colours as the folium map; the
    regions outside `selected` (the filter's codes) are grey, named, without a number."""
    data, classes = region_features(summary, display, measure, lang, selected=selected)
    fig = go.Figure()
    for feature in data["features"]:
        props = feature["properties"]
        name = esc(props["region"])
        value = number(props["value"], lang) if props["selected"] else t("export.not_selected", lang)
        xs, ys = [], []
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            ring = polygon[0]
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=props["fill"],
                                 line={"color": BORDER, "width": 1.2}, hoveron="fills", showlegend=False,
                                 name=name, text=f"<b>{name}</b><br>{value}", hoverinfo="text"))
    # region names with their value, written on the map for the back of the room
    anchors, small = label_anchors(display)   # Bamako's label goes beside it, with a line
    labels = [(anchors[f["properties"]["iso_code"]], f["properties"]) for f in data["features"]
              if f["properties"]["iso_code"] in anchors.index]
    inside = [(p, pr) for p, pr in labels if not small[pr["iso_code"]]]
    fig.add_trace(go.Scatter(x=[p.x for p, _ in inside], y=[p.y for p, _ in inside], mode="text",
                             text=[_region_text(pr, lang, "<br>") for _, pr in inside],
                             textfont={"size": 18, "color": [ink_on(pr["fill"]) if pr["selected"] else NOT_SELECTED_INK
                                                             for _, pr in inside]},
                             hoverinfo="skip", showlegend=False))
    for point, pr in labels:
        if small[pr["iso_code"]]:
            fig.add_annotation(x=point.x, y=point.y, ax=-90, ay=40, showarrow=True, arrowhead=0, arrowwidth=1.2,
                               text=_region_text(pr, lang, " "),
                               font={"size": 18, "color": "#111"}, bgcolor="rgba(255,255,255,0.8)")
    drawn = set(display["iso_code"])
    off_map = [code for code in (selected or ()) if code not in drawn]
    if off_map and not any(code in drawn for code in selected):   # Ménaka alone: said on the map itself
        names = ", ".join(esc(region_name(code) or code) for code in off_map)
        fig.add_annotation(xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, align="center",
                           text=t("map.selected_off_map", lang, regions=names), font={"size": 22, "color": "#111"},
                           bgcolor="rgba(255,255,255,0.92)", bordercolor="#555", borderwidth=1, borderpad=12)
    for colour, label in classes:   # the legend: one square per class
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label, showlegend=True,
                                 marker={"symbol": "square", "size": 18, "color": colour, "line": {"color": BORDER, "width": 1}}))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.05)  # about 1/cos(17°N)
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0}, font={"size": FONT},
                      plot_bgcolor="white", paper_bgcolor="white", hovermode="closest",
                      legend={"title": {"text": esc(t(f"measure.{measure}", lang))}, "x": 0.0, "y": 1.0,
                              "yanchor": "top",
                              "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": FONT}},
                      separators=_separators(lang))
    return fig


def _region_text(props: dict, lang: str, gap: str) -> str:
    """A region's label on the map: its name and value; a region outside the filter, its name only."""
    if not props["selected"]:
        return esc(props["region"])
    return f"{esc(props['region'])}{gap}<b>{number(props['value'], lang)}</b>"


def largest(frame: pd.DataFrame, by, top: int, lang: str, label: str = "label") -> pd.DataFrame:
    """The `top` rows of `frame` with the largest sum of the columns `by`, largest first, and when
    two or more are left, one last row 'Others (k)' that sums them (every numeric column; a column
    named '...qualifier' gets the qualifier of their sum; its `label` says how many, its `key` is
    empty, its `others` is True: a click on it filters nothing).

    >>> frame = pd.DataFrame({"label": list("abcd"), "value": [1, 4, 2, 3], "key": list("ABCD")})
    >>> largest(frame, "value", 2, "en")[["label", "value", "key"]].to_dict("list")
    {'label': ['b', 'd', 'Others (2)'], 'value': [4, 3, 3], 'key': ['B', 'D', '']}
    """
    by = [by] if isinstance(by, str) else list(by)
    frame = frame.assign(_size=frame[by].fillna(0).sum(axis=1)).sort_values("_size", ascending=False, kind="stable")
    frame = frame.drop(columns="_size").assign(others=False)
    if len(frame) <= top + 1:
        return frame
    kept, rest = frame.iloc[:top], frame.iloc[top:]
    others = {column: rest[column].sum() for column in frame.columns
              if pd.api.types.is_numeric_dtype(frame[column]) and column != "others"}
    others |= {label: t("chart.others", lang, count=len(rest)), "others": True,
               **({"key": ""} if "key" in frame else {})}
    for column in (c for c in frame.columns if c.endswith("qualifier")):
        # the group's sum is qualified as any sum is (geo.model.summary.sum_qualifier)
        words = rest[column].fillna("").astype(str)
        others[column] = sum_qualifier(pd.DataFrame({"v": 1, "v_qualifier": words}), "v")
    return pd.concat([kept, pd.DataFrame([others])], ignore_index=True)


def _say_in_the_middle(fig: go.Figure, text: str) -> None:
    """A chart with nothing to draw says why, where its bars would be (never a blank box)."""
    if text:
        fig.add_annotation(text=wrap(text, NOTE_WRAP), name="note", xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False, font={"size": LABEL_FONT, "color": "#333333"})


def _bar_text_positions(values, top: float) -> list[str]:
    """A bar's value is written inside it when the bar is long enough to hold it, else just past
    its end, where the axis keeps room for it (never out of the chart's box)."""
    return ["inside" if top and v >= 0.5 * top else "outside" for v in values]


BESIDE_UP_TO = 14     # labels this short sit beside their bars; a longer one puts every label above its bar
ABOVE_WRAP = 34       # characters per line of a label written above its bar, across the chart's width
BAR_PX = 24
MIN_PLOT_PX = 160


@dataclass
class Rows:
    """Where the bars of a horizontal chart go, bottom to top, on a y axis counted in pixels (the
    plot is exactly `height` px tall): each bar's centre and thickness, the labels' lines, and
    whether the labels are beside the bars (at the axis) or above them."""
    centres: list[float]
    thickness: float
    labels: list[str]
    above: bool
    height: float


def bar_rows(labels, min_px: float = MIN_PLOT_PX) -> Rows:
    """Short labels beside their bars; when one is long, every label above its bar, wrapped across
    the chart's width (beside them, on a 358 px phone, the bars had no room left). A row is as tall
    as its own label, so a long list grows (the page scrolls it) and never squeezes; a short one
    is stretched to `min_px`.

    >>> rows = bar_rows(["Gao", "Kidal"], min_px=0)
    >>> rows.above, rows.centres, rows.height
    (False, [25.0, 59.0], 84.0)
    >>> bar_rows(["Travaux à haute intensité de main-d'œuvre (HIMO)", "Gao"], min_px=0).labels[0]
    'Travaux à haute intensité de<br>main-d&#x27;œuvre (HIMO)'
    """
    above = any(len(" ".join(str(x).split())) > BESIDE_UP_TO for x in labels)
    wrapped = [wrap(x, ABOVE_WRAP if above else LABEL_WRAP, LABEL_LINES) for x in labels]
    y, centres = 8.0, []
    for text in wrapped:
        slot = BAR_PX + 4 + LINE_PX * _lines(text) + 12 if above else max(34, LINE_PX * _lines(text) + 12)
        centres.append(y + (BAR_PX / 2 if above else slot / 2))
        y += slot
    y += 8
    scale = max(1.0, min_px / y) if labels else 1.0
    return Rows([c * scale for c in centres], min(BAR_PX * scale, 36), wrapped, above, y * scale)


def _lay_out_rows(fig: go.Figure, rows: Rows) -> None:
    """The y axis in pixels, the labels beside or above the bars, no axis of numbers (every bar says
    its value), no zoom."""
    fig.update_traces(width=rows.thickness, selector={"type": "bar"})
    fig.update_yaxes(range=[0, rows.height], tickvals=rows.centres, ticktext=rows.labels, showticklabels=not rows.above,
                     showgrid=False, zeroline=False, fixedrange=True)
    fig.update_xaxes(visible=False, fixedrange=True)
    if rows.above:
        for centre, text in zip(rows.centres, rows.labels):
            fig.add_annotation(text=text, x=0, xref="paper", xanchor="left", y=centre + rows.thickness / 2 + 2, yref="y",
                               yanchor="bottom", showarrow=False, align="left", font={"size": LABEL_FONT, "color": "#1a1a1a"})


def bar_chart(labels, values, title: str, lang: str, colour: str = CHART_COLOURS["bar"], height: int = MIN_PLOT_PX,
              qualifiers=None, keys=None, top: int = TOP) -> go.Figure:
    """Horizontal bars, largest on top, with the value written at each bar; past `top` bars the
    rest are one 'Others (k)' bar, at the bottom. A sum that includes a figure its source qualifies
    is written so (`qualifiers`, aligned with the labels: '≥ 14,355', '≈ 434'). Labels are wrapped
    between words (bar_rows). `keys` (aligned with the labels, e.g. region codes) are the bars'
    customdata: a click on a bar says which one it was ('' for the others). `height`: the plot's
    least height in px.

    >>> fig = bar_chart(list("abcdefghij"), range(10), "x", "en", keys=list("ABCDEFGHIJ"), top=8)
    >>> len(fig.data[0].x), int(fig.data[0].x[0]), list(fig.data[0].customdata[:2])
    (9, 1, ['', 'C'])
    """
    values = pd.to_numeric(pd.Series(list(values)), errors="coerce").fillna(0)
    n = len(values)
    frame = pd.DataFrame({"label": [str(x) for x in labels], "value": values.to_numpy(),
                          "qualifier": list(qualifiers) if qualifiers is not None else [""] * n,
                          "key": [str(k) for k in keys] if keys is not None else [""] * n})
    frame = _bottom_to_top(largest(frame, "value", top, lang))
    text = [qualified(v, q, lang, short=True, total=True) for v, q in zip(frame["value"], frame["qualifier"])]
    rows = bar_rows(list(frame["label"]), height)
    top_value = float(frame["value"].max()) if len(frame) else 0.0
    fig = go.Figure(go.Bar(y=rows.centres, x=frame["value"], orientation="h", marker_color=colour,
                           text=text, textposition=_bar_text_positions(frame["value"], top_value), textangle=0,
                           textfont={"size": LABEL_FONT}, cliponaxis=False, customdata=list(frame["key"]),
                           hovertext=[esc(x) for x in frame["label"]],
                           hovertemplate="%{hovertext}: %{text}<extra></extra>"))
    fig.update_layout(separators=_separators(lang))
    fig = _style(fig, title, rows.height + 16)
    _lay_out_rows(fig, rows)
    fig.update_xaxes(range=[0, (top_value or 1) * 1.12])   # room past the longest bar for a value outside
    if not len(frame):
        _say_in_the_middle(fig, t("chart.nothing", lang))
    return fig


def _bottom_to_top(frame: pd.DataFrame) -> pd.DataFrame:
    """`largest`'s rows in the order plotly draws them from the bottom: the others, then the
    smallest to the largest (the largest on top)."""
    frame = frame.iloc[::-1]
    return pd.concat([frame[frame["others"]], frame[~frame["others"]]])


def period_chart(values: pd.Series, title: str, lang: str, height: int = 300) -> go.Figure:
    """A measure over reporting periods (oldest on the left), each bar labelled with its value."""
    fig = go.Figure(go.Bar(x=[esc(p) for p in values.index], y=values.to_numpy(), marker_color=CHART_COLOURS["bar"],
                           text=[number(v, lang) for v in values], textposition="auto", textangle=0))
    fig.update_layout(separators=_separators(lang))
    fig.update_xaxes(type="category")
    return _style(fig, title, height)


def cvr_by_region(summary: pd.DataFrame, measure: str, title: str, lang: str, colour: str = CHART_COLOURS["bar"],
                  qualifiers: dict | None = None) -> go.Figure:
    """A measure by region; `qualifiers`: {region code: qualifier of its sum} (geo.model.summary.qualifiers_by).
    Each bar carries its region's code (customdata), so that a click on it can filter to it."""
    rows = summary[summary[measure] > 0]
    return bar_chart(rows["region"], rows[measure], title, lang, colour,
                     qualifiers=[(qualifiers or {}).get(code, "") for code in rows.index], keys=list(rows.index))


def same_category(categories: pd.Series) -> pd.Series:
    """One spelling per category, whatever its case or spaces ('maraîchage' and 'Maraîchage' are one
    bar), the first one met, with a capital.

    >>> list(same_category(pd.Series(["maraîchage", "Maraîchage ", "HIMO"])))
    ['Maraîchage', 'Maraîchage', 'HIMO']
    """
    text = categories.fillna("").astype(str).map(lambda x: " ".join(x.split()))
    folded = text.str.casefold()
    first = text.groupby(folded).transform("first")
    return first.map(lambda x: x[:1].upper() + x[1:] if x else "–")


def cvr_by_category(cvr: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Cost ('cost_xof') or beneficiaries ('beneficiaries') per category of project; a category none
    of whose projects gives the figure has no bar (unknown, never 0)."""
    values = numeric(cvr, "cost_xof") if measure == "cost_xof" else cvr_beneficiaries(cvr)
    categories = same_category(localised(cvr, "category", lang))
    # a category whose projects give no figure has no bar: unknown is never drawn as zero
    frame = pd.DataFrame({"category": categories, "value": values}).groupby("category", as_index=False)["value"].sum(
        min_count=1)
    frame = frame[frame["value"] > 0]
    title = t("cvr.cost_by_category" if measure == "cost_xof" else "cvr.benef_by_category", lang)
    colour = CHART_COLOURS["bar"] if measure == "cost_xof" else CHART_COLOURS["bar2"]
    words = qualifiers_by(cvr, categories, "beneficiaries", also=("youth",)) if measure != "cost_xof" else {}
    return bar_chart(frame["category"], frame["value"], title, lang, colour,
                     qualifiers=[words.get(c, "") for c in frame["category"]])


# A time axis: one bar per month, quarter or year, whichever draws at most MAX_BINS of them
# across the records' span (a gap of years stays a gap of years).
STEPS = {"month": "M", "quarter": "Q", "year": "Y"}
MAX_BINS = 16
FINER = {"day": 0, "day_year_inferred": 0, "month": 1, "quarter": 2, "year": 3}   # what a precision can be put in
STEP_RANK = {"month": 1, "quarter": 2, "year": 3}


def time_bins(dates: pd.Series, precision: pd.Series | None = None) -> tuple[str, pd.Series, pd.Series]:
    """The step of a time axis for these dates ('month', 'quarter' or 'year': the finest with at
    most MAX_BINS across their span), each record's period (NaT: not on the axis), and why a record
    is not on it: 'undated', or 'coarse' when its source gives less than the step (a year alone on
    an axis of months), else ''. A month stays a month: never a day.

    >>> step, bins, apart = time_bins(pd.Series(["2017-05-03", "2024-02-29", None, "2019-01-01"]),
    ...                               pd.Series(["day", "day", None, "year"]))
    >>> step, [str(b) for b in bins], list(apart)
    ('year', ['2017', '2024', 'NaT', '2019'], ['', '', 'undated', ''])
    """
    dates = pd.to_datetime(dates, errors="coerce")
    if precision is None:
        precision = pd.Series("day", index=dates.index)
    rank = precision.map(FINER).fillna(0).to_numpy()
    dated = dates.notna().to_numpy()
    step = "month"
    if dated.any():
        first, last = dates[dated].min(), dates[dated].max()
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        step = "month" if months <= MAX_BINS else "quarter" if months <= 3 * MAX_BINS else "year"
    on_axis = dated & (rank <= STEP_RANK[step])
    bins = pd.Series(pd.NaT, index=dates.index, dtype=f"period[{STEPS[step]}]")
    bins[on_axis] = dates[on_axis].dt.to_period(STEPS[step])
    apart = pd.Series("", index=dates.index, dtype=object)
    apart[~dated] = "undated"
    apart[dated & ~on_axis] = "coarse"
    return step, bins, apart


def period_label(period: pd.Period, step: str, lang: str) -> str:
    """'mars 2021', 'T1 2021' or '2021' ('Mar 2021', 'Q1 2021')."""
    if step == "month":
        return date_label(f"{period.year}-{period.month:02d}", "month", lang)
    if step == "quarter":
        return t("chart.quarter", lang, q=period.quarter, year=period.year)
    return str(period.year)


MAX_TICKS = {"month": 7, "quarter": 7, "year": 8}   # ticks a phone's width holds under a time axis


def _time_axis(fig: go.Figure, step: str, periods: list[pd.Period], lang: str, note: str) -> None:
    """A date axis over the whole span (an empty year stays on it), a tick under each period or
    every k-th, written in the reader's language (plotly's month names would be English), a month's
    or a quarter's on two lines; under it, the bars' step and `note` (what is not on the axis). With
    no period, the note alone, in the middle."""
    if not periods:
        _say_in_the_middle(fig, note)
        return
    first, last = min(periods), max(periods)
    every = pd.period_range(first, last, freq=STEPS[step])
    ticks = every[::max(1, -(-len(every) // MAX_TICKS[step]))]
    texts = [period_label(p, step, lang).replace(" ", "<br>", 1) if step != "year" else period_label(p, step, lang)
             for p in ticks]
    fig.update_xaxes(type="date", tickvals=[_middle(p) for p in ticks], ticktext=texts, tickangle=0, showgrid=False,
                     tickfont={"size": LABEL_FONT - 2},
                     range=[first.start_time - (first.end_time - first.start_time) * 0.2,
                            last.end_time + (last.end_time - last.start_time) * 0.2], fixedrange=True)
    tick_px = LINE_PX * (1 if step == "year" else 2) + 14
    text = wrap(" ".join(x for x in (t(f"chart.step.{step}", lang), note) if x), NOTE_WRAP)
    extra = LINE_PX * _lines(text) + 10
    fig.add_annotation(text=text, name="note", xref="paper", yref="paper", x=0, xanchor="left", y=0, yanchor="top",
                       yshift=-tick_px, showarrow=False, align="left", font={"size": LABEL_FONT - 1, "color": "#333333"})
    fig.update_layout(height=fig.layout.height + tick_px + extra, margin={"b": fig.layout.margin.b + tick_px + extra})


def _middle(period: pd.Period) -> pd.Timestamp:
    return period.start_time + (period.end_time - period.start_time) / 2


def _width_ms(period: pd.Period) -> float:
    return 0.8 * (period.end_time - period.start_time).total_seconds() * 1000


def _apart_note(counts: dict, lang: str, what: str, unit: str) -> str:
    """'Not on the time axis: 1 project(s) without a date (66,000,000 FCFA).' `counts`: {reason:
    (records, value)}; `what` and `unit`: catalogue keys of what is counted and of the value's unit."""
    parts = [t(f"chart.apart.{reason}", lang, count=n, what=t(what, lang), value=f"{number(value, lang)} {t(unit, lang)}")
             for reason, (n, value) in counts.items() if n]
    return t("chart.apart", lang, items="; ".join(parts)) if parts else ""


def cvr_over_time(cvr: pd.DataFrame, lang: str) -> go.Figure:
    """Cost by launch date on a time axis: one bar per month, quarter or year (time_bins); projects
    without a date, or dated more coarsely than the bars, are said under the plot, never placed."""
    dates = cvr["launch_date"] if "launch_date" in cvr else pd.Series(None, index=cvr.index, dtype=object)
    step, bins, apart = time_bins(dates, cvr.get("date_precision"))
    cost = numeric(cvr, "cost_xof")
    frame = pd.DataFrame({"bin": bins, "cost": cost})[bins.notna().to_numpy()]
    # a period whose projects give no cost has no bar: unknown is never drawn as zero
    frame = frame.groupby("bin", as_index=False)["cost"].sum(min_count=1).dropna(subset=["cost"]).sort_values("bin")
    periods = list(frame["bin"])
    labels = [period_label(p, step, lang) for p in periods]
    fig = go.Figure(go.Bar(x=[_middle(p) for p in periods], y=frame["cost"], width=[_width_ms(p) for p in periods],
                           marker_color=CHART_COLOURS["bar"], text=[number(v, lang) for v in frame["cost"]],
                           textposition="outside", textangle=-90 if len(periods) > 4 else 0, cliponaxis=False,
                           constraintext="none", textfont={"size": LABEL_FONT - 2}, hovertext=labels,
                           hovertemplate="%{hovertext}: %{text}<extra></extra>"))
    fig.update_layout(separators=_separators(lang))
    fig = _style(fig, t("cvr.over_time", lang), 400)
    counts = {reason: (int(apart.eq(reason).sum()), float(cost[apart.eq(reason)].fillna(0).sum()))
              for reason in ("undated", "coarse")}
    note = _apart_note(counts, lang, "chart.what.projects", "chart.unit.fcfa")
    _time_axis(fig, step, periods, lang, note)
    # every bar says its value (upwards when the bars are narrow): no axis of numbers, room above the tallest
    fig.update_yaxes(visible=False, fixedrange=True,
                     range=[0, float(frame["cost"].max() if periods else 1) * (1.45 if len(periods) > 4 else 1.15)])
    return fig


TOP_PROJECTS = 12


def cvr_women_men(cvr: pd.DataFrame, lang: str, top: int = TOP_PROJECTS) -> go.Figure:
    """Per project (the `top` largest by beneficiaries, the rest as one 'Others (k)' bar): women
    counted, and the other beneficiaries (men, or sex not given)."""
    # a project that gives no beneficiary figure has no bar: unknown is never drawn as zero
    known = pd.concat([numeric(cvr, c).notna() for c in ("beneficiaries", "youth", "women")], axis=1).any(axis=1)
    cvr = cvr[known]
    counted = numeric(cvr, "women")   # women a project does not count are not written 0
    benef, women = cvr_beneficiaries(cvr).fillna(0), counted.fillna(0)
    # the others are what the source gives beyond the women: "plus de 7.000 jeunes" stays "> 7,000";
    # each project's own qualifiers, for all projects at once (one frame per project took a minute at 100k)
    at = pd.Series(range(len(cvr)), index=cvr.index)
    women_words, other_words = qualifiers_by(cvr, at, "women"), qualifiers_by(cvr, at, "beneficiaries", also=("youth",))
    frame = pd.DataFrame({
        "label": cvr.get("title", pd.Series("–", index=cvr.index)).fillna("–").astype(str),
        "women": women, "other": (benef - women).clip(lower=0),
        "women_counted": counted.notna().astype(int),
        "women_qualifier": [women_words.get(i, "") for i in range(len(cvr))],
        "other_qualifier": [other_words.get(i, "") for i in range(len(cvr))]})
    frame = _bottom_to_top(largest(frame, ["women", "other"], top, lang))
    rows = bar_rows(list(frame["label"]))
    fig = go.Figure([
        go.Bar(x=frame["women"], name=t("field.women", lang), marker_color=CHART_COLOURS["women"],
               text=[qualified(v, q, lang, short=True) if counted_ else "" for v, q, counted_ in
                     zip(frame["women"], frame["women_qualifier"], frame["women_counted"])]),
        go.Bar(x=frame["other"], name=t("field.other_sex", lang), marker_color=CHART_COLOURS["other"],
               text=[qualified(v, q, lang, short=True) for v, q in zip(frame["other"], frame["other_qualifier"])]),
    ])
    return _stacked_rows(fig, rows, [esc(x) for x in frame["label"]], t("cvr.women_men", lang), lang)


def _stacked_rows(fig: go.Figure, rows: Rows, labels: list[str], title: str, lang: str) -> go.Figure:
    """Stacked horizontal bars laid out by `rows`: each part's value inside it, the last part's
    past the bar's end when it does not fit; a value with no room is left to the hover, never drawn
    over its neighbour."""
    fig.update_traces(y=rows.centres, orientation="h", textposition="inside", insidetextanchor="middle", textangle=0,
                      textfont={"size": LABEL_FONT}, cliponaxis=False, hovertext=labels,
                      hovertemplate="%{hovertext}<br>%{fullData.name}: %{text}<extra></extra>")
    if fig.data:
        fig.data[-1].textposition = "auto"
    widest = max((sum(values) for values in zip(*(trace.x for trace in fig.data))), default=0)
    fig.update_layout(barmode="stack", separators=_separators(lang), uniformtext={"minsize": LABEL_FONT - 1, "mode": "hide"})
    fig = _style(fig, title, rows.height + 16, legend_top=True)
    _lay_out_rows(fig, rows)
    fig.update_xaxes(range=[0, (widest or 1) * 1.12])
    if not len(rows.centres):
        _say_in_the_middle(fig, t("chart.nothing", lang))
    return fig


def trainings_by_sex(trainings: pd.DataFrame, group: str, title: str, lang: str) -> go.Figure:
    """Men, women and participants whose sex was not recorded, stacked, by `group`: 'audience'
    (horizontal bars, the TOP largest and the others) or 'date' (a time axis, time_bins; sessions
    without a date, or dated more coarsely than the bars, are said under the plot). Every person of
    the rows' totals is counted (a session giving only its total is 'sex not recorded')."""
    if group not in ("audience", "date"):
        raise ValueError(f"group is 'audience' or 'date', not {group!r}")
    tr = trainings
    men, women = numeric(tr, "men"), numeric(tr, "women")
    unrecorded = (numeric(tr, "total") - men.fillna(0) - women.fillna(0)).clip(lower=0)
    frame = pd.DataFrame({"men": men, "women": women, "unrecorded": unrecorded}).fillna(0)
    counted = frame.sum(axis=1) > 0
    columns = [c for c in ("men", "women", "unrecorded") if c != "unrecorded" or frame.loc[counted, c].gt(0).any()]
    note = ""
    if group == "date":
        dates = tr["date_start"] if "date_start" in tr else pd.Series(None, index=tr.index, dtype=object)
        step, bins, apart = time_bins(dates, tr.get("date_precision"))
        people = frame.sum(axis=1)
        counts = {reason: (int((apart.eq(reason) & counted).sum()), float(people[apart.eq(reason)].sum()))
                  for reason in ("undated", "coarse")}
        note = _apart_note(counts, lang, "chart.what.sessions", "chart.unit.participants")
        frame = frame.assign(key=bins)[counted & bins.notna()].groupby("key", as_index=False)[columns].sum()
        periods = list(frame["key"])
    else:
        keys = same_category(localised(tr, "audience", lang))
        frame = frame.assign(label=keys)[counted].groupby("label", as_index=False)[columns].sum()
        frame = _bottom_to_top(largest(frame, columns, TOP, lang))
    bars = [go.Bar(name=t({"men": "field.men", "women": "field.women", "unrecorded": "field.sex_unrecorded"}[column], lang),
                   marker_color=CHART_COLOURS[column], text=[number(v, lang) if v else "" for v in frame[column]],
                   **({"y": list(frame[column])} if group == "date" else {"x": list(frame[column])}))
            for column in columns]
    fig = go.Figure(bars)
    if group != "date":
        return _stacked_rows(fig, bar_rows(list(frame["label"])), [esc(x) for x in frame["label"]], title, lang)
    labels = [period_label(p, step, lang) for p in periods]
    fig.update_traces(x=[_middle(p) for p in periods], width=[_width_ms(p) for p in periods], textposition="inside",
                      insidetextanchor="middle", textangle=0, textfont={"size": LABEL_FONT}, hovertext=labels,
                      hovertemplate="%{hovertext}<br>%{fullData.name}: %{text}<extra></extra>")
    fig.update_layout(barmode="stack", separators=_separators(lang), uniformtext={"minsize": LABEL_FONT - 1, "mode": "hide"})
    fig = _style(fig, title, 340, legend_top=True)
    _time_axis(fig, step, periods, lang, note)
    # each bar's total above it, its parts inside when they fit: no axis of numbers
    totals = frame[columns].sum(axis=1)
    for period, total in zip(periods, totals):
        fig.add_annotation(x=_middle(period), y=total, text=number(total, lang), showarrow=False, yanchor="bottom",
                           textangle=-90 if len(periods) > 8 else 0, font={"size": LABEL_FONT, "color": "#1a1a1a"})
    fig.update_yaxes(visible=False, fixedrange=True, range=[0, float(totals.max() if periods else 1) * 1.2])
    return fig


def _plain(value) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", str(value or ""))).replace("  ", " ").strip()


def text_summary(fig: go.Figure, lang: str, limit: int = 12) -> str:
    """The chart in one short sentence for a screen reader: its title, then each bar's label and
    values ('Gao: Men 24, Women 5') and what is said under the plot, or each region's value on a
    map (plain text, tags removed)."""
    parts = [_plain(fig.layout.title.text)] if fig.layout.title and fig.layout.title.text else []
    bars = [trace for trace in fig.data if trace.type == "bar"]
    if bars:
        rows: dict[str, list[str]] = {}
        for trace in bars:
            values = trace.x if trace.orientation == "h" else trace.y
            labels = trace.hovertext if trace.hovertext is not None else (trace.y if trace.orientation == "h" else trace.x)
            texts = trace.text if trace.text is not None else [number(v, lang) for v in values]
            for label, value, text in zip(labels, values, texts):
                if value and value == value:
                    rows.setdefault(_plain(label), []).append(" ".join(x for x in (_plain(trace.name), str(text)) if x))
        first = bars[0].hovertext if bars[0].hovertext is not None else (
            bars[0].y if bars[0].orientation == "h" else bars[0].x)
        order = [_plain(label) for label in first]
        order = order[::-1] if bars[0].orientation == "h" else order   # top to bottom, as drawn
        parts += [f"{label}: {', '.join(rows[label])}" for label in order if label in rows][:limit]
        parts += [_plain(a.text) for a in fig.layout.annotations if a.name == "note"]
    else:   # the map of regions: the measure, then each region's value
        legend = fig.layout.legend.title.text if fig.layout.legend and fig.layout.legend.title else ""
        parts += [_plain(legend)] + [f"{_plain(trace.name)}: {_plain(str(trace.text).split('<br>')[-1])}"
                                     for trace in fig.data if trace.type == "scatter" and trace.fill == "toself"]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


__all__ = ["region_choropleth", "bar_chart", "largest", "wrap", "without_title", "time_bins", "cvr_by_region",
           "cvr_by_category", "cvr_over_time", "cvr_women_men", "trainings_by_sex", "text_summary", "CHART_COLOURS"]
