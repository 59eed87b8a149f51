"""The briefing pack: a 16:9 PowerPoint in French or English with a title slide, the map, the
headline figures, two charts (native PowerPoint charts: editable, drawn with no browser), the
programme totals as reported, and the sources.

>>> from geo.model.dataset import load_dataset
>>> pptx = briefing_pptx_bytes(load_dataset(), lang="en")
>>> pptx[:2]
b'PK'
"""
from __future__ import annotations

import io
import textwrap

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from geo import i18n
from geo.i18n import localised_value, t
from geo.messages import in_language
from geo.model.filters import Filters
from geo.model.reported import matches, reported_band, reported_total
from geo.model.summary import activity, headline_figures, trainees_by_sex
from geo.model.view import prepare_view
from geo.regions import region_name
from geo.render.reported import figure_parts, figure_text, metric_label, period_text, source_title, status_text, with_unit
from geo.render.slide_map import map_figure_bytes
from geo.render.style import CHART_COLOURS
from geo.render.tables import neutral
from geo.render.words import date_line, describe_filters, known, missing_regions_line, trained_sex_words

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
NAVY, INK, MUTED, TILE = RGBColor(0x1F, 0x2A, 0x44), RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x55, 0x55, 0x55), \
    RGBColor(0xF2, 0xF2, 0xF5)
MAX_PROJECT_BARS = 8        # bars of the CVR chart, of up to three lines each
BAR_LABEL_WIDTH = 48


def briefing_pptx_bytes(dataset, filters: Filters | None = None, lang: str = "fr", measure: str = "projects",
                        public: bool | None = None, level: int = 1) -> bytes:
    """The briefing pack of `dataset` under `filters`, as .pptx bytes.

    Slides: title; the programme's figures as reported (geo.model.reported: the band the Overview
    opens on, their sentences in the speaker notes); map (geo.render.slide_map, shaded by `measure`);
    headline figures; people trained by region and sex; CVR project costs; programme totals (shown
    as reported, never added to the projects; under a filter only those lying wholly inside it, as
    on the second slide); sources. The public view as in geo.model.view (no site position anywhere).
    `level` 2 shades the map's cercles (geo.render.areas), as a cercle filter does.
    """
    view = prepare_view(dataset, filters, public)
    data, public = view.dataset, view.public
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    filters_text = describe_filters(view.filters, lang, data.cercles)
    _title_slide(deck, data, filters_text, lang)
    _reported_slide(deck, data, view.filters, lang)
    _map_slide(deck, map_figure_bytes(view, lang=lang, fmt="png", measure=measure, level=level), lang)
    _headline_slide(deck, data, view.filters, filters_text, lang, public)
    _trained_chart_slide(deck, data, filters_text, lang)
    _cvr_chart_slide(deck, data, filters_text, lang)
    _totals_slides(deck, data, view.filters, lang)
    _sources_slide(deck, data, filters_text, lang, public)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# -- building blocks -----------------------------------------------------------------------

def _blank(deck):
    return deck.slides.add_slide(deck.slide_layouts[6])


