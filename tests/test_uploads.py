"""The upload panel (ui/uploads.py), driven headless with Streamlit's AppTest: no browser."""
import io

import pandas as pd
import pytest
from conftest import ROOT
from fixtures.partner_sheets import csv_text, write_xlsx
from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st
from ui.uploads import render_uploads
render_uploads(st.session_state.get("lang", "fr"))
"""


class FakeUpload(io.BytesIO):
    """What st.file_uploader returns: bytes with a name."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name
        self.size = len(data)
        self.file_id = name

    def getvalue(self):
        return super().getvalue()


def shown(markdown: str) -> str:
    """The text a Markdown element displays (the panel escapes partner text)."""
    return markdown.replace("\\", "")


def test_partner_text_is_escaped_in_markdown_elements():
    from ui.text import plain

    text = "![x](http://exemple.invalid/p.png) <script>alert(1)</script> :red[rouge] **gras**"
    escaped = plain(text)
    assert "![" not in escaped and ":red[" not in escaped and "**" not in escaped
    assert shown(escaped) == text


def rejected_table(app) -> pd.DataFrame:
    """The report's table of rejected rows, drawn as an HTML table whose reasons wrap (row number,
    reasons as shown, unescaped)."""
    import html
    import re

    from geo.i18n import t

    page = next(m.value for m in app.markdown if "class='reasons'" in m.value and t("uploads.reasons", "fr") in m.value)
    rows = re.findall(r"<tr><td class='n'>([^<]*)</td><td>(.*?)</td></tr>", page)
    return pd.DataFrame([(int(re.sub(r"\D", "", n)), html.unescape(text)) for n, text in rows], columns=["row", "reasons"])


@pytest.fixture
def app(monkeypatch):
    """An AppTest whose file uploaders return the files put in `app.files` by key prefix."""
    import streamlit as st

    files: dict[str, FakeUpload] = {}
    real = st.file_uploader

    def fake_uploader(label, type=None, key=None, **kwargs):
        real(label, type=type, key=key, **kwargs)
        return next((f for prefix, f in files.items() if key and key.startswith(prefix)), None)

    monkeypatch.setattr(st, "file_uploader", fake_uploader)
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.files = files
    return at


def test_panel_draws_without_files(app):
    app.run()
    assert not app.exception
    assert app.session_state["user_uploads"] == []


def test_messy_sheet_is_checked_and_added(app, tmp_path):
    data = csv_text(";").encode("cp1252")
    app.files["uploads_records"] = FakeUpload(data, "projets_rvc.csv")
    app.run()
    assert not app.exception and not app.error
    assert app.selectbox(key=app.selectbox[0].key).value == "cvr_projects"
    metrics = {m.label: m.value for m in app.metric}
    assert list(metrics.values()) == ["11", "5", "6", "2"]
    rejected = rejected_table(app)
    assert list(rejected.iloc[:, 0]) == [7, 8, 11, 12, 13, 14]
    assert app.get("download_button")
    # beside the shipped data
    app.button(key=[b.key for b in app.button if b.key.startswith("uploads_add")][0]).click().run()
    uploads = app.session_state["user_uploads"]
    assert len(uploads) == 1 and uploads[0]["replace"] is False
    report = uploads[0]["report"]
    assert report.accepted_count == 5 and set(report.accepted["source_doc"]) == {"projets_rvc.csv"}
    assert "projets_rvc.csv" in uploads[0]["id"]
    # instead of it: the same file replaces its earlier entry
    app.radio(key=app.radio[0].key).set_value("instead").run()
    app.button(key=[b.key for b in app.button if b.key.startswith("uploads_add")][0]).click().run()
    uploads = app.session_state["user_uploads"]
    assert len(uploads) == 1 and uploads[0]["replace"] is True
    # removed
    app.button(key=[b.key for b in app.button if b.key.startswith("uploads_remove")][0]).click().run()
    assert app.session_state["user_uploads"] == []


def test_corrected_mapping_is_used(app):
    from geo.read.validate import validate_table
    from ui.uploads import mapping_from_editor

    text = "Action;Zone;Montant\nRoute rurale de Ouatagouna;Gao;57.257.750 FCFA\n"
    app.files["uploads_records"] = FakeUpload(text.encode("utf-8"), "entetes_inconnus.csv")
    app.run()
    assert [m.value for m in app.metric][1] == "0"     # no column gives the title yet
    assert app.warning                                    # ... and the report says so
    # what the editor returns once the user picks a field for Action and Zone (twice 'region')
    edited = pd.DataFrame({"column": ["Action", "Zone", "Montant"], "field": ["title", "region", "region"]})
    mapping, twice = mapping_from_editor(edited, ["title", "region", "cost_xof"])
    assert mapping == {"Action": "title", "Zone": "region"} and twice == [("Montant", "region", "Zone")]
    table = app.session_state["_uploads_table"][1]
    report = validate_table(table, kind="cvr_projects", mapping=mapping)
    assert report.accepted_count == 1 and report.accepted.iloc[0]["title"] == "Route rurale de Ouatagouna"


def test_unreadable_file_is_one_error_not_a_traceback(app):
    app.files["uploads_records"] = FakeUpload(b"hello,world\n", "faux.xlsx")
    app.run()
    assert not app.exception
    assert len(app.error) == 1 and "faux.xlsx : ce n’est pas un fichier Excel" in shown(app.error[0].value)
    assert app.session_state["user_uploads"] == []


