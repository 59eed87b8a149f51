"""`python -m geo store ...` on both backends: submit validates as `validate` does, the list and the
review steps, one-line refusals with exit 2, and `summarize`/`export` include what is published."""
import json
import os
import pwd
import re

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from fixtures.partner_sheets import write_csv
from test_cli import check_messy, run_geo
from test_store import store_url  # noqa: F401 - the fixture: a fresh store on each backend

from geo.printable import CONTROL

LIST_KEYS = {"id", "kind", "organisation", "period", "status", "rows_in", "accepted", "rejected", "submitted_at",
             "submitted_by", "file_name", "supersedes"}


@pytest.fixture
def geo(store_url):  # noqa: F811
    """run_geo against this test's store."""
    return lambda *args, **env: run_geo(*args, env={"DASHBOARD_DB": store_url, **env})


def gao_projects(result) -> int:
    return next(r["projects"] for r in json.loads(result.stdout)["regions"] if r["iso_code"] == "ML-7")


def test_submit_review_publish_and_the_summary_follows(geo, tmp_path):
    assert geo("store", "init").returncode == 0
    path = write_csv(tmp_path / "projets_rvc.csv", "utf-8", ";")
    validated = run_geo("validate", path, "--json")
    submitted = geo("store", "submit", path, "--kind", "cvr_projects", "--org", "ACAS", "--period", "2024-Q1", "--json")
    assert submitted.returncode == validated.returncode == 1             # some rows rejected, as validate says
    out = json.loads(submitted.stdout)
    check_messy({k: v for k, v in out.items() if k not in ("submission", "status")})
    assert out == json.loads(validated.stdout) | {"submission": 1, "status": "pending"}

    before = gao_projects(geo("summarize", "--json"))
    listed = json.loads(geo("store", "list", "--json").stdout)
    assert len(listed) == 1 and set(listed[0]) == LIST_KEYS and listed[0]["status"] == "pending"
    assert geo("store", "publish", "1").returncode == 0
    after = gao_projects(geo("summarize", "--json"))
    assert after > before                                               # the published records join the shipped
    assert json.loads(geo("store", "list", "--status", "published", "--json").stdout)[0]["id"] == 1

    out = tmp_path / "gao.csv"
    assert geo("export", "csv", "--out", out, "--region", "Gao").returncode == 0
    assert "Assainissement des écoles et quartiers de la ville de Gao" in out.read_text(encoding="utf-8-sig")
    gpkg = tmp_path / "store.gpkg"
    assert geo("store", "export", "--out", gpkg).returncode == 0
    assert len(gpd.read_file(gpkg, layer="cvr_projects")) == out_count(submitted)


def out_count(result) -> int:
    return json.loads(result.stdout)["accepted"]


def test_refusals_are_one_line_with_exit_2(geo, tmp_path):
    path = write_csv(tmp_path / "projets_rvc.csv", "utf-8", ";")
    assert geo("store", "submit", path, "--org", "ACAS", "--period", "2024-03").returncode == 1
    again = geo("store", "submit", path, "--org", "ONG X", "--period", "2024-04")
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.count("\n") == 1 and "already submitted" in again.stderr and "ACAS" not in again.stderr
    for args in (("store", "return", "1"),                               # a reason is required
                 ("store", "withdraw", "1", "--why", "not published yet"),
                 ("store", "publish", "9"),
                 ("store", "submit", path, "--org", "ACAS", "--period", "mars"),
                 ("store", "export", "--out", tmp_path / "x.shp")):
        result = geo(*args)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_submit_and_publish_in_one_step(geo, tmp_path):
    path = write_csv(tmp_path / "ok.csv", "utf-8", ",")
    result = geo("store", "submit", path, "--org", "GRAIP", "--period", "2024", "--publish", "--json")
    assert json.loads(result.stdout)["status"] == "published"
    shown = geo("store", "show", "1")
    assert shown.returncode == 0 and "publish" in shown.stdout and "operator:" in shown.stdout


AUDIT_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d  ")