def _text(slide, left, top, width, height, text, size=18, bold=False, colour=INK, align=PP_ALIGN.LEFT,
          anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box


def _heading(slide, text, lang):
    band = slide.shapes.add_shape(1, 0, 0, SLIDE_W, Inches(1.05))
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    _text(slide, Inches(0.5), Inches(0.12), Inches(12.3), Inches(0.85), text, size=30, bold=True,
          colour=RGBColor(0xFF, 0xFF, 0xFF), anchor=MSO_ANCHOR.MIDDLE)
    _text(slide, Inches(0.5), Inches(7.05), Inches(12.3), Inches(0.35), t("export.app", lang), size=11, colour=MUTED)


def _title_slide(deck, view, filters_text, lang):
    slide = _blank(deck)
    band = slide.shapes.add_shape(1, 0, Inches(2.0), SLIDE_W, Inches(2.6))
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    white = RGBColor(0xFF, 0xFF, 0xFF)
    _text(slide, Inches(0.8), Inches(2.2), Inches(11.7), Inches(1.2), t("export.pack_title", lang), size=48, bold=True,
          colour=white)
    _text(slide, Inches(0.8), Inches(3.4), Inches(11.7), Inches(0.9), t("export.pack_subtitle", lang), size=28, colour=white)
    _text(slide, Inches(0.8), Inches(5.0), Inches(11.7), Inches(0.6), filters_text, size=22)
    _text(slide, Inches(0.8), Inches(5.6), Inches(11.7), Inches(0.6), date_line(view, lang), size=18, colour=MUTED)


def _reported_slide(deck, view, filters, lang):
    """The programme totals as reported, one box per programme and period, as on the Overview;
    their sources' sentences in the speaker notes."""
    slide = _blank(deck)
    _heading(slide, t("reported.title", lang), lang)
    _text(slide, Inches(0.5), Inches(1.2), Inches(12.3), Inches(0.5), t("reported.note_pack", lang),
          size=15, colour=MUTED)
    band = reported_band(view.programme_totals, filters)
    if len(band) == 0:   # no headline total here; the totals slides may still list others the filters let through
        others = len(totals_in_view(view.programme_totals, filters))
        said = t("export.band_none_others", lang, n=i18n.number(others, lang)) if others else _no_total_words(view, lang)
        _text(slide, Inches(0.5), Inches(2.2), Inches(12.3), Inches(1.0), said, size=22)
        return
    groups = list(band.groupby(["topic", band["period"].fillna(""), band["as_of"].fillna("")], sort=False))
    width = (Inches(12.3) - Inches(0.3) * (len(groups) - 1)) // len(groups)
    for i, ((topic, _, _), part) in enumerate(groups):
        left = Inches(0.5) + i * (width + Inches(0.3))
        box = slide.shapes.add_shape(1, left, Inches(1.85), width, Inches(4.9))
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xF4, 0xF1, 0xE8)
        box.line.color.rgb = RGBColor(0x8C, 0x6D, 0x1F)
        _text(slide, left + Inches(0.2), Inches(1.95), width - Inches(0.4), Inches(0.5), t(f"reported.group_{topic}", lang),
              size=22, bold=True)
        _text(slide, left + Inches(0.2), Inches(2.45), width - Inches(0.4), Inches(0.45),
              period_text(part.iloc[0].to_dict(), lang), size=15, colour=MUTED)
        top = Inches(3.0)
        for row in part.to_dict("records"):
            _figure(slide, left + Inches(0.2), top, width - Inches(0.4), *figure_parts(row, lang, short=True), lang)
            _text(slide, left + Inches(0.2), top + Inches(0.55), width - Inches(0.4), Inches(0.5), metric_label(row, lang),
                  size=14)
            top += Inches(1.15)
        sources = ", ".join(dict.fromkeys(source_title(d, lang) for d in part["source_doc"]))
        _text(slide, left + Inches(0.2), Inches(6.3), width - Inches(0.4), Inches(0.4), sources, size=11, colour=MUTED)
    slide.notes_slide.notes_text_frame.text = "\n\n".join(
        f"{figure_text(row, lang)} — {t('reported.quoted', lang, quote=row['source_quote'])} "
        f"({source_title(row['source_doc'], lang)})" for row in band.to_dict("records"))


def _figure(slide, left, top, width, number: str, unit: str, lang):
    """A reported figure in large type with its unit beside it, smaller: '257 000 personnes'."""
    paragraph = _text(slide, left, top, width, Inches(0.6), number, size=30, bold=True).text_frame.paragraphs[0]
    if unit:
        run = paragraph.add_run()
        run.text = with_unit("", unit, lang)
        run.font.size, run.font.bold, run.font.color.rgb = Pt(20), True, INK


