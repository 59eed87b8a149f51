"""Mali's regions shaded by a measure as one inline SVG: the Overview's map without the 4.7 MB
plotly bundle (a field link loads the landing page in a third of the bytes). Same classes,
colours and words as every other map (geo.render.style.region_features); every text from the data
is escaped; the picture is named for a screen reader by its text (geo.render.charts.text_summary's
words: the measure and each region's value).

>>> from geo.model.dataset import load_dataset
>>> from geo.model.summary import region_summary
>>> from geo.read.boundaries import display_geometry
>>> ds = load_dataset()
>>> svg = region_svg(region_summary(ds), display_geometry(ds.boundaries), "projects", "en")
>>> svg.startswith("<figure") and "Gao" in svg and len(svg) < 60_000
True
"""
from __future__ import annotations

import math

import pandas as pd

from geo.i18n import number, t
from geo.regions import region_name
from geo.render.escape import esc
from geo.render.style import BORDER, NOT_SELECTED_INK, ink_on, label_anchors, region_features

WIDTH = 1000                 # the drawing's own units; it scales to its column
LATITUDE = 17.0              # Mali's middle: x is scaled by cos(17°) so the country keeps its shape


def region_svg(summary: pd.DataFrame, display, measure: str, lang: str, selected=()) -> str:
    """A <figure> holding the SVG map (regions, names and values, Bamako's label beside it with a
    line), its legend and, when the filter's regions have no polygon, the sentence saying so."""
    data, classes = region_features(summary, display, measure, lang, selected=selected)
    x0, y0, x1, y1 = (float(v) for v in display.total_bounds)
    scale_x = math.cos(math.radians(LATITUDE))
    pad = 0.03 * (x1 - x0)
    span_x, span_y = (x1 - x0) * scale_x + 2 * pad, (y1 - y0) + 2 * pad
    k = WIDTH / span_x
    height = span_y * k

    def xy(lon: float, lat: float) -> str:
        return f"{((lon - x0) * scale_x + pad) * k:.1f},{((y1 - lat) + pad) * k:.1f}"

    shapes, labels, spoken = [], [], []
    anchors, small = label_anchors(display)
    for feature in data["features"]:
        props = feature["properties"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        path = " ".join("M" + " L".join(xy(*point) for point in ring) + " Z" for polygon in polygons for ring in polygon)
        value = number(props["value"], lang) if props["selected"] else t("export.not_selected", lang)
        said = f"{props['region']}: {value}"      # already escaped (region_features)
        spoken.append(said)
        chosen = props["selected"] and selected   # the filter's regions outlined
        shapes.append(f'<path d="{path}" fill="{props["fill"]}" stroke="{"#000000" if chosen else BORDER}" '
                      f'stroke-width="{3.5 if chosen else 1.4}" fill-rule="evenodd"><title>{said}</title></path>')
        iso = props["iso_code"]
        if iso not in anchors.index:
            continue
        point = anchors[iso]
        ink = ink_on(props["fill"]) if props["selected"] else NOT_SELECTED_INK
        counted = props["selected"] and props["value"]
        x, y = (float(v) for v in xy(point.x, point.y).split(","))
        if small[iso]:   # beside, to the lower left, with a line back to it
            tx, ty = x - 150, y + 90
            labels.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{tx + 40:.1f}" y2="{ty - 18:.1f}" stroke="#444" '
                          f'stroke-width="1.2"/>')
            ink = "#111111" if props["selected"] else NOT_SELECTED_INK
            x, y = tx, ty
        lines = [props["region"]] + ([number(props["value"], lang)] if counted else [])
        tspans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 1.1}em"'
                         f'{" font-weight=" + chr(34) + "800" + chr(34) if i else ""}>{text}</tspan>'
                         for i, text in enumerate(lines))
        css = "geo-svg-label" + (" on-dark" if ink == "#FFFFFF" else "")
        labels.append(f'<text x="{x:.1f}" y="{y - (9 if len(lines) > 1 else 0):.1f}" fill="{ink}" '
                      f'text-anchor="middle" class="{css}">{tspans}</text>')
    drawn = set(display["iso_code"])
    off_map = [code for code in (selected or ()) if code not in drawn]
    note = ""
    if off_map and not any(code in drawn for code in selected):
        names = ", ".join(esc(region_name(code) or code) for code in off_map)
        note = f'<p class="geo-svg-note">{t("map.selected_off_map", lang, regions=names)}</p>'
    legend = "".join(f'<li><span class="swatch" style="background:{colour}"></span>{esc(label)}</li>'
                     for colour, label in classes)
    title = esc(t(f"measure.{measure}", lang))
    name = f"{title}. " + ". ".join(spoken) + "."
    return (f'<figure class="geo-svg-map" role="group" aria-label="{name}">'
            f'<figcaption><b>{title}</b><ul aria-hidden="true">{legend}</ul></figcaption>{note}'
            f'<svg viewBox="0 0 {WIDTH} {height:.0f}" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-label="{name}">{"".join(shapes)}{"".join(labels)}</svg></figure>')


SVG_CSS = """
.geo-svg-map { margin: 0; position: relative; }
.geo-svg-map svg { width: 100%; height: auto; display: block; max-height: 72vh; }
.geo-svg-map figcaption { position: absolute; left: 0; top: 0; background: rgba(255,255,255,0.9); padding: 0.3rem 0.6rem;
                          font-size: 1rem; border-radius: 0.3rem; }
.geo-svg-map figcaption ul { list-style: none; margin: 0.2rem 0 0 0; padding: 0; }
.geo-svg-map figcaption li { margin: 0.1rem 0; }
.geo-svg-map .swatch { display: inline-block; width: 1.1rem; height: 0.9rem; border: 1px solid #8a8a8a;
                       margin-right: 0.45rem; vertical-align: middle; }
.geo-svg-map .geo-svg-label { font: 700 30px sans-serif; paint-order: stroke; stroke: rgba(255,255,255,0.85);
                              stroke-width: 3px; }
.geo-svg-map .geo-svg-label.on-dark { stroke: none; }
.geo-svg-map .geo-svg-note { position: absolute; left: 15%; right: 15%; top: 40%; background: rgba(255,255,255,0.95);
                             border: 1px solid #555; padding: 0.8rem; font-size: 1.2rem; text-align: center; }
"""
