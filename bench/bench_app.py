"""Benchmark: the app's rerun time on a filter change, and the size of the map, with 10,000 records.

SYNTHETIC DATA: the records are generated here for timing only (titles say SYNTHETIC, places are
drawn from the shipped gazetteer, numbers are random); nothing is written to data/.

The records enter the app the way a partner's upload does (st.session_state["user_uploads"]), so
the timed path is the real one: session dataset, filters, aggregation, figures, folium map.
Times are Streamlit's AppTest reruns (the page's Python plus AppTest's own bookkeeping, so an
upper bound of what a browser session costs the server).

    python bench/bench_app.py [--records 10000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy
from streamlit.testing.v1 import AppTest

from geo.model.dataset import add_records, load_dataset
from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry
from geo.read.gazetteer import load_gazetteer
from geo.read.validate import ValidationReport
from geo.regions import region_name
from geo.render.webmap import build_map, map_html

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["views/overview.py", "views/map.py", "views/cvr.py", "views/sites.py", "views/trainings.py", "views/data.py"]
SOURCE = "SYNTHETIC (bench/bench_app.py)"


def synthetic_records(n: int, seed: int = 11) -> dict[str, pd.DataFrame]:
    """SYNTHETIC: 60% CVR projects, 35% training rows, 5% sites, at gazetteer places in Mali."""
    rng = np.random.default_rng(seed)
    gaz = load_gazetteer()
    gaz = gaz[gaz["region_iso"].notna()].drop_duplicates("geonameid")
    n_cvr, n_tr = int(n * 0.60), int(n * 0.35)
    n_sites = n - n_cvr - n_tr

    def places(k):
        rows = gaz.sample(k, replace=True, random_state=int(rng.integers(1 << 30)))
        return rows["name"].to_numpy(), rows["region_iso"].map(region_name).to_numpy()

    def dates(k):
        days = rng.integers(0, 8 * 365, k)
        return (pd.Timestamp("2016-01-01") + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d")

    place, region = places(n_cvr)
    cvr = pd.DataFrame({
        "title": [f"SYNTHETIC project {i}" for i in range(n_cvr)], "place": place, "region": region,
        "partner": rng.choice(["SYNTHETIC NGO A", "SYNTHETIC NGO B", "SYNTHETIC NGO C"], n_cvr),
        "cost_xof": rng.integers(5_000_000, 90_000_000, n_cvr).astype(float),
        "beneficiaries": rng.integers(50, 8000, n_cvr).astype(float),
        "women": rng.integers(0, 2000, n_cvr).astype(float), "youth": np.nan,
        "launch_date": dates(n_cvr), "date_precision": "day",
        "category": rng.choice(["HIMO rural road", "sanitation", "market garden", "vocational training"], n_cvr),
        "latitude": np.nan, "longitude": np.nan, "source_doc": SOURCE,
        "source_quote": "SYNTHETIC record generated for the benchmark; no source sentence."})
    place, region = places(n_tr)
    men = rng.integers(0, 40, n_tr).astype(float)
    women = rng.integers(0, 40, n_tr).astype(float)
    trainings = pd.DataFrame({
        "session_id": [f"SYN-S{i // 2}" for i in range(n_tr)], "title": [f"SYNTHETIC session {i // 2}" for i in range(n_tr)],
        "date_start": dates(n_tr), "date_precision": "day", "place": place, "region": region,
        "organiser": "SYNTHETIC organiser", "audience": rng.choice(["youth", "women", "CSO", "officials"], n_tr),
        "men": men, "women": women, "total": men + women, "latitude": np.nan, "longitude": np.nan,
        "source_doc": SOURCE, "source_quote": "SYNTHETIC"})
    place, region = places(n_sites)
    sites = pd.DataFrame({
        "name": [f"SYNTHETIC site {i}" for i in range(n_sites)], "site_type": rng.choice(["cantonment", "moc_camp"], n_sites),
        "place": place, "region": region, "status": "SYNTHETIC", "date_start": dates(n_sites),
        "latitude": np.nan, "longitude": np.nan, "source_doc": SOURCE, "source_quote": "SYNTHETIC"})
    return {"cvr_projects": cvr, "trainings": trainings, "sites": sites}


def reports(records: dict[str, pd.DataFrame]) -> list[dict]:
    """The synthetic tables as accepted uploads (the session contract of ui/uploads.py)."""
    return [{"id": f"synthetic-{kind}", "replace": True,
             "report": ValidationReport(file=f"SYNTHETIC {kind}", kind=kind, mapping={}, rows_in=len(frame),
                                        blank_rows=0, accepted=frame)}
            for kind, frame in records.items()]


def time_pages(uploads: list[dict], repeat: int) -> list[tuple[str, float, float, float]]:
    """(page, first run s, median rerun s after a region change, after a years change: every
    region stays, so the map keeps all its symbols) for each page."""
    rows = []
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.session_state["user_uploads"] = uploads
        started = time.perf_counter()
        at.run()
        if page != PAGES[0]:
            at.switch_page(page)
            at.run()
        first = time.perf_counter() - started
        assert not at.exception, at.exception
        region, years = [], []
        for i in range(repeat):
            at.multiselect(key="f_region").set_value(["ML-7"] if i % 2 == 0 else ["ML-6"])
            started = time.perf_counter()
            at.run()
            region.append(time.perf_counter() - started)
            assert not at.exception, at.exception
        at.multiselect(key="f_region").set_value([])
        at.run()
        for i in range(repeat):
            at.slider(key="f_years").set_value((2017, 2022) if i % 2 == 0 else (2016, 2021))
            started = time.perf_counter()
            at.run()
            years.append(time.perf_counter() - started)
            assert not at.exception, at.exception
        rows.append((page, first, statistics.median(region), statistics.median(years)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    records = synthetic_records(args.records)
    uploads = reports(records)
    print(f"SYNTHETIC records: {args.records:,} ({', '.join(f'{k} {len(v):,}' for k, v in records.items())})")

    dataset = load_dataset()
    for upload in uploads:
        dataset = add_records(dataset, upload["report"], replace_shipped=True)
    display = display_geometry(dataset.boundaries)
    started = time.perf_counter()
    html = map_html(build_map(dataset, region_summary(dataset), display, "projects", "fr"))
    built = time.perf_counter() - started
    full = map_html(build_map(dataset, region_summary(dataset), dataset.boundaries, "projects", "fr"))
    print(f"map HTML, default view: {len(html) / 1e6:.2f} MB (built in {built:.2f} s); "
          f"with full-resolution boundaries it would be {len(full) / 1e6:.2f} MB")

    print("\n| page | first run (s) | rerun, region changed (s) | rerun, years changed (s) |")
    print("|---|---:|---:|---:|")
    for page, first, region, years in time_pages(uploads, args.repeat):
        print(f"| {page} | {first:.2f} | {region:.3f} | {years:.3f} |")
    print(f"(reruns: median of {args.repeat})")


if __name__ == "__main__":
    main()
