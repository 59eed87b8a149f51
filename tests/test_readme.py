"""The README runs as written: every `python -m geo ...` line of its ```bash blocks runs, in order,
in a fresh folder holding examples/, against a fresh store, and succeeds (validate and store submit
may answer 1, as the README says, when rows are rejected); the JSON the README shows is the real output. A changed
flag, a removed example file or a stale JSON example fails here."""
import json
import re
import shlex
import shutil

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


def test_the_json_the_readme_shows_is_the_real_output(folder):
    shown = json.loads(re.search(r"```json\n(.*?)```", README, flags=re.DOTALL).group(1))
    result = run_geo("validate", "examples/partner.xlsx", "--kind", "cvr_projects", "--json")
    assert result.returncode == 1 and json.loads(result.stdout) == shown


def test_the_examples_are_what_their_script_writes(tmp_path):
    """examples/ is make_examples.py's output, byte for byte (run here in a copy of the folder)."""
    import subprocess
    import sys

    shutil.copy(ROOT / "examples" / "make_examples.py", tmp_path / "make_examples.py")
    subprocess.run([sys.executable, str(tmp_path / "make_examples.py")], cwd=ROOT, check=True, capture_output=True)
    for name in ("partner.csv", "partner.xlsx", "sites.csv", "cod_ab_adm1.zip"):
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
