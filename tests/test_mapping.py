"""The folium map: offline, escaped, public mode keeps site positions out, sized for the web."""
import json
import re

import pandas as pd
import pytest

from geo.i18n import number, t
from geo.model.dataset import add_records
from geo.model.public import apply_public_mode
from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry
from geo.read.validate import validate_file
from geo.render.escape import esc
from geo.render.style import RAMP, SYMBOLS, shading
from geo.render.webmap import aggregate_points, build_map, map_html

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def display(dataset):
    return display_geometry(dataset.boundaries)


def shows(html, text):
    """Text is in the page as is, or inside a JSON string (Jinja's tojson escapes <, >, & and ')."""
    encoded = json.dumps(text)[1:-1]
    jinja = (encoded.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
             .replace("'", "\\u0027"))
    return text in html or encoded in html or jinja in html


def html_of(dataset, display, **kwargs):
    return map_html(build_map(dataset, region_summary(dataset), display, kwargs.pop("measure", "projects"), "fr", **kwargs))


def hostile_dataset(dataset, tmp_path):
    path = tmp_path / "hostile.csv"
    pd.DataFrame([{"title": HOSTILE, "place": "Gao", "region": "Gao", "partner": "<b>NGO</b>",
                   "cost_xof": 1000, "launch_date": "2017-08-01",
                   "source_quote": "`${alert(2)}` <img src=x onerror=alert(3)>"}]).to_csv(path, index=False)
    report = validate_file(path, kind="cvr_projects", boundaries=dataset.boundaries)
    assert report.accepted_count == 1
    return add_records(dataset, report)


def test_the_map_needs_no_internet(dataset, display):
    html = html_of(dataset, display)
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "L.map(" in html and "data:text/javascript;base64," in html
    assert "tile.openstreetmap" not in html            # no basemap by default


def test_osm_basemap_is_a_choice(dataset, display):
    assert "tile.openstreetmap.org" in html_of(dataset, display, basemap="osm")


