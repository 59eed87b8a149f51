"""Public mode: no site coordinate leaves in any export, and data text is escaped in the HTML map.

The coordinates looked for are those the unredacted shipped dataset gives the sites (from the
gazetteer, the records or the region-centre fallback), at every precision from 3 to 6 decimals."""
import io
import re
import zipfile

import pandas as pd

from geo.model.dataset import add_records
from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.render.briefing import briefing_pptx_bytes
from geo.render.slide_map import map_figure_bytes
from geo.render.tables import table_export_bytes
from geo.render.webmap import html_map_bytes


def _leaks(text: str, patterns) -> list[str]:
    return [p.pattern for p in patterns if p.search(text)]


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                         if n.endswith((".xml", ".rels", ".txt")))


def _csv_text(data: bytes, lang: str) -> str:
    """A CSV export as text to look for coordinates in: a French file's decimal commas read as points
    (its cells are split by ';', and its whole numbers have no separator)."""
    text = data.decode("utf-8-sig")
    return text.replace(",", ".") if lang == "fr" else text


def test_unredacted_exports_do_carry_site_coordinates(dataset, site_patterns):
    # the check below is meaningful: without public mode, the coordinates are there, in either language
    for lang in ("fr", "en"):
        csv = _csv_text(table_export_bytes(dataset, "sites", "csv", lang=lang, public=False), lang)
        assert _leaks(csv, site_patterns), lang


def test_no_site_coordinate_in_any_public_output(dataset, site_patterns):
    outputs = {
        "png": map_figure_bytes(dataset, fmt="png", measure="sites", public=True).decode("latin-1"),
        "svg": map_figure_bytes(dataset, fmt="svg", measure="sites", public=True).decode("utf-8"),
        "pptx": _zip_text(briefing_pptx_bytes(dataset, lang="en", public=True)),
        "xlsx": _zip_text(table_export_bytes(dataset, None, "xlsx", public=True)),
        "geojson": table_export_bytes(dataset, None, "geojson", public=True).decode("utf-8"),
        "html": html_map_bytes(dataset, lang="fr", measure="sites", public=True).decode("utf-8"),
    }
    for kind in ("cvr_projects", "sites", "trainings", "regions", "events", "programme_totals"):
        for lang in ("fr", "en"):
            outputs[f"csv {kind} {lang}"] = _csv_text(table_export_bytes(dataset, kind, "csv", lang=lang, public=True), lang)
    leaks = {name: _leaks(text, site_patterns) for name, text in outputs.items()}
    assert not any(leaks.values()), leaks


def test_public_mode_from_the_environment(dataset, site_patterns, monkeypatch):
    monkeypatch.setenv("PUBLIC_MODE", "1")
    csv = table_export_bytes(dataset, "sites", "csv", lang="en").decode("utf-8-sig")
    assert not _leaks(csv, site_patterns)
    assert not _leaks(_csv_text(table_export_bytes(dataset, "sites", "csv", lang="fr"), "fr"), site_patterns)
    back = pd.read_csv(io.StringIO(csv))
    assert list(back.columns) == ["ISO 3166-2 code", "Region", "Sites (cantonment and MOC)", "Cantonment sites",
                                  "MOC camps"]
    assert back["Sites (cantonment and MOC)"].sum() == len(dataset.sites)      # counted per region, none lost


SCRIPT = "<script>alert(1)</script>"


def test_html_map_escapes_data_text(dataset):
    row = {  # SYNTHETIC test record: hostile text only, not a fact about Mali
        "project_id": "TEST-XSS", "title": SCRIPT, "place": "Gao", "region": "Gao", "partner": "<b>x</b>",
        "cost_xof": "1000", "launch_date": "2017-09-20", "source_doc": "test", "source_quote": SCRIPT}
    raw = read_table(pd.DataFrame([row]).to_csv(index=False).encode("utf-8"), name="xss.csv")
    report = validate_table(raw, kind="cvr_projects", boundaries=dataset.boundaries)
    hostile = add_records(dataset, report)
    page = html_map_bytes(hostile, lang="en", public=False).decode("utf-8")
    assert SCRIPT not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == page.count("</script>")      # no stray script element


def test_html_map_is_standalone(dataset):
    page = html_map_bytes(dataset, lang="fr", public=False).decode("utf-8")
    assert "<title>Mali : " in page and "L.map(" in page
    assert not re.search(r"<script[^>]+src=\"https?://", page)
    assert not re.search(r"<link[^>]+href=\"https?://", page)
