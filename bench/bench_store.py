"""The shared store at a partner's scale, on both backends: ingest of SYNTHETIC submissions of 10k,
100k and 1M records (rows/s, peak memory of the ingesting process), then the first page view after
publishing (loading the published records into the app's shared picture, and the per-region summary
and headline figures a page draws).

    python bench/bench_store.py [--sizes 10000 100000 1000000] [--backends sqlite postgresql]

Each measurement runs in its own process, so its peak memory is its own. The records are generated
here (labelled SYNTHETIC), already validated (bench/bench_validate.py times validation); they are
never written to data/. PostgreSQL is a throwaway local server (geo.store.local_server) with its
default durability (fsync on). A partner's whole sheet, read and validated, is bench/bench_ingest.py.
Targets on a 2-core machine: 1M records ingested into SQLite in under 60 s; the first page view
with 1M published records under 5 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy

SOURCE = "SYNTHETIC (bench/bench_store.py)"


def synthetic_report(n: int, seed: int = 7):
    """A validated report of n SYNTHETIC CVR projects at gazetteer places of Mali."""
    from geo.read.gazetteer import load_gazetteer
    from geo.read.validate import ValidationReport

    rng = np.random.default_rng(seed)
    gazetteer = load_gazetteer()
    places = gazetteer[gazetteer["rank"].eq(0) & gazetteer["region_iso"].notna()].drop_duplicates("name")
    pick = places.iloc[rng.integers(0, len(places), n)]
    from geo.regions import region_name

    own_xy = rng.random(n) < 0.5      # half the rows carry their own coordinates
    jitter = rng.normal(0, 0.02, (n, 2))
    days = rng.integers(0, 3000, n)
    accepted = pd.DataFrame({
        "row": np.arange(2, n + 2), "title": [f"SYNTHETIC project {i}" for i in range(n)],
        "place": pick["name"].to_numpy(), "region": [region_name(c) for c in pick["region_iso"]],
        "partner": rng.choice(["SYNTHETIC NGO A", "SYNTHETIC NGO B", "SYNTHETIC NGO C"], n),
        "cost_xof": rng.integers(1_000_000, 90_000_000, n).astype(float),
        "beneficiaries": rng.integers(10, 5000, n).astype(float), "youth": np.nan,
        "women": rng.integers(0, 2000, n).astype(float),
        "launch_date": [dt.date(2016, 1, 1) + dt.timedelta(days=int(d)) for d in days],
        "duration_months": np.nan, "category": rng.choice(["HIMO", "sanitation", "training"], n),
        "latitude": np.where(own_xy, pick["latitude"].to_numpy() + jitter[:, 0], np.nan),
        "longitude": np.where(own_xy, pick["longitude"].to_numpy() + jitter[:, 1], np.nan),
        "source_doc": SOURCE,
    })
    return ValidationReport("synthetic.csv", "cvr_projects", {}, n, 0, accepted)


def one(backend_url: str, n: int) -> dict:
    """Ingest n records, publish them, and time the first page view (in this process)."""
    from geo.model.dataset import load_dataset
    from geo.model.summary import headline_figures, region_summary
    from geo.store import Store, with_published

    report = synthetic_report(n)
    store = Store.open(backend_url)
    t0 = time.perf_counter()
    submission = store.submit(report, organisation="SYNTHETIC", period="2024-Q1", actor="bench",
                              sha256=f"{n}-{time.time_ns()}")
    ingest = time.perf_counter() - t0
    store.publish(submission.id, "bench")
    shipped = load_dataset()
    t0 = time.perf_counter()
    dataset = with_published(shipped, store)        # what the app builds once per data version
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    region_summary(dataset)
    headline_figures(dataset)
    summary = time.perf_counter() - t0
    return {"n": n, "ingest": ingest, "load": load, "summary": summary,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(backend: str, url: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", url, str(n)], capture_output=True, text=True,
                         check=True, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1]) | {"backend": backend}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--one", nargs=2, metavar=("URL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]))))
        return
    from geo.store.local_server import temporary_postgres

    rows = []
    for backend in args.backends:
        for n in args.sizes:
            if backend == "sqlite":
                with tempfile.TemporaryDirectory() as folder:
                    rows.append(run_child(backend, f"sqlite:///{Path(folder) / 'store.sqlite'}", n))
            else:
                with temporary_postgres(durable=True) as url:
                    rows.append(run_child(backend, url, n))
            r = rows[-1]
            print(f"  {backend} {n:,}: ingest {r['ingest']:.1f} s, first view {r['load'] + r['summary']:.1f} s",
                  file=sys.stderr)
    print(f"\nSYNTHETIC CVR projects, {dt.date.today().isoformat()}, this machine")
    print("| backend | records | ingest (s) | records/s | peak memory (MB) | first view: load (s) | + summary (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['backend']} | {r['n']:,} | {r['ingest']:.1f} | {r['n'] / r['ingest']:,.0f} | {r['peak_mb']:,.0f} "
              f"| {r['load']:.2f} | {r['summary']:.2f} |")


if __name__ == "__main__":
    main()
