"""The slide-ready static map: regions shaded by a measure, record markers, labels that do not
collide, legend, scale bar, north arrow and attribution. Drawn offline with matplotlib and
GeoPandas (no tiles), in a Lambert equal-area projection centred on Mali.

>>> from geo.model.dataset import load_dataset
>>> png = map_figure_bytes(load_dataset(), lang="en", fmt="png")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""
from __future__ import annotations

import io
import textwrap

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from matplotlib import patheffects, transforms
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, Rectangle
from matplotlib.text import Text

from geo.i18n import number, t
from geo.model.filters import Filters
from geo.model.locate import placed_only_by_region
from geo.model.summary import cercle_summary, region_summary
from geo.model.view import View, prepare_view
from geo.read.boundaries import display_geometry
from geo.render.areas import cercle_selection, cercle_values, outside_every_cercle, shades_cercles
from geo.render.style import INK, MUTED, NOT_SELECTED_FILL, NOT_SELECTED_INK, SYMBOLS, shading
from geo.render.words import date_line, describe_filters, measure_name, missing_regions_line, source_line
from geo.schema import MEASURES

WIDTH_PX, HEIGHT_PX, DPI = 1920, 1080, 100
FORMATS = ("png", "svg", "pdf")
# Lambert azimuthal equal-area centred on Mali: areas are true and north is up across the country.
MAP_CRS = "+proj=laea +lat_0=17 +lon_0=-4 +datum=WGS84 +units=m +no_defs"
FONT = "DejaVu Sans"
EDGE = "#8c8c8c"
# The app's palette and classifier (geo.render.style): the same region has the same colour here as on
# the live map; markers keep the app's Okabe-Ito colour and one shape per kind.
_SHAPES = {"circle": "o", "diamond": "D", "triangle": "^", "square": "s"}
_OFFSETS = {"cvr_projects": (-11, 0), "trainings": (11, 0), "cantonment": (0, 12), "moc_camp": (0, -12)}
LAYERS = {  # layer -> (marker, colour, edge, offset in points so co-located layers sit side by side)
    layer: (_SHAPES[SYMBOLS[layer][0]], SYMBOLS[layer][1], "#ffffff", offset) for layer, offset in _OFFSETS.items()}
LAYER_LABELS = {"cvr_projects": "map.layer.cvr", "trainings": "map.layer.trainings",
                "cantonment": "map.layer.cantonment", "moc_camp": "map.layer.moc"}
MARKER_SIZE = 15  # points


def map_figure_bytes(dataset, filters: Filters | None = None, lang: str = "fr", fmt: str = "png",
                     measure: str = "projects", public: bool | None = None, level: int = 1) -> bytes:
    """The map of `dataset` (or a prepared geo.model.view.View) under `filters` as PNG (exactly
    1920x1080), SVG or PDF bytes.

    `measure` is one of geo.schema.MEASURES (shading of the regions). In the public view (`public`
    True, or None and the server's setting) no site marker is drawn: sites appear only as counts
    per region. `level` 2, or a cercle filter, shades the cercles when the boundary set has them
    (geo.render.areas), framed on the region in view. Raises ValueError for an unknown format or
    measure.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"map format '{fmt}' is not available; use png, svg or pdf.")
    figure = map_figure(prepare_view(dataset, filters, public), lang=lang, measure=measure, level=level)
    buffer = io.BytesIO()
    title = t("export.app", lang)
    metadata = {"png": {"Title": title, "Software": None}, "svg": {"Title": title, "Date": None},
                "pdf": {"Title": title, "CreationDate": None}}[fmt]
    figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def map_figure(dataset, filters: Filters | None = None, lang: str = "fr", measure: str = "projects",
               public: bool | None = None, level: int = 1) -> Figure:
    """A matplotlib Figure (16:9, 19.2 x 10.8 in at 100 dpi) of the filtered, redacted dataset.

    Text is drawn literally: a '$' in a region, partner or file name is never read as mathtext."""
    if measure not in MEASURES:
        raise ValueError(f"measure '{measure}' is not available; use one of {', '.join(MEASURES)}.")
    with matplotlib.rc_context({"text.parse_math": False}):
        return _map_figure(prepare_view(dataset, filters, public), lang, measure, level)


