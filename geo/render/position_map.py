"""A map to place one record by clicking it (the record form, ui/record_form.py): Mali's regions of
the boundary set in use, outlined and named on hover, the record's point when it has one. No
basemap and Leaflet from geo/render/vendor, as every live map here (no internet in the field).
A click anywhere on it, on a region too, gives the point (streamlit-folium's last_clicked)."""
from __future__ import annotations

import folium
import geopandas as gpd

from geo.read.validate import MALI_BOUNDS
from geo.render.escape import esc
from geo.render.webmap import use_vendored_assets


def position_map(regions: gpd.GeoDataFrame, latitude: float | None = None, longitude: float | None = None,
                 label: str = "") -> folium.Map:
    """The regions (a display geometry: region, iso_code, geometry) fitted to Mali, and a marker at
    (latitude, longitude) when both are given, `label` its tooltip."""
    x0, y0, x1, y1 = MALI_BOUNDS
    m = folium.Map(location=[(y0 + y1) / 2, (x0 + x1) / 2], zoom_start=5, tiles=None, control_scale=True,
                   prefer_canvas=False)
    shapes = regions[["region", "geometry"]].assign(region=regions["region"].fillna(regions["iso_code"]).map(esc))
    folium.GeoJson(shapes.to_json(), name="regions",
                   style_function=lambda _: {"color": "#555555", "weight": 1, "fillColor": "#dadaeb", "fillOpacity": 0.35},
                   tooltip=folium.GeoJsonTooltip(fields=["region"], labels=False)).add_to(m)
    if latitude is not None and longitude is not None:
        # a vector marker: Leaflet's default one is a picture its CDN serves
        folium.CircleMarker([latitude, longitude], radius=8, color="#b2182b", weight=3, fill=True, fill_color="#ef8a62",
                            fill_opacity=0.9, tooltip=esc(label) if label else None).add_to(m)
    m.fit_bounds([[y0, x0], [y1, x1]])
    return use_vendored_assets(m)
