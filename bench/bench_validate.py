"""Reading and validating a partner's sheet at scale, as `python -m geo validate` does, against
pandas.read_csv of the same file in the same run, on two generators of SYNTHETIC sheets:

- `bench`: this file's French CSV (UTF-8, LF, semicolons, 10 columns, "57.257.750 FCFA" amounts,
  day-first dates, half the rows with coordinates, 2% bad rows);
- `partner`: bench/partner_sheet.py, written apart from it (an Excel export: Windows-1252, CRLF,
  quoted cells, 15 columns of which 3 unused, month-only dates, 3% bad rows).

    python bench/bench_validate.py [--sizes 10000 100000 1000000] [--generators bench partner]

Each measurement runs in its own process (its peak memory is its own). The files are generated in a
temporary folder, labelled SYNTHETIC, never written to data/. A million rows make 95 MB (bench) and
156 MB (partner), so the 50 MB upload limit is lifted for the benchmark (the app keeps it).
Targets (issue 26): 100,000 rows/s or more, within 5x of pandas.read_csv, peak memory under 2 GB
at 1M rows.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy

PLACES = [("Gao", "Gao", "16,27167", "-0,04472"), ("Kidal", "Kidal", "18,44345", "1,40921"),
          ("Tombouctou", "Tombouctou", "16,77348", "-3,00742"), ("Mopti", "Mopti", "14,4843", "-4,18296"),
          ("Ménaka", "Ménaka", "", ""), ("Ansongo", "Gao", "15,65974", "0,50219")]


def write_sheet(path: Path, rows: int, seed: int = 3) -> None:
    """A SYNTHETIC French partner sheet; about 1 row in 50 has a mistake partners make."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write("Intitulé du projet;Localité;Région;Partenaire;Coût (FCFA);Bénéficiaires directs;dont femmes;"
                  "Date de lancement;Latitude;Longitude\n")
        for i in range(rows):
            place, region, lat, lon = PLACES[i % len(PLACES)]
            if i % 2:
                lat = lon = ""
            cost = f"{rng.randint(1, 90):d}.{rng.randint(0, 999):03d}.{rng.randint(0, 999):03d} FCFA"
            day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
            date = day.strftime("%d/%m/%Y")
            if i % 50 == 7:
                date = "31/02/2017"                # impossible
            if i % 50 == 13:
                cost = "beaucoup"                  # unreadable
            out.write(f"SYNTHETIC projet {i};{place};{region};SYNTHETIC ONG {i % 7};{cost};{rng.randint(10, 5000)};"
                      f"{rng.randint(0, 900)};{date};{lat};{lon}\n")


ENCODINGS = {"bench": "utf-8", "partner": "cp1252"}


def write(generator: str, path: Path, rows: int) -> None:
    if generator == "partner":
        from partner_sheet import write_partner_sheet

        write_partner_sheet(path, rows)
    else:
        write_sheet(path, rows)


def one(path: str, what: str, encoding: str = "utf-8") -> dict:
    """One timed run, imports done before the clock starts (as in a server that has them loaded)."""
    import pandas as pd

    import geo.read.tables
    from geo.read.boundaries import load_boundaries
    from geo.read.validate import validate_file

    geo.read.tables.MAX_FILE_BYTES = geo.read.tables.COMMAND_LINE_MAX_BYTES   # a million rows: over the upload cap
    started, cpu = time.perf_counter(), time.process_time()
    if what == "validate":
        report = validate_file(path, boundaries=load_boundaries().frame)
        counts = {"accepted": report.accepted_count, "rejected": len(report.rejected)}
    else:
        counts = {"rows": len(pd.read_csv(path, sep=";", encoding=encoding))}
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **counts}


def run_child(path: Path, what: str, encoding: str) -> dict:
    """In a fresh process, so that the peak memory is this run's."""
    out = subprocess.run([sys.executable, __file__, "--one", str(path), what, encoding], capture_output=True,
                         text=True, check=True, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--generators", nargs="+", choices=ENCODINGS, default=list(ENCODINGS))
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
        return
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for generator in args.generators:
            for n in args.sizes:
                path = Path(folder) / f"synthetic_{generator}_{n}.csv"
                write(generator, path, n)
                validated = run_child(path, "validate", ENCODINGS[generator])
                read = run_child(path, "read_csv", ENCODINGS[generator])
                results.append((generator, n, path.stat().st_size, validated, read))
                print(f"  {generator} {n:,}: validate {validated['seconds']:.2f} s, read_csv {read['seconds']:.2f} s",
                      file=sys.stderr)
    print(f"\nValidation of SYNTHETIC partner sheets, {dt.date.today().isoformat()}, this machine "
          f"({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}); reference: pandas.read_csv of the same file "
          "in its own process; targets: 100,000 rows/s, within 5x, peak under 2 GB at 1M rows. Rates and ratios "
          "are of CPU seconds (the process's own, which other work on the machine changes less than the clock); "
          "wall-clock seconds beside them")
    print("| generator | rows | file (MB) | validate: CPU (s) | wall (s) | rows/s (CPU) | peak memory (MB) "
          "| read_csv: CPU (s) | wall (s) | ratio (CPU) | accepted | rejected | verdict |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for generator, n, size, validated, read in results:
        rate, ratio = n / validated["cpu"], validated["cpu"] / read["cpu"]
        missed = [what for what, bad in (("under 100k rows/s", rate < 100_000), ("over 5x", ratio > 5),
                                         ("over 2 GB", validated["peak_mb"] > 2048)) if bad]
        print(f"| {generator} | {n:,} | {size / 1e6:.1f} | {validated['cpu']:.2f} | {validated['seconds']:.2f} | "
              f"{rate:,.0f} | {validated['peak_mb']:,.0f} | {read['cpu']:.2f} | {read['seconds']:.2f} | {ratio:.1f}x | "
              f"{validated['accepted']:,} | {validated['rejected']:,} | {', '.join(missed) or 'met'} |")


if __name__ == "__main__":
    main()