def test_the_operator_is_the_account_not_what_logname_says(geo, tmp_path):
    path = write_csv(tmp_path / "ok.csv", "utf-8", ",")
    geo("store", "submit", path, "--org", "GRAIP", "--period", "2024")
    account = pwd.getpwuid(os.getuid()).pw_name
    assert geo("store", "publish", "1", LOGNAME="x\nforged", USER="x\nforged").returncode == 0
    shown = geo("store", "show", "1").stdout
    assert [line.split("  ")[1] for line in shown.splitlines() if AUDIT_LINE.match(line)] == \
        [f"operator:{account}"] * 2
    assert "forged" not in shown


def test_a_note_cannot_forge_a_line_of_the_history(geo, tmp_path):
    forged = "2026-01-01 00:00  operator:root  publish"
    for n, separator in enumerate(("\n", "\r", "\u2028", "\x85", "\x1b[1G\x1b[2K"), start=1):
        path = write_csv(tmp_path / f"{n}.csv", "utf-8", ",")
        path.write_text(path.read_text() + "\n" * n)                     # another file each time
        assert geo("store", "submit", path, "--org", "GRAIP", "--period", "2024").returncode == 1
        assert geo("store", "return", str(n), "--why", f"wrong period{separator}{forged}").returncode == 0
        shown = geo("store", "show", str(n)).stdout
        assert [line.split("  ")[2] for line in shown.splitlines() if AUDIT_LINE.match(line)] == ["submit", "return"]
        assert not any(c in shown for c in "\r\u2028\x85\x1b"), repr(separator)


def test_list_prints_a_file_name_s_escape_sequences_escaped(geo, tmp_path):
    name = "projets\x1b]0;owned\x07\x1b[2J\n#9  published\u2028\x9b1A.csv"
    path = write_csv(tmp_path / name, "utf-8", ",")
    assert geo("store", "submit", path, "--org", "GRAIP", "--period", "2024").returncode == 1
    for args in (("store", "list"), ("store", "list", "--json"), ("store", "show", "1")):
        out = geo(*args).stdout
        assert not CONTROL.search(out.replace("\n", "")), args
        assert "\\x1b]0;owned\\x07" in out or "\\u001b]0;owned\\u0007" in out, args
    assert len(geo("store", "list").stdout.splitlines()) == 1
    assert json.loads(geo("store", "list", "--json").stdout)[0]["file_name"] == name
    again = geo("store", "submit", path, "--org", "GRAIP", "--period", "2024")   # refused: the same file
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and not CONTROL.search(again.stderr[:-1])