def test_rejected_download_is_csv_with_bom_and_neutral_formulas(tmp_path):
    from geo.read.tables import read_table
    from geo.read.validate import validate_table
    from ui.uploads import rejected_csv

    path = tmp_path / "f.csv"
    path.write_text('Intitulé du projet;Région;Coût (FCFA)\n=HYPERLINK("http://x");Gao;beaucoup\n', encoding="utf-8")
    table = read_table(path)
    data = rejected_csv(validate_table(table), table)
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert frame.iloc[0]["Row"] == 2 and "not a number" in frame.iloc[0]["Reasons"]
    assert frame.iloc[0]["Intitulé du projet"].startswith("'=")
    # in French: French headers and reasons, ';' between cells (French Excel opens it in columns)
    french = rejected_csv(validate_table(table), table, "fr").decode("utf-8-sig")
    assert french.splitlines()[0] == "Ligne;Motifs;Intitulé du projet;Région;Coût (FCFA)"
    frame = pd.read_csv(io.StringIO(french), sep=";")
    assert frame.iloc[0]["Ligne"] == 2 and "n’est pas un nombre" in frame.iloc[0]["Motifs"]


def test_rejected_download_neutralises_a_formula_after_a_delimiter(tmp_path):
    """A cell that an English Excel keeps whole but a French one splits on ';' (and the reverse)."""
    from test_export_data import runnable_cells

    from geo.read.tables import read_table
    from geo.read.validate import validate_table
    from ui.uploads import rejected_csv

    path = tmp_path / "f.csv"
    path.write_text('Intitulé du projet;Région;Coût (FCFA)\n"Projet,=cmd|\' /C calc\'!A0";Gao;beaucoup\n'
                    '"Projet; +SUM(A1)";Gao;trop\n', encoding="utf-8")
    table = read_table(path)
    for lang in ("en", "fr"):
        text = rejected_csv(validate_table(table), table, lang).decode("utf-8-sig")
        assert runnable_cells(text) == [], lang


def test_boundary_file_replaces_the_shipped_set_and_can_be_removed(app, tmp_path):
    from test_boundaries import UNMATCHED, write_partner_file

    from geo.read.boundaries import Boundaries

    path = write_partner_file(tmp_path, "shp-prj")
    app.files["uploads_boundaries"] = FakeUpload(path.read_bytes(), path.name)
    app.run()
    assert not app.exception and not app.error
    boundaries = app.session_state["user_boundaries"]
    assert isinstance(boundaries, Boundaries) and "ML-7" in set(boundaries.frame["iso_code"])
    assert UNMATCHED in app.code[0].value
    app.button(key="uploads_boundaries_remove").click()
    app.files.clear()
    app.run()
    assert "user_boundaries" not in app.session_state


def test_zip_bomb_boundary_is_refused_on_screen(app):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("regions.shp", b"\0" * 20_000_000)
    app.files["uploads_boundaries"] = FakeUpload(buffer.getvalue(), "bombe.zip")
    app.run()
    assert not app.exception and len(app.error) == 1 and "bombe zip" in shown(app.error[0].value)
    assert "user_boundaries" not in app.session_state


def test_xlsx_upload_keeps_sheet_row_numbers(app, tmp_path):
    path = write_xlsx(tmp_path / "projets.xlsx")
    app.files["uploads_records"] = FakeUpload(path.read_bytes(), "projets.xlsx")
    app.run()
    assert list(rejected_table(app).iloc[:, 0]) == [7, 8, 11, 12, 13, 14]


def test_nothing_is_written_into_data(app, tmp_path):
    data_dir = ROOT / "data"
    before = {p: p.stat().st_mtime for p in data_dir.rglob("*")}
    app.files["uploads_records"] = FakeUpload(csv_text(";").encode(), "p.csv")
    app.run()
    assert {p: p.stat().st_mtime for p in data_dir.rglob("*")} == before


def test_sites_coordinates_hidden_on_screen_in_public_mode(app, monkeypatch):
    monkeypatch.setenv("PUBLIC_MODE", "1")
    text = "Nom du site;Type;Région;Latitude;Longitude\nMOC Gao;moc_camp;Kidal;16,27167;-0,04472\n"
    app.files["uploads_records"] = FakeUpload(text.encode("utf-8"), "sites.csv")
    app.run()
    assert not app.exception
    assert app.selectbox[0].value == "sites"
    screen = " ".join(str(d.value.to_dict()) for d in app.dataframe) + " ".join(e.value for e in app.warning)
    assert "16,27" not in screen and "16.27" not in screen and "0.04" not in screen and "0,04" not in screen


def test_the_mapping_speaks_the_interface_language_and_every_unused_column_is_named(app):
    """Fields by their French names ('Intitulé', not 'title'); a column the dashboard does not use
    ('Remarques') is named in the report, never dropped in silence; 'ONG partenaire' is the partner."""
    from ui.uploads import field_label

    text = "Intitulé;Région;ONG partenaire;Remarques;source_quote\nPuits de Kadji;Gao;ONG X;à revoir;« un puits »\n"
    app.files["uploads_records"] = FakeUpload(text.encode("utf-8"), "feuille.csv")
    app.run()
    assert not app.exception
    assert any("Obligatoires : Intitulé." in c.value for c in app.caption)
    warnings = [shown(w.value) for w in app.warning]
    assert any("Colonnes non utilisées (1) : Remarques." in w for w in warnings), warnings
    report = app.session_state["_uploads_report"][1]
    assert report.mapping.get("ONG partenaire") == "partner"
    assert field_label("cost_xof", "fr") == "Coût (FCFA)" and field_label("launch_date", "en") == "Launch date"
    assert field_label("", "fr") == "— non utilisée —"


def test_the_upload_widget_says_its_own_words_in_french():
    from ui.layout import uploader_words

    french = uploader_words("fr")
    assert 'content: "Choisir un fichier"' in french and 'content: "50 Mo au plus par fichier' in french
    assert uploader_words("en") == ""
