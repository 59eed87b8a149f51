"""Text from the data is never executed as a template (branca renders each map script through Jinja a
second time): every text field of every record kind, a region name of a boundary file and a file
name carry Jinja syntax through the command-line exports and the app, and show literally."""
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.model.dataset import load_dataset
from geo.read.boundaries import SHIPPED
from geo.read.validate import validate_file
from geo.schema import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
# The three strings, a marker whose evaluation is unmistakable (7*191 = 1337), and a '$' pair
# that matplotlib would read as mathtext.
PAYLOADS = ["{{7*7}}", "{% raw %}", "{{ lipsum.__globals__ }}", "SSTI {{ 7*191 }}", "cost $x^{$ y"]
EVALUATED = ("SSTI 1337", "jinja2.utils", "'__name__'")
GAO = (16.27167, 0.5)


def side_effect(folder: Path) -> str:
    """A payload that, if evaluated, creates `folder` (so a test can see that nothing ran)."""
    return "{{ lipsum.__globals__['os'].mkdir('" + str(folder) + "') }}"


def hostile_records(kind: str, folder: Path, tmp_path: Path) -> Path:
    """Every text field of `kind` filled with each payload, one row per payload; the region field
    carries the payloads in rows of their own. The file name carries Jinja syntax too."""
    texts = [f.name for f in SCHEMAS[kind] if f.type == "text"]
    rows = []
    for i, payload in enumerate(PAYLOADS + [side_effect(folder)]):
        row = {name: f"{name} {payload}" for name in texts}
        # one place per payload (a marker's popup lists only its first records), all inside Gao
        where = {"latitude": GAO[0] - 0.1 * i, "longitude": GAO[1]}
        rows.append(row | {"region": "Gao"} | where)
        rows.append(row | {"region": f"Gao {payload}"} | where)
    if kind == "sites":
        for row in rows:
            row["site_type"] = "cantonment"
    path = tmp_path / f"{kind} {{{{7*7}}}} {{% raw %}}.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def hostile_boundaries(tmp_path: Path, folder: Path) -> Path:
    collection = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"].get("iso_3166_2") == "ML-8":
            feature["properties"] = {"name": "Kidal SSTI {{ 7*191 }} {% raw %} " + side_effect(folder)}
    path = tmp_path / "regions {{7*7}}.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def assert_inert(text: str, folder: Path):
    assert not any(word in text for word in EVALUATED), [w for w in EVALUATED if w in text]
    assert not folder.exists(), "a payload was evaluated on the server"


@pytest.mark.parametrize("kind", ["cvr_projects", "sites", "trainings"])
def test_command_line_exports_keep_template_syntax_literal(tmp_path, kind, capsys):
    folder = tmp_path / "evaluated"
    records = hostile_records(kind, folder, tmp_path)
    out = tmp_path / "map.html"
    assert main(["export", "html", "--records", str(records), "--kind", kind, "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert_inert(page, folder)
    assert "SSTI &#123;&#123; 7*191 &#125;&#125;" in page and "&#123;&#37; raw &#37;&#125;" in page
    for target, name in (("map", "map.png"), ("map", "map.svg"), ("pptx", "pack.pptx"), ("csv", "t.csv"),
                         ("xlsx", "t.xlsx"), ("geojson", "t.geojson")):
        path = tmp_path / name
        extra = ["--kind", kind] if target != "map" else []
        assert main(["export", target, "--records", str(records), "--out", str(path), *extra]) == 0, name
        assert path.stat().st_size > 0
    assert "{{ 7*191 }}" in (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert "{% raw %}" in (tmp_path / "t.geojson").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "pack.pptx") as pack:
        slides = " ".join(pack.read(n).decode("utf-8") for n in pack.namelist() if n.startswith("ppt/slides/"))
    assert "{{7*7}}" in slides or kind != "cvr_projects"   # the pack's chart names the CVR projects
    assert_inert(slides, folder)
    capsys.readouterr()


def test_a_region_name_of_a_boundary_file_stays_literal(tmp_path, capsys):
    folder = tmp_path / "evaluated"
    boundaries = hostile_boundaries(tmp_path, folder)
    for target, name in (("html", "map.html"), ("map", "map.png"), ("pptx", "pack.pptx")):
        out = tmp_path / name
        assert main(["export", target, "--boundaries", str(boundaries), "--out", str(out)]) == 0, name
    page = (tmp_path / "map.html").read_text(encoding="utf-8").replace("\\u0026", "&")   # folium's JSON escapes '&'
    assert_inert(page, folder)
    assert "Kidal SSTI &#123;&#123; 7*191 &#125;&#125;" in page
    capsys.readouterr()


def test_the_app_shows_uploaded_template_syntax_literally(tmp_path):
    folder = tmp_path / "evaluated"
    dataset = load_dataset()
    uploads = []
    for kind in ("cvr_projects", "sites", "trainings"):
        report = validate_file(hostile_records(kind, folder, tmp_path), kind=kind, boundaries=dataset.boundaries)
        assert report.accepted_count == 2 * (len(PAYLOADS) + 1)
        uploads.append({"id": f"hostile-{kind}", "report": report, "replace": False})
    for page in (None, "views/map.py", "views/sites.py", "views/cvr.py", "views/trainings.py", "views/data.py"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.session_state["user_uploads"] = uploads
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, (page, at.exception)
        assert [e.value for e in at.error] == [], page
        assert_inert(" ".join(str(d.value) for d in at.dataframe), folder)
    table = " ".join(d.value.to_string() for d in at.dataframe)
    assert "SSTI {{ 7*191 }}" in table


def test_a_boundary_file_upload_with_template_syntax_renders_the_map(tmp_path):
    folder = tmp_path / "evaluated"
    from geo.read.boundaries import load_boundaries

    boundaries = load_boundaries(hostile_boundaries(tmp_path, folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["user_boundaries"] = boundaries
    at.run()
    at.switch_page("views/map.py")
    at.run()
    assert not at.exception and [e.value for e in at.error] == []
    assert not folder.exists()

