"""The README runs as written: every `python -m geo ...` line of its ```bash blocks runs, in order,
in a fresh folder holding examples/, against a fresh store, and succeeds (validate and store submit
may answer 1, as the README says, when rows are rejected); the JSON the README shows is the real output. A changed
flag, a removed example file or a stale JSON example fails here."""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli import run_geo

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[list[str]]:
    """Each `python -m geo` command of the README's bash blocks, as arguments, in reading order
    (`a && b` gives two commands; comments are dropped)."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL):
        for line in block.splitlines():
            for part in line.split("&&"):
                words = shlex.split(part, comments=True)
                if words[:3] == ["python", "-m", "geo"]:
                    commands.append(words[3:])
    return commands


def test_the_readme_has_command_line_examples_for_every_command():
    used = {args[0] for args in readme_commands()}
    assert {"validate", "summarize", "export", "store"} <= used


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A fresh folder with the examples, and its own store (DASHBOARD_DB)."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_command_line_example_runs_as_written(folder):
    env = {"DASHBOARD_DB": f"sqlite:///{folder / 'store.sqlite'}"}
    for args in readme_commands():
        result = run_geo(*args, env=env)
        allowed = {0, 1} if args[0] == "validate" or args[:2] == ["store", "submit"] else {0}   # 1: rows rejected
        said = (result.stderr or result.stdout)[:600]
        assert result.returncode in allowed, f"python -m geo {shlex.join(args)} -> {result.returncode}: {said}"
        out = [a for a in args if a.startswith(("--out",))]
        if out:
            written = folder / args[args.index("--out") + 1]
            assert written.is_file() and written.stat().st_size > 0, f"{shlex.join(args)} wrote nothing"


def test_ci_runs_the_readme_test_command_word_for_word():
    """.ci/run's command is the README's test command (apt-get line and all, nginx included): what
    CI runs is what the README tells a contributor to run."""
    [ci] = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if "apt-get install" in line]
    assert f"```bash\n{ci}\n```" in README
    assert " nginx " in ci and "chromium postgresql-15 postgresql-15-postgis-3" in ci


def test_the_json_the_readme_shows_is_the_real_output(folder):
    shown = json.loads(re.search(r"```json\n(.*?)```", README, flags=re.DOTALL).group(1))
    result = run_geo("validate", "examples/partner.xlsx", "--kind", "cvr_projects", "--json")
    assert result.returncode == 1 and json.loads(result.stdout) == shown


EXAMPLES = ("partner.csv", "partner.xlsx", "sites.csv", "cod_ab_adm1.zip", "projets_regions_2023.csv")
FAKETIME = Path("/usr/bin/faketime")


def unfaked_environment() -> dict:
    """This process's environment without an outer libfaketime's (the suite itself run under
    `faketime`): a clock set inside it is then the one given, not a shift of a shift."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("FAKETIME") and k not in ("LD_PRELOAD", "DONT_FAKE_MONOTONIC")}


def make_examples_in(folder: Path, clock: str | None = None) -> None:
    """Run a copy of examples/make_examples.py, which writes beside itself, in `folder`; under
    `faketime clock` when given. PYTHONPATH: this checkout's geo, never another one installed."""
    shutil.copy(ROOT / "examples" / "make_examples.py", folder / "make_examples.py")
    command = [sys.executable, str(folder / "make_examples.py")]
    if clock:
        command = [str(FAKETIME), clock, *command]
    env = {**unfaked_environment(), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_examples_are_what_their_script_writes(tmp_path):
    """examples/ is make_examples.py's output, byte for byte (run here in a copy of the folder)."""
    make_examples_in(tmp_path)
    for name in EXAMPLES:
        assert (tmp_path / name).read_bytes() == (ROOT / "examples" / name).read_bytes(), name


def test_the_examples_do_not_depend_on_the_day_they_are_written(tmp_path):
    """The same bytes with the clock months ahead: no DBF header, zip entry or workbook property
    carries the day (a test that compared bytes failed on every day after the files were made)."""
    assert FAKETIME.is_file(), "this test needs /usr/bin/faketime: apt-get install faketime (Debian package faketime)"
    clock = "2027-09-15 10:00:00"
    seen = subprocess.run([str(FAKETIME), clock, sys.executable, "-c", "import datetime; print(datetime.date.today())"],
                          capture_output=True, text=True, timeout=60, env=unfaked_environment())
    assert seen.stdout.strip() == "2027-09-15", seen.stderr   # the clock really is moved for Python and GDAL
    make_examples_in(tmp_path, clock)
    for name in EXAMPLES:
        assert (tmp_path / name).read_bytes() == (ROOT / "examples" / name).read_bytes(), name


def test_the_cod_ab_example_is_a_copy_of_the_shipped_polygons():
    from geo.read.boundaries import load_boundaries, read_boundary_file

    path = ROOT / "examples" / "cod_ab_adm1.zip"
    copy = read_boundary_file(path.read_bytes(), path.name).frame
    shipped = load_boundaries().frame
    assert set(copy["iso_code"]) == set(shipped["iso_code"])                    # ADM1_PCODE through the crosswalk
    for code in shipped["iso_code"]:
        a = shipped[shipped["iso_code"].eq(code)].geometry.iloc[0]
        b = copy[copy["iso_code"].eq(code)].to_crs(shipped.crs).geometry.iloc[0]
        assert a.symmetric_difference(b).area < 1e-6 * a.area                 # the same polygon, reprojected back