def _no_total_words(view, lang) -> str:
    """Why no total is shown: the data have none (a partner's file), or none lies inside the filters."""
    return t("reported.none" if len(view.programme_totals) else "reported.no_totals", lang)


def _map_slide(deck, png: bytes, lang):
    slide = _blank(deck)
    slide.shapes.add_picture(io.BytesIO(png), 0, 0, SLIDE_W, SLIDE_H)   # the map is already 16:9


def _headline_slide(deck, view, filters, filters_text, lang, public):
    slide = _blank(deck)
    _heading(slide, t("export.headline", lang), lang)
    f = headline_figures(view)
    if known(f["women_base"]):   # the share with its base beside it; no base: not counted, never "–" or 0
        bound = f.get("women_base_qualifier") or ""      # "plus de 7.000 jeunes": at least 8,755, at most 20 %
        share = i18n.percent(f["women"], f["women_base"], lang)
        if bound:
            share = t(f"qualifier.{'about' if bound == 'about' else 'at_most'}.short", lang, n=share)
        share_note = t("export.h_women_share_base", lang, women=i18n.number(f["women"], lang),
                       base=i18n.qualified(f["women_base"], bound, lang, total=True))
    else:
        share = t("export.not_recorded", lang)
        share_note = t("tile.women_not_counted", lang) if known(f["beneficiaries"]) else ""
    planned = f.get("beneficiaries_status")   # the sources give them in the future: said on the tile
    trained_note = trained_sex_words(f, lang) or ""
    built = reported_total(view.programme_totals, "cantonment_sites_built", filters)   # 8 built, 6 named
    site_note = " · ".join(([t("tile.sites_built_reported", lang, built=i18n.number(built["value"], lang),
                                recorded=i18n.number(f["cantonment_sites"], lang))] if built else [])
                           + ([t("export.h_public_sites", lang)] if public else []))
    sites = t("export.h_sites_moc_value", lang, sites=i18n.number(f["cantonment_sites"], lang),
              moc=i18n.number(f["moc_camps"], lang))

    def figure(name: str) -> str:   # a sum that includes a qualified figure says so (≥, ≈)
        return i18n.qualified(f[name], f[f"{name}_qualifier"], lang, short=True, total=True)

    tiles = [(t("export.h_projects", lang), i18n.number(f["projects"], lang), ""),
             (t("export.h_cost", lang), i18n.number(f["cost_xof"], lang), ""),
             (t(f"export.h_beneficiaries_{planned}" if planned else "export.h_beneficiaries", lang),
              figure("beneficiaries"), ""),
             (t("export.h_women_share", lang), share, share_note),
             (t("export.h_sites_moc", lang), sites, site_note),
             (t("export.h_trained", lang), figure("trained"), trained_note),
             (t("export.h_reached", lang), figure("reached"), t("export.h_reached_note", lang))]
    # 4 x 2 grid; the cost spans two cells so a nine-digit FCFA amount stays on one line.
    spans = [1, 2, 1, 1, 1, 1, 1]
    width, height, gap = Inches(2.95), Inches(2.45), Inches(0.2)
    slot = 0
    for (label, value, note), span in zip(tiles, spans):
        row, col = divmod(slot, 4)
        slot += span
        left = Inches(0.5) + col * (width + gap)
        top = Inches(1.35) + row * (height + gap)
        width_i = width * span + gap * (span - 1)
        tile = slide.shapes.add_shape(1, left, top, width_i, height)
        tile.fill.solid()
        tile.fill.fore_color.rgb = TILE
        tile.line.fill.background()
        # room for a two-line label above the figure and a three-line note below it
        _text(slide, left + Inches(0.15), top + Inches(0.1), width_i - Inches(0.3), Inches(0.6), label, size=16,
              colour=MUTED, bold=True)
        _text(slide, left + Inches(0.15), top + Inches(0.72), width_i - Inches(0.3), Inches(0.8), value, size=38,
              bold=True, colour=NAVY)
        if note:
            _text(slide, left + Inches(0.15), top + Inches(1.5), width_i - Inches(0.3), Inches(0.9), note, size=13,
                  colour=MUTED)
    _text(slide, Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.45), t("export.headline_note", lang, filters=filters_text),
          size=13, colour=MUTED)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _style_chart(chart, colours, legend=True):
    chart.font.size = Pt(14)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(14)
    for series, colour in zip(chart.series, colours):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)