def test_data_text_is_escaped_in_popups_and_tooltips(dataset, display, tmp_path):
    html = html_of(hostile_dataset(dataset, tmp_path), display)
    assert HOSTILE not in html
    assert shows(html, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<img src=x" not in html and "<b>NGO</b>" not in html
    assert "${alert(2)}" not in html                  # no template-string injection in folium's JS


def test_map_shows_scale_legend_attribution_and_missing_regions(dataset, display):
    html = html_of(dataset, display)
    assert '"controlScale": true' in html or "control.scale" in html
    assert shows(html, "Légende")
    assert "Natural Earth" in html and "GeoNames" in html
    assert shows(html, "Ménaka") and shows(html, "Taoudénit")   # absent from the boundary set, said on the map


def test_public_mode_draws_no_site_marker(dataset, display):
    public = apply_public_mode(dataset, enabled=True)
    internal_html = html_of(dataset, display, measure="sites")
    html = html_of(public, display, measure="sites", public=True)
    for name in ("Likrakar", "Tessalit", "MOC Gao"):
        assert name in internal_html
        assert name not in html
    assert shows(html, "sites dans la région")             # counts per region instead
    # no site's coordinates either, though CVR projects and trainings share towns with the camps
    placed = dataset.sites[dataset.sites["latitude"].notna()]
    values = set(placed["latitude"].astype(float)) | set(placed["longitude"].astype(float))
    digits = [f"{v:.{d}f}" for v in values for d in (3, 4, 5)]
    assert any(d in internal_html for d in digits)
    assert not [d for d in digits if re.search(r"(?<![\d.])" + re.escape(d) + r"(?!\d)", html)]


def test_points_are_grouped_when_too_many():
    table = pd.DataFrame({"latitude": [14 + i * 0.001 for i in range(1000)], "longitude": [-4.0] * 1000})
    groups = aggregate_points(table, max_markers=50)
    assert len(groups) <= 50
    assert sum(len(rows) for _, _, rows in groups) == 1000
    assert aggregate_points(pd.DataFrame({"latitude": [None], "longitude": [None]})) == []


def test_classes_and_colours():
    assert [c.high for c in shading([0, 1, 2, 0, 14]).classes] == [1.0, 2.0, 14.0]
    breaks = shading(range(100))
    assert len(breaks.classes) == len(RAMP) and breaks.classes[-1].high == 99   # one class per ramp colour
    assert breaks.colour(0) != breaks.colour(99)
    labels = [label for _, label in shading([2.0, 0]).legend(t("map.legend.zero", "en"), lambda v: number(v, "en"))]
    assert labels == ["0 or not given", "2"]              # the lightest fill: nothing counted, or no figure (unknown)
    assert len({colour for _, colour in SYMBOLS.values()}) == len(SYMBOLS)
    assert len({shape for shape, _ in SYMBOLS.values()}) >= 4


def test_esc_neutralises_html_and_js_templates():
    assert esc("<a>`${x}`") == "&lt;a&gt;&#96;&#36;&#123;x&#125;&#96;"
    assert esc("{{ 7*7 }} {% raw %} 5 %") == "&#123;&#123; 7*7 &#125;&#125; &#123;&#37; raw &#37;&#125; 5 &#37;"
    assert esc(None) == "" and esc(float("nan")) == ""


def test_leaflet_is_vendored_inside_geo_with_its_licences():
    """geo/ is the domain and never reads from ui/: the map's Leaflet files and their licences sit in geo/vendor/."""
    from pathlib import Path

    import geo.render.webmap

    vendor = Path(geo.render.webmap.__file__).parent / "vendor"
    assert vendor == geo.render.webmap.VENDOR
    for name in ("leaflet.js", "leaflet.css", "leaflet.markercluster.js", "LICENSE-leaflet",
                 "LICENSE-leaflet.markercluster"):
        assert (vendor / name).is_file(), name
    sources = "".join(p.read_text(encoding="utf-8") for p in vendor.parent.glob("*.py"))
    assert '"ui"' not in sources and "from ui" not in sources and "import streamlit" not in sources


def test_records_placed_only_by_their_region_are_counted_not_drawn(dataset, display):
    """Likrakar and Ber (no gazetteer entry) would sit at Tombouctou's representative point, north
    of Araouane in Taoudénit's land, and Fafa at Gao's, in Ménaka's: they are counted in their
    region's shading and the legend says how many, but no point pretends to be their place."""
    from geo.model.summary import region_summary
    from geo.render.slide_map import marker_layers
    from geo.render.webmap import SymbolLayer, build_map, map_html

    m = build_map(dataset, region_summary(dataset), display, "sites", "fr")
    drawn = {p[3] for child in m._children.values() if isinstance(child, SymbolLayer) for p in json.loads(child.points_json)}
    assert "Tessalit" in drawn and not {"Likrakar", "Ber", "Fafa"} & drawn
    assert region_summary(dataset).loc["ML-6", "cantonment_sites"] == 2          # still counted: Likrakar, Ber
    assert shows(html_of(dataset, display), "situé(s) seulement par leur région")
    assert shows(map_html(m), "Situés seulement par la région (non dessinés) : Likrakar, Ber")   # Tombouctou
    slide = dict(marker_layers(dataset, public=False))
    assert "Tessalit" in set(slide["cantonment"]["name"]) and "Likrakar" not in set(slide["cantonment"]["name"])


def test_a_distance_the_source_gives_is_drawn_as_a_circle_of_that_radius(dataset, display):
    """"dans la ville d'Intadeyni, à environ 25 km de la ville de Kidal": drawn at Kidal (GeoNames)
    inside a dashed 25 km circle, marked approximate, the sentence quoted in the popup; never at
    Kidal's region point 157 km away."""
    from geo.model.summary import region_summary
    from geo.render.webmap import build_map, map_html

    cvr = dataset.cvr_projects.set_index("project_id")
    intadeyni = cvr.loc["CVR-INTADEYNI-MARAICHAGE"]
    assert intadeyni["location_source"] == "near_place" and bool(intadeyni["approximate"])
    assert (intadeyni["latitude"], intadeyni["longitude"]) == pytest.approx((18.44345, 1.40921))      # Kidal town
    assert intadeyni["assigned_iso"] == "ML-8"
    html = map_html(build_map(dataset, region_summary(dataset), display, "projects", "en"))
    assert html.count('"radius": 25000.0') == 2                           # Intadeyni and Ouatagouna (Ansongo)
    assert "within about 25 km of Kidal" in html and "dashed circle" in html


def test_a_near_place_the_gazetteer_lacks_leaves_the_record_to_its_region():
    import pandas as pd

    from geo.model.locate import locate
    from geo.read.boundaries import load_boundaries
    from geo.read.gazetteer import load_gazetteer

    records = pd.DataFrame({"place": ["Nulle-part"], "region": ["Kidal"], "near_place": ["Atlantis"], "radius_km": [25]})
    out = locate(records, load_gazetteer(), load_boundaries().frame)
    assert out["location_source"].iloc[0] == "region_centroid"
