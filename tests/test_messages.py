"""Validation messages are English text for the command line and JSON, and French in the app."""
import pickle

import pandas as pd

from geo.messages import Message, in_language
from geo.read.tables import RawTable
from geo.read.validate import validate_table


def sheet(**columns):
    frame = pd.DataFrame(columns, dtype=object)
    return RawTable("partenaire.csv", frame, list(range(2, len(frame) + 2)))


def test_reasons_read_in_both_languages():
    report = validate_table(sheet(**{"Intitulé du projet": ["Route", "Puits"], "Coût (FCFA)": ["cher", "-5"],
                                     "Date de lancement": ["31/02/2017", "2017-05-03"]}), kind="cvr_projects")
    reasons = {r["row"]: r["reasons"] for r in report.rejected}
    assert "'cher' is not a number" in reasons[2][0] or "cher" in reasons[2][0] and "not a number" in reasons[2][0]
    french = [in_language(x, "fr") for x in reasons[2]]
    assert any("n’est pas un nombre" in x and "colonne « Coût (FCFA) »" in x for x in french)
    assert any("n’est pas une date possible" in x for x in french)
    assert "est négatif" in in_language(reasons[3][0], "fr")


def test_coordinates_outside_mali_in_french():
    report = validate_table(sheet(title=["x"], latitude=["48,85"], longitude=["2,35"]), kind="cvr_projects")
    reason = report.rejected[0]["reasons"][0]
    assert str(reason) == "coordinates 48.85, 2.35 are outside Mali"
    assert in_language(reason, "fr") == "les coordonnées 48,85 ; 2,35 sont hors du Mali"


def test_a_message_survives_pickling_and_plain_text_passes_through():
    m = Message("duplicate", unit=Message("unit_row"), row=4)
    again = pickle.loads(pickle.dumps(m))
    assert again == "duplicate of row 4" and in_language(again, "fr") == "doublon de la ligne 4"
    assert in_language("plain text", "fr") == "plain text"


def test_unreadable_files_are_explained_in_both_languages(tmp_path):
    import pytest

    from geo.read.tables import ReadError, read_table

    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    with pytest.raises(ReadError) as err:
        read_table(empty)
    assert str(err.value) == "vide.csv: the file is empty."
    assert in_language(err.value.args[0], "fr") == "vide.csv : le fichier est vide."


def test_rejected_rows_download_gives_reasons_in_the_readers_language():
    table = sheet(**{"Intitulé du projet": ["Route"], "Coût (FCFA)": ["cher"]})
    report = validate_table(table, kind="cvr_projects")
    assert "n’est pas un nombre" in report.rejected_frame(table, "fr").iloc[0]["reasons"]
    assert "is not a number" in report.rejected_frame(table).iloc[0]["reasons"]


def test_an_impossible_date_is_explained_in_the_readers_language():
    """'31/02/2017' was rejected with Python's English words ('day is out of range for month') in
    the French interface."""
    table = sheet(**{"Intitulé du projet": ["Route", "Puits"], "Date de lancement": ["31/02/2017", "12/13/2017"]})
    report = validate_table(table, kind="cvr_projects")
    french = list(report.rejected_frame(table, "fr")["reasons"])
    assert "ce jour n’existe pas dans ce mois" in french[0] and "le mois doit être entre 1 et 12" in french[1]
    assert not any("range" in reason or "must be" in reason for reason in french)
    assert "this day does not exist in that month" in report.rejected_frame(table, "en").iloc[0]["reasons"]
