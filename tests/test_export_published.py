"""Exports of a dataset that holds a partner's published submission (a real SQLite store): the
commands still run, and the public files say only what the dashboard defines."""
import json
import shutil

from conftest import ROOT
from test_cli import run_geo


def test_geojson_export_after_a_publish_from_the_command_line(tmp_path, monkeypatch):
    """Published records carry the store's `kind` column; the GeoJSON export failed with
    'cannot insert kind, already exists' as soon as anything was published."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    env = {"DASHBOARD_DB": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    submitted = run_geo("store", "submit", "examples/partner.csv", "--kind", "cvr_projects", "--org", "ACAS",
                        "--period", "2024-Q1", "--publish", env=env)
    assert submitted.returncode == 1, submitted.stderr        # published; some rows rejected, as the README says
    for args in (["--out", "g.geojson"], ["--out", "c.geojson", "--kind", "cvr_projects"],
                 ["--out", "p.geojson", "--public"]):
        done = run_geo("export", "geojson", *args, env=env)
        assert done.returncode == 0, (args, done.stderr)
        features = json.loads((tmp_path / args[1]).read_text(encoding="utf-8"))["features"]
        published = [f for f in features if "SYNTHETIC" in str(f["properties"].get("title"))]
        assert published and {f["properties"]["kind"] for f in published} == {"cvr_projects"}
