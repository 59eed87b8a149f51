"""Benchmark: the slide map (PNG, target < 3 s) and the briefing pack (PPTX, target < 10 s) on the
shipped data, plus the other exports for reference. Each export is timed cold in a fresh process
(imports included, as for `python -m geo export`) and warm (best of N in one process, as in the app).
Then the slide map and the pack with `--records` SYNTHETIC CVR projects added (bench/bench_store.py's
generator: half with their own coordinates, scattered around gazetteer places), against the shipped
data in the same process (target: within 2x).

    python bench/bench_export.py [--repeat 5] [--records 100000 300000]
"""
from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"png": 3.0, "pptx": 10.0}
COMMANDS = {"png": ["map", "--out", "map.png"], "pptx": ["pptx", "--out", "pack.pptx"],
            "svg": ["map", "--out", "map.svg"], "pdf": ["map", "--out", "map.pdf"],
            "xlsx": ["xlsx", "--out", "data.xlsx"], "html": ["html", "--out", "map.html"]}


def cold(name: str, folder: str) -> float:
    argv = [sys.executable, "-m", "geo", "export", *COMMANDS[name][:-1], os.path.join(folder, COMMANDS[name][-1])]
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def warm(repeat: int) -> dict[str, float]:
    from geo.model.dataset import load_dataset
    from geo.render.briefing import briefing_pptx_bytes
    from geo.render.slide_map import map_figure_bytes
    from geo.render.tables import table_export_bytes
    from geo.render.webmap import html_map_bytes

    dataset = load_dataset()
    jobs = {"png": lambda: map_figure_bytes(dataset, fmt="png", public=False),
            "pptx": lambda: briefing_pptx_bytes(dataset, public=False),
            "svg": lambda: map_figure_bytes(dataset, fmt="svg", public=False),
            "pdf": lambda: map_figure_bytes(dataset, fmt="pdf", public=False),
            "xlsx": lambda: table_export_bytes(dataset, None, "xlsx", public=False),
            "html": lambda: html_map_bytes(dataset, public=False)}
    out = {}
    for name, job in jobs.items():
        job()  # first call builds caches (fonts, boundary index)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            job()
            times.append(time.perf_counter() - start)
        out[name] = min(times)
    return out


def at_scale(sizes: list[int], repeat: int) -> list[tuple[str, float, float]]:
    """(data, PNG s, PPTX s): warm, best of `repeat`, for the shipped data and with each size added."""
    from bench_store import synthetic_report

    from geo.model.dataset import add_records, load_dataset
    from geo.render.briefing import briefing_pptx_bytes
    from geo.render.slide_map import map_figure_bytes

    shipped = load_dataset()
    rows = []
    for n in [0, *sizes]:
        dataset = add_records(shipped, synthetic_report(n)) if n else shipped
        times = []
        for job in (functools.partial(map_figure_bytes, dataset, fmt="png", public=False),
                    functools.partial(briefing_pptx_bytes, dataset, public=False)):
            job()
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                job()
                best = min(best, time.perf_counter() - start)
            times.append(best)
        rows.append(("shipped" if not n else f"shipped + {n:,} SYNTHETIC", *times))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--records", type=int, nargs="*", default=[100_000])
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        colds = {name: cold(name, folder) for name in COMMANDS}
    warms = warm(args.repeat)
    print(f"{'export':<8}{'cold CLI (s)':>14}{'warm (s)':>11}{'target (s)':>12}  verdict")
    ok = True
    for name in COMMANDS:
        target = TARGETS.get(name)
        verdict = "" if target is None else ("ok" if colds[name] < target else "SLOW")
        ok &= verdict != "SLOW"
        print(f"{name:<8}{colds[name]:>14.2f}{warms[name]:>11.2f}{(f'{target:.0f}' if target else '-'):>12}  {verdict}")
    if args.records:
        rows = at_scale(args.records, max(1, args.repeat // 2))
        print(f"\nSlide map and briefing pack at scale, warm (best of {max(1, args.repeat // 2)}), load "
              f"{os.getloadavg()[0]:.1f}; SYNTHETIC CVR projects of bench/bench_store.py's generator added to the "
              "shipped data; reference: the shipped data in the same process (target: within 2x)")
        print("| data | slide map PNG (s) | vs shipped | briefing PPTX (s) | vs shipped |")
        print("|---|---:|---:|---:|---:|")

        def versus(seconds: float, shipped: float) -> str:
            return f"{seconds / shipped:.1f}x" + ("" if seconds <= 2 * shipped else " (over 2x)")
        for data, png, pptx in rows:
            print(f"| {data} | {png:.2f} | {versus(png, rows[0][1])} | {pptx:.2f} | {versus(pptx, rows[0][2])} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
