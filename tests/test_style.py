"""One palette, one classifier: the live map, the Overview's map and the slide map give every region
the same colour for the same view."""
import pandas as pd
import pytest

from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry
from geo.render.charts import region_choropleth
from geo.render.slide_map import region_layer
from geo.render.style import NO_RECORD_FILL, RAMP, region_features, shading


def live_fills(summary, boundaries, measure):
    data, _ = region_features(summary, display_geometry(boundaries), measure, "fr")
    return {f["properties"]["iso_code"]: f["properties"]["fill"] for f in data["features"]}


def slide_fills(summary, boundaries, measure):
    regions, _ = region_layer(summary, boundaries, measure)
    return dict(zip(regions["iso_code"], regions["fill"], strict=True))


def skewed_summary(dataset):
    """SYNTHETIC figures: one region far above the others, two empty, the rest spread out."""
    summary = region_summary(dataset).copy()
    values = [0, 0, 3, 7, 12, 40, 95, 5_000, 12]
    summary["projects"] = (values + [0] * len(summary))[: len(summary)]
    return summary


@pytest.mark.parametrize("measure", ["projects", "cost_xof", "participants", "sites"])
def test_the_slide_map_and_the_live_map_agree_region_by_region(dataset, measure):
    summary = region_summary(dataset)
    live, slide = live_fills(summary, dataset.boundaries, measure), slide_fills(summary, dataset.boundaries, measure)
    assert live == slide
    assert set(live.values()) - {NO_RECORD_FILL}   # something is shaded


def test_they_agree_on_a_skewed_synthetic_summary(dataset):
    summary = skewed_summary(dataset)
    live, slide = live_fills(summary, dataset.boundaries, "projects"), slide_fills(summary, dataset.boundaries, "projects")
    assert live == slide
    assert len(set(live.values())) == 5                      # four classes and "no record"
    top = summary["projects"].idxmax()
    assert live[top] == RAMP[-1] and summary.loc[top, "projects"] == 5_000


def test_the_overview_choropleth_uses_the_same_colours(dataset):
    summary = region_summary(dataset)
    figure = region_choropleth(summary, display_geometry(dataset.boundaries), "projects", "fr")
    drawn = {trace.name: trace.fillcolor for trace in figure.data if trace.fill == "toself"}
    live = live_fills(summary, dataset.boundaries, "projects")
    names = dict(zip(summary.index, summary["region"], strict=True))
    assert drawn == {names[iso]: colour for iso, colour in live.items()}


def test_missing_values_count_as_no_record():
    shade = shading([None, float("nan"), 0, 3])
    assert shade.colour(None) == shade.colour(float("nan")) == shade.colour(0) == NO_RECORD_FILL
    assert [(c.low, c.high) for c in shade.classes] == [(3.0, 3.0)]
    assert pd.Series([3]).map(shade.colour).iloc[0] == RAMP[2]


def test_regions_outside_the_filter_are_not_selected_never_zero(dataset):
    """Gao filtered: Kidal has a project but is outside the filter; it is grey, says 'not selected'
    and carries no number on the live map, the Overview's map and the slide map alike."""
    from geo.model.filters import Filters, apply_filters
    from geo.render.style import NOT_SELECTED_FILL

    gao = apply_filters(dataset, Filters(regions=("ML-7",)))
    summary, display = region_summary(gao), display_geometry(gao.boundaries)
    data, legend = region_features(summary, display, "projects", "en", selected=("ML-7",))
    props = {f["properties"]["iso_code"]: f["properties"] for f in data["features"]}
    assert props["ML-8"]["fill"] == NOT_SELECTED_FILL and props["ML-8"]["value"] is None
    assert props["ML-8"]["label"] == "Kidal: not selected"
    assert props["ML-7"]["fill"] != NOT_SELECTED_FILL and props["ML-7"]["value"] == 2
    assert (NOT_SELECTED_FILL, "Not selected (outside the filter)") in legend
    regions, _ = region_layer(summary, gao.boundaries, "projects", ("ML-7",))
    slide = regions.set_index("iso_code")
    assert slide.at["ML-8", "fill"] == NOT_SELECTED_FILL and not slide.at["ML-8", "selected"]
    assert slide.at["ML-8", "projects"] != slide.at["ML-8", "projects"]   # no value (NaN), not 0
    texts = [str(x) for trace in region_choropleth(summary, display, "projects", "en", selected=("ML-7",)).data
             if trace.mode == "text" for x in trace.text]
    assert "Kidal" in texts and "Gao<br><b>2</b>" in texts and not any(x.startswith("Kidal<br>") for x in texts)
    # no filter: nothing is 'not selected'
    data, legend = region_features(region_summary(dataset), display, "projects", "en")
    assert all(f["properties"]["selected"] for f in data["features"])
    assert NOT_SELECTED_FILL not in [c for c, _ in legend]


def test_the_overview_map_is_an_svg_with_the_same_colours_and_words(dataset):
    """The Overview draws its map as an inline SVG (no 4.7 MB plotly bundle on the landing page):
    same fills as the other maps, regions outside the filter grey and unnumbered, a name for a
    screen reader, text from a boundary file escaped."""
    import re

    from geo.model.filters import Filters, apply_filters
    from geo.render.style import NOT_SELECTED_FILL
    from geo.render.svgmap import region_svg

    summary, display = region_summary(dataset), display_geometry(dataset.boundaries)
    svg = region_svg(summary, display, "projects", "en")
    assert set(re.findall(r'<path d="[^"]+" fill="(#[0-9a-f]+)"', svg, re.I)) == \
        set(live_fills(summary, dataset.boundaries, "projects").values())
    assert 'aria-label="CVR projects. Kayes: 0.' in svg and "Gao: 2" in svg
    gao = apply_filters(dataset, Filters(regions=("ML-7",)))
    svg = region_svg(region_summary(gao), display, "projects", "en", selected=("ML-7",))
    assert f'fill="{NOT_SELECTED_FILL}"' in svg and "<title>Kidal: Not selected</title>" in svg
    assert ">Kidal</tspan></text>" in svg and "Not selected (outside the filter)" in svg
    hostile = display.assign(region=display["region"].where(display["iso_code"].ne("ML-8"), "<script>x</script>"))
    assert "<script>" not in region_svg(summary, hostile, "projects", "en")
