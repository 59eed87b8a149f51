"""Every file the dashboard writes, in one registry that the app's download buttons and the command
line both call: the slide map (PNG 1920x1080, SVG, PDF), the briefing pack (PPTX), the data
(CSV, XLSX, GeoJSON) and the standalone HTML map.

Adding a format is one entry in EXPORTS: a builder taking a prepared View (geo.model.view), so the
filters and the public redaction are applied once, whatever the output.

>>> sorted({e.target for e in EXPORTS.values()})
['csv', 'geojson', 'html', 'map', 'pptx', 'xlsx']
>>> file_name("pptx", "pptx", None, None, "en", today=dt.date(2026, 11, 23))
'mali-rss-ddr-briefing-2026-11-23-en.pptx'
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from geo.model.filters import Filters
from geo.model.view import View, prepare_view
from geo.render.words import export_file_name
from geo.schema import DEFAULT_MEASURE, MEASURES, TABLE_KINDS


@dataclass(frozen=True)
class Export:
    target: str                       # the command line's word: map, pptx, csv, xlsx, geojson, html
    fmt: str                          # the file's extension
    mime: str
    build: Callable[[View, str, str, str | None, int], bytes]   # (view, lang, measure, kind, level) -> bytes
    stem: str                         # what the file is called: map, briefing, data, or the table


def _map(fmt):
    def build(view, lang, measure, kind, level):
        from geo.render.slide_map import map_figure_bytes

        return map_figure_bytes(view, lang=lang, fmt=fmt, measure=measure, level=level)
    return build


def _pack(view, lang, measure, kind, level):
    from geo.render.briefing import briefing_pptx_bytes

    return briefing_pptx_bytes(view, lang=lang, measure=measure, level=level)


def _table(fmt):
    def build(view, lang, measure, kind, level):
        from geo.render.tables import table_export_bytes

        return table_export_bytes(view, kind, fmt, lang=lang)
    return build


def _html(view, lang, measure, kind, level):
    from geo.render.webmap import html_map_bytes

    return html_map_bytes(view, lang=lang, measure=measure, level=level)


EXPORTS: dict[tuple[str, str], Export] = {(e.target, e.fmt): e for e in (
    Export("map", "png", "image/png", _map("png"), "map"),
    Export("map", "svg", "image/svg+xml", _map("svg"), "map"),
    Export("map", "pdf", "application/pdf", _map("pdf"), "map"),
    Export("pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", _pack,
           "briefing"),
    Export("csv", "csv", "text/csv", _table("csv"), "cvr-projects"),
    Export("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _table("xlsx"),
           "data"),
    Export("geojson", "geojson", "application/geo+json", _table("geojson"), "records"),
    Export("html", "html", "text/html", _html, "map"),
)}
# Tables without coordinates: no GeoJSON of them.
NO_GEOMETRY = ("programme_totals", "events")


def find(target: str, fmt: str | None = None) -> Export:
    """The export for a target and format (the map's format defaults to PNG). Raises ValueError
    with a sentence naming what is available."""
    fmt = (fmt or ("png" if target == "map" else target)).lower().lstrip(".")
    if (target, fmt) not in EXPORTS:
        formats = ", ".join(f for t, f in EXPORTS if t == target) or ", ".join(sorted({t for t, _ in EXPORTS}))
        raise ValueError(f"'{target}' cannot be written as .{fmt}; use {formats}.")
    return EXPORTS[(target, fmt)]


def export(dataset, target: str, fmt: str | None = None, *, filters: Filters | None = None, lang: str = "fr",
           measure: str = DEFAULT_MEASURE, kind: str | None = None, public: bool | None = None,
           level: int = 1) -> bytes:
    """The bytes of one export of `dataset` (a Dataset or a prepared View) under `filters`.

    `measure` shades the maps (one of geo.schema.MEASURES); `kind` picks the table of a data export
    (one of geo.schema.TABLE_KINDS; csv defaults to cvr_projects, xlsx to every table, geojson to
    every located record). `public` None follows the server's setting. `level` 2 shades the maps'
    cercles when the boundary set has them (as a cercle filter does; geo.render.areas).
    """
    chosen = find(target, fmt)
    if measure not in MEASURES:
        raise ValueError(f"measure '{measure}' is not available; use one of {', '.join(MEASURES)}.")
    if kind is not None and kind not in TABLE_KINDS:
        raise ValueError(f"table '{kind}' is not available; use one of {', '.join(TABLE_KINDS)}.")
    if target == "geojson" and kind in NO_GEOMETRY:
        raise ValueError(f"{kind} have no coordinates; export them as csv or xlsx.")
    if level not in (1, 2):
        raise ValueError(f"level {level} is not available; use 1 (regions) or 2 (cercles).")
    return chosen.build(prepare_view(dataset, filters, public), lang, measure, kind, level)


def file_name(target: str, fmt: str | None, kind: str | None, filters: Filters | None, lang: str,
              today: dt.date | None = None) -> str:
    """What the file is called when downloaded: what, for which regions and years, when, and in
    which language (geo.render.words.export_file_name)."""
    chosen = find(target, fmt)
    stem = kind.replace("_", "-") if kind and target in ("csv", "geojson") else chosen.stem
    return export_file_name(stem, chosen.fmt, filters, lang, today)
