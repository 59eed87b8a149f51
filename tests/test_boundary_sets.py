"""The organisation's boundary set, chosen once for everyone, on both real backends (SQLite and the
PostgreSQL of tests/conftest.py): kept byte for byte with its SHA-256, who set it and when, its
source and licence; every earlier set restorable; each change in the audit log and in the
boundaries version; `summarize` and `export` use the active set in every new process."""
import json

import pytest
import sqlalchemy as sa
from fixtures.boundary_files import cod_style_zip
from test_cli import run_geo
from test_store import store_url  # noqa: F401 - the fixture: a fresh store on each backend

from geo.paths import ROOT
from geo.read.tables import ReadError
from geo.store import Store, StoreError
from geo.store import tables as T

COD_AB = ROOT / "examples" / "cod_ab_adm1.zip"   # COD-AB field names and P-codes on shipped polygons
NINE = ROOT / "examples" / "projets_regions_2023.csv"


@pytest.fixture
def store(store_url):  # noqa: F811
    opened = Store.open(store_url)
    yield opened
    opened.engine.dispose()


def test_natural_earth_until_an_admin_sets_another_then_every_set_is_kept_and_restorable(store, tmp_path):
    assert store.active_boundary_set() is None and store.boundaries_version() == 0
    assert store.active_boundaries().info["name"] == "Natural Earth admin-1 (1:10m)"
    first = store.set_boundaries(COD_AB.read_bytes(), COD_AB.name, actor="operator:amina",
                                 source="COD-AB style copy of Natural Earth", licence="public domain")
    assert (first.id, first.regions, first.cercles, first.set_by) == (1, 9, 0, "operator:amina")
    assert store.boundary_file(1) == COD_AB.read_bytes()                        # byte for byte
    import hashlib

    assert first.sha256 == hashlib.sha256(COD_AB.read_bytes()).hexdigest()
    active = store.active_boundaries()
    assert active.info["name"] == COD_AB.name and active.info["set"]["id"] == 1
    assert active.info["source"] == "COD-AB style copy of Natural Earth" and active.info["licence"] == "public domain"
    assert store.boundaries_version() == 1

    levels = cod_style_zip(tmp_path)
    second = store.set_boundaries(levels.read_bytes(), levels.name, actor="operator:amina")
    assert second.id == 2 and second.cercles == 9 and len(store.active_boundaries().cercles) == 9
    assert [s.id for s in store.boundary_sets()] == [2, 1]                       # newest first, both kept
    assert store.restore_boundaries(1, "operator:moussa").id == 1
    assert store.active_boundary_set().id == 1 and store.active_boundaries().cercles.empty
    assert store.restore_boundaries(0, "operator:moussa") is None                # back to Natural Earth
    assert store.active_boundary_set() is None and store.boundaries_version() == 4
    again = store.set_boundaries(COD_AB.read_bytes(), "renamed.zip", actor="operator:amina")   # the same file
    assert again.id == 1 and len(store.boundary_sets()) == 2
    history = [(e["actor"], e["action"], e["note"].split(" ")[0]) for e in store.audit()]
    assert history == [("operator:amina", "boundaries_set", "#1"), ("operator:amina", "boundaries_set", "#2"),
                       ("operator:moussa", "boundaries_restore", "#1"), ("operator:moussa", "boundaries_restore", "#0"),
                       ("operator:amina", "boundaries_restore", "#1")]
    assert store.data_version() == 0                                             # the published picture is unchanged


def test_a_file_that_cannot_be_read_changes_nothing(store, tmp_path):
    with pytest.raises(ReadError):
        store.set_boundaries(b"pas du geojson", "faux.geojson", actor="operator:amina")
    with pytest.raises(StoreError, match="no boundary set #7"):
        store.restore_boundaries(7, "operator:amina")
    assert store.boundary_sets() == [] and store.boundaries_version() == 0 and store.audit() == []


def test_a_submission_is_assigned_with_the_active_set_and_its_cercles(store, tmp_path):
    from geo.read.tables import read_table
    from geo.read.validate import validate_table

    levels = cod_style_zip(tmp_path)
    store.set_boundaries(levels.read_bytes(), levels.name, actor="operator:amina")
    table = read_table(NINE)
    report = validate_table(table, kind="cvr_projects", boundaries=store.active_boundaries().frame)
    submission = store.submit(report, organisation="ONG D", period="2024-Q1", actor="d@ong.example",
                              sha256="1" * 64, raw_table=table)
    with store.engine.connect() as c:
        rows = c.execute(sa.select(T.records.c.cercle, T.records.c.assigned_iso, T.records.c.cercle_code)
                         .where(T.records.c.submission_id == submission.id).order_by(T.records.c.row)).all()
    assert rows[0] == ("Yanfolila", "ML-3", "TEST-ML0301")      # Bougouni's row: in Sikasso, at Yanfolila's town
    assert {r.assigned_iso for r in rows} == {"ML-1", "ML-2", "ML-3", "ML-4", "ML-5"}


def test_set_in_one_process_then_every_new_process_uses_it_and_names_it(store_url, tmp_path):  # noqa: F811
    env = {"DASHBOARD_DB": store_url}
    before = json.loads(run_geo("summarize", "--json", env=env).stdout)
    assert before["boundaries"] == "Natural Earth admin-1 (1:10m)" and before["boundary_set"] is None
    done = run_geo("boundaries", "set", COD_AB, "--source", "examples/ (SYNTHETIC copy)", "--licence", "public domain",
                   env=env)
    assert done.returncode == 0 and "boundary set #1" in done.stderr
    for _ in range(2):   # a new process, then a restart: the set stays
        out = json.loads(run_geo("summarize", "--json", env=env).stdout)
        assert out["boundaries"] == "cod_ab_adm1.zip" and out["boundary_set"]["id"] == 1
        assert len(out["boundary_set"]["sha256"]) == 64 and out["boundary_set"]["set_by"].startswith("operator:")
    nine = json.loads(run_geo("summarize", "--records", NINE, "--kind", "cvr_projects", "--json", env=env).stdout)
    assert nine["boundaries"] == "cod_ab_adm1.zip"
    assert {r["region"]: r["projects"] for r in nine["regions"] if r["projects"]} == {
        "Sikasso": 2, "Kayes": 2, "Mopti": 2, "Ségou": 1, "Koulikoro": 2}
    assert len(nine["notes"]) == 9
    listed = json.loads(run_geo("boundaries", "list", "--json", env=env).stdout)
    assert [(s["id"], s["active"]) for s in listed] == [(1, True), (0, False)]
    shown = run_geo("boundaries", "show", env=env)
    assert shown.returncode == 0 and '"id": 1' in shown.stdout and "boundaries_set" in shown.stdout
    out = tmp_path / "regions.geojson"
    assert run_geo("export", "geojson", "--out", out, "--kind", "regions", env=env).returncode == 0
    assert run_geo("boundaries", "restore", "0", env=env).returncode == 0
    assert json.loads(run_geo("summarize", "--json", env=env).stdout)["boundary_set"] is None
    refused = run_geo("boundaries", "set", tmp_path / "absent.zip", env=env)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
