"""The live map (folium, Leaflet): regions shaded by a measure, and the records as symbols, built
offline. Colours, shapes and classes come from geo.render.style, so the slide map agrees with it;
Leaflet is inlined from geo/render/vendor/ because folium's CDN is unreachable in the field; every
text from the data goes through geo.render.escape before it reaches the page.

>>> from geo.model.dataset import load_dataset
>>> from geo.model.summary import region_summary
>>> from geo.read.boundaries import display_geometry
>>> ds = load_dataset()
>>> m = build_map(ds, region_summary(ds), display_geometry(ds.boundaries), "projects", "fr")
>>> len(map_html(m)) < 1_500_000
True
"""
from __future__ import annotations

import base64
import functools
import math
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.i18n import date_label, localised_value, number, qualified, t
from geo.messages import in_language
from geo.model.filters import Filters
from geo.model.locate import placed_only_by_region
from geo.model.summary import cercle_summary, region_summary
from geo.model.view import prepare_view
from geo.read.boundaries import display_geometry
from geo.render.areas import cercle_features, cercle_selection, outside_every_cercle, shades_cercles
from geo.render.escape import esc, script_json
from geo.render.reported import source_title
from geo.render.style import BORDER, SYMBOLS, label_anchors, readable_ink, region_features
from geo.render.words import date_line, describe_filters, measure_name
from geo.schema import ACTIVITY_TYPES, MEASURES, SITE_TYPES

VENDOR = Path(__file__).resolve().parent / "vendor"

LAYERS = ("regions", "cantonment", "moc", "cvr", "trainings")
MAX_MARKERS = 200        # per layer; beyond this, records are grouped on a coarser grid
MAX_PER_POPUP = 3
QUOTE_CHARS = 320


def svg_symbol(shape: str, colour: str, size: int = 22, label: str = "", hollow: bool = False) -> str:
    """An inline SVG symbol (no icon font or image: works offline). `hollow`: an outline only, for
    records placed at their region's representative point (approximate)."""
    s, h = size, size / 2
    stroke = 'stroke="#ffffff" stroke-width="2"' if colour != "#FFFFFF" else 'stroke="#000000" stroke-width="2"'
    if hollow:
        stroke, colour = f'stroke="{colour}" stroke-width="3"', "#FFFFFF"
    if shape == "square":
        body = f'<rect x="3" y="3" width="{s - 6}" height="{s - 6}" fill="{colour}" {stroke}/>'
    elif shape == "triangle":
        body = f'<polygon points="{h},2 {s - 2},{s - 3} 2,{s - 3}" fill="{colour}" {stroke}/>'
    elif shape == "diamond":
        body = f'<polygon points="{h},1 {s - 1},{h} {h},{s - 1} 1,{h}" fill="{colour}" {stroke}/>'
    else:
        body = f'<circle cx="{h}" cy="{h}" r="{h - 2}" fill="{colour}" {stroke}/>'
    text = ""
    if label:
        ink = readable_ink(colour)   # at least 4.5:1 on every symbol colour
        text = (f'<text x="{h}" y="{h + 4 if shape != "triangle" else h + 7}" text-anchor="middle" '
                f'font-size="{max(10, int(s / 2.2))}" font-weight="700" fill="{ink}" '
                f'font-family="sans-serif">{esc(label)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" viewBox="0 0 {s} {s}" aria-hidden="true" '
            f'focusable="false">{body}{text}</svg>')   # decorative: the marker's title or the legend's words name it


def aggregate_points(table: pd.DataFrame, max_markers: int = MAX_MARKERS) -> list[tuple[float, float, list]]:
    """Group located records by place, coarsening to a grid when there are too many places:
    [(lat, lon, [row label, ...]), ...]. Unlocated and hidden records are left out."""
    if table is None or len(table) == 0 or "latitude" not in table:
        return []
    lat = pd.to_numeric(table["latitude"], errors="coerce")
    lon = pd.to_numeric(table["longitude"], errors="coerce")
    ok = (lat.notna() & lon.notna()).to_numpy()
    if not ok.any():
        return []
    points = pd.DataFrame({"lat": lat.to_numpy()[ok], "lon": lon.to_numpy()[ok]})
    labels = table.index.to_numpy()[ok]
    cell = 0.0
    while True:
        if cell:
            keys = [np.floor(points["lat"] / cell), np.floor(points["lon"] / cell)]
        else:
            keys = [points["lat"].round(5), points["lon"].round(5)]
        grouped = points.groupby(keys, sort=False)
        if grouped.ngroups <= max_markers:
            break
        cell = 0.1 if not cell else cell * 2
    centres = grouped.mean()
    members = grouped.indices
    return [(float(c["lat"]), float(c["lon"]), list(labels[members[key]])) for key, c in centres.iterrows()]


