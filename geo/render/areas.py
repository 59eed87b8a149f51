"""Which areas a map shades, regions or cercles, and the cercles as the maps draw them.

A map shades the cercles (the boundary set's second level, COD-AB admin-2) when the view asks for
them (the Map page's choice "Cercles": `level` 2) or a cercle filter is on, and the set has cercles;
otherwise the regions, as it always did. The public view shades sites per region only, whatever the
level: a site's cercle is never said there (geo.model.public). The live map (geo.render.webmap) and
the slide map (geo.render.slide_map) both ask here, so they agree.

>>> from geo.model.dataset import load_dataset
>>> shades_cercles(load_dataset(), Filters(), 2, "projects", public=False)   # Natural Earth: no cercles
False
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.i18n import number, t
from geo.model.filters import Filters
from geo.render.escape import esc
from geo.render.style import NOT_SELECTED_FILL, shading

LEVELS = (1, 2)          # 1: regions; 2: cercles
SITE_MEASURES = ("sites", "cantonment_sites", "moc_camps")


def has_cercles(dataset) -> bool:
    """Whether the dataset's boundary set has a second level."""
    return dataset.cercles is not None and len(dataset.cercles) > 0


def shades_cercles(dataset, filters: Filters | None, level: int, measure: str, public: bool) -> bool:
    """True when a map of `dataset` under `filters` shades cercles (see the module's note)."""
    if not has_cercles(dataset) or (public and measure in SITE_MEASURES):
        return False
    return level == 2 or bool(filters and filters.cercles)


def cercle_selection(cercles: pd.DataFrame, filters: Filters | None) -> tuple[pd.Series, pd.Series]:
    """(in view, selected), one boolean per row of `cercles` (cercle_code, iso_code).

    In view: the cercles of the filter's regions, or of its cercles' regions when it names no
    region: what a map zooms to (none: the whole country). Selected: the cercles the filters let
    through, shaded with their value; the others are drawn 'not selected' (grey, no number)."""
    filters = filters or Filters()
    codes, parents = cercles["cercle_code"], cercles["iso_code"]
    regions = set(filters.regions) or set(parents[codes.isin(filters.cercles)].dropna())
    in_view = parents.isin(regions)
    selected = pd.Series(True, index=cercles.index)
    if filters.regions:
        selected &= parents.isin(filters.regions)
    if filters.cercles:
        selected &= codes.isin(filters.cercles)
    return in_view, selected


def cercle_values(summary: pd.DataFrame, cercles: pd.DataFrame, measure: str, selected: pd.Series):
    """Each cercle's value of `measure` (0 where no record gives it; None where not selected) and
    the Shading (geo.render.style) of the selected ones. `summary`: geo.model.summary.cercle_summary."""
    values = summary[measure] if measure in summary else pd.Series(dtype=float)
    found = values.reindex(cercles["cercle_code"]).fillna(0).to_numpy()
    shade = shading(found[selected.to_numpy()])
    return pd.Series([float(v) if chosen else None for v, chosen in zip(found, selected)], index=cercles.index,
                     dtype=object), shade


def cercle_features(summary: pd.DataFrame, display: gpd.GeoDataFrame, measure: str, lang: str,
                    selected: pd.Series) -> tuple[dict, list]:
    """GeoJSON of the cercles for the live map, each with its key (its code), its region's code, its
    value, fill and an escaped tooltip, and the legend rows [(colour, label)], as
    geo.render.style.region_features gives for the regions. `display`: the cercles simplified for
    drawing; `selected` as cercle_selection gives."""
    values, shade = cercle_values(summary, display, measure, selected)
    regions = summary.drop_duplicates("iso_code").set_index("iso_code")["region"] if "region" in summary else {}
    features = []
    for code, cercle, iso, geometry, value in zip(display["cercle_code"], display["cercle"], display["iso_code"],
                                                 display.geometry, values):
        if geometry is None or geometry.is_empty:
            continue
        region = regions.get(iso) if iso is not None else None
        words = {"cercle": esc(cercle), "region": esc(region or iso or "")}
        label = (t("popup.cercle_not_selected", lang, **words) if value is None else
                 t("popup.cercle_tooltip", lang, value=number(value, lang), **words))
        features.append({"type": "Feature", "geometry": geometry.__geo_interface__,
                         "properties": {"key": esc(code), "cercle_code": esc(code), "iso_code": esc(iso or ""),
                                        "region": esc(cercle), "value": value, "selected": value is not None,
                                        "label": label, "fill": NOT_SELECTED_FILL if value is None else shade.colour(value)}})
    legend = shade.legend(t("map.legend.zero", lang), lambda v: number(v, lang))
    if not selected.all():
        legend.append((NOT_SELECTED_FILL, t("map.legend.cercle_not_selected", lang)))
    return {"type": "FeatureCollection", "features": features}, legend


def outside_every_cercle(summary: pd.DataFrame, measure: str) -> float:
    """How much of `measure` no cercle holds (records placed only by their region, or outside every
    cercle): the "" row of geo.model.summary.cercle_summary, 0 when there is none."""
    if "" not in summary.index or measure not in summary:
        return 0.0
    value = summary.at["", measure]
    return float(value) if value == value else 0.0
