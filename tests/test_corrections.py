"""Correcting a returned submission (issue 25): the partner downloads it back as its filled template,
every row in its place, the rejected ones marked with each reason in a comment on the cell at fault
and the reviewer's note on the instructions sheet; fixed and submitted again, it supersedes the
returned one, and the store's history links the two."""
import io
import json

import openpyxl
import pytest
from fixtures.templates import GOOD_PROJECTS, WRONG_DATE, fill_template
from test_cli import run_geo

from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.render.template import FIRST_ROW, correction_template, write_template
from geo.store import Store, StoreError, sha256_of

REVIEWER = "reviewer@test.example"


@pytest.fixture
def store(tmp_path):
    return Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}")


def submit(store, path, organisation="ACAS", **kw):
    table = read_table(path)
    report = validate_table(table, boundaries=store.active_boundaries().frame)
    return store.submit(report, organisation=organisation, period="2024-Q1", actor="amadou@acas.test.example",
                        sha256=sha256_of(path.read_bytes()), raw_table=table, **kw)


@pytest.fixture
def returned(store, tmp_path):
    """ACAS's template with five good rows and one impossible date, submitted and returned."""
    path = tmp_path / "rapport_t1.xlsx"
    path.write_bytes(write_template("cvr_projects", "fr", organisation="ACAS", period="2024-Q1"))
    fill_template(path, "cvr_projects", "fr", [GOOD_PROJECTS[0], WRONG_DATE, *GOOD_PROJECTS[1:]])
    first = submit(store, path)
    assert (first.accepted, first.rejected) == (5, 1)
    return store.return_(first.id, REVIEWER, "la date de la ligne 5 n'existe pas")


def test_a_returned_submission_comes_back_as_its_template_the_rejected_row_marked_with_its_reason(store, returned):
    book = openpyxl.load_workbook(io.BytesIO(correction_template(store, returned.id, "fr")))
    sheet = book.worksheets[0]
    titles = [sheet.cell(r, 1).value for r in range(FIRST_ROW, FIRST_ROW + 6)]
    assert titles == [GOOD_PROJECTS[0]["title"], WRONG_DATE["title"], *(p["title"] for p in GOOD_PROJECTS[1:])]
    headers = [c.value for c in sheet[1]]
    wrong = FIRST_ROW + 1
    date = sheet.cell(wrong, headers.index("Date de lancement") + 1)
    assert date.value == "31/02/2024" and "31/02/2024" in date.comment.text and "Ligne 5" in date.comment.text
    assert sheet.cell(wrong, 1).fill.start_color.rgb.endswith("F4CCCC")                      # the row is marked
    assert sheet.cell(FIRST_ROW, 1).fill.start_color.rgb != sheet.cell(wrong, 1).fill.start_color.rgb
    assert sum(c.comment is not None for row in sheet.iter_rows(min_row=FIRST_ROW) for c in row) == 1
    cost = sheet.cell(FIRST_ROW, headers.index("Coût (FCFA)") + 1).value
    assert cost == 12_500_000 and isinstance(cost, int)                                     # as a partner writes it
    latitude = headers.index("Latitude") + 1
    assert sheet.cell(FIRST_ROW, latitude).value == pytest.approx(16.27167)                 # its own coordinates
    assert sheet.cell(FIRST_ROW + 2, latitude).value is None                                # placed by its town: none
    instructions = " ".join(str(c.value) for row in book["Mode d’emploi"].iter_rows() for c in row if c.value)
    assert "la date de la ligne 5 n'existe pas" in instructions and REVIEWER in instructions
    assert "n° " + str(returned.id) in instructions


