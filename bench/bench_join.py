"""Benchmark: locate + join + aggregate, vectorised (geo/) against a naive per-row shapely loop.

SYNTHETIC DATA: the records are random points and names generated here for timing only; they are
never written to data/ and are not facts about Mali. Both methods run on the same input in the
same run, so the ratio holds on a noisy machine.

    python bench/bench_join.py [--sizes 1000 10000 100000 1000000] [--naive-cap 100000]
    python bench/bench_join.py --cercles-only [ADMIN2_FILE]   # the cercle-level join alone
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy
from shapely.geometry import Point

from geo.model.dataset import Dataset
from geo.model.locate import join_to_regions, locate, with_points
from geo.model.summary import region_summary
from geo.read.boundaries import (
    load_boundaries,
    points_in_regions,
)
from geo.read.gazetteer import load_gazetteer
from geo.regions import REGIONS, fold_name, region_code


def synthetic_projects(n: int, seed: int = 7) -> pd.DataFrame:
    """SYNTHETIC: 80% with own coordinates inside Mali's extent, 15% with only a gazetteer place,
    5% with only a region name."""
    rng = np.random.default_rng(seed)
    gaz = load_gazetteer()
    places = gaz[gaz["rank"].eq(0)]["name"].to_numpy()
    kind = rng.random(n)
    lat = rng.uniform(10.5, 24.5, n)
    lon = rng.uniform(-11.5, 4.0, n)
    has_xy = kind < 0.80
    return pd.DataFrame({
        "title": [f"SYNTHETIC project {i}" for i in range(n)],
        "place": np.where((kind >= 0.80) & (kind < 0.95), rng.choice(places, n), None),
        "region": np.where(kind >= 0.95, rng.choice(list(REGIONS.values()), n), None),
        "latitude": np.where(has_xy, lat, np.nan),
        "longitude": np.where(has_xy, lon, np.nan),
        "cost_xof": rng.integers(1_000_000, 90_000_000, n).astype(float),
        "beneficiaries": rng.integers(10, 9000, n).astype(float),
        "women": rng.integers(0, 10, n).astype(float),
        "source_doc": "SYNTHETIC",
    })


def vectorised(records, boundaries, gazetteer):
    located = join_to_regions(locate(records, gazetteer, boundaries), boundaries)
    empty = located.iloc[0:0]
    ds = Dataset(located, empty, empty, pd.DataFrame(), pd.DataFrame(), boundaries, {})
    return region_summary(ds)


def naive(records, boundaries, gazetteer):
    """What one writes first: a Python loop over rows and over polygons with shapely `contains`,
    doing the same work as geo/ (crosswalk, gazetteer by folded name, region fallback, sums)."""
    polygons = list(zip(boundaries["iso_code"], boundaries.geometry))
    places = {row.key: (row.latitude, row.longitude) for row in gazetteer.itertuples() if row.rank == 0}
    totals: dict = {}
    for row in records.itertuples():
        lat, lon = row.latitude, row.longitude
        if np.isnan(lat) and isinstance(row.place, str):
            lat, lon = places.get(fold_name(row.place), (np.nan, np.nan))
        code = region_code(row.region) if isinstance(row.region, str) else None
        if code is None and not np.isnan(lat):
            point = Point(lon, lat)
            for iso, polygon in polygons:
                if polygon.contains(point):
                    code = iso
                    break
        t = totals.setdefault(code, [0, 0.0, 0.0])
        t[0] += 1
        t[1] += row.cost_xof
        t[2] += row.beneficiaries
    return totals


def same_result(fast: pd.DataFrame, slow: dict) -> bool:
    """Both methods must count the same projects per region."""
    counts = {k: v[0] for k, v in slow.items() if k is not None}
    return all(int(fast.loc[k, "projects"]) == n for k, n in counts.items())


def ratio(slow: float, fast: float) -> str:
    """'0.5x' when the vectorised code is slower, '9x' when faster."""
    r = slow / fast
    return f"{r:.1f}x" if r < 10 else f"{r:.0f}x"


def best_of(fn, *args, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--naive-cap", type=int, default=1_000_000,
                        help="above this size the naive loop runs on a sample of this size and is scaled")
    args = parser.parse_args()
    boundaries = load_boundaries().frame
    gazetteer = load_gazetteer()
    vectorised(synthetic_projects(100), boundaries, gazetteer)  # warm-up: spatial index, imports
    print("SYNTHETIC records; locate + join + aggregate; best of 3 (naive: 1 run);")
    print("then, apart, making the shapely points the maps draw (geo.model.locate.with_points)")
    print("| points | geo/ vectorised (s) | naive loop (s) | speed-up | + points for maps (s) |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        records = synthetic_projects(n)
        fast = best_of(vectorised, records, boundaries, gazetteer, repeat=3 if n <= 100_000 else 1)
        sample = records if n <= args.naive_cap else records.iloc[: args.naive_cap]
        t0 = time.perf_counter()
        slow_result = naive(sample, boundaries, gazetteer)
        slow = (time.perf_counter() - t0) * (n / len(sample))
        if len(sample) == n:
            assert same_result(vectorised(records, boundaries, gazetteer), slow_result), "results differ"
        note = "" if len(sample) == n else f" (est. from {len(sample):,})"
        located = join_to_regions(locate(records, gazetteer, boundaries), boundaries)
        points = best_of(with_points, located, repeat=3 if n <= 100_000 else 1)
        print(f"| {n:,} | {fast:.3f} | {slow:.3f}{note} | {ratio(slow, fast)} | {points:.3f} |", flush=True)


GENERATORS = {
    "uniform": "SYNTHETIC points drawn uniformly over Mali's bounding box (many fall outside the country)",
    "places": "SYNTHETIC points scattered around the gazetteer's places (GeoNames towns, 0.05 degree "
              "spread): where records are, so more of them near a border",
}


def synthetic_points(n: int, generator: str, rng) -> tuple[np.ndarray, np.ndarray]:
    """`n` SYNTHETIC points (longitudes, latitudes) from one of GENERATORS."""
    if generator == "uniform":
        return rng.uniform(-11.5, 4.0, n), rng.uniform(10.5, 24.5, n)
    places = load_gazetteer()[["longitude", "latitude"]].dropna().to_numpy(float)
    chosen = places[rng.integers(0, len(places), n)]
    return chosen[:, 0] + rng.normal(0, 0.05, n), chosen[:, 1] + rng.normal(0, 0.05, n)


def join_only(sizes, loop_up_to: int = 100_000, generator: str = "uniform") -> None:
    """The spatial join alone: points -> region code, the grid index against geopandas.sjoin (the
    peer a GIS engineer would use; its points built before the clock starts, and apart the time to
    build them) and the per-row loop (up to `loop_up_to` points), on one of GENERATORS. The script
    checks that the grid and sjoin give every point the same region."""
    import geopandas as gpd

    boundaries = load_boundaries().frame
    polygons = list(zip(boundaries["iso_code"], boundaries.geometry))
    regions = boundaries[["iso_code", "geometry"]]
    print(f"\nPoint-in-region join only, generator '{generator}': {GENERATORS[generator]}; best of 3 (loop: 1 run)")
    print("| points | geo/ grid index (s) | geopandas.sjoin (s) | + making its points (s) | naive loop (s) "
          "| vs sjoin | vs loop |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    rng = np.random.default_rng(11)
    for n in sizes:
        lon, lat = synthetic_points(n, generator, rng)
        fast = best_of(points_in_regions, lon, lat, boundaries)
        t0 = time.perf_counter()
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=boundaries.crs)
        making = time.perf_counter() - t0
        peer = best_of(gpd.sjoin, points, regions, "left", "intersects")
        joined = gpd.sjoin(points, regions, how="left", predicate="intersects")
        first = joined[~joined.index.duplicated(keep="first")]["iso_code"].reindex(range(n))
        codes = pd.Series(np.asarray(points_in_regions(lon, lat, boundaries), dtype=object))
        both = first.notna() | codes.notna()
        assert (first[both].to_numpy() == codes[both].to_numpy()).mean() > 0.9999, "grid and sjoin disagree"
        if n <= loop_up_to:
            t0 = time.perf_counter()
            for x, y in zip(lon, lat):
                point = Point(x, y)
                next((iso for iso, polygon in polygons if polygon.contains(point)), None)
            slow = time.perf_counter() - t0
            loop, versus_loop = f"{slow:.3f}", ratio(slow, fast)
        else:
            loop = versus_loop = "–"
        print(f"| {n:,} | {fast:.4f} | {peer:.3f} | {making:.3f} | {loop} | {ratio(peer, fast)} | {versus_loop} |",
              flush=True)


def synthetic_test_cercles():
    """SYNTHETIC TEST admin-2 frame: each shipped Natural Earth region polygon standing as one
    'cercle' with a TEST code. Nothing is drawn, and it says nothing of Mali's cercles (Natural Earth
    ships no second level): it runs the cercle join's code path on real polygons."""
    import geopandas as gpd

    shipped = load_boundaries().frame
    return gpd.GeoDataFrame({"cercle_code": "TEST-" + shipped["iso_code"], "cercle": "SYNTHETIC TEST " + shipped["region"],
                             "iso_code": shipped["iso_code"]}, geometry=shipped.geometry.to_numpy(), crs=4326)


