"""`python -m geo export ...`: files written, filters parsed, one-line errors with exit 2."""
import subprocess
import sys

import pandas as pd
import pytest
from PIL import Image

from geo.cli import main
from geo.cli.export import parse_regions, parse_years

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def test_map_png_from_the_command_line(tmp_path):
    out = tmp_path / "map.png"
    result = subprocess.run([sys.executable, "-m", "geo", "export", "map", "--out", str(out), "--lang", "en",
                             "--region", "Gao", "--region", "ML-8", "--year", "2017"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == (1920, 1080)


@pytest.mark.parametrize("suffix", ["svg", "pdf"])
def test_map_vector_formats(tmp_path, suffix):
    out = tmp_path / f"map.{suffix}"
    assert main(["export", "map", "--out", str(out), "--measure", "participants"]) == 0
    assert out.stat().st_size > 1000


def test_csv_with_filters(tmp_path):
    out = tmp_path / "trainings.csv"
    assert main(["export", "csv", "--out", str(out), "--kind", "trainings", "--region", "Tombouctou,Gao",
                 "--year", "2017-2017"]) == 0
    back = pd.read_csv(out, encoding="utf-8-sig", sep=";", decimal=",")    # French by default
    assert set(back["Région"]) == {"Tombouctou", "Gao"}
    assert set(back["Date de début"].dropna().str[:4]) == {"2017"}


def test_csv_in_the_language_asked_for(tmp_path):
    """`--lang fr` writes the CSV a French Excel splits into columns, `--lang en` the English one."""
    for lang, sep, header in (("fr", ";", "Coût (FCFA)"), ("en", ",", "Cost (FCFA)")):
        out = tmp_path / f"projects-{lang}.csv"
        assert main(["export", "csv", "--out", str(out), "--lang", lang]) == 0
        back = pd.read_csv(out, encoding="utf-8-sig", sep=sep, decimal="," if lang == "fr" else ".")
        assert header in back.columns and back[header].sum() == 57257750 + 56564000 + 56059636
        assert back["Latitude"].dtype == float


def test_records_file_is_exported(tmp_path):
    out = tmp_path / "projects.xlsx"
    assert main(["export", "xlsx", "--out", str(out), "--records", str(ROOT / "data" / "cvr_projects.csv"),
                 "--kind", "cvr_projects"]) == 0
    assert len(pd.read_excel(out, sheet_name="Projets RVC")) == 3


def test_errors_are_one_line_and_exit_2(tmp_path, capsys):
    cases = [["export", "map", "--out", str(tmp_path / "m.gif")],
             ["export", "map", "--out", str(tmp_path / "m.png"), "--region", "Atlantis"],
             ["export", "map", "--out", str(tmp_path / "m.png"), "--year", "2017-20x"],
             ["export", "csv", "--out", str(tmp_path / "x.csv"), "--records", str(tmp_path / "missing.csv")]]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert err.startswith("error:") and "\n" not in err and "Traceback" not in err
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert main(["export", "pptx", "--out", str(tmp_path / "p.pptx"), "--records", str(bad)]) == 2


def test_parse_regions_and_years():
    assert parse_regions(["Tombouctou,ML-7", "Timbuktu", "ménaka"]) == ("ML-6", "ML-7", "ML-9")
    assert parse_years("2017") == (2017, 2017) and parse_years("2017-2016") == (2016, 2017)
    with pytest.raises(ValueError):
        parse_years("17")