def region_layer(summary: pd.DataFrame, boundaries: gpd.GeoDataFrame, measure: str,
                 selected=()) -> tuple[gpd.GeoDataFrame, object]:
    """The regions to draw, in the map's projection, with the measure's value, fill colour and
    whether the filter selected them (`selected`: region codes; none: all), and the Shading
    (geo.render.style) they were coloured with. A region outside the filter has no value (None)
    and takes no part in the classes."""
    regions = display_geometry(boundaries).to_crs(MAP_CRS)
    regions = regions.merge(summary[[measure]], left_on="iso_code", right_index=True, how="left")
    regions[measure] = regions[measure].fillna(0)
    regions["selected"] = regions["iso_code"].isin(selected) if selected else True
    shade = shading(regions.loc[regions["selected"], measure])
    regions[measure] = regions[measure].where(regions["selected"], None)
    regions["fill"] = [shade.colour(v) if chosen else NOT_SELECTED_FILL
                       for v, chosen in zip(regions[measure], regions["selected"])]
    return regions, shade


def cercle_layer(dataset, filters: Filters, measure: str) -> tuple[gpd.GeoDataFrame, object, gpd.GeoDataFrame]:
    """The cercles to draw, in the map's projection, as region_layer gives the regions (each cercle's
    name in `region`), the Shading, and the areas to name: the cercles in view (the region zoomed
    to, geo.render.areas.cercle_selection), or with none in view the regions, by name only."""
    cercles = display_geometry(dataset.cercles).to_crs(MAP_CRS)
    in_view, selected = cercle_selection(cercles, filters)
    values, shade = cercle_values(cercle_summary(dataset), cercles, measure, selected)
    areas = gpd.GeoDataFrame({"region": cercles["cercle"], "iso_code": cercles["iso_code"], measure: values,
                              "selected": selected, "in_view": in_view,
                              "fill": [NOT_SELECTED_FILL if v is None else shade.colour(v) for v in values]},
                             geometry=cercles.geometry, crs=cercles.crs)
    if in_view.any():
        return areas, shade, areas[in_view]
    regions = display_geometry(dataset.boundaries).to_crs(MAP_CRS)
    return areas, shade, regions.assign(**{measure: None, "selected": True})


def _map_figure(view: View, lang: str, measure: str, level: int = 1) -> Figure:
    data, public = view.dataset, view.public
    summary = region_summary(data)
    by_cercle = shades_cercles(data, view.filters, level, measure, public)
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(fig)  # no pyplot: no global state, safe in the app's threads
    fig.patch.set_facecolor("white")
    title = t("export.map_title_cercles" if by_cercle else "export.map_title", lang, measure=measure_name(measure, lang))
    fig.text(0.03, 0.935, title, fontsize=32, weight="bold", color=INK, family=FONT, va="baseline")
    fig.text(0.03, 0.895, f"{describe_filters(view.filters, lang, data.cercles)}   |   {date_line(data, lang)}",
             fontsize=17, color=MUTED, family=FONT, va="baseline")

    ax = fig.add_axes((0.015, 0.075, 0.60, 0.79))
    ax.set_axis_off()
    if by_cercle:   # the cercles, under their regions' borders, framed on the region in view
        regions, shade, named = cercle_layer(data, view.filters, measure)
    else:
        regions, shade = region_layer(summary, data.boundaries, measure, view.filters.regions)
        named = regions
    regions.plot(ax=ax, color=regions["fill"], edgecolor=EDGE, linewidth=0.8 if by_cercle else 1.2)
    outside = regions[~regions["selected"]]
    if len(outside):   # outside the filter: hatched grey, never a zero
        outside.plot(ax=ax, facecolor="none", edgecolor=NOT_SELECTED_INK, hatch="///", linewidth=0)
        outside.boundary.plot(ax=ax, color=EDGE, linewidth=0.8 if by_cercle else 1.2)
    if by_cercle:
        display_geometry(data.boundaries).to_crs(MAP_CRS).boundary.plot(ax=ax, color="#333333", linewidth=2.0)
    regions.dissolve().boundary.plot(ax=ax, color="#6e6e6e", linewidth=1.2)
    _frame(ax, regions[regions["in_view"]] if by_cercle and regions["in_view"].any() else regions)

    circles = _draw_uncertainty(ax, data, public)
    obstacles = _draw_markers(ax, fig, data, public)
    _draw_labels(ax, fig, named, measure, lang, obstacles)
    _scale_bar(ax)
    _north_arrow(ax)
    _legend_panel(fig, data, summary, measure, shade, lang, public, obstacles, circles, bool(len(outside)),
                  cercles=_ranked_cercles(regions, data, measure) if by_cercle else None)
    _source_block(fig, data, lang)
    return fig


