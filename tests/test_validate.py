"""geo.read.validate: every row accepted or rejected with reasons a user understands."""
import pandas as pd
import pytest
from fixtures.partner_sheets import write_csv

from geo.read.boundaries import load_boundaries
from geo.read.tables import RawTable, read_table
from geo.read.validate import validate_file, validate_table


@pytest.fixture(scope="module")
def shipped():
    return load_boundaries().frame


def test_nothing_disappears(tmp_path, shipped):
    path = write_csv(tmp_path / "p.csv")
    report = validate_file(path, boundaries=shipped)
    assert report.rows_in == report.accepted_count + len(report.rejected) == 11
    assert sorted(report.accepted["row"]) == [2, 3, 5, 6, 10]


def test_rejected_rows_download_with_reasons(tmp_path, shipped):
    path = write_csv(tmp_path / "p.csv")
    table = read_table(path)
    report = validate_table(table, boundaries=shipped)
    frame = report.rejected_frame(table)
    assert list(frame["row"]) == [7, 8, 11, 12, 13, 14]
    assert frame.columns[:2].tolist() == ["row", "reasons"] and "Intitulé du projet" in frame
    assert "31/02/2017" in frame.set_index("row").loc[11, "reasons"]


def test_negative_count_does_not_also_warn_about_women(tmp_path):
    report = validate_file(write_csv(tmp_path / "p.csv"))
    assert not [w for w in report.warnings if w["row"] == 12]


def test_coordinates_quoted_with_their_precision(tmp_path, shipped):
    report = validate_file(write_csv(tmp_path / "p.csv"), boundaries=shipped)
    warning = next(w["message"] for w in report.warnings if w["row"] == 10)
    assert "18.44345, 1.40921 fall in Kidal" in warning


def test_user_mapping_overrides_the_proposal(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Projet;Zone;Montant\nRoute;Gao;1 000\n", encoding="utf-8")
    table = read_table(path)
    report = validate_table(table, kind="cvr_projects", mapping={"Projet": "title", "Zone": "region",
                                                                 "Montant": "cost_xof"})
    assert report.accepted.iloc[0]["cost_xof"] == 1000 and report.accepted.iloc[0]["region"] == "Gao"


def test_missing_required_column_rejects_every_row_with_a_note(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Région;Coût (FCFA)\nGao;1000\nKidal;2000\n", encoding="utf-8")
    report = validate_file(path, kind="cvr_projects")
    assert report.accepted_count == 0 and len(report.rejected) == 2
    assert any("required" in n for n in report.notes)


def test_sites_coordinates_hidden_in_public_mode(tmp_path, shipped):
    path = tmp_path / "sites.csv"
    path.write_text("Nom du site;Type;Région;Latitude;Longitude\n"
                    "MOC Gao;moc_camp;Tombouctou;16,27167;-0,04472\n"
                    "MOC X;moc_camp;Gao;-0,04472;16,27167\n", encoding="utf-8")
    shown = validate_file(path, kind="sites", boundaries=shipped, public=False)
    hidden = validate_file(path, kind="sites", boundaries=shipped, public=True)
    assert "16.27167" in str(shown.to_dict())
    assert "16.27" not in str(hidden.to_dict()) and "0.04" not in str(hidden.to_dict())
    assert len(hidden.rejected) == len(shown.rejected) == 1 and len(hidden.warnings) == 1
    frame = hidden.rejected_frame(read_table(path))
    assert frame["Latitude"].isna().all() and frame["Longitude"].isna().all()


def test_a_month_or_a_year_is_a_date_with_its_precision(tmp_path):
    """'août 2017' in a partner's sheet is August 2017, kept at month precision (never 1 August),
    as the shipped data keeps it; '2018' is the year 2018."""
    from geo.i18n import date_label

    path = tmp_path / "mois.csv"
    path.write_text("Intitulé du projet;Localité;Région;ONG partenaire;Date de lancement\n"
                    "Forage;Gao;Gao;ONG A;août 2017\nPuits;Kidal;Kidal;ONG B;2018\nMarché;Gao;Gao;ONG C;03/05/2017\n",
                    encoding="utf-8")
    report = validate_file(path, kind="cvr_projects")
    assert report.rejected == []
    rows = report.accepted.set_index("title")
    assert list(rows["date_precision"]) == ["month", "year", "day"]
    assert date_label(rows.loc["Forage", "launch_date"], rows.loc["Forage", "date_precision"], "fr") == "août 2017"
    assert report.mapping.get("ONG partenaire") == "partner"                  # not silently dropped


def test_arrow_s_lower_case_is_python_s_for_every_letter():
    """Row keys lower-case text in Arrow: the same as str.lower() on every letter of Latin-1 and
    beyond (where Arrow differs, like the dotted capital I, Python's own is taken)."""
    import pyarrow as pa

    from geo.read.validate import _lower

    texts = [chr(c) for c in range(1, 0x3000)] + ["Ménaka ÉCOLE", "İstanbul", "ŒUVRE", "ΣΟΦΊΑ", "n° 12", None]
    assert _lower(pa.array(texts, type=pa.string())).to_pylist() == [t if t is None else t.lower() for t in texts]


@pytest.mark.parametrize("codes", [["A1", " a1", "A2"], [12.0, "12.0 ", 13.0]], ids=["text", "workbook"])
def test_a_repeated_row_is_found_when_its_cells_differ_only_in_case_and_spacing(codes):
    """Every column's cells differ as written, so no column alone tells that no row repeats: the
    repeat shows only once cells are compared trimmed and in any case."""
    frame = pd.DataFrame({"Code": codes, "Intitulé du projet": ["Route", "ROUTE ", "Forage"],
                          "Région": ["Gao", " gao", "Kidal"]}, dtype=object)
    report = validate_table(RawTable("p.csv", frame, [2, 3, 4]), kind="cvr_projects")
    assert [(r["row"], [m.key for m in r["reasons"]]) for r in report.rejected] == [(3, ["duplicate"])]
    assert report.rejected[0]["reasons"][0].values["row"] == 2


def test_rows_alike_but_for_one_column_all_distinct_are_no_repeats():
    frame = pd.DataFrame({"Code": ["A1", "A2", "A3"], "Intitulé du projet": ["Route"] * 3, "Région": ["Gao"] * 3},
                         dtype=object)
    report = validate_table(RawTable("p.csv", frame, [2, 3, 4]), kind="cvr_projects")
    assert report.accepted_count == 3 and not report.rejected