def _facts(kind: str, row, lang: str) -> list[tuple[str, str]]:
    get = row.get

    def figure(column: str) -> str:   # with the word its source gives it ("more than 7,000")
        return qualified(get(column), get(f"{column}_qualifier"), lang)

    facts = []
    if kind == "cvr_projects":
        facts = [("field.partner", esc(get("partner"))), ("field.category", esc(localised_value(row, "category", lang))),
                 ("field.cost_xof", number(get("cost_xof"), lang)), ("field.beneficiaries", figure("beneficiaries")),
                 ("field.youth", figure("youth")), ("field.women", figure("women")),
                 ("field.members", number(get("members"), lang)),
                 ("field.date", esc(date_label(get("launch_date"), get("date_precision"), lang)))]
    elif kind == "trainings":
        activity = str(get("activity_type") or "training")
        facts = [("field.activity_type", t(f"activity.{activity}", lang) if activity in ACTIVITY_TYPES else esc(activity)),
                 ("field.organiser", esc(get("organiser"))), ("field.audience", esc(localised_value(row, "audience", lang))),
                 ("field.men", number(get("men"), lang)), ("field.women", number(get("women"), lang)),
                 ("field.total", figure("total")),
                 ("field.date", esc(date_label(get("date_start"), get("date_precision"), lang)))]
    else:
        site_type = get("site_type")
        facts = [("field.site_type", t(f"site_type.{site_type}", lang) if site_type in SITE_TYPES else esc(site_type)),
                 ("field.status", esc(localised_value(row, "status", lang))),
                 ("field.works", esc(get("works"))),
                 ("field.date", esc(date_label(get("date_start"), "day", lang)))]
    place = esc(", ".join(str(v) for v in (get("place"), get("region")) if _present(v)))
    if place and _present(get("place_inferred")):   # the source does not give it: said, with the reason
        place += f' <i>({t("place.inferred", lang)} : {esc(get("place_inferred"))})</i>' if lang == "fr" else \
            f' <i>({t("place.inferred", lang)}: {esc(get("place_inferred"))})</i>'
    facts.insert(0, ("field.place", place))
    return [(t(k, lang), v) for k, v in facts if v and v != "–"]


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value).strip() != ""


def record_html(kind: str, row, lang: str) -> str:
    """One record as escaped HTML: title, key facts, location note, source and quote."""
    title = row.get("title") if _present(row.get("title")) else row.get("name")
    lines = [f'<div class="rec"><b>{esc(title)}</b>']
    lines += [f"<br>{label} : {value}" if lang == "fr" else f"<br>{label}: {value}" for label, value in _facts(kind, row, lang)]
    if bool(row.get("approximate")):
        lines.append(f'<br><i>{t("popup.approximate", lang)}</i>')
    within = uncertainty(row)
    if within:
        lines.append(f'<br><i>{t("popup.within", lang, km=number(within[0], lang), place=esc(within[1]))}</i>')
        if _present(row.get("near_quote")):
            lines.append(f'<br><q style="font-style:italic">{esc(row.get("near_quote"))}</q>')
    if row.get("submission_status") == "pending":
        lines.append(f'<br><b>{t("popup.pending", lang, id=esc(row.get("submission_id")))}</b>')
    quote = str(row.get("source_quote") or "")
    if quote and quote.lower() != "nan":
        quote = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS].rstrip() + "…"
        source = esc(source_title(row.get("source_doc"), lang))
        lines.append(f'<br><span style="color:#444">{t("popup.source", lang)} : {source}</span>'
                     f'<br><q style="font-style:italic">{esc(quote)}</q>')
    lines.append("</div>")
    return "".join(lines)


def uncertainty(row) -> tuple[float, str] | None:
    """(radius in km, the place it is measured from) for a record placed by a distance its source
    gives ("à environ 25 km de la ville de Kidal"); None otherwise."""
    if str(row.get("location_source")) != "near_place":
        return None
    try:
        km = float(row.get("radius_km"))
    except (TypeError, ValueError):
        return None
    return (km, str(row.get("near_place"))) if km == km and km > 0 else None


def group_popup(kind: str, records: dict, rows: list, lang: str) -> str:
    """The popup of one symbol: up to MAX_PER_POPUP records (`records`: row label -> record dict)."""
    head = f"<b>{t('popup.records', lang, count=len(rows))}</b><hr>" if len(rows) > 1 else ""
    body = "<hr>".join(record_html(kind, records[r], lang) for r in rows[:MAX_PER_POPUP])
    more = f"<hr>{t('popup.more', lang, count=len(rows) - MAX_PER_POPUP)}" if len(rows) > MAX_PER_POPUP else ""
    return f'<div style="font-size:14px;max-height:320px;overflow:auto">{head}{body}{more}</div>'


