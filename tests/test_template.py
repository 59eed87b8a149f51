"""The reporting template (issue 25): `python -m geo template` writes an XLSX with the dashboard's
headers, an HXL row, an example row that is never imported, Excel validation on every closed list,
number, date and coordinate, an input message on each header and an instructions sheet; filled in as
a partner would (openpyxl), or saved from it as CSV by French Excel, it validates with every column
mapped and every correct row accepted."""
import io
import json

import openpyxl
import pytest
from fixtures.templates import GOOD_PROJECTS, WRONG_DATE, fill_template, french_excel_csv
from test_cli import run_geo

from geo.read.boundaries import read_boundary_file
from geo.read.headers import propose_mapping
from geo.read.tables import read_table
from geo.read.validate import MALI_BOUNDS, validate_table
from geo.render.template import EXAMPLE_ROW, HXL_ROW, region_choices, template_columns, write_template
from geo.schema import RECORD_KINDS, SCHEMAS


def validations(sheet) -> dict[str, object]:
    """{cell range: its DataValidation} of a sheet."""
    return {str(r): v for v in sheet.data_validations.dataValidation for r in v.sqref.ranges}


def rule_of(sheet, header: str):
    """The validation on the cells under a header (from the example row down)."""
    letter = next(c.column_letter for c in sheet[1] if c.value == header)
    return next(v for r, v in validations(sheet).items() if r.startswith(f"{letter}{EXAMPLE_ROW}:"))


def test_the_done_criterion_five_rows_accepted_one_wrong_date_rejected_nothing_unmapped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = run_geo("template", "--kind", "cvr_projects", "--lang", "fr", "--out", "t.xlsx")
    assert made.returncode == 0, made.stderr
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    region = rule_of(sheet, "Région")
    assert region.type == "list" and region.formula1.startswith("'lists'!$")        # a list, from the lists sheet
    fill_template(tmp_path / "t.xlsx", "cvr_projects", "fr", [*GOOD_PROJECTS, WRONG_DATE])
    result = run_geo("validate", "t.xlsx", "--kind", "cvr_projects", "--json")
    out = json.loads(result.stdout)
    assert result.returncode == 1 and out["accepted"] == 5 and out["unmapped"] == []
    [rejected] = out["rejected"]
    assert rejected["row"] == 9 and "31/02/2024" in rejected["reasons"][0] and "Date de lancement" in rejected["reasons"][0]
    assert any("Row 3 is the template's example" in note for note in out["notes"])       # said, never imported


def test_a_csv_saved_by_french_excel_reads_the_same(tmp_path):
    path = tmp_path / "modele.xlsx"
    path.write_bytes(write_template("cvr_projects", "fr"))
    fill_template(path, "cvr_projects", "fr", [*GOOD_PROJECTS, WRONG_DATE])
    saved = french_excel_csv(path, tmp_path / "modele.csv")
    assert b";" in saved.read_bytes() and b"16,27167" in saved.read_bytes()
    report = validate_table(read_table(saved))
    assert report.kind == "cvr_projects" and report.unmapped == []
    assert report.accepted_count == 5 and [r["row"] for r in report.rejected] == [9]
    assert not any(str(title).startswith("EXEMPLE") for title in report.accepted["title"])
    assert report.accepted["latitude"].dropna().round(5).tolist() == [16.27167, 14.4843]   # decimal commas read
    assert report.accepted.loc[report.accepted["title"].str.contains("Formation"), "date_precision"].item() == "month"


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_kind_and_language_maps_every_column_by_its_header_and_by_its_hxl_tag(kind, lang):
    columns = template_columns(kind, lang)
    headers = [c.header for c in columns]
    expected = {c.header: c.field for c in columns}
    assert propose_mapping(headers, kind) == expected                                 # the headers alone
    assert propose_mapping([f"x{i}" for i in range(len(columns))], kind, [c.hxl for c in columns]) == {
        f"x{i}": c.field for i, c in enumerate(columns)}                               # the HXL tags alone
    book = openpyxl.load_workbook(io.BytesIO(write_template(kind, lang)))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == headers and [c.value for c in sheet[HXL_ROW]] == [c.hxl for c in columns]
    assert [f.name for f in SCHEMAS[kind] if f.required] == [c.field for c in columns if c.header.endswith(" *")]


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_header_has_an_input_message_and_every_closed_list_number_date_and_coordinate_a_rule(kind):
    book = openpyxl.load_workbook(io.BytesIO(write_template(kind, "fr")))
    sheet = book.worksheets[0]
    rules = validations(sheet)
    for i, column in enumerate(template_columns(kind, "fr"), start=1):
        letter = sheet.cell(1, i).column_letter
        head = rules[f"{letter}1"]
        assert head.showInputMessage and head.prompt == column.help and len(head.prompt) <= 255
        rule = rule_of(sheet, column.header)
        assert rule.showInputMessage and rule.prompt == column.help
        if column.field in ("region", "category", "site_type", "activity_type"):
            assert rule.type == "list", column.field
        elif column.type == "count":
            assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
        elif column.type == "money":
            assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
        elif column.type == "date":
            assert (rule.type, rule.operator) == ("date", "greaterThanOrEqual") and rule.formula1 == "32874"  # 1990-01-01
        elif column.type in ("lat", "lon"):
            low, high = (MALI_BOUNDS[1], MALI_BOUNDS[3]) if column.type == "lat" else (MALI_BOUNDS[0], MALI_BOUNDS[2])
            assert (rule.type, float(rule.formula1), float(rule.formula2)) == ("decimal", low, high)
    assert book["lists"].sheet_state == "hidden"
    assert book.sheetnames[1] == "Mode d’emploi"
    instructions = " ".join(str(c.value) for row in book["Mode d’emploi"].iter_rows() for c in row if c.value)
    assert "GeoNames" in instructions and "chef-lieu de son cercle" in instructions and "obligatoires" in instructions