def sites_file(path, dataset):
    """The shipped sites, names and exact positions, as a partner would submit them, with a column
    the dashboard does not use (kept in `extra`) that repeats the position."""
    lines = ["Nom du site;Type;Localité;Région;Statut;Date de début;Latitude;Longitude;GPS"]
    for site in dataset.sites.itertuples():
        lat, lon = ("", "") if pd.isna(site.latitude) else (repr(site.latitude), repr(site.longitude))
        lines.append(f"{site.name};{site.site_type};{site.place};{site.region};SYNTHETIC;01/02/2024;{lat};{lon};"
                     f"{lat} {lon}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def everything_in(gpkg) -> tuple[dict, list[str], list[float]]:
    """Every layer of a GeoPackage (name: geometry type), every text cell and column name, and every
    coordinate (columns and geometries)."""
    layers, texts, numbers = {}, [], []
    for name, geometry_type in pyogrio.list_layers(gpkg):
        layers[name] = geometry_type
        frame = pyogrio.read_dataframe(gpkg, layer=name)
        texts += [str(c) for c in frame.columns]
        for column in frame.columns:
            if column == "geometry":
                numbers += [v for point in frame.geometry.dropna() for v in (point.x, point.y)]
            elif column in ("latitude", "longitude"):
                numbers += frame[column].dropna().tolist()
            elif frame[column].dtype == object:
                texts += [str(v) for v in frame[column].dropna()]
    return layers, texts, numbers


@pytest.mark.parametrize("switch", [{"PUBLIC_MODE": "1"}, {"args": ["--public"]}], ids=["PUBLIC_MODE", "--public"])
def test_the_public_geopackage_holds_no_site_name_nor_exact_position(geo, tmp_path, dataset, site_patterns, switch):
    submitted = [("sites", sites_file(tmp_path / "sites_cndrr.csv", dataset), "CNDDR"),
                 ("cvr_projects", write_csv(tmp_path / "projets_rvc.csv", "utf-8", ";"), "ACAS")]
    for n, (kind, path, org) in enumerate(submitted, start=1):
        assert geo("store", "submit", path, "--kind", kind, "--org", org, "--period", "2024-Q1").returncode in (0, 1)
        assert geo("store", "publish", str(n)).returncode == 0
    internal = tmp_path / "internal.gpkg"
    assert geo("store", "export", "--out", internal).returncode == 0
    layers, texts, _ = everything_in(internal)                          # the internal file has them all
    assert layers["sites"] == "Point" and "Likrakar" in texts and "sites_cndrr.csv" in texts

    public = tmp_path / "public.gpkg"
    env = {k: v for k, v in switch.items() if k != "args"}
    assert geo("store", "export", "--out", public, *switch.get("args", []), **env).returncode == 0
    layers, texts, numbers = everything_in(public)
    assert layers == {"cvr_projects": "Point", "site_counts": None}     # sites only as counts per region
    counts = pyogrio.read_dataframe(public, layer="site_counts")
    assert counts["sites"].sum() == len(dataset.sites) and "Gao" in set(counts["region"])
    assert numbers and all(abs(v * 10 - round(v * 10)) < 1e-6 for v in numbers)   # 0.1 degree at most
    names = set(dataset.sites["name"])
    exact = {"16.27167", "16,27167", "-0.04472", "-0,04472", "18.44345", "1.40921", "16.77348", "-3.00742"}
    for text in texts:
        assert not any(name in text for name in names), text
        assert not any(pattern.search(text) for pattern in site_patterns) and not any(e in text for e in exact), text
    assert not {"extra", "file_name", "sites_cndrr.csv", "projets_rvc.csv", "row", "submission_id"} & set(texts)
    assert "ACAS, 2024-Q1" in texts                                     # a submission named, not its file


def test_submit_json_prints_a_cell_s_control_characters_escaped(geo, tmp_path):
    path = tmp_path / "projets.csv"
    path.write_text("Intitulé du projet;Localité;Région;Partenaire;Coût (FCFA)\n"
                    "Forage;Gao;Gao;ONG;environ\x9b2J\u2028cinq\n", encoding="utf-8")
    submitted = geo("store", "submit", path, "--org", "ONG", "--period", "2024", "--json")
    assert submitted.returncode == 1 and not CONTROL.search(submitted.stdout.rstrip("\n"))
    assert "environ\x9b2J\u2028cinq" in json.dumps(json.loads(submitted.stdout), ensure_ascii=False)


def test_the_operator_submits_a_file_over_the_apps_upload_cap(tmp_path, monkeypatch, capsys):
    """The app's upload cap (MAX_FILE_BYTES) is not the command line's: `store submit` reads up to
    COMMAND_LINE_MAX_BYTES (a million rows of a 15-column sheet), the app's reader refuses it."""
    from geo.read import tables

    path = write_csv(tmp_path / "projets_rvc.csv", "utf-8", ";")
    size = path.stat().st_size
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", size - 1)
    with pytest.raises(tables.ReadError, match="the limit is"):
        tables.read_table(path)
    assert tables.read_table(path, max_bytes=tables.COMMAND_LINE_MAX_BYTES).frame.shape[0] > 0
    assert tables.COMMAND_LINE_MAX_BYTES >= 160e6   # bench/partner_sheet.py's 1,000,000 rows: 156 MB
    with pytest.raises(tables.ReadError, match="the limit is"):
        tables.read_table(path, max_bytes=size - 1)

    from geo.cli import main

    monkeypatch.setenv("DASHBOARD_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert main(["store", "submit", str(path), "--kind", "cvr_projects", "--org", "ACAS", "--period", "2024-Q1",
                 "--json"]) in (0, 1)