# pixel offsets so that symbols of different kinds at one place (a town) stay visible side by side
OFFSETS = {"cvr_projects": (0, 0), "trainings": (16, 0), "cantonment": (-16, 0), "moc_camp": (0, 16), "site_count": (0, -20)}


class SymbolLayer(JSCSSMixin, folium.FeatureGroup):
    """One toggleable layer of symbols drawn in the browser from a compact list of points
    [lat, lon, count, tooltip html, popup html, approximate, name] (all text already escaped; approximate
    points are drawn as outlines; `name`, plain text, is the marker's name for a screen reader and
    its hover title): one script for the
    whole layer instead of one per marker, which keeps the page small and quick to build.
    `cluster` groups nearby symbols with Leaflet.markercluster."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {% if this.cluster %}L.markerClusterGroup({{ this.cluster_options|tojson }})
            {%- else %}L.featureGroup(){% endif %};
        (function(layer, points, symbols, size, dx, dy, numbered) {
            var one = symbols[0], many = symbols[1], hollowOne = symbols[2], hollowMany = symbols[3];
            points.forEach(function(p) {
                var grouped = numbered || p[2] > 1;
                var s = grouped ? size + 8 : size;
                var html = p[5] ? (grouped ? hollowMany : hollowOne) : (grouped ? many : one);
                var icon = L.divIcon({html: grouped ? html.replace('__N__', String(p[2])) : html, className: 'geo-symbol',
                                      iconSize: [s, s], iconAnchor: [s / 2 - dx, s / 2 - dy]});
                var marker = L.marker([p[0], p[1]], {icon: icon, title: p[6], keyboard: true});
                marker.bindTooltip(p[3]);
                marker.bindPopup(p[4], {maxWidth: 420});
                layer.addLayer(marker);
            });
        })({{ this.get_name() }}, {{ this.points_json }}, {{ this.symbols_json }}, {{ this.size }}, {{ this.dx }},
           {{ this.dy }}, {{ this.numbered|tojson }});
        {{ this.get_name() }}.geoSymbols = true;   // the layout keeps every box off these
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
    """)
    default_js: list = []
    default_css: list = []

    def __init__(self, name: str, symbol: str, points: list, cluster: bool = False, numbered: bool = False, size: int = 22):
        super().__init__(name=name)
        self._name = "SymbolLayer"
        shape, colour = SYMBOLS[symbol]
        self.symbols_json = script_json([svg_symbol(shape, colour, size), svg_symbol(shape, colour, size + 8, "__N__"),
                                         svg_symbol(shape, colour, size, hollow=True),
                                         svg_symbol(shape, colour, size + 8, "__N__", hollow=True)])
        self.points_json = script_json(points)
        self.size, self.numbered, self.cluster = size, numbered, cluster
        self.dx, self.dy = OFFSETS[symbol]
        self.cluster_options = {"showCoverageOnHover": False, "maxClusterRadius": 40}
        if cluster:
            self.default_js = [("markerclusterjs", _data_uri("leaflet.markercluster.js", "text/javascript"))]
            self.default_css = [("markerclustercss", _data_uri("MarkerCluster.css", "text/css")),
                                ("markerclusterdefaultcss", _data_uri("MarkerCluster.Default.css", "text/css"))]


def _points_layer(kind: str, symbol: str, table: pd.DataFrame, name: str, lang: str, cluster: bool = False) -> SymbolLayer:
    groups = aggregate_points(table)
    shown = list(dict.fromkeys(r for _, _, rows in groups for r in rows[:MAX_PER_POPUP]))
    columns = [c for c in table.columns if c != table.geometry.name] if hasattr(table, "geometry") else list(table.columns)
    records = table.loc[shown, columns].to_dict("index") if shown else {}   # one look-up, not one per record
    approx = table["approximate"].fillna(False).astype(bool) if "approximate" in table else pd.Series(dtype=bool)
    points = []
    for lat, lon, rows in groups:
        first = records[rows[0]]
        title = first.get("title") if _present(first.get("title")) else first.get("name")
        tooltip = esc(title) if len(rows) == 1 else t("popup.records", lang, count=len(rows))
        approximate = bool(approx.loc[rows].all()) if len(approx) else False
        what = (str(title) if _present(title) else "") if len(rows) == 1 else t("popup.records", lang, count=len(rows))
        spoken = f"{name}: {what}"
        points.append([round(lat, 5), round(lon, 5), len(rows), tooltip, group_popup(kind, records, rows, lang), approximate,
                       spoken])
    return SymbolLayer(name, symbol, points, cluster=cluster)