MAX_CERCLES_LISTED = 6


def _ranked_cercles(areas: gpd.GeoDataFrame, data, measure: str) -> tuple[list[tuple[str, float]], float]:
    """The selected cercles with a value, the highest first ((name, value), for the legend: a map of
    many cercles names few of them), and how much of the measure no cercle holds."""
    values = pd.to_numeric(areas[measure], errors="coerce").fillna(0)
    chosen = areas["selected"].astype(bool) & values.gt(0)
    ranked = sorted(zip(areas.loc[chosen, "region"], values[chosen]), key=lambda pair: (-pair[1], str(pair[0])))
    return ranked, outside_every_cercle(cercle_summary(data), measure)


SOURCE_SIZES = (12, 11, 10)   # points: the sources shrink before they take a third line


def _source_block(fig, data, lang: str) -> None:
    """The sources at the foot of the slide by their short titles (geo.render.words.source_line),
    wrapped between words within the slide's margins on at most two lines: smaller type first,
    then fewer titles named ('+n') when a view cites many documents."""
    renderer = fig.canvas.get_renderer()
    probe = fig.text(0, 0, "", family=FONT)
    width = 0.94 * fig.bbox.width
    lines, size = [], SOURCE_SIZES[-1]
    for max_docs in (None, 4, 3, 2, 1):
        text = source_line(data, lang, max_docs)
        for size in SOURCE_SIZES:
            probe.set_fontsize(size)
            lines = _wrap_words(text, width, lambda words: probe.set_text(words) or probe.get_window_extent(renderer).width)
            if len(lines) <= 2:
                break
        if len(lines) <= 2:
            break
    probe.remove()
    fig.text(0.03, 0.015, "\n".join(lines), fontsize=size, color=MUTED, family=FONT, va="bottom", linespacing=1.3)


def _wrap_words(text: str, width: float, measure) -> list[str]:
    """Greedy wrap of `text` at spaces so that each line's `measure` (px) is at most `width`; a word
    is never split (a word longer than the line stands on its own line).

    >>> _wrap_words("a bb ccc dd", 5, len)
    ['a bb', 'ccc', 'dd']
    """
    lines: list[str] = []
    for word in text.split(" "):
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def short_number(value: float, lang: str) -> str:
    """'113,8 M' / '113.8 M' for large numbers, grouped digits below a million."""
    value = float(value)
    sep = "," if lang == "fr" else "."
    for limit, unit in ((1e9, "Md" if lang == "fr" else "bn"), (1e6, "M")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}".replace(".", sep) + f"\u202f{unit}"
    return number(value, lang)


# -- layers --------------------------------------------------------------------------------

def marker_layers(view, public: bool) -> list[tuple[str, gpd.GeoDataFrame]]:
    """(layer, located records) to draw; in public mode sites are left out entirely."""
    layers = [("cvr_projects", view.cvr_projects), ("trainings", view.trainings)]
    if not public and len(view.sites):
        kind = view.sites["site_type"] if "site_type" in view.sites else pd.Series("", index=view.sites.index)
        layers += [("cantonment", view.sites[kind.eq("cantonment")]), ("moc_camp", view.sites[kind.eq("moc_camp")])]
    out = []
    for layer, table in layers:
        if len(table) == 0:
            continue
        located = table[table.geometry.notna() & ~table.geometry.is_empty & ~placed_only_by_region(table)]
        if len(located):
            out.append((layer, located))
    return out