def test_fixed_and_submitted_again_it_supersedes_the_returned_one_and_the_history_says_so(store, returned, tmp_path):
    path = tmp_path / "correction.xlsx"
    path.write_bytes(correction_template(store, returned.id, "fr"))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.cell(FIRST_ROW + 1, headers.index("Date de lancement") + 1).value = "28/02/2024"   # the partner's fix
    book.save(path)
    table = read_table(path)
    assert table.template["corrects"] == str(returned.id) and table.template["period"] == "2024-Q1"
    fixed = submit(store, path, supersedes=int(table.template["corrects"]))
    assert (fixed.accepted, fixed.rejected, fixed.supersedes, fixed.status) == (6, 0, returned.id, "pending")
    assert store.get(returned.id).status == "returned" and store.corrected_by(returned.id).id == fixed.id
    history = [(a["action"], a["note"]) for a in store.audit(returned.id)]
    assert ("corrected", f"by #{fixed.id}") in history
    assert any(a["note"].endswith(f"corrects #{returned.id}") for a in store.audit(fixed.id) if a["action"] == "submit")
    listed = run_geo("store", "list", "--json", env={"DASHBOARD_DB": store.url})
    assert {s["id"]: s["supersedes"] for s in json.loads(listed.stdout)} == {fixed.id: returned.id, returned.id: None}
    shown = run_geo("store", "show", str(returned.id), env={"DASHBOARD_DB": store.url}).stdout
    assert f"corrected  (by #{fixed.id})" in shown


def test_a_correction_is_refused_twice_for_another_organisation_or_kind_and_for_a_submission_not_returned(
        store, returned, tmp_path):
    path = tmp_path / "correction.xlsx"
    path.write_bytes(correction_template(store, returned.id, "fr"))
    with pytest.raises(StoreError, match="no submission"):
        submit(store, path, organisation="GRAIP", supersedes=returned.id)                     # nothing said of it
    fixed = submit(store, path, supersedes=returned.id)
    again = tmp_path / "again.xlsx"
    again.write_bytes(write_template("cvr_projects", "fr"))
    fill_template(again, "cvr_projects", "fr", GOOD_PROJECTS[:1])
    with pytest.raises(StoreError, match="already corrected"):
        submit(store, again, supersedes=returned.id)
    with pytest.raises(StoreError, match="only a returned submission"):
        submit(store, again, supersedes=fixed.id)                                             # pending: not returned


def test_the_command_line_writes_the_correction_template(store, returned, tmp_path):
    out = tmp_path / "corriger.xlsx"
    result = run_geo("template", "--submission", str(returned.id), "--lang", "en", "--out", str(out),
                     env={"DASHBOARD_DB": store.url})
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A1"].value == "Title *"
    assert any("Row 5 of the returned submission" in str(c.comment.text) for row in book.worksheets[0].iter_rows()
               for c in row if c.comment)
    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(out.read_bytes())
    result = run_geo("store", "submit", str(fixed), "--org", "ACAS", "--period", "2024-Q1", "--supersedes",
                     str(returned.id), "--json", env={"DASHBOARD_DB": store.url})
    assert result.returncode == 1 and json.loads(result.stdout)["rejected"][0]["row"] == 5   # still the wrong date
    assert store.corrected_by(returned.id) is not None


def test_a_returned_sites_sheet_comes_back_without_coordinates_for_the_public_view(store, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("Nom du site;Type;Localité;Région;Date de début;Latitude;Longitude\n"
                    "SYNTHETIC site A;cantonment;Gao;Gao;01/02/2024;16.27167;-0.04472\n"
                    "SYNTHETIC site B;moc_camp;Gao;Gao;31/02/2024;16.27;-0.05\n", encoding="utf-8")
    first = submit(store, path)
    store.return_(first.id, REVIEWER, "dates")
    for hide in (False, True):
        book = openpyxl.load_workbook(io.BytesIO(correction_template(store, first.id, "en", hide_coordinates=hide)))
        cells = " ".join(str(c.value) for row in book.worksheets[0].iter_rows(min_row=FIRST_ROW) for c in row)
        assert ("16.27167" in cells and "16.27" in cells) is not hide
        assert ("-0.0" in cells) is not hide
        assert "Camp du MOC" not in cells and ("MOC camp" in cells)                  # a code back as its label
        instructions = " ".join(str(c.value) for c in book["Instructions"]["A"] if c.value)
        assert ("were left out of this file" in instructions) is hide