class LabelLayer(MacroElement):
    """Names written on the map (regions, with their value; places of the records), so that the map
    reads without a basemap or a hover. Text only: not clickable, not a keyboard stop, and hidden
    from screen readers (the regions' shapes and the markers carry the same words). Where each
    name goes, and which yield, is decided in the browser after every zoom (map_layout.js): `kind`
    'region' names are placed first, inside their region, then 'place' names beside their symbols.
    `labels`: [lat, lon, escaped html, css class, region code or '']."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        {{ this.labels_json }}.forEach(function(l) {
            var icon = L.divIcon({html: '<span aria-hidden="true">' + l[2] + '</span>', className: l[3],
                                  iconSize: null, iconAnchor: [0, 0]});
            {{ this.get_name() }}.addLayer(L.marker([l[0], l[1]], {icon: icon, interactive: false, keyboard: false,
                                                                 geoKey: l[4]}));
        });
        {{ this._parent.get_name() }}.geoLabelLayers = ({{ this._parent.get_name() }}.geoLabelLayers || []).concat(
            [{layer: {{ this.get_name() }}, kind: {{ this.kind|tojson }}}]);
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
    """)

    def __init__(self, name: str, labels: list, kind: str, show: bool = True):
        super().__init__()
        self._name = "LabelLayer"
        self.layer_name, self.labels_json, self.kind, self.show = name, script_json(labels), kind, show


# A name is a box of its own (absolutely placed: the layout script moves it, measured, off the rest);
# until the script has run, a region's name is centred on its point and a place's name sits right of it.
LABEL_CSS = """<style>
.geo-region-label span, .geo-place-label span { position: absolute; left: 0; top: 0; display: block;
  transform: translate(-50%, -50%); white-space: nowrap; text-align: center; font: 700 15px/1.15 sans-serif;
  color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.geo-region-label.outside span { color: #4d4d4d; font-weight: 600; }
.geo-place-label span { transform: translate(14px, -50%); font: italic 600 13px/1.1 sans-serif; color: #222;
  text-align: left; }
.geo-leader { position: absolute; left: 0; top: 0; width: 1px; height: 1px; overflow: visible; pointer-events: none; }
.geo-phone .geo-region-label span { font-size: 13px; line-height: 1.05; }
.geo-phone .geo-place-label span { font-size: 12px; }
</style>"""
FOLD_CSS = """<style>
#map_div.leaflet-container { height: 100vh !important; }  /* in the app: the frame's height, as the page sets it */
.leaflet-control-layers-toggle { background-image: none !important; width: auto !important; height: auto !important;
  padding: 6px 10px; font: 600 15px sans-serif; color: #111; text-decoration: none; }
.leaflet-control-layers-toggle::after { content: "LAYERS"; }
.geo-legend.folded > *:not(:first-child) { display: none; }
.geo-legend.foldable { cursor: pointer; }
.leaflet-container .leaflet-control-attribution { max-width: 320px; box-sizing: border-box; }
.geo-column .leaflet-control-attribution { max-width: none; }
</style>"""
MAX_PLACE_LABELS = 40    # beyond this, place names would cover the map: the markers' names remain


def region_labels(data: dict, display: gpd.GeoDataFrame, lang: str, key: str = "iso_code") -> list:
    """[lat, lon, html, class, region code] per region: name and value at its label anchor (inside the
    region: geo.render.style.label_anchors); a region too small to hold it (Bamako) has it beside;
    with no record, or outside the filter (in grey), the name only. The smaller regions come first:
    they have the fewest places for their name, and the browser places names in this order.
    `key` "cercle_code": the same for the cercles of `display` (geo.render.areas.cercle_features);
    a feature `display` does not hold gets no name."""
    anchors, small = label_anchors(display, key)
    area = pd.Series(shapely.area(display.geometry.to_numpy()), index=display[key].to_numpy())
    labels = []
    for feature in data["features"]:
        props = feature["properties"]
        iso = props[key]
        if iso not in anchors.index:
            continue
        point = anchors[iso]
        counted = props["selected"] and props["value"]   # a zero reads from the fill and the legend
        text = f"{props['region']}<br>{number(props['value'], lang)}" if counted else props["region"]
        css = "geo-region-label" + ("" if props["selected"] else " outside") + (" geo-small-label" if small[iso] else "")
        labels.append((not small[iso], float(area.get(iso, 0)), [round(point.y, 4), round(point.x, 4), text, css, iso]))
    return [label for _, _, label in sorted(labels, key=lambda entry: entry[:2])]


