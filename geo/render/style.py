"""The one palette and the one classifier of every map, chart and slide.

Okabe-Ito colours for the kinds of record, each with its own shape so that colour is never the
only cue; ColorBrewer Purples for the regions shaded by a measure (both read well with the
common colour-vision deficiencies and on a projector). The live map, the Overview's map, the slide
map and the briefing pack all call `shading`, so a region has the same colour everywhere for the
same view.

>>> s = shading([0, 2, 1, 2])
>>> [(c.low, c.high) for c in s.classes]
[(1.0, 1.0), (2.0, 2.0)]
>>> s.colour(0) == NO_RECORD_FILL, s.colour(2) == SHADES[-1]
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.i18n import number, t
from geo.render.escape import esc

# Okabe-Ito colour and shape per kind of symbol.
SYMBOLS = {
    "cvr_projects": ("circle", "#0072B2"),   # blue circle
    "trainings": ("diamond", "#009E73"),     # bluish-green diamond
    "cantonment": ("triangle", "#D55E00"),   # vermillion triangle
    "moc_camp": ("square", "#000000"),       # black square
    "site_count": ("circle", "#FFFFFF"),     # white disc with a number (public view)
}
SHADES = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")   # ColorBrewer Purples, 5 classes
RAMP = SHADES[1:]            # the lightest purple is too close to "no record" on a projector
NO_RECORD_FILL = "#f7f7f7"
NOT_SELECTED_FILL = "#cfcfcf"   # outside the filter: grey (hatched on the slide map), no number, never a zero
NOT_SELECTED_INK = "#4d4d4d"
BORDER = "#555555"
INK, MUTED = "#1a1a1a", "#4d4d4d"
CHART_COLOURS = {"women": "#CC79A7", "men": "#0072B2", "other": "#BBBBBB", "unrecorded": "#8C8C8C",
                 "bar": "#0072B2", "bar2": "#E69F00"}


@dataclass(frozen=True)
class ShadeClass:
    low: float
    high: float
    colour: str


@dataclass(frozen=True)
class Shading:
    """Classes of the positive values of one view, each (low, high, colour), inclusive."""
    classes: tuple[ShadeClass, ...]

    def colour(self, value) -> str:
        """The fill of a region with `value` (zero or missing: NO_RECORD_FILL)."""
        if value is None or not value or value != value or value <= 0 or not self.classes:
            return NO_RECORD_FILL
        return next((c.colour for c in self.classes if value <= c.high), self.classes[-1].colour)

    def legend(self, zero_label: str, write) -> list[tuple[str, str]]:
        """(colour, label) rows: zero first, then each class as its one value or 'low – high',
        numbers written by `write` (a function of a number)."""
        rows = [(NO_RECORD_FILL, zero_label)]
        for c in self.classes:
            rows.append((c.colour, write(c.low) if c.low == c.high else f"{write(c.low)} – {write(c.high)}"))
        return rows



def ink_on(fill: str) -> str:
    """Text colour that reads on a region's fill: white on the two darkest purples."""
    return "#FFFFFF" if fill in RAMP[-2:] else "#111111"


SMALL_REGION = 0.5   # square degrees: a region too small to hold its own label (Bamako)


def label_anchors(display: gpd.GeoDataFrame, key: str = "iso_code") -> tuple[pd.Series, pd.Series]:
    """Where each region's label goes, by region code: its representative point, and whether the
    region is too small to hold it (its label then goes beside it, with a line). Every map uses these.
    `key`: the column that names an area (cercle_code for cercles)."""
    indexed = display.set_index(key)
    small = pd.Series(shapely.area(indexed.geometry.to_numpy()) < SMALL_REGION, index=indexed.index)
    return indexed.geometry.representative_point(), small


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_ink(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (a count on a green symbol is black: white
    on #009E73 is 3.4:1, black 6.2:1)."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#FFFFFF") else "#FFFFFF"


def shading(values) -> Shading:
    """Classes for the positive values: one per distinct value when there are at most four, else
    four quantile classes whose edges are rounded to two significant digits."""
    array = np.asarray([v for v in values if v is not None and v == v], dtype=float)
    positive = np.unique(array[array > 0])
    if len(positive) == 0:
        return Shading(())
    if len(positive) <= len(RAMP):
        bounds = [(float(v), float(v)) for v in positive]
    else:
        edges = np.unique([_round_sig(q) for q in np.quantile(positive, np.linspace(0, 1, len(RAMP) + 1))])
        edges[0], edges[-1] = min(edges[0], positive.min()), max(edges[-1], positive.max())
        bounds = [(float(edges[i]), float(edges[i + 1])) for i in range(len(edges) - 1)]
    picks = np.linspace(0, len(RAMP) - 1, len(bounds)).round().astype(int) if len(bounds) > 1 else [2]
    return Shading(tuple(ShadeClass(low, high, RAMP[i]) for (low, high), i in zip(bounds, picks, strict=True)))


def _round_sig(value: float, digits: int = 2) -> float:
    if value <= 0:
        return 0.0
    return float(round(value, -int(np.floor(np.log10(value))) + digits - 1))


def region_features(summary: pd.DataFrame, display: gpd.GeoDataFrame, measure: str, lang: str,
                    by_region_only: dict | None = None, selected=()) -> tuple[dict, list]:
    """GeoJSON of the regions with the measure's value, colour and an escaped label, and the
    legend rows [(colour, label)]. `by_region_only`: {region code: [names]} of the records placed
    only by their region, listed in its label (they are not drawn as points). `selected`: the region
    codes of the filter (none: every region); the others are 'not selected': grey, value None, no
    number, and they take no part in the classes."""
    selected = set(selected or ())
    values = summary[measure] if measure in summary else pd.Series(dtype=float)
    chosen = display["iso_code"].isin(selected) if selected else pd.Series(True, index=display.index)
    shown = values.reindex(display["iso_code"][chosen.to_numpy()]).fillna(0).tolist()
    shade = shading(shown)
    features, outside = [], False
    for iso, region, geometry, inside in zip(display["iso_code"], display["region"], display.geometry, chosen):
        if geometry is None or geometry.is_empty:
            continue
        if not inside:
            outside = True
            features.append({"type": "Feature", "geometry": geometry.__geo_interface__,
                             "properties": {"key": esc(iso), "iso_code": esc(iso), "region": esc(region), "value": None,
                                            "selected": False, "fill": NOT_SELECTED_FILL,
                                            "label": t("popup.region_not_selected", lang, region=esc(region))}})
            continue
        value = float(values.get(iso, 0) or 0)
        label = t("popup.region_tooltip", lang, region=esc(region), value=number(value, lang))
        names = (by_region_only or {}).get(iso) or []
        if names:
            shown_names = ", ".join(esc(n) for n in names[:5]) + (f" (+{len(names) - 5})" if len(names) > 5 else "")
            label += "<br>" + t("popup.region_only", lang, names=shown_names)
        features.append({"type": "Feature", "geometry": geometry.__geo_interface__,
                         "properties": {"key": esc(iso), "iso_code": esc(iso), "region": esc(region), "value": value,
                                        "selected": True, "label": label, "fill": shade.colour(value)}})
    legend = shade.legend(t("map.legend.zero", lang), lambda v: number(v, lang))
    if outside:
        legend.append((NOT_SELECTED_FILL, t("map.legend.not_selected", lang)))
    return {"type": "FeatureCollection", "features": features}, legend