def _draw_uncertainty(ax, view, public: bool) -> int:
    """A dashed circle of the radius its source gives around each record placed by a distance to a
    place ("à environ 25 km de la ville de Kidal"); how many were drawn."""
    drawn = 0
    for _, table in marker_layers(view, public):
        if "location_source" not in table or "radius_km" not in table:
            continue
        near = table[table["location_source"].astype(str).eq("near_place")]
        radius = pd.to_numeric(near["radius_km"], errors="coerce")
        near, radius = near[radius > 0], radius[radius > 0]
        if len(near):
            circles = near.geometry.to_crs(MAP_CRS).buffer(radius.to_numpy() * 1000)   # equal-area, centred on Mali
            circles.boundary.plot(ax=ax, color=MUTED, linewidth=2, linestyle=(0, (4, 3)), zorder=4)
            drawn += len(near)
    return drawn


def _draw_markers(ax, fig, view, public: bool) -> list:
    """Markers, one per layer and place, and one for records whose markers would lie over each other
    on the slide (_symbols), with a count when it stands for several records (_draw_counts). Returns
    what the labels must avoid and the legend must explain: [(layer, symbols, offset)]."""
    places = []
    for layer, table in marker_layers(view, public):
        x, y = _projected(table)
        frame = pd.DataFrame({"x": np.round(x, 0), "y": np.round(y, 0),
                              "approx": table["approximate"].fillna(False).astype(bool).to_numpy()})
        places.append((layer, frame.groupby(["x", "y", "approx"]).size().reset_index(name="n"), LAYERS[layer][3]))
    diameter = MARKER_SIZE / 72 * fig.dpi
    exact, rough = _text_extents(ax, fig, str), _text_extents(ax, fig, lambda text: "0" * len(text))
    for radius in MERGE_RADII:   # the counts' sizes from their number of digits
        drawn = [(layer, _symbols(ax, groups, radius * diameter), offset) for layer, groups, offset in places]
        if not _place_counts(ax, fig, drawn, rough)[1]:
            break
    _draw_counts(ax, _place_counts(ax, fig, drawn, exact)[0])
    for layer, groups, (dx, dy) in drawn:
        marker, colour, edge, _ = LAYERS[layer]
        shift = transforms.offset_copy(ax.transData, fig=fig, x=dx, y=dy, units="points")
        for approx, part in groups.groupby("approx"):
            ax.scatter(part["x"], part["y"], s=MARKER_SIZE ** 2, marker=marker, transform=shift, zorder=5,
                       facecolor="white" if approx else colour, edgecolor=colour if approx else edge,
                       linewidth=3.0 if approx else 1.6)
    return drawn


# How far apart (in marker widths) two places of a layer may be and still be drawn as one symbol
# with their records counted together: markers more than half over each other first; further while
# two counts cannot both be read (a crowded south at 100,000 records).
MERGE_RADII = (0.5, 1, 2, 3)


def _symbols(ax, groups: pd.DataFrame, radius: float) -> pd.DataFrame:
    """The places of one layer (x, y, approx, n) as the symbols the slide can show: a place within
    `radius` px of a larger one (largest first) is counted in that one, so that a symbol's count is
    every record under it, not the few at its exact point."""
    groups = groups[["x", "y", "approx", "n"]]   # a new frame each time: the counts' boxes are added to it
    if len(groups) < 2:
        return groups
    xy = ax.transData.transform(groups[["x", "y"]].to_numpy(float))
    owner = np.arange(len(groups))
    for approx in (False, True):   # an approximate place never joins an exact one
        chosen = np.flatnonzero(groups["approx"].to_numpy() == approx)
        if len(chosen) > 1:
            owner[chosen] = chosen[_merge_close(xy[chosen], groups["n"].to_numpy()[chosen], radius)]
    if (owner == np.arange(len(groups))).all():
        return groups
    merged = groups.iloc[np.unique(owner)].copy()
    merged["n"] = groups["n"].groupby(owner).sum().reindex(merged.index).to_numpy()
    return merged.reset_index(drop=True)