def region_name_labels(display: gpd.GeoDataFrame) -> list:
    """[lat, lon, html, class, region code] per region, its name only (over the cercles of the whole
    country, which are not named there: there are too many)."""
    anchors, small = label_anchors(display)
    return [[round(anchors[iso].y, 4), round(anchors[iso].x, 4), esc(region),
             "geo-region-label" + (" geo-small-label" if small[iso] else ""), esc(iso)]
            for iso, region in zip(display["iso_code"], display["region"]) if iso in anchors.index]


def place_labels(tables: list[pd.DataFrame]) -> list:
    """[lat, lon, html, class, ''] per named place of the drawn records, the places with the most
    records first (the browser drops the names it has no room for, in reverse order); none when there
    are more than MAX_PLACE_LABELS places (the map would be covered)."""
    seen: dict[str, tuple[float, float]] = {}
    records: dict[str, int] = {}
    for table in tables:
        if not len(table) or "place" not in table or "latitude" not in table:
            continue
        lat, lon = pd.to_numeric(table["latitude"], errors="coerce"), pd.to_numeric(table["longitude"], errors="coerce")
        for place, y, x in zip(table["place"], lat, lon):
            if _present(place) and y == y and x == x:
                seen.setdefault(str(place), (float(y), float(x)))
                records[str(place)] = records.get(str(place), 0) + 1
    if len(seen) > MAX_PLACE_LABELS:
        return []
    ranked = sorted(seen, key=lambda place: -records[place])
    return [[round(seen[p][0], 5), round(seen[p][1], 5), esc(p), "geo-place-label", ""] for p in ranked]


class MapNote(MacroElement):
    """A box of (already escaped) HTML drawn on the map as a Leaflet control."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var note = L.control({position: {{ this.position|tojson }}});
            note.onAdd = function() {
                var div = L.DomUtil.create('div', 'geo-map-note' + ({{ this.legend|tojson }} ? ' geo-legend' : ''));
                div.style.cssText = 'background:rgba(255,255,255,0.93);padding:6px 10px;border-radius:6px;'
                    + 'box-shadow:0 1px 4px rgba(0,0,0,.35);font:14px/1.3 sans-serif;max-width:300px;color:#111';
                div.innerHTML = {{ this.content_json }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            note.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, content: str, position: str = "bottomright", legend: bool = False):
        super().__init__()
        self._name = "MapNote"
        self.legend = legend
        self.content_json = script_json(content)
        self.position = position


def _by_region_only(dataset, layers, public: bool) -> dict[str, list[str]]:
    """{region code: names} of the shown records placed only by their region (not drawn as points):
    a site's name, a project's or a session's place."""
    tables = [dataset.cvr_projects if "cvr" in layers else None, dataset.trainings if "trainings" in layers else None]
    if not public and ("cantonment" in layers or "moc" in layers):
        tables.append(dataset.sites)
    out: dict[str, list[str]] = {}
    for table in tables:
        if table is None or not len(table) or "assigned_iso" not in table:
            continue
        part = table[placed_only_by_region(table)]
        # a site by its name; a project or a session by its place (their titles are sentences)
        names = part["name"] if "name" in part else part.get("place", pd.Series(None, index=part.index, dtype=object))
        for code, name in zip(part["assigned_iso"], names):
            if isinstance(code, str) and isinstance(name, str):
                out.setdefault(code, []).append(name)
    return out


def _uncertainty_layer(point_layers, layers, public: bool, lang: str) -> folium.FeatureGroup | None:
    """A dashed circle around each record placed by a distance its source gives, of that radius."""
    group = folium.FeatureGroup(name=t("map.layer.uncertainty", lang))
    drawn = 0
    for layer, kind, _, table, _, _ in point_layers:
        if layer not in layers or (public and kind == "sites") or not len(table) or "location_source" not in table:
            continue
        for _, row in table[table["location_source"].astype(str).eq("near_place")].iterrows():
            within = uncertainty(row)
            if within is None:
                continue
            text = t("popup.within", lang, km=number(within[0], lang), place=esc(within[1]))
            folium.Circle([float(row["latitude"]), float(row["longitude"])], radius=within[0] * 1000, color="#444444",
                          weight=2, dash_array="6 6", fill=False, tooltip=f"{esc(row.get('title') or row.get('name'))}"
                          f" — {text}").add_to(group)
            drawn += 1
    return group if drawn else None


