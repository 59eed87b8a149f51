"""Plotly charts, sized to be read on a projector. No Streamlit here.

Labels from the data are escaped (plotly reads a small HTML subset in labels; entities show as text).
"""
from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from geo.i18n import date_label, localised, number, qualified, t
from geo.model.summary import cvr_beneficiaries, numeric, qualifiers_by, sum_qualifier
from geo.regions import region_name
from geo.render.escape import esc
from geo.render.style import BORDER, CHART_COLOURS, NOT_SELECTED_INK, ink_on, label_anchors, region_features

FONT = 18
TITLE_FONT = 22


def _style(fig: go.Figure, title: str, height: int = 460) -> go.Figure:
    fig.update_layout(title={"text": esc(title), "font": {"size": TITLE_FONT}}, font={"size": FONT},
                      height=height, margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      plot_bgcolor="white", paper_bgcolor="white",
                      legend={"orientation": "h", "y": -0.15, "font": {"size": FONT}})
    # numbers on the axes written in full in the reader's style ('20 000 000', never '20M' or '2k')
    axes = {"gridcolor": "#e5e5e5", "automargin": True, "tickfont": {"size": FONT - 2}, "exponentformat": "none",
            "separatethousands": True}
    fig.update_xaxes(**axes)
    fig.update_yaxes(**axes)
    return fig


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


