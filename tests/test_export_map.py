"""The slide map: exact PNG size, not blank, valid SVG and PDF, filters and languages."""
import io
import re

import numpy as np
import pytest
from PIL import Image

from geo.model.filters import Filters
from geo.render.reported import source_title
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
    assert "Natural Earth" in text and "GeoNames" in text and "MINUSMA RSS-DDR Section: activities 2016-2017" in text
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


def _source_block(svg: bytes) -> str:
    """The sources at the foot of a slide map's SVG, its lines joined: matplotlib draws text as
    paths, each line after a comment that holds its words."""
    lines = re.findall(r"<!-- (.*?) -->", svg.decode("utf-8"), flags=re.DOTALL)
    start = next(i for i, line in enumerate(lines) if line.startswith("Sources"))
    end = next(i for i in range(start, len(lines)) if "GeoNames" in lines[i])
    return " ".join(lines[start:end + 1])


def _source_text(figure):
    return next(t for t in figure.findobj(lambda a: hasattr(a, "get_text")) if t.get_text().startswith("Sources"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_slide_map_cites_its_sources_by_their_short_titles_within_the_slide(dataset, lang):
    """It wrote "(000, 001, ... 004)": each document is named by its short title (sources.csv), the
    line wrapped between words inside the slide's margins and below the map."""
    block = _source_block(map_figure_bytes(dataset, lang=lang, fmt="svg", public=False))
    for doc in dataset.sources():
        assert source_title(doc, lang) in block and source_title(doc, lang) != doc   # in the map's language
    assert not re.search(r"\b00\d\b", block), block
    assert ("limites : Natural Earth" if lang == "fr" else "boundaries: Natural Earth") in block
    figure = map_figure(dataset, lang=lang, public=False)
    text = _source_text(figure)
    box = text.get_window_extent(figure.canvas.get_renderer())
    assert text.get_text().count("\n") == 1                       # two lines at 1920x1080
    assert box.x0 >= 0.02 * 1920 and box.x1 <= 0.98 * 1920 and box.y0 >= 0
    assert box.y1 <= figure.axes[0].get_position().y0 * 1080     # below the map


def test_a_view_citing_many_documents_keeps_its_sources_on_two_lines(dataset):
    """Twenty documents with long names (a partner's own files): smaller type, then the first few by
    name and how many more, never a third line or a line past the margin."""
    events = dataset.events.copy()
    events["source_doc"] = [f"partner_quarterly_report_{i:02d}_with_a_long_descriptive_name.xlsx"
                            for i in range(len(events))]
    figure = map_figure(dataset.with_tables(events=events), lang="en", public=False)
    text = _source_text(figure)
    box = text.get_window_extent(figure.canvas.get_renderer())
    assert text.get_text().count("\n") <= 1 and box.x1 <= 0.98 * 1920
    assert re.search(r"; \+\d+ · boundaries", text.get_text().replace("\n", " ")), text.get_text()
