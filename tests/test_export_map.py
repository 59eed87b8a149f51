"""The slide map: exact PNG size, not blank, valid SVG and PDF, filters and languages."""
import io

import numpy as np
import pytest
from PIL import Image

from geo.model.filters import Filters
from geo.render.slide_map import map_figure, map_figure_bytes
from geo.render.style import shading


def test_png_is_1920_by_1080_and_not_blank(dataset):
    png = map_figure_bytes(dataset, lang="fr", fmt="png", public=False)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1920, 1080)
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 20          # a blank or flat image has almost no variance
    assert (pixels < 60).mean() > 0.002   # dark ink: title, labels, outlines


def test_svg_and_pdf_headers(dataset):
    svg = map_figure_bytes(dataset, lang="en", fmt="svg", public=False)
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg[:2000]
    pdf = map_figure_bytes(dataset, lang="en", fmt="pdf", public=False)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def _texts(figure):
    return [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]


def test_map_states_filters_date_attribution_and_missing_regions(dataset):
    figure = map_figure(dataset, Filters(regions=("ML-7",), years=(2017, 2017)), lang="en",
                        measure="cost_xof", public=False)
    text = "\n".join(_texts(figure))
    assert "Mali: Cost (FCFA) by region" in text
    assert "Region: Gao · Year: 2017" in text
    assert "Data to " in text and "exported" in text
    assert "Natural Earth" in text and "GeoNames" in text and "004" in text
    assert "Ménaka, Taoudénit: no polygon" in text
    assert "km" in text and "N" in _texts(figure)


def test_french_map_and_public_note(dataset):
    figure = map_figure(dataset, lang="fr", measure="sites", public=True)
    text = "\n".join(_texts(figure))
    assert "Mali : Sites (cantonnement et MOC) par région" in text
    assert "Vue publique" in text
    assert "Camps du MOC" not in text and "Sites de cantonnement" not in text   # no site markers


def test_unknown_format_or_measure_is_refused(dataset):
    with pytest.raises(ValueError, match="gif"):
        map_figure_bytes(dataset, fmt="gif")
    with pytest.raises(ValueError, match="measure"):
        map_figure_bytes(dataset, measure="weapons")


def test_value_classes():
    bounds = lambda values: [(c.low, c.high) for c in shading(values).classes]
    assert bounds(np.array([0, 2, 1, 2])) == [(1, 1), (2, 2)]
    classes = bounds(np.arange(0, 100, dtype=float))
    assert len(classes) <= 5 and classes[0][0] == 1 and classes[-1][1] == 99


def test_the_offline_map_names_its_regions_and_places_and_its_markers(dataset):
    """Without a basemap the map writes the region names (with the value where there is one) and the
    places of the records; each marker has a name a screen reader reads; a filter keeps the whole
    country in view, the other regions 'not selected'."""
    from geo.model.filters import Filters
    from geo.render.webmap import html_map_bytes

    page = html_map_bytes(dataset, Filters(regions=("ML-7",)), "en", "projects").decode()
    assert '"Gao\\u003cbr\\u003e2", "geo-region-label"' in page
    assert '"Kidal", "geo-region-label outside"' in page and "Kidal: not selected" in page
    assert '"Ansongo", "geo-place-label"' in page
    assert "title: p[6], keyboard: true" in page and '"CVR projects: ' in page
    assert "Kidal: 1" not in page and "Kidal: 0" not in page