def _cell_text(value):
    """A chart's category or series name as it goes into the workbook python-pptx embeds in the pack
    (PowerPoint's 'Edit data'): a text that a spreadsheet would run as a formula is neutralised."""
    return neutral(value, within_cells=False)


def _cells(values) -> list:
    return [_cell_text(v) for v in values]


def _nothing_to_chart(slide, why: str):
    """A chart slide with nothing to draw stays in the pack (every pack has the same slides) and says why."""
    _text(slide, Inches(0.8), Inches(3.0), Inches(11.7), Inches(1.5), why, size=24, colour=MUTED)


def _trained_chart_slide(deck, view, filters_text, lang):
    slide = _blank(deck)
    _heading(slide, t("export.chart_trained", lang), lang)
    tr = view.trainings
    tr = tr[activity(tr).eq("training")] if len(tr) else tr   # people trained; audiences reached are not added
    if not len(tr):
        _nothing_to_chart(slide, t("export.no_trainings", lang, filters=filters_text))
        return
    # by the region each record was assigned to (its own, else the polygon it lies in), as on the map
    unlocated = t("location.unlocated", lang)
    regions = tr["assigned_iso"].map(lambda code: region_name(code) or code if isinstance(code, str) else unlocated)
    table = trainees_by_sex(tr).groupby(regions)[["men", "women", "unknown"]].sum()
    table = table[table.sum(axis=1) > 0]
    if table.empty:
        _nothing_to_chart(slide, t("export.no_trainees", lang))
        return
    table = table.loc[table.sum(axis=1).sort_values().index]
    data = CategoryChartData()
    data.categories = _cells(table.index)
    data.add_series(_cell_text(t("export.men", lang)), [int(v) for v in table["men"]])
    data.add_series(_cell_text(t("export.women_sex", lang)), [int(v) for v in table["women"]])
    data.add_series(_cell_text(t("export.unknown_sex", lang)), [int(v) for v in table["unknown"]])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, Inches(0.6), Inches(1.3), Inches(12.1),
                                   Inches(5.6), data).chart
    _style_chart(chart, [CHART_COLOURS["men"], CHART_COLOURS["women"], CHART_COLOURS["other"]])
    chart.plots[0].gap_width = 60
    chart.plots[0].overlap = 100
    chart.category_axis.tick_labels.font.size = Pt(16)


def _cvr_chart_slide(deck, view, filters_text, lang):
    slide = _blank(deck)
    _heading(slide, t("export.chart_cvr", lang), lang)
    cvr = view.cvr_projects
    if not len(cvr):
        _nothing_to_chart(slide, t("export.no_cvr", lang, filters=filters_text))
        return
    cost = pd.to_numeric(cvr.get("cost_xof"), errors="coerce") if "cost_xof" in cvr else pd.Series(float("nan"), cvr.index)
    if cost.notna().sum() == 0:
        _nothing_to_chart(slide, t("export.no_cost", lang))
        return
    frame = pd.DataFrame({"title": cvr["title"].fillna("").astype(str), "region": cvr["region"].fillna(""),
                          "cost": cost}).dropna(subset=["cost"]).sort_values("cost")
    labels = [_bar_label(f"{r.title} ({r.region})" if r.region else r.title) for r in frame.itertuples()]
    costs = [float(v) for v in frame["cost"]]
    if len(frame) > MAX_PROJECT_BARS:   # the largest, and the rest as one bar that says how many
        rest = len(frame) - (MAX_PROJECT_BARS - 1)
        labels = [t("export.other_projects", lang, n=i18n.number(rest, lang))] + labels[rest:]
        costs = [sum(costs[:rest])] + costs[rest:]
    data = CategoryChartData(number_format="#,##0")
    data.categories = _cells(labels)
    data.add_series(_cell_text(t("export.cost", lang)), costs)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.6), Inches(1.3), Inches(12.1),
                                   Inches(5.6), data).chart
    _style_chart(chart, [CHART_COLOURS["bar2"]], legend=False)
    chart.has_title = False                  # the slide heading says it
    chart.value_axis.minimum_scale = 0       # bars start at zero, or small differences look huge
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.has_data_labels = True
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(14)
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.category_axis.tick_labels.font.size = Pt(12)