class Layout(MacroElement):
    """Where the controls, the country and the names go, in the browser (geo/render/map_layout.js):
    the country fitted as large as the frame allows with no box over a region or a symbol, again
    whenever the frame changes size; on a frame narrower than PHONE_PX (or too short for every box)
    the layers and the legend folded and the boxes in one column; the names placed after every zoom
    so that none overlaps another, a symbol or a box. Added last, once every layer and box is on the
    map."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        ({{ this.code }})({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, bounds, keys=None):
        super().__init__()
        self._name = "Layout"
        self.code = _layout_script()
        # `keys`: the areas the fit keeps every box off (None: all), the cercles zoomed to
        self.options = {"bounds": bounds, "phone": PHONE_PX, "keys": keys}


PHONE_PX = 600   # a map frame narrower than this is laid out for a phone


@functools.cache
def _layout_script() -> str:
    return (Path(__file__).resolve().parent / "map_layout.js").read_text(encoding="utf-8")


class Attribution(MacroElement):
    """Add (escaped) text to the map's attribution control: the data credits with no basemap."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
        {% endmacro %}
    """)

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text_json = script_json(text)


@functools.cache
def _data_uri(name: str, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode((VENDOR / name).read_bytes()).decode("ascii")


# folium builds popup contents with jQuery's $(html); this is the one piece of jQuery it needs.
POPUP_SHIM = ("window.$ = window.$ || function (html) { var t = document.createElement('template'); "
              "t.innerHTML = String(html).trim(); return t.content.firstChild; };")


def use_vendored_assets(m: folium.Map) -> folium.Map:
    """Point the map and the cluster plugin at the vendored Leaflet files (no CDN, no jQuery,
    no Bootstrap: the map uses none of them)."""
    m.default_js = [("leaflet", _data_uri("leaflet.js", "text/javascript")),
                    ("popup_shim", "data:text/javascript;base64," + base64.b64encode(POPUP_SHIM.encode()).decode())]
    m.default_css = [("leaflet_css", _data_uri("leaflet.css", "text/css"))]
    return m


def build_map(dataset, summary: pd.DataFrame, display: gpd.GeoDataFrame, measure: str, lang: str,
              layers=LAYERS, basemap: str | None = None, public: bool = False,
              focus: tuple[str, ...] = (), height: int = 720, level: int = 1,
              cercle_focus: tuple[str, ...] = (), cercles: gpd.GeoDataFrame | None = None) -> folium.Map:
    """The map for `dataset` (already filtered and, in public mode, redacted).

    `summary` is geo.model.locate.region_summary of the dataset; `display` the simplified boundaries
    (geo.read.boundaries.display_geometry); `basemap` None draws no tiles (works offline) or "osm".
    `focus`: the filter's region codes, outlined; the other regions are drawn 'not selected' (grey,
    no number), and the whole country stays in view.

    `level` 2 (or a `cercle_focus`, the filter's cercle codes) shades the cercles when the set has
    them (geo.render.areas.shades_cercles), under the regions' borders: with a region in focus the
    map is fitted to its cercles, each named with its value, the filter's cercles outlined.
    `cercles`: the set's cercles simplified for drawing (default: display_geometry of them).
    """
    # the whole country stays in view (or, at the cercles' level, the region in focus), fitted by
    # the layout script once the frame has its size (a fit here would be animated, and would end
    # after it); the filter's regions are outlined, the others 'not selected'
    x0, y0, x1, y1 = (float(v) for v in display.total_bounds)
    filters = Filters(regions=tuple(focus or ()), cercles=tuple(cercle_focus or ()))
    by_cercle = "regions" in layers and shades_cercles(dataset, filters, level, measure, public)
    fit_keys = None
    if by_cercle:
        cercles = cercles if cercles is not None else display_geometry(dataset.cercles)
        in_view, selected = cercle_selection(cercles, filters)
        if in_view.any():
            x0, y0, x1, y1 = (float(v) for v in cercles[in_view].total_bounds)
            fit_keys = [esc(c) for c in cercles.loc[in_view, "cercle_code"]]
    m = folium.Map(location=[(y0 + y1) / 2, (x0 + x1) / 2], zoom_start=5, tiles=None, control_scale=True,
                   prefer_canvas=False, height=height, zoom_snap=0.25)
    m.options.update(minZoom=4, maxZoom=14)  # the cluster plugin needs the map's own maxZoom
    if basemap == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False).add_to(m)
    m.get_root().header.add_child(folium.Element(LABEL_CSS + FOLD_CSS.replace("LAYERS", esc(t("map.layers", lang)))))

    measure_name = t(f"measure.{measure}", lang)
    legend = [f"<b>{t('map.legend', lang)}</b>"]
    if by_cercle:
        table = cercle_summary(dataset)
        data, classes = cercle_features(table, cercles, measure, lang, selected)
        outlined = set(filters.cercles)
        folium.GeoJson(
            data, name=t("map.layer.cercles", lang, measure=measure_name),
            style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.85,
                                      "className": "geo-region geo-cercle",   # the areas the layout names and fits
                                      "color": "#000000" if f["properties"]["key"] in outlined else BORDER,
                                      "weight": 3.5 if f["properties"]["key"] in outlined else 0.8},
            highlight_function=lambda f: {"weight": 4, "color": "#000000"},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, style="font-size:16px"),
        ).add_to(m)
        chosen = set(focus or ())
        folium.GeoJson(   # the regions' borders over their cercles: a line only, clicks go through
            boundaries_lines(display), name=t("map.layer.region_borders", lang), control=False, interactive=False,
            style_function=lambda f: {"fill": False, "className": "geo-border",
                                      "color": "#000000" if f["properties"]["iso_code"] in chosen else "#333333",
                                      "weight": 3.5 if f["properties"]["iso_code"] in chosen else 2.2},
        ).add_to(m)
        names = (region_labels(data, cercles[in_view], lang, key="cercle_code") if in_view.any()
                 else region_name_labels(display))
        LabelLayer(t("map.layer.cercle_names" if in_view.any() else "map.layer.region_names", lang), names,
                   "region").add_to(m)
        legend.append(f"<div style='margin-top:4px'>{esc(t('map.legend.by_cercle', lang, measure=measure_name))}</div>")
        legend += [f"<div><span aria-hidden='true' style='display:inline-block;width:18px;height:14px;background:{c};"
                   f"border:1px solid {BORDER};margin-right:6px;vertical-align:middle'></span>{label}</div>"
                   for c, label in classes]
        outside = outside_every_cercle(table, measure)
        if outside:
            legend.append(f"<div style='max-width:260px'><i>{t('map.no_cercle', lang, value=number(outside, lang))}"
                          f"</i></div>")
    elif "regions" in layers:
        data, classes = region_features(summary, display, measure, lang, _by_region_only(dataset, layers, public),
                                        selected=focus)
        chosen = set(focus or ())
        folium.GeoJson(
            data, name=t("map.layer.regions", lang, measure=measure_name),
            style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.85, "className": "geo-region",
                                      "color": "#000000" if f["properties"]["iso_code"] in chosen else BORDER,
                                      "weight": 3.5 if f["properties"]["iso_code"] in chosen else 1.5},
            highlight_function=lambda f: {"weight": 4, "color": "#000000"},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, style="font-size:16px"),
        ).add_to(m)
        LabelLayer(t("map.layer.region_names", lang), region_labels(data, display, lang), "region").add_to(m)
        legend.append(f"<div style='margin-top:4px'>{esc(measure_name)}</div>")
        legend += [f"<div><span aria-hidden='true' style='display:inline-block;width:18px;height:14px;background:{c};"
                   f"border:1px solid {BORDER};margin-right:6px;vertical-align:middle'></span>{label}</div>"
                   for c, label in classes]

    sites = dataset.sites
    kinds = sites["site_type"] if len(sites) and "site_type" in sites else pd.Series(dtype=object)
    point_layers = [
        ("cantonment", "sites", "cantonment", sites[kinds.eq("cantonment")] if len(sites) else sites,
         "map.layer.cantonment", False),
        ("moc", "sites", "moc_camp", sites[kinds.eq("moc_camp")] if len(sites) else sites, "map.layer.moc", False),
        ("cvr", "cvr_projects", "cvr_projects", dataset.cvr_projects, "map.layer.cvr", True),
        ("trainings", "trainings", "trainings", dataset.trainings, "map.layer.trainings", False),
    ]
    any_approximate, by_region_only, drawn = False, 0, []
    for layer, kind, symbol, table, label_key, cluster in point_layers:
        if layer not in layers or (public and kind == "sites"):
            continue
        region_only = placed_only_by_region(table) if len(table) else pd.Series(dtype=bool)
        by_region_only += int(region_only.sum())
        table = table[~region_only] if len(table) else table
        drawn.append(table)
        _points_layer(kind, symbol, table, t(label_key, lang), lang, cluster=cluster).add_to(m)
        shape, colour = SYMBOLS[symbol]
        legend.append(f"<div>{svg_symbol(shape, colour, 18)} {t(label_key, lang)}</div>")
        any_approximate |= bool(len(table)) and "approximate" in table and bool(table["approximate"].fillna(False).any())
    if any_approximate:
        legend.append(f"<div>{svg_symbol('circle', '#555555', 18, hollow=True)} {t('export.approximate', lang)}</div>")
    places = place_labels(drawn)
    if places:
        LabelLayer(t("map.layer.place_names", lang), places, "place").add_to(m)
    circles = _uncertainty_layer(point_layers, layers, public, lang)
    if circles is not None:
        circles.add_to(m)
        legend.append(f"<div><span style='display:inline-block;width:16px;height:16px;border:2px dashed #444;"
                      f"border-radius:50%;margin-right:6px;vertical-align:middle'></span>{t('export.uncertainty', lang)}</div>")
    if by_region_only:   # counted in the shading, never drawn at a point that is not their place
        words = t("map.region_only_cercles" if by_cercle else "map.region_only", lang, count=by_region_only)
        legend.append(f"<div style='max-width:260px'><i>{words}</i></div>")

    if public and ("cantonment" in layers or "moc" in layers):
        anchors = display.set_index("iso_code").geometry.representative_point()
        points = []
        for iso, count in summary.get("sites", pd.Series(dtype=int)).items():
            if count and iso in anchors.index:
                text = t("popup.sites_in_region", lang, count=int(count), region=esc(summary.loc[iso, "region"]))
                points.append([round(anchors[iso].y, 4), round(anchors[iso].x, 4), int(count), text, text])
        SymbolLayer(t("map.layer.site_counts", lang), "site_count", points, numbered=True, size=24).add_to(m)
        shape, colour = SYMBOLS["site_count"]
        legend.append(f"<div>{svg_symbol(shape, colour, 18, 'n')} {t('map.layer.site_counts', lang)}</div>")
        legend.append(f"<div style='max-width:260px'><i>{t('map.public_counts', lang)}</i></div>")

    missing = list(dataset.boundary_info.get("missing_regions") or [])
    if missing:
        present = [r for r in missing if r in set(summary["region"])] if "region" in summary else []
        parts = []
        for region in missing:
            row = summary[summary["region"].eq(region)] if "region" in summary else pd.DataFrame()
            value = float(row[measure].iloc[0]) if len(row) and measure in row else 0.0
            colon = " : " if lang == "fr" else ": "
            shown = f" ({esc(measure_name)}{colon}{number(value, lang)})" if value and region in present else ""
            parts.append(esc(region) + shown)
        MapNote("⚠ " + t("map.missing_regions", lang, regions=", ".join(parts)), "bottomleft").add_to(m)
    MapNote("".join(legend), "bottomright", legend=True).add_to(m)
    Attribution(esc(t("map.attribution", lang, boundaries=dataset.boundary_info.get("name", "")))
                + " " + esc(in_language(dataset.boundary_info.get("licence", ""), lang))).add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    Layout([[y0, x0], [y1, x1]], fit_keys).add_to(m)
    return use_vendored_assets(m)


def boundaries_lines(display: gpd.GeoDataFrame) -> dict:
    """GeoJSON of the regions' polygons with their code only (drawn as lines over the cercles)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": geometry.__geo_interface__, "properties": {"iso_code": esc(iso)}}
        for iso, geometry in zip(display["iso_code"], display.geometry) if geometry is not None and not geometry.is_empty]}


