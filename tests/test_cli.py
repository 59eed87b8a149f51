"""`python -m geo validate` on a messy French partner sheet: the --json contract and exit codes."""
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest
from fixtures.partner_sheets import EXPECTED, write_csv, write_hxl_csv, write_xlsx

from geo.cli import main

CONTRACT_KEYS = {"rows_in", "blank_rows", "accepted", "rejected", "warnings"}
EXTRA_KEYS = {"kind", "notes", "unmapped"}   # documented additions: the kind used, file-level notes, columns not used


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_geo(*args, env=None) -> Result:
    """Run the command line in this process, as `python -m geo ARGS` would (exit code, stdout,
    stderr); PUBLIC_MODE is unset unless `env` sets it. Two tests below start real processes."""
    saved = {key: os.environ.get(key) for key in {"PUBLIC_MODE", *(env or {})}}
    os.environ.pop("PUBLIC_MODE", None)
    os.environ.update(env or {})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as leave:   # argparse refuses an option
                code = leave.code
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Result(code, out.getvalue(), err.getvalue())


def check_contract(out: dict):
    assert set(out) == CONTRACT_KEYS | EXTRA_KEYS
    assert all(isinstance(out[k], int) for k in ("rows_in", "blank_rows", "accepted"))
    for r in out["rejected"]:
        assert set(r) == {"row", "reasons"} and isinstance(r["row"], int) and r["reasons"]
        assert all(isinstance(reason, str) and reason for reason in r["reasons"])
    for w in out["warnings"]:
        assert set(w) == {"row", "message"} and isinstance(w["row"], int) and w["message"]
    assert out["rows_in"] == out["accepted"] + len(out["rejected"])


def check_messy(out: dict):
    check_contract(out)
    assert out["rows_in"] == 11 and out["blank_rows"] == 2
    rejected = {r["row"]: " ".join(r["reasons"]).lower() for r in out["rejected"]}
    warned = {w["row"]: w["message"].lower() for w in out["warnings"]}
    for row, (status, words) in EXPECTED.items():
        if status == "rejected":
            assert words in rejected.get(row, ""), (row, rejected.get(row))
        else:
            assert row not in rejected, (row, rejected[row])
        if status == "warning":
            assert words in warned.get(row, ""), (row, warned.get(row))
    assert sorted(rejected) == [r for r, (s, _) in EXPECTED.items() if s == "rejected"]
    assert out["accepted"] == 5 and out["kind"] == "cvr_projects"


@pytest.mark.parametrize("encoding,delimiter", [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"),
                                                ("utf-16", ";"), ("utf-8", ","), ("cp1252", ",")])
def test_messy_french_csv_in_every_encoding(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "projets_rvc.csv", encoding, delimiter)
    result = run_geo("validate", path, "--json")
    assert result.returncode == 1, result.stderr
    check_messy(json.loads(result.stdout))


def test_messy_french_xlsx(tmp_path):
    result = run_geo("validate", write_xlsx(tmp_path / "projets_rvc.xlsx"), "--kind", "cvr_projects", "--json")
    assert result.returncode == 1, result.stderr
    check_messy(json.loads(result.stdout))


def test_the_readable_report_names_rows(tmp_path):
    result = run_geo("validate", write_xlsx(tmp_path / "projets_rvc.xlsx"))
    assert result.returncode == 1
    assert "row 11: REJECTED" in result.stdout and "31/02/2017" in result.stdout
    assert "row 10: warning" in result.stdout and "2 blank rows" in result.stdout