def _bar_label(text: str) -> str:
    """A bar's label wrapped between words on lines of at most BAR_LABEL_WIDTH characters, whole:
    PowerPoint cuts a long label on one line."""
    return "\n".join(textwrap.wrap(text, BAR_LABEL_WIDTH, break_long_words=False)) or text


def totals_in_view(totals: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The programme totals the filters let through, by the rule of the reported band
    (geo.model.reported.matches): under a filter a total is shown only when its regions and its
    period lie wholly inside it, never prorated."""
    if not len(totals):
        return totals
    return totals[[matches(row, filters) for row in totals.to_dict("records")]]


def programme_rows(totals: pd.DataFrame, lang) -> list[tuple[str, str, str, str]]:
    """(programme, figures, period, source) of `totals`, one row per programme, period and source:
    each figure as reported with its unit (geo.render.reported.figure_text), one a line."""
    if not len(totals):
        return []
    frame = totals.copy()
    frame["_period"] = [_period_and_status(row, lang) for row in frame.to_dict("records")]
    frame["_source"] = frame["source_doc"].fillna("")
    # a programme's rows together, in the order the data first name the programme
    first_seen = {p: i for i, p in reversed(list(enumerate(frame["programme"])))}
    frame = frame.sort_values("programme", key=lambda s: s.map(first_seen), kind="stable")
    rows = []
    for _, part in frame.groupby(["programme", "_period", "_source"], sort=False):
        first = part.iloc[0].to_dict()
        rows.append((str(localised_value(first, "programme", lang)),
                     "\n".join(figure_text(r, lang) for r in part.to_dict("records")),
                     first["_period"], source_title(first.get("source_doc") or "", lang)))
    return rows


def _period_and_status(row, lang) -> str:
    """'2019-2020', '20 Sep 2017 (planned)', 'date not given (planned)': a total's period, and
    whether the source gives it under way or planned (geo.render.reported.period_text)."""
    undated = {**row, "status": None}
    when = period_text(undated, lang) or t("date.unknown", lang)
    if str(row.get("status") or "").strip() in ("under_way", "planned"):
        return t("reported.period_status", lang, period=when, status=status_text(row, lang))
    return when


# The totals table: its columns, and the height a slide gives it (below the heading, above the note).
TOTALS_WIDTHS = (Inches(2.9), Inches(5.9), Inches(1.6), Inches(1.9))
TOTALS_SIZE, TOTALS_ROOM = 13, Inches(5.15)


def _lines(text: str, width) -> int:
    """How many lines `text` takes in a cell `width` wide at TOTALS_SIZE (about 0.5 em a character)."""
    per_line = max(8, int((width - Inches(0.2)) / Pt(TOTALS_SIZE * 0.5)))
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def _row_height(row) -> int:
    return Pt(TOTALS_SIZE * 1.2) * max(_lines(text, w) for text, w in zip(row, TOTALS_WIDTHS)) + Inches(0.1)


def _pages(rows: list, header) -> list[list]:
    """The rows cut into slides by the height they take, never a row cut across two slides."""
    pages, page, used = [], [], _row_height(header)
    for row in rows:
        height = _row_height(row)
        if page and used + height > TOTALS_ROOM:
            pages.append(page)
            page, used = [], _row_height(header)
        page.append(row)
        used += height
    return pages + [page] if page else pages


def _totals_slides(deck, view, filters, lang):
    """The programme totals the filters let through, as many slides as they take; one slide saying
    why when none is shown (as every slide with nothing to show)."""
    rows = programme_rows(totals_in_view(view.programme_totals, filters), lang)
    if not rows:
        slide = _blank(deck)
        _heading(slide, t("export.totals_title", lang), lang)
        _text(slide, Inches(0.5), Inches(2.2), Inches(12.3), Inches(1.0), _no_total_words(view, lang), size=22)
        return
    header = t("export.totals_cols", lang).split("|")
    for n, page in enumerate(_pages(rows, header)):
        slide = _blank(deck)
        _heading(slide, t("export.totals_title", lang) + (f" {t('export.continued', lang)}" if n else ""), lang)
        shape = slide.shapes.add_table(len(page) + 1, 4, Inches(0.5), Inches(1.25), sum(TOTALS_WIDTHS, Emu(0)),
                                       sum((_row_height(r) for r in [header, *page]), Emu(0)))
        table = shape.table
        for j, w in enumerate(TOTALS_WIDTHS):
            table.columns[j].width = w
        for i, row in enumerate([header, *page]):
            table.rows[i].height = _row_height(row)
            for j, text in enumerate(row):
                _cell(table.cell(i, j), text, TOTALS_SIZE + (1 if i == 0 else 0), bold=i == 0)
        _text(slide, Inches(0.5), Inches(6.55), Inches(12.3), Inches(0.45), t("export.totals_note", lang), size=14,
              bold=True, colour=NAVY)


def _cell(cell, text, size, bold=False):
    cell.text = text
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size), bold


def _source_words(doc: str, lang: str) -> str:
    """A shipped document by its title in `lang` and its number ('MINUSMA RSS-DDR Section: activities
    2016-2017 (004)'); any other source as the view names it (a partner's submission: 'ACAS, 2024-Q1')."""
    title = source_title(doc, lang)
    return f"{title} ({doc.split('_')[0]})" if title != doc else doc


def _sources_slide(deck, view, filters_text, lang, public):
    slide = _blank(deck)
    _heading(slide, t("export.sources_title", lang), lang)
    info = view.boundary_info
    docs = ("\u202f; " if i18n.language(lang) == "fr" else "; ").join(_source_words(d, lang) for d in view.sources())
    lines = [(t("export.sources_docs", lang), docs or "—"),
             (t("export.sources_boundaries", lang), f"{info.get('name', '')}: {in_language(info.get('source', ''), lang)} "
                                                f"({in_language(info.get('licence', ''), lang)})"),
             ("", t("export.sources_gazetteer", lang)),
             (t("export.sources_filters", lang), filters_text)]
    missing = missing_regions_line(view, lang)
    notes = [n for n in (missing, t("export.public_note", lang) if public else None, t("export.totals_note", lang)) if n]
    top = Inches(1.35)
    for label, text in lines:
        body = f"{label} — {text}" if label else text
        rows = 1 + len(body) // 105   # about 105 characters a line at 17 pt across the slide
        _text(slide, Inches(0.6), top, Inches(12.1), Inches(0.3) * rows + Inches(0.2), body, size=17)
        top += Inches(0.3) * rows + Inches(0.35)
    for note in notes:
        _text(slide, Inches(0.6), top, Inches(12.1), Inches(0.6), note, size=15, colour=MUTED)
        top += Inches(0.6)
    _text(slide, Inches(0.6), Inches(6.5), Inches(12.1), Inches(0.4), date_line(view, lang), size=14, colour=MUTED)