def _merge_close(xy: np.ndarray, n: np.ndarray, radius: float) -> np.ndarray:
    """For each point, the point whose group takes it: greedily, the largest group (ties: the first)
    takes every point within `radius` not taken yet. The points are binned in cells of `radius`, so
    a group looks only at the nine cells around it.

    >>> _merge_close(np.array([[0.0, 0], [5, 0], [30, 0], [33, 0]]), np.array([1, 4, 1, 1]), 10).tolist()
    [1, 1, 2, 2]
    """
    cells = np.floor(xy / radius).astype(np.int64)
    keys, cell_of = np.unique(cells[:, 0] * (1 << 32) + cells[:, 1], return_inverse=True)
    members = np.argsort(cell_of, kind="stable")
    starts = np.searchsorted(cell_of[members], np.arange(len(keys) + 1))
    index = {int(key): i for i, key in enumerate(keys)}
    owner = np.full(len(xy), -1)
    for seed in np.lexsort((np.arange(len(xy)), -n)):
        if owner[seed] >= 0:
            continue
        x, y = cells[seed]
        around = [index.get(int((x + i) * (1 << 32) + y + j)) for i in (-1, 0, 1) for j in (-1, 0, 1)]
        near = np.concatenate([members[starts[c]:starts[c + 1]] for c in around if c is not None])
        near = near[owner[near] < 0]
        owner[near[((xy[near] - xy[seed]) ** 2).sum(axis=1) <= radius ** 2]] = seed
    return owner


# Where a count goes beside its symbol (points from the symbol's offset): above on its outer side
# first (as it always was), then below, then on the inner side.
_COUNT_PLACES = ((12, 9), (12, -21), (-24, 9), (-24, -21))