def bar_chart(labels, values, title: str, lang: str, colour: str = CHART_COLOURS["bar"], height: int = 420,
              qualifiers=None) -> go.Figure:
    """Horizontal bars, largest on top, with the value written at the end of each bar; a sum that
    includes a figure its source qualifies is written so (`qualifiers`, aligned with the labels:
    '≥ 14,355', '≈ 434')."""
    values = pd.to_numeric(pd.Series(list(values)), errors="coerce").fillna(0)
    frame = pd.DataFrame({"label": [esc(x) for x in labels], "value": values,
                          "qualifier": list(qualifiers) if qualifiers is not None else [""] * len(values)})
    frame = frame.sort_values("value")
    text = [qualified(v, q, lang, short=True, total=True) for v, q in zip(frame["value"], frame["qualifier"])]
    fig = go.Figure(go.Bar(y=frame["label"], x=frame["value"], orientation="h", marker_color=colour,
                           text=text, textposition="auto", textangle=0,
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_layout(separators=_separators(lang))
    if len(frame) and (frame["value"] % 1 == 0).all() and frame["value"].max() <= 10:
        fig.update_xaxes(dtick=1)   # counts of a few: whole numbers on the axis, never 0.5 site
    return _style(fig, title, height)


def period_chart(values: pd.Series, title: str, lang: str, height: int = 300) -> go.Figure:
    """A measure over reporting periods (oldest on the left), each bar labelled with its value."""
    fig = go.Figure(go.Bar(x=[esc(p) for p in values.index], y=values.to_numpy(), marker_color=CHART_COLOURS["bar"],
                           text=[number(v, lang) for v in values], textposition="auto", textangle=0))
    fig.update_layout(separators=_separators(lang))
    fig.update_xaxes(type="category")
    return _style(fig, title, height)


def cvr_by_region(summary: pd.DataFrame, measure: str, title: str, lang: str, colour: str = CHART_COLOURS["bar"],
                  qualifiers: dict | None = None) -> go.Figure:
    """A measure by region; `qualifiers`: {region code: qualifier of its sum} (geo.model.summary.qualifiers_by)."""
    rows = summary[summary[measure] > 0]
    return bar_chart(rows["region"], rows[measure], title, lang, colour,
                     qualifiers=[(qualifiers or {}).get(code, "") for code in rows.index])


def cvr_by_category(cvr: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Cost ('cost_xof') or beneficiaries ('beneficiaries') per category of project; a category none
    of whose projects gives the figure has no bar (unknown, never 0)."""
    values = numeric(cvr, "cost_xof") if measure == "cost_xof" else cvr_beneficiaries(cvr)
    categories = localised(cvr, "category", lang).fillna("–").replace("", "–")
    frame = pd.DataFrame({"category": categories, "value": values})
    frame = frame.groupby("category", as_index=False)["value"].sum(min_count=1).dropna(subset=["value"])
    title = t("cvr.cost_by_category" if measure == "cost_xof" else "cvr.benef_by_category", lang)
    colour = CHART_COLOURS["bar"] if measure == "cost_xof" else CHART_COLOURS["bar2"]
    words = qualifiers_by(cvr, categories, "beneficiaries", also=("youth",)) if measure != "cost_xof" else {}
    return bar_chart(frame["category"], frame["value"], title, lang, colour,
                     qualifiers=[words.get(c, "") for c in frame["category"]])


def cvr_over_time(cvr: pd.DataFrame, lang: str) -> go.Figure:
    dates = pd.to_datetime(cvr["launch_date"], errors="coerce") if "launch_date" in cvr else pd.Series(dtype="datetime64[ns]")
    frame = pd.DataFrame({"month": dates.dt.to_period("M").astype(str), "cost": numeric(cvr, "cost_xof")})
    frame = frame[dates.notna().to_numpy()].groupby("month", as_index=False).sum(min_count=1)
    frame = frame.dropna(subset=["cost"]).sort_values("month")     # a month whose projects give no cost: no bar
    fig = go.Figure(go.Bar(x=[date_label(m, "month", lang) for m in frame["month"]], y=frame["cost"],
                           marker_color=CHART_COLOURS["bar"], text=[number(v, lang) for v in frame["cost"]],
                           textposition="auto", textangle=0))
    fig.update_layout(separators=_separators(lang))
    return _style(fig, t("cvr.over_time", lang))


TOP_PROJECTS = 20


def cvr_women_men(cvr: pd.DataFrame, lang: str, top: int = TOP_PROJECTS) -> go.Figure:
    """Per project (the `top` largest by beneficiaries) that gives beneficiaries: women counted,
    and the other beneficiaries (men, or sex not given). A project that gives none (Intadeyni's
    association counts members) has no bar, and women a project does not count are not written 0."""
    title = t("cvr.women_men", lang)
    cvr = cvr[cvr_beneficiaries(cvr).notna()]
    if len(cvr) > top:
        cvr = cvr.loc[cvr_beneficiaries(cvr).sort_values(ascending=False).index[:top]]
        title = t("cvr.women_men_top", lang, n=top)
    counted = numeric(cvr, "women")
    women = counted.fillna(0)
    other = (cvr_beneficiaries(cvr) - women).clip(lower=0)
    # the others are what the source gives beyond the women: "plus de 7.000 jeunes" stays "> 7,000"
    other_words = [sum_qualifier(cvr.loc[[i]], "beneficiaries", also=("youth",)) for i in cvr.index]
    women_words = [sum_qualifier(cvr.loc[[i]], "women") for i in cvr.index]
    titles = [esc(_short(x)) for x in cvr.get("title", pd.Series("–", index=cvr.index))]
    fig = go.Figure([
        go.Bar(y=titles, x=women, name=t("field.women", lang), orientation="h", marker_color=CHART_COLOURS["women"],
               text=[qualified(v, q, lang, short=True) if c == c else "" for v, c, q in zip(women, counted, women_words)],
               textposition="auto",
               textangle=0),
        go.Bar(y=titles, x=other, name=t("field.other_sex", lang), orientation="h", marker_color=CHART_COLOURS["other"],
               text=[qualified(v, q, lang, short=True) for v, q in zip(other, other_words)], textposition="auto",
               textangle=0),
    ])
    fig.update_layout(barmode="stack", separators=_separators(lang))
    return _style(fig, title, height=max(320, 90 + 60 * len(cvr)))


def _short(text, limit: int = 48) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def trainings_by_sex(trainings: pd.DataFrame, group: str, title: str, lang: str) -> go.Figure:
    """Men, women and participants whose sex was not recorded, stacked, by `group` ('audience' or
    'month'): every person of the rows' totals is in a bar (a session giving only its total is
    counted as 'sex not recorded', never left out)."""
    tr = trainings
    if group == "month":
        starts = pd.to_datetime(tr["date_start"], errors="coerce") if "date_start" in tr else pd.Series(dtype="datetime64[ns]")
        keys = starts.dt.to_period("M").astype(str)
    else:
        keys = localised(tr, "audience", lang).fillna("–").replace("", "–").map(lambda x: _short(x, 40))
    men, women = numeric(tr, "men"), numeric(tr, "women")
    unrecorded = (numeric(tr, "total") - men.fillna(0) - women.fillna(0)).clip(lower=0)
    frame = pd.DataFrame({"key": keys, "men": men, "women": women, "unrecorded": unrecorded})
    frame = frame[frame[["men", "women", "unrecorded"]].fillna(0).sum(axis=1) > 0]
    frame = frame.groupby("key", as_index=False)[["men", "women", "unrecorded"]].sum()
    if group == "month":   # undated sessions last, under their own label: their people stay in the chart
        frame = frame.assign(undated=frame["key"].eq("NaT")).sort_values(["undated", "key"])
        labels = [t("chart.undated", lang) if k == "NaT" else date_label(k, "month", lang) for k in frame["key"]]
    else:
        frame = frame.assign(total=frame[["men", "women", "unrecorded"]].sum(axis=1)).sort_values("total")
        labels = [esc(k) for k in frame["key"]]
    horizontal = group != "month"
    bars = []
    for column, key in (("men", "field.men"), ("women", "field.women"), ("unrecorded", "field.sex_unrecorded")):
        values = frame[column]
        if column == "unrecorded" and not values.gt(0).any():
            continue   # a category only where it counts someone
        common = {"name": t(key, lang), "marker_color": CHART_COLOURS[column],
                  "text": [number(v, lang) if v else "" for v in values], "textposition": "auto", "textangle": 0,
                  "hovertemplate": "%{fullData.name}: %{text}<extra></extra>"}
        bars.append(go.Bar(y=labels, x=values, orientation="h", **common) if horizontal else go.Bar(x=labels, y=values, **common))
    fig = go.Figure(bars)
    fig.update_layout(barmode="stack", separators=_separators(lang))
    fig = _style(fig, title, height=max(380, 100 + 45 * len(frame)) if horizontal else 440)
    fig.update_layout(legend={"traceorder": "normal"})   # men, women, not recorded: the order of the bars
    return fig


def text_summary(fig: go.Figure, lang: str, limit: int = 12) -> str:
    """The chart in one short sentence for a screen reader: its title, then each bar's label and
    values ('Gao: Men 24, Women 5'), or each region's value on a map (plain text, tags removed)."""
    def plain_text(value) -> str:
        return html.unescape(re.sub(r"<[^>]+>", " ", str(value or ""))).replace("  ", " ").strip()

    parts = [plain_text(fig.layout.title.text)] if fig.layout.title and fig.layout.title.text else []
    bars = [trace for trace in fig.data if trace.type == "bar"]
    if bars:
        rows: dict[str, list[str]] = {}
        for trace in bars:
            labels, values = (trace.y, trace.x) if trace.orientation == "h" else (trace.x, trace.y)
            texts = trace.text if trace.text is not None else [number(v, lang) for v in values]
            for label, value, text in zip(labels, values, texts):
                if value and value == value:
                    rows.setdefault(plain_text(label), []).append(" ".join(x for x in (plain_text(trace.name), str(text)) if x))
        first = bars[0].y if bars[0].orientation == "h" else bars[0].x
        order = [plain_text(label) for label in first]
        order = order[::-1] if bars[0].orientation == "h" else order   # top to bottom, as drawn
        parts += [f"{label}: {', '.join(rows[label])}" for label in order if label in rows][:limit]
    else:   # the map of regions: the measure, then each region's value
        legend = fig.layout.legend.title.text if fig.layout.legend and fig.layout.legend.title else ""
        parts += [plain_text(legend)] + [f"{plain_text(trace.name)}: {plain_text(str(trace.text).split('<br>')[-1])}"
                                         for trace in fig.data if trace.type == "scatter" and trace.fill == "toself"]
    return ". ".join(p for p in parts if p) + "."


__all__ = ["region_choropleth", "bar_chart", "cvr_by_region", "cvr_by_category",
           "cvr_over_time", "cvr_women_men", "trainings_by_sex", "CHART_COLOURS"]
