"""geo.read.tables: spreadsheet row numbers, headers, HXL rows, workbooks, decoding."""
import openpyxl
import pytest
from fixtures.partner_sheets import HXL_TAGS, write_hxl_csv

from geo.read.headers import propose_mapping
from geo.read.tables import ReadError, decode_text, read_table, sniff_delimiter


def test_header_below_blank_rows_and_an_empty_first_column_keep_sheet_row_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["D3"] = "Intitulé du projet", "Région", "Coût (FCFA)"
    sheet["B4"], sheet["C4"], sheet["D4"] = "Route rurale", "Gao", "57.257.750 FCFA"
    sheet["B6"], sheet["C6"], sheet["D6"] = "Maraîchage", "Kidal", 56059636
    path = tmp_path / "decale.xlsx"
    book.save(path)
    table = read_table(path)
    assert list(table.frame.columns) == ["Intitulé du projet", "Région", "Coût (FCFA)"]   # empty column A dropped
    assert table.row_numbers == [4, 6] and table.blank_rows == 1


def test_formula_without_cached_value_is_kept_as_text(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Intitulé du projet", "Coût (FCFA)"])
    sheet.append(["Route", "=1000*2"])
    path = tmp_path / "formule.xlsx"
    book.save(path)
    assert read_table(path).frame.iloc[0, 1] == "=1000*2"


def test_first_sheet_with_data_is_read_and_named(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    data = book.create_sheet("Projets")
    data.append(["Intitulé du projet", "Région"])
    data.append(["Route", "Gao"])
    path = tmp_path / "classeur.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.row_numbers == [2] and any("'Projets'" in n for n in table.notes)


def test_hxl_row_is_read_as_tags_not_data(tmp_path):
    table = read_table(write_hxl_csv(tmp_path / "3w.csv"))
    assert table.hxl_tags == HXL_TAGS
    assert table.row_numbers == [3, 5, 6] and table.blank_rows == 1
    mapping = propose_mapping(list(table.frame.columns), "cvr_projects", table.hxl_tags)
    assert mapping == {"Organisation": "partner", "Secteur": "category", "Région": "region",
                       "Localité": "place", "Latitude": "latitude", "Longitude": "longitude",
                       "Personnes atteintes": "beneficiaries", "Montant (FCFA)": "cost_xof",
                       "Intitulé": "title"}


def test_duplicate_headers_stay_apart(tmp_path):
    path = tmp_path / "doublons.csv"
    path.write_text("Région;Région;Intitulé du projet\nGao;Kidal;Route\n", encoding="utf-8")
    assert list(read_table(path).frame.columns) == ["Région", "Région (2)", "Intitulé du projet"]


def test_bytes_and_file_objects_are_read_like_paths(tmp_path):
    import io

    data = "Intitulé du projet;Région\nRoute;Gao\n".encode("cp1252")
    assert read_table(data, name="a.csv").frame.iloc[0, 1] == "Gao"
    stream = io.BytesIO(data)
    stream.name = "b.csv"
    assert read_table(stream).name == "b.csv"


def test_utf16_without_bom_and_cp1252_decode():
    assert decode_text("Ségou;Ménaka\n".encode("utf-16-le"), "x.csv") == "Ségou;Ménaka\n"
    assert decode_text("Ségou;Ménaka\n".encode("cp1252"), "x.csv") == "Ségou;Ménaka\n"
    assert sniff_delimiter("a;b;c\n1,5;2;3") == ";"


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="not found"):
        read_table(tmp_path / "absent.csv")