def map_html(m: folium.Map) -> str:
    """The whole map as one self-contained HTML page (what a browser would load)."""
    return m.get_root().render()


def html_map_bytes(dataset, filters: Filters | None = None, lang: str = "fr", measure: str = "projects",
                   public: bool | None = None, level: int = 1) -> bytes:
    """The filtered map as one self-contained HTML page (UTF-8 bytes): regions shaded by `measure`,
    record markers with their source quotes, title, filters and data date. Built with the app's
    map (geo.render.webmap.build_map), Leaflet inlined, no tiles: it opens offline from an email.
    All text from the data is escaped. In public mode sites appear only as counts per region and
    the other markers sit at coordinates rounded to 0.1 degree. `level` 2, or a cercle filter,
    shades the cercles when the boundary set has them (geo.render.areas).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure '{measure}' is not available; use one of {', '.join(MEASURES)}.")
    view = prepare_view(dataset, filters, public)
    data = view.dataset
    m = build_map(data, region_summary(data), display_geometry(data.boundaries), measure, lang, public=view.public,
                  focus=view.filters.regions, height=900, level=level, cercle_focus=view.filters.cercles)
    by_cercle = shades_cercles(data, view.filters, level, measure, view.public)
    title = t("export.map_title_cercles" if by_cercle else "export.map_title", lang, measure=measure_name(measure, lang))
    MapNote(f"<b style='font-size:18px'>{esc(title)}</b><br>{esc(describe_filters(view.filters, lang, data.cercles))}"
            f"<br><span style='color:#555'>{esc(date_line(data, lang))}</span>", "topleft").add_to(m)
    page = map_html(m)
    page = page.replace("<head>", f"<head><title>{esc(title)}</title>", 1)
    page = page.replace("<html>", f'<html lang="{"fr" if lang == "fr" else "en"}">', 1)
    return page.encode("utf-8")