def join_cercles(sizes, path: str | None = None) -> None:
    """The join at cercle level (points -> cercle_code, the same grid index on the admin-2 frame)
    against geopandas.sjoin on the same frame; the script checks both give every point the same
    cercle. `path`: a boundary file with an admin-2 layer (OCHA's COD-AB download, which an
    operator brings); without it, the SYNTHETIC TEST frame above."""
    import geopandas as gpd

    from geo.read.boundaries import read_boundary_file

    if path:
        from pathlib import Path

        cercles = read_boundary_file(Path(path).read_bytes(), Path(path).name).cercles
        what = f"{len(cercles)} cercles of {Path(path).name}"
    else:
        cercles = synthetic_test_cercles()
        what = f"{len(cercles)} SYNTHETIC TEST cercles (each a shipped region polygon)"
    frame = cercles[["cercle_code", "geometry"]]
    print(f"\nSYNTHETIC points; point-in-cercle join only, {what}; best of 3")
    print("| points | geo/ grid index (s) | geopandas.sjoin (s) | same cercle | vs sjoin |")
    print("|---:|---:|---:|---:|---:|")
    rng = np.random.default_rng(13)
    points_in_regions(rng.uniform(-11.5, 4.0, 10), rng.uniform(10.5, 24.5, 10), cercles, "cercle_code")  # grid built
    for n in sizes:
        lon, lat = rng.uniform(-11.5, 4.0, n), rng.uniform(10.5, 24.5, n)
        fast = best_of(points_in_regions, lon, lat, cercles, "cercle_code")
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=cercles.crs)
        peer = best_of(gpd.sjoin, points, frame, "left", "intersects")
        joined = gpd.sjoin(points, frame, how="left", predicate="intersects")
        first = joined[~joined.index.duplicated(keep="first")]["cercle_code"].reindex(range(n))
        codes = pd.Series(np.asarray(points_in_regions(lon, lat, cercles, "cercle_code"), dtype=object))
        both = first.notna() | codes.notna()
        same = (first[both].to_numpy() == codes[both].to_numpy()).mean()
        assert same > 0.9999, "grid and sjoin disagree"
        print(f"| {n:,} | {fast:.4f} | {peer:.3f} | {same:.2%} | {ratio(peer, fast)} |", flush=True)


if __name__ == "__main__":
    import sys

    if "--cercles-only" in sys.argv:   # python bench/bench_join.py --cercles-only [ADMIN2_FILE]
        rest = sys.argv[sys.argv.index("--cercles-only") + 1:]
        join_cercles([1_000, 10_000, 100_000, 1_000_000], rest[0] if rest else None)
    else:
        main()
        for generator in GENERATORS:
            join_only([1_000, 10_000, 100_000, 1_000_000], generator=generator)
        join_cercles([1_000, 10_000, 100_000, 1_000_000])