def _projected(table: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The points' x and y in the map's projection (what GeoSeries.to_crs gives, without making
    the projected points)."""
    import shapely
    from pyproj import Transformer

    lonlat = shapely.get_coordinates(table.geometry.to_numpy())
    return Transformer.from_crs(table.crs, MAP_CRS, always_xy=True).transform(lonlat[:, 0], lonlat[:, 1])


def _text_extents(ax, fig, like):
    """extent(text, anchor): where a count's text would lie (display px: x0, y0, x1, y1) from the
    point its offset is measured from, measured once per text `like(text)` (the text itself, or any
    text of as many digits when a rough size will do)."""
    renderer, known = fig.canvas.get_renderer(), {}

    def extent(text: str, anchor) -> np.ndarray:
        key = like(text)
        if key not in known:
            probe = _count_label(ax, key, anchor, (0, 0))
            probe.update_positions(renderer)
            box = Text.get_window_extent(probe, renderer)   # the text alone: a count has no arrow
            known[key] = box.extents - np.tile(ax.transData.transform(anchor), 2)
            probe.remove()
        return known[key]
    return extent


def _place_counts(ax, fig, drawn, extent) -> tuple[list, bool]:
    """Where the count beside each symbol that stands for several records goes, the largest first:
    where it overlaps the least of the symbols and the counts already placed (first choice: above,
    on the outer side). Each count's box is kept with its symbol (columns box_*), for the region
    labels to avoid. Returns [(count, anchor, offset in points)] and whether a count lies over
    another. A count's box is its text's (`extent`, from _text_extents) moved to each place."""
    placed = _marker_boxes(ax, fig, drawn)
    first = np.cumsum([0] + [len(groups) for _, groups, _ in drawn])   # each layer's first symbol in `placed`
    points = fig.dpi / 72
    wanted = [(n, i, j) for i, (_, groups, _) in enumerate(drawn) for j, n in enumerate(groups["n"]) if n > 1]
    boxes = {i: np.full((len(groups), 4), np.nan) for i, (_, groups, _) in enumerate(drawn)}
    counts, crowded = [], False
    for n, i, j in sorted(wanted, key=lambda w: (-w[0], w[1], w[2])):
        _, groups, (dx, dy) = drawn[i]
        side = np.sign(dx or 1)
        anchor = (groups["x"].iat[j], groups["y"].iat[j])
        at = np.tile(ax.transData.transform(anchor), 2) + extent(str(n), anchor)
        best, best_overlap, best_box = None, None, None
        for ox, oy in _COUNT_PLACES:
            offset = (dx + ox * side, dy + oy)
            box = at + np.tile(offset, 2) * points
            overlap = _overlap_area(box + (-3, -3, 3, 3), placed, skip=first[i] + j)   # its own symbol is no obstacle
            if best_overlap is None or overlap < best_overlap:
                best, best_overlap, best_box = offset, overlap, box
            if overlap == 0:
                break
        crowded |= _overlap_area(best_box + (-3, -3, 3, 3), placed[first[-1]:]) > 0   # over another count
        placed = np.vstack([placed, best_box + (-3, -3, 3, 3)])
        boxes[i][j] = best_box   # unpadded: a region's label may come close
        counts.append((n, anchor, best))
    for i, (_, groups, _) in enumerate(drawn):
        groups[["box_x0", "box_y0", "box_x1", "box_y1"]] = boxes[i]
    return counts, crowded


def _count_label(ax, text: str, anchor, offset):
    return ax.annotate(text, anchor, xytext=offset, textcoords="offset points", fontsize=13, weight="bold", color=INK,
                       zorder=6, family=FONT, path_effects=[patheffects.withStroke(linewidth=3, foreground="white")])


def _draw_counts(ax, counts) -> None:
    for n, anchor, offset in counts:
        _count_label(ax, str(n), anchor, offset)


def _marker_boxes(ax, fig, drawn) -> np.ndarray:
    """The boxes (display px: x0, y0, x1, y1, one row each) of the symbols and of their counts."""
    boxes = [np.empty((0, 4))]
    half = MARKER_SIZE * fig.dpi / 72 / 2 + 3
    for _, groups, (dx, dy) in drawn:
        xy = ax.transData.transform(groups[["x", "y"]].to_numpy(float))
        xy += np.array([dx, dy]) * fig.dpi / 72
        boxes.append(np.column_stack([xy - half, xy + half]))
        if "box_x0" in groups:
            counted = groups[["box_x0", "box_y0", "box_x1", "box_y1"]].dropna().to_numpy(float)
            boxes.append(counted)
    return np.vstack(boxes)


def _extents(bbox) -> np.ndarray:
    """A matplotlib Bbox, padded by 3 px, as (x0, y0, x1, y1)."""
    return np.array(bbox.padded(3).extents, dtype=float)


# -- labels --------------------------------------------------------------------------------

# Offsets (points) tried in turn: in place, then rings of eight directions further out.
_CANDIDATES = [(0, 0)] + [(round(dx * r), round(dy * r)) for r in (1, 1.8, 2.6, 3.4)
                          for dx, dy in ((0, 26), (0, -26), (55, 0), (-55, 0), (45, 26), (-45, 26),
                                         (45, -26), (-45, -26))]


def _draw_labels(ax, fig, regions, measure: str, lang: str, drawn) -> None:
    """Region name and value at the representative point; when that collides with a label, a
    symbol or a count already placed, try nearby offsets (with a leader line), keeping the least
    overlap (each offset tested against every box at once)."""
    renderer = fig.canvas.get_renderer()
    placed = _marker_boxes(ax, fig, drawn)
    anchors = regions.representative_point()
    order = regions.geometry.area.sort_values(ascending=False).index
    halo = [patheffects.withStroke(linewidth=4, foreground="white")]
    for i in order:
        value = regions.at[i, measure]   # no value outside the filter: the name only
        shown = regions.at[i, "selected"] and value == value and value
        text = f"{regions.at[i, 'region']}\n{short_number(value, lang)}" if shown else regions.at[i, "region"]
        point = anchors.loc[i]
        label = ax.annotate(text, (point.x, point.y), xytext=(0, 0), textcoords="offset points", ha="center",
                            va="center", fontsize=16, weight="bold", family=FONT, zorder=7,
                            color=INK if regions.at[i, "selected"] else NOT_SELECTED_INK,
                            path_effects=halo, linespacing=1.1)
        best, best_overlap = (0, 0), None
        for offset in _CANDIDATES:
            label.xyann = offset
            overlap = _overlap_area(_extents(label.get_window_extent(renderer)), placed)
            if best_overlap is None or overlap < best_overlap:
                best, best_overlap = offset, overlap
            if overlap == 0:
                break
        label.xyann = best
        if np.hypot(*best) > 30:  # moved well away: a thin leader line back to the region
            ax.annotate("", (point.x, point.y), xytext=best, textcoords="offset points", zorder=4,
                        arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 1.0, "shrinkB": 0, "shrinkA": 14})
        placed = np.vstack([placed, _extents(label.get_window_extent(renderer))])


def _overlap_area(box: np.ndarray, others: np.ndarray, skip: int | None = None) -> float:
    """The area `box` (x0, y0, x1, y1) shares with each of `others` (one box a row; but row `skip`),
    added up in their order (the sum a loop over them gives, to the last bit).

    >>> _overlap_area(np.array([0.0, 0, 10, 10]), np.array([[5.0, 5, 20, 20], [10, 0, 12, 3], [-1, -1, 1, 1]]))
    26.0
    """
    w = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    h = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    overlapping = (w > 0) & (h > 0)
    if skip is not None:
        overlapping[skip] = False
    areas = (w * h)[overlapping]
    return float(np.cumsum(areas)[-1]) if len(areas) else 0.0


# -- furniture -----------------------------------------------------------------------------

def _frame(ax, regions) -> None:
    x0, y0, x1, y1 = regions.total_bounds
    pad = 0.04 * max(x1 - x0, y1 - y0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")


def _scale_bar(ax) -> None:
    """Two-segment bar at the lower right, true in the equal-area projection near the centre."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    width = x1 - x0
    # even lengths (their half is a whole number); a cercle of Bamako is a few km across
    km = next((k for k in (500, 400, 300, 200, 150, 100, 50, 20, 10, 4, 2) if k * 1000 <= width / 4), 2)
    length = km * 1000
    left, base = x1 - 0.05 * width - length, y0 + 0.05 * (y1 - y0)
    height = 0.012 * (y1 - y0)
    for j, colour in enumerate((INK, "white")):
        ax.add_patch(Rectangle((left + j * length / 2, base), length / 2, height, facecolor=colour,
                               edgecolor=INK, linewidth=1.2, zorder=8))
    for x, text in ((left, "0"), (left + length / 2, str(km // 2)), (left + length, f"{km} km")):
        ax.text(x, base + 2.2 * height, text, ha="center", va="bottom", fontsize=14, color=INK, family=FONT,
                zorder=8)


def _north_arrow(ax) -> None:
    ax.annotate("N", xy=(0.06, 0.95), xytext=(0.06, 0.83), xycoords="axes fraction", ha="center", va="center",
                fontsize=22, weight="bold", color=INK, family=FONT, zorder=8,
                arrowprops={"facecolor": INK, "edgecolor": INK, "width": 7, "headwidth": 22, "headlength": 20})


def _legend_panel(fig, view, summary, measure, shade, lang, public, drawn, circles: int = 0,
                  outside: bool = False, cercles: tuple[list, float] | None = None) -> None:
    """The right-hand column: shading classes, marker symbols, off-map regions, notes. `cercles`,
    when the map shades cercles: the ranked cercles and the amount in none (_ranked_cercles)."""
    ax = fig.add_axes((0.64, 0.075, 0.34, 0.79))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    y = 0.97
    step = 0.052

    def line(text, size=15, weight="normal", colour=INK, x=0.0, gap=step):
        nonlocal y
        ax.text(x, y, text, fontsize=size, weight=weight, color=colour, family=FONT, va="top")
        y -= gap

    by_cercle = cercles is not None
    line(t("map.legend.by_cercle", lang, measure=measure_name(measure, lang)) if by_cercle else
         measure_name(measure, lang), size=19, weight="bold", gap=0.06)
    rows = shade.legend(t("export.no_record", lang), lambda v: short_number(v, lang))
    not_selected = t("map.legend.cercle_not_selected" if by_cercle else "map.legend.not_selected", lang)
    rows = rows[1:] + rows[:1] + ([(NOT_SELECTED_FILL, not_selected)] if outside else [])
    for colour, text in rows:   # the classes, then "no record", then "not selected"
        ax.add_patch(Rectangle((0, y - 0.033), 0.07, 0.036, facecolor=colour, edgecolor="#8a8a8a",
                               hatch="///" if colour == NOT_SELECTED_FILL else None))
        line(text, x=0.1, gap=step + 0.02 if colour == rows[-1][0] else step)

    any_approx = any_count = False
    for layer, groups, _ in drawn:
        marker, colour, edge, _ = LAYERS[layer]
        ax.add_line(Line2D([0.035], [y - 0.016], marker=marker, markersize=MARKER_SIZE, markerfacecolor=colour,
                           markeredgecolor=edge, markeredgewidth=1.6, linestyle="none"))
        line(t(LAYER_LABELS[layer], lang), x=0.1)
        any_approx |= bool(groups["approx"].any())
        any_count |= bool((groups["n"] > 1).any())
    if any_approx:
        ax.add_line(Line2D([0.035], [y - 0.016], marker="o", markersize=MARKER_SIZE, markerfacecolor="white",
                           markeredgecolor=MUTED, markeredgewidth=3, linestyle="none"))
        line(t("export.approximate", lang), x=0.1, size=13, colour=MUTED)
    if circles:
        width, height = ax.bbox.width, ax.bbox.height   # a round circle in an axes that is not square
        ax.add_patch(Ellipse((0.035, y - 0.016), 0.044, 0.044 * width / height, fill=False, edgecolor=MUTED,
                             linewidth=2, linestyle=(0, (3, 2))))
        line(t("export.uncertainty", lang), x=0.1, size=13, colour=MUTED)
    if any_count:
        ax.text(0.035, y, "2", fontsize=14, weight="bold", color=INK, family=FONT, va="top", ha="center")
        line(t("export.count_at_point", lang), x=0.1, size=13, colour=MUTED)
    y -= 0.02

    if by_cercle and cercles[0]:
        ranked = cercles[0]
        entries = [f"{name} {short_number(value, lang)}" for name, value in ranked[:MAX_CERCLES_LISTED]]
        entries += [f"+{len(ranked) - MAX_CERCLES_LISTED}"] if len(ranked) > MAX_CERCLES_LISTED else []
        line(t("export.cercles_ranked", lang), size=15, weight="bold", gap=0.045)
        lines: list[str] = []
        for entry in entries:   # a name is never split across lines
            if lines and len(lines[-1]) + 3 + len(entry) <= 44:
                lines[-1] += " · " + entry
            else:
                lines.append(entry)
        for chunk in lines:
            line(chunk, size=15, gap=0.045)
    off_map = summary[~summary["on_boundaries"] & summary[measure].gt(0)]
    if len(off_map):
        entries = " · ".join(f"{r.region} {short_number(getattr(r, measure), lang)}" for r in off_map.itertuples())
        line(f"{t('export.off_map', lang)} ({measure_name(measure, lang)})", size=15, weight="bold", gap=0.045)
        for chunk in textwrap.wrap(entries, 44):
            line(chunk, size=15, gap=0.045)
    if public:
        counts = summary[summary["sites"] > 0]
        line(t("export.sites_per_region", lang), size=15, weight="bold", gap=0.045)
        entries = " · ".join(f"{r.region} {int(r.sites)}" for r in counts.itertuples()) or t("export.no_record", lang)
        for chunk in textwrap.wrap(entries, 44):
            line(chunk, size=15, gap=0.045)
    notes = [missing_regions_line(view, lang)] + ([t("export.public_note", lang)] if public else [])
    if by_cercle and cercles[1]:
        notes.append(t("map.no_cercle", lang, value=short_number(cercles[1], lang)))
    for note in filter(None, notes):
        y -= 0.01
        for chunk in textwrap.wrap(note, 52):
            line(chunk, size=13, colour=MUTED, gap=0.038)