def test_exit_0_when_everything_is_accepted(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("Intitulé du projet;Région;Coût (FCFA);Date de lancement\n"
                    "Route rurale de Ouatagouna;Gao;57.257.750 FCFA;20 septembre 2017\n", encoding="utf-8")
    result = run_geo("validate", path, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    check_contract(out)
    assert out["accepted"] == 1 and out["rejected"] == []


def test_exit_2_with_one_line_when_unreadable(tmp_path):
    result = run_geo("validate", tmp_path / "absent.csv", "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_hxl_sheet_keeps_spreadsheet_rows(tmp_path):
    result = run_geo("validate", write_hxl_csv(tmp_path / "3w.csv"), "--json")
    out = json.loads(result.stdout)
    check_contract(out)
    # header row 1, hashtag row 2, data rows 3, (blank 4), 5, 6
    assert out["rows_in"] == 3 and out["blank_rows"] == 1 and out["accepted"] == 2
    assert out["rejected"][0]["row"] == 6 and "negative" in out["rejected"][0]["reasons"][0]
    assert result.returncode == 1


@pytest.mark.parametrize("driver,suffix", [("GeoJSON", ".geojson"), ("GPKG", ".gpkg")])
def test_point_files_validate(tmp_path, driver, suffix):
    import geopandas as gpd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {"Intitulé du projet": ["Assainissement de Gao", "Maraîchage Kidal", "Hors du Mali"],
         "Région": ["Gao", "Kidal", "Gao"], "Coût (FCFA)": ["56 564 000", "56.059.636", "1 000"]},
        geometry=[Point(-0.04472, 16.27167), Point(1.40921, 18.44345), Point(-17.4677, 14.7167)], crs=4326)
    path = tmp_path / f"projets{suffix}"
    frame.to_crs(3857).to_file(path, driver=driver)   # any CRS: read back as WGS84
    result = run_geo("validate", path, "--json")
    out = json.loads(result.stdout)
    check_contract(out)
    assert out["accepted"] == 2 and [r["row"] for r in out["rejected"]] == [3]
    assert "outside mali" in out["rejected"][0]["reasons"][0].lower()
    assert result.returncode == 1


def test_python_m_geo_and_the_console_script_work_from_any_folder(tmp_path):
    """The real processes a user starts: `python -m geo` and `mali-dashboard`, outside the repository."""
    path = write_csv(tmp_path / "projets_rvc.csv", "utf-8", ";")
    result = subprocess.run([sys.executable, "-m", "geo", "validate", path.name, "--json"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    check_messy(json.loads(result.stdout))
    script = shutil.which("mali-dashboard", path=os.path.dirname(sys.executable))
    assert script, "pip install -e . installs the console script beside python"
    result = subprocess.run([script, "summarize", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert {r["iso_code"] for r in json.loads(result.stdout)["regions"]} >= {"ML-7", "ML-8", "ML-BKO"}


def test_validate_json_prints_a_cell_s_control_characters_escaped(tmp_path):
    """A reason quotes the cell it rejects: a line separator or a C1 control in it stays escaped, so the
    JSON is one line a terminal shows as it is."""
    path = tmp_path / "projets.csv"
    path.write_text("Intitulé du projet,Région,Date de lancement\nForage,Gao,31/02\u2028\x852024\x1b[2J\n",
                    encoding="utf-8")
    result = run_geo("validate", str(path), "--kind", "cvr_projects", "--json")
    assert result.returncode == 1 and len(result.stdout.strip().splitlines()) == 1
    assert not [c for c in result.stdout if c in "\u2028\x85\x1b"]
    assert "\\u2028" in result.stdout and json.loads(result.stdout)["rejected"]


def test_summarize_json_says_unknown_with_null_and_each_qualifier():
    """Kidal's beneficiaries and Gao's people trained are given by no source: null, never 0; Gao's
    14,355 is a sum of "plus de 7.000", 1.755 and "plus de 5600", given in the future: at least, planned."""
    result = run_geo("summarize", "--json")
    assert result.returncode == 0, result.stderr
    regions = {r["iso_code"]: r for r in json.loads(result.stdout)["regions"]}
    kidal, gao = regions["ML-8"], regions["ML-7"]
    assert (kidal["beneficiaries"], kidal["women"], kidal["projects"]) == (None, None, 1)
    assert (gao["participants"], gao["participants_qualifier"], gao["trainings"]) == (None, None, 1)
    assert (gao["beneficiaries"], gao["beneficiaries_qualifier"], gao["beneficiaries_status"]) == (14355, "at_least", "planned")
    assert (gao["reached"], gao["reached_qualifier"]) == (54, "about")
    assert (regions["ML-5"]["reached"], regions["ML-5"]["reached_qualifier"]) == (320, "at_least")
    assert (regions["ML-6"]["reached"], regions["ML-6"]["reached_qualifier"]) == (60, "about")
    assert (regions["ML-BKO"]["participants"], regions["ML-BKO"]["participants_qualifier"]) == (339, "about")
    assert (regions["ML-6"]["participants_men"], regions["ML-6"]["participants"]) == (None, 15)   # no split by sex
    assert all(isinstance(r["sites"], int) for r in regions.values())                           # counts stay counts


def test_summarize_text_writes_qualifiers_and_leaves_unknown_empty():
    result = run_geo("summarize")
    gao = next(line for line in result.stdout.splitlines() if line.startswith("ML-7"))
    kidal = next(line for line in result.stdout.splitlines() if line.startswith("ML-8"))
    assert "≥ 14355 (planned)" in gao and "≈ 54" in gao
    assert kidal.split() == ["ML-8", "Kidal", "1", "56059636", "0", "2"]                  # no 0 for what no source counts


def test_summarize_json_in_public_mode_keeps_what_is_planned_and_qualified():
    """The public view keeps only the columns the dashboard defines: planned_figures and the
    qualifiers are among them, so the public figures say planned and 'at least' too."""
    result = run_geo("summarize", "--json", env={"PUBLIC_MODE": "1"})
    gao = next(r for r in json.loads(result.stdout)["regions"] if r["iso_code"] == "ML-7")
    assert (gao["beneficiaries"], gao["beneficiaries_qualifier"], gao["beneficiaries_status"]) == (14355, "at_least", "planned")
