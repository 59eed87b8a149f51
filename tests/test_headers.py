"""Headers matched to fields: the implementing partner's column as partners write it (French and
English, with or without accents, the ligature œ, any case), and nothing else taken for it."""
import sys
from pathlib import Path

import pytest

from geo.read.headers import match_column, propose_mapping, unused_columns
from geo.read.validate import validate_file
from geo.schema import SCHEMAS, SYNONYMS
from geo.text import fold

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from partner_sheet import HEADER, write_partner_sheet  # noqa: E402


@pytest.mark.parametrize("header", [
    "Partenaire de mise en œuvre", "PARTENAIRE DE MISE EN ŒUVRE", "partenaire de mise en oeuvre",
    "Partenaire de Mise en Oeuvre", "Partenaires de mise en œuvre", "Partenaire d'exécution", "Partenaire d’exécution",
    "Partenaire", "Partenaires", "ONG partenaire", "Structure de mise en œuvre", "Implementing partner",
    "IMPLEMENTING PARTNERS", "Implementing organisation", "Implementing organization", "Partner", "Partners",
])
def test_the_implementing_partner_s_column_is_recognised(header):
    assert match_column(header, "cvr_projects") == "partner"


@pytest.mark.parametrize("header", ["Mise en œuvre", "Œuvre", "Date de mise en œuvre", "Responsable", "Code interne",
                                    "Observations", "Cœur de métier"])
def test_other_headers_are_not_taken_for_the_partner(header):
    assert match_column(header, "cvr_projects") != "partner"


def test_the_ligature_folds_as_its_letters():
    assert fold("Mise en Œuvre") == fold("mise en oeuvre") == "mise en oeuvre"
    assert fold("Cæsar") == "caesar"


def test_every_synonym_still_means_its_own_field():
    """Folding the ligatures moves no spelling of the table of synonyms to another field."""
    for field, spellings in SYNONYMS.items():
        for kind, schema in SCHEMAS.items():
            if field in {f.name for f in schema}:
                for spelling in spellings:
                    assert match_column(spelling, kind) is not None, (kind, field, spelling)


def test_the_partner_generator_s_sheet_maps_its_partner_column(tmp_path):
    """bench/partner_sheet.py's Excel export: its partner column is a field, not an unused column."""
    mapping = propose_mapping(HEADER, "cvr_projects")
    assert mapping["Partenaire de mise en œuvre"] == "partner"
    assert unused_columns(HEADER, "cvr_projects", mapping) == ["Code interne", "Responsable", "Observations"]
    path = tmp_path / "export.csv"
    write_partner_sheet(path, 30)
    report = validate_file(path)
    assert report.unmapped == ["Code interne", "Responsable", "Observations"]
    assert report.accepted["partner"].str.startswith("SYNTHETIC ONG").all()
    assert "Partenaire de mise en œuvre" not in report.accepted.columns
