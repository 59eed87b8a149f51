"""A partner's sheet into the shared store, against the database's own speed: `store submit
--publish` of a sheet (read, validate, locate, store, publish, as geo/cli/store.py does), beside
pandas.read_csv + DataFrame.to_sql (SQLite) or COPY (PostgreSQL) of the same file into one plain
table, each in its own process (its peak memory is its own), on both backends.

    python bench/bench_ingest.py [--rows 300000] [--backends sqlite postgresql] [--generators partner bench]

Two generators of SYNTHETIC sheets, never written to data/: `partner`, bench/partner_sheet.py (an
Excel export: Windows-1252, CRLF, quoted cells, 15 columns of which 3 unused, month-only dates, 3%
of rows with a mistake) and `bench`, bench/bench_validate.py's (UTF-8, 10 columns, 2% bad rows).
PostgreSQL is a throwaway local server with its default durability (fsync on). Database size: the
store's tables after the submission (records, their Parquet snapshot, rejected rows, history)
against the plain table, both as the database reports them (SQLite: the file's pages after VACUUM
and a checkpoint of its write-ahead log; PostgreSQL: pg_total_relation_size). The CPU seconds of
reading and validating the sheet (geo.read, before the store) are printed apart. Targets (issue
26): within 2x of the reference's time, peak memory under 1 GB, database within 1.5x of the plain
table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy

ENCODINGS = {"partner": "cp1252", "bench": "utf-8"}
STORE_TABLES = ("submissions", "records", "record_snapshots", "rejected_rows", "audit_log")


def write(generator: str, path: Path, rows: int) -> None:
    if generator == "partner":
        from partner_sheet import write_partner_sheet

        write_partner_sheet(path, rows)
    else:
        from bench_validate import write_sheet

        write_sheet(path, rows)


def submit(url: str, path: str) -> dict:
    """What `python -m geo store submit FILE --publish` does, timed from the file to published."""
    import geo.read.tables
    from geo.read.tables import read_table
    from geo.read.validate import validate_table
    from geo.store import Store, sha256_of

    store = Store.open(url)
    boundaries = store.active_boundaries().frame
    geo.read.tables.MAX_FILE_BYTES = max(geo.read.tables.MAX_FILE_BYTES, Path(path).stat().st_size)
    started, cpu = time.perf_counter(), time.process_time()
    data = Path(path).read_bytes()
    table = read_table(data, name=Path(path).name)
    report = validate_table(table, kind="cvr_projects", boundaries=boundaries)
    checked = time.process_time() - cpu
    submission = store.submit(report, organisation="SYNTHETIC NGO", period="2024-Q1", actor="bench",
                              sha256=sha256_of(data), file_name=Path(path).name, raw_table=table, publish=True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "read_validate_cpu": checked, "accepted": report.accepted_count,
            "rejected": len(report.rejected), "status": submission.status, "bytes": size(url, STORE_TABLES)}


def plain(url: str, path: str, encoding: str) -> dict:
    """pandas.read_csv of the file, then to_sql (SQLite) or COPY (PostgreSQL) into one table."""
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(path, sep=";", encoding=encoding, dtype=str)
    if engine.dialect.name == "postgresql":
        columns = [f"c{i}" for i in range(len(frame.columns))]
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, header=False)
        with engine.begin() as c:
            c.exec_driver_sql(f"CREATE TABLE plain ({', '.join(f'{n} text' for n in columns)})")
            cursor = c.connection.driver_connection.cursor()
            with cursor.copy("COPY plain FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
    else:
        frame.to_sql("plain", engine, index=False, chunksize=50_000)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "rows": len(frame),
            "bytes": size(url, ("plain",))}


def size(url: str, tables) -> int:
    """Bytes the database gives `tables` (SQLite: the whole file after VACUUM, one file per run)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:   # the store's file is in WAL mode: VACUUM writes to the log first
            c.exec_driver_sql("VACUUM")
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return Path(engine.url.database).stat().st_size
    with engine.connect() as c:
        return int(sum(c.exec_driver_sql(f"SELECT pg_total_relation_size('{t}')").scalar() for t in tables))


def child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", *args], capture_output=True, text=True, timeout=7200)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def database(backend: str, folder: Path, name: str):
    """A context giving a new empty database's URL on `backend`."""
    import contextlib

    from geo.store.local_server import temporary_postgres

    if backend == "sqlite":
        return contextlib.nullcontext(f"sqlite:///{folder / name}.sqlite")
    return temporary_postgres(durable=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[300_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--generators", nargs="+", default=["partner", "bench"])
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        what, url, path, *rest = args.one
        result = submit(url, path) if what == "submit" else plain(url, path, *rest)
        print(json.dumps(result | {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for generator in args.generators:
            for n in args.rows:
                path = folder / f"{generator}_{n}.csv"
                write(generator, path, n)
                for backend in args.backends:
                    with database(backend, folder, f"store_{generator}_{n}") as url:
                        stored = child("submit", url, str(path))
                    with database(backend, folder, f"plain_{generator}_{n}") as url:
                        reference = child("plain", url, str(path), ENCODINGS[generator])
                    rows.append((generator, n, path.stat().st_size, backend, stored, reference))
                    print(f"  {generator} {n:,} {backend}: submit {stored['seconds']:.1f} s, "
                          f"reference {reference['seconds']:.1f} s", file=sys.stderr, flush=True)
    print(f"\nA partner's sheet into the store, SYNTHETIC, {dt.date.today().isoformat()}, this machine "
          f"({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}); reference: pandas.read_csv + to_sql "
          "(SQLite) or COPY (PostgreSQL, fsync on) of the same file. Time: the process's CPU seconds (other work on "
          "the machine changes them less than the clock; PostgreSQL's own server is in neither) and the wall clock; "
          "targets: within 2x, peak under 1 GB, database within 1.5x")
    print("| generator | rows | file (MB) | backend | submit + publish: CPU (s) | of which read + validate (s) "
          "| wall (s) | reference: CPU (s) "
          "| wall (s) | ratio (CPU) | ratio (wall) | peak (MB) | reference peak (MB) | database (MB) | plain table (MB) "
          "| size ratio | accepted | rejected | verdict |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for generator, n, file_bytes, backend, s, r in rows:
        ratio, size_ratio = s["cpu"] / r["cpu"], s["bytes"] / r["bytes"]
        missed = [what for what, bad in (("over 2x", ratio > 2), ("over 1 GB", s["peak_mb"] > 1024),
                                         ("database over 1.5x", size_ratio > 1.5)) if bad]
        print(f"| {generator} | {n:,} | {file_bytes / 1e6:.1f} | {backend} | {s['cpu']:.1f} | {s['read_validate_cpu']:.1f} | "
              f"{s['seconds']:.1f} | "
              f"{r['cpu']:.1f} | {r['seconds']:.1f} | {ratio:.1f}x | {s['seconds'] / r['seconds']:.1f}x | "
              f"{s['peak_mb']:,.0f} | {r['peak_mb']:,.0f} | {s['bytes'] / 1e6:.0f} | {r['bytes'] / 1e6:.0f} | "
              f"{size_ratio:.2f}x | {s['accepted']:,} | {s['rejected']:,} | {', '.join(missed) or 'met'} |")


if __name__ == "__main__":
    main()