def test_the_region_list_is_the_boundary_set_s_then_the_regions_it_lacks_and_cercles_come_with_an_admin_2_set(tmp_path):
    from fixtures.boundary_files import cod_style_zip

    present, missing = region_choices(lang="fr")
    assert "Gao" in present and missing[:2] == ["Ménaka", "Taoudénit"] and "Bougouni" in missing
    path = cod_style_zip(tmp_path)
    boundaries = read_boundary_file(path.read_bytes(), path.name)
    book = openpyxl.load_workbook(io.BytesIO(write_template("cvr_projects", "fr", boundaries)))
    cercle = rule_of(book.worksheets[0], "Cercle")
    assert cercle.type == "list"
    column = cercle.formula1.split("!")[1].split(":")[0].strip("$")[0]
    listed = [c.value for c in book["lists"][column][1:] if c.value is not None]
    assert listed == sorted(boundaries.cercles["cercle"])
    blank = openpyxl.load_workbook(io.BytesIO(write_template("cvr_projects", "fr")))   # Natural Earth: no cercle
    assert rule_of(blank.worksheets[0], "Cercle").type is None


def test_the_partner_s_template_carries_its_organisation_and_period_and_says_what_it_is(tmp_path):
    path = tmp_path / "modele.xlsx"
    path.write_bytes(write_template("trainings", "en", organisation="ACAS", period="2026-Q4"))
    book = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for c in book["Instructions"]["B"] if c.value)
    assert "ACAS" in text and "2026-Q4" in text
    assert rule_of(book.worksheets[0], "Organiser").formula1.startswith("'lists'!")   # offered in the list
    fill_template(path, "trainings", "en", [
        {"title": "SYNTHETIC Awareness session", "activity_type": "Awareness", "men": 10, "women": 5, "total": 15},
        {"title": "SYNTHETIC Dialogue", "activity_type": "Community dialogue", "place": "Mopti"}])
    table = read_table(path)
    assert table.template == {"kind": "trainings", "lang": "en", "organisation": "ACAS", "period": "2026-Q4"}
    assert not [n for n in table.notes if getattr(n, "key", "") == "note_sheets"]     # its other sheets are its own
    report = validate_table(table)
    assert report.kind == "trainings" and report.accepted["activity_type"].tolist() == ["awareness", "dialogue"]


def test_a_template_holding_only_its_example_says_so(tmp_path):
    from geo.read.tables import ReadError

    with pytest.raises(ReadError, match="only the template's example row"):
        read_table(write_template("sites", "en"), name="sites.xlsx")


def test_the_command_line_refuses_a_template_without_kind_or_with_another_suffix(tmp_path):
    assert run_geo("template", "--out", str(tmp_path / "t.xlsx")).returncode == 2
    assert run_geo("template", "--kind", "sites", "--out", str(tmp_path / "t.csv")).returncode == 2
