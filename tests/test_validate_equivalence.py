"""The vectorised validator says exactly what the row-by-row one said (tests/reference_validate_v1.py,
kept only for this comparison): the same reasons and warnings, in the same order, for the same
spreadsheet rows, and the same accepted records, on SYNTHETIC sheets holding every problem."""
import datetime as dt
import random

import pandas as pd
import pytest
import reference_validate_v1 as reference

from geo.messages import in_language
from geo.read.boundaries import load_boundaries
from geo.read.tables import RawTable
from geo.read.validate import validate_table

FUTURE = (dt.date.today() + dt.timedelta(days=400)).strftime("%d/%m/%Y")
# Cells a partner writes, good and bad, by the field they are meant for.
CELLS = {
    "text": ["Route rurale", "  Forage  ", "", None, "nan", " NONE ", "=HYPERLINK(\"x\")", "x" * 10_050, 12.0,
             "\u202fÉcole\u00a0", "\x1cmarché\x1f", "İbrahim"],
    "region": ["Gao", "Tombouctou", "Timbuktu", "Ménaka", "Atlantis", "", None, "gao ", " nan ", "NaN"],
    "money": ["57.257.750 FCFA", "56 564 000", "1,747", "1.755", "16,5", "3 millions", "-15", "beaucoup",
              "9" * 400, "12", 1000.0, None, "", "0.123", "1e5", "inf"],
    "count": ["7 000", "1.755", "12", "12.5", "-3", "", None, "n/a", 40.0, 3.5, "+8"],
    "date": ["31 juillet 2017", "03/05/2017", "2017-05-03", "31/02/2017", "1er juin 2017", "06.07.17", "hier",
             "", None, FUTURE, "01/01/1980", dt.date(2018, 2, 15)],
    "lat": ["16,27167", "16.27167", "18.44345", "-0.04472", "95", "14.7167", "", None, "nord", 16.2],
    "lon": ["-0,04472", "-0.04472", "1.40921", "16.27167", "-17.4677", "", None, "est", -0.04],
}
FIELD_TYPES = {
    "cvr_projects": {"Intitulé du projet": "text", "Localité": "text", "Région": "region", "Partenaire": "text",
                     "Coût (FCFA)": "money", "Bénéficiaires": "count", "dont femmes": "count",
                     "Date de lancement": "date", "Latitude": "lat", "Longitude": "lon", "Remarque": "text"},
    "sites": {"Nom du site": "text", "Type": "text", "Région": "region", "Statut": "text", "Date de début": "date",
              "Latitude": "lat", "Longitude": "lon"},
    "trainings": {"Intitulé": "text", "Date de début": "date", "Date de fin": "date", "Lieu": "text",
                  "Région": "region", "Hommes": "count", "Femmes": "count", "Total": "count",
                  "Latitude": "lat", "Longitude": "lon"},
}


def synthetic_table(kind: str, rows: int, seed: int, as_text: bool = False) -> RawTable:
    """A SYNTHETIC partner sheet: every cell drawn from CELLS for its column's type, a few exact
    repeats of earlier rows, a few rows the reader flagged. `as_text`: every cell written as text,
    as a CSV file gives them (the validator's fastest path)."""
    rng = random.Random(seed)
    headers = list(FIELD_TYPES[kind])
    body = [[rng.choice(CELLS[FIELD_TYPES[kind][h]]) for h in headers] for _ in range(rows)]
    if as_text:
        body = [[v if v is None or isinstance(v, str) else str(v) for v in row] for row in body]
    for i in range(0, rows, 17):                       # exact repeats of an earlier row
        body[i] = list(body[max(0, i - 5)])
    for i in range(9, rows, 23):                       # repeats in other case and spacing
        body[i] = [f" {v.upper()}" if isinstance(v, str) else v for v in body[i - 4]]
    frame = pd.DataFrame(body, columns=headers, dtype=object)
    numbers = [2 + i + i // 25 for i in range(rows)]   # spreadsheet rows, with blank rows skipped
    problems = {numbers[i]: reference.Message("row_too_wide", cells=9, columns=len(headers)) for i in (3, 40)}
    return RawTable(f"{kind}_synthetic.csv", frame, numbers, rows // 25, None, row_problems=problems)


def as_comparable(report) -> dict:
    out = report.to_dict()
    texts = {}
    for key in ("rejected", "warnings"):
        texts[key] = [(r["row"], [(m.key, str(m), in_language(m, "fr")) for m in r.get("reasons", [r.get("message")])])
                      for r in out[key]]
    return {"counts": (out["rows_in"], out["blank_rows"], out["accepted"]), "notes": [str(n) for n in out["notes"]],
            "mapping": out["mapping"], **texts}


@pytest.mark.parametrize("as_text", [False, True])
@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("kind", list(FIELD_TYPES))
def test_same_report_as_the_row_by_row_validator(kind, public, as_text):
    boundaries = load_boundaries().frame
    table = synthetic_table(kind, 400, seed=len(kind) + public, as_text=as_text)
    new = validate_table(table, kind=kind, boundaries=boundaries, public=public)
    old = reference.validate_table(table, kind=kind, boundaries=boundaries, public=public)
    assert as_comparable(new) == as_comparable(old)
    assert new.accepted_count > 0 and len(new.rejected) > 0 and len(new.warnings) > 0   # every path taken
    pd.testing.assert_frame_equal(new.accepted, old.accepted)


def distinct_cell(rng: random.Random, kind: str):
    """A cell of a column whose values rarely repeat (amounts, coordinates to five decimals), written
    the ways partners write them."""
    if kind == "money":
        amount = rng.randint(1_000, 95_000_000)
        return rng.choice([str(amount), f"{amount:,}".replace(",", "\u00a0"), f"{amount:,} FCFA".replace(",", "."),
                           f"{amount:,}".replace(",", " ") + " F CFA", f" {amount}.{rng.randint(0, 99)} "])
    if kind == "count":
        return rng.choice([str(rng.randint(0, 900_000)), f"{rng.randint(1, 900):d}.{rng.randint(0, 999):03d}",
                           f"{rng.randint(0, 900_000)}.5"])
    degrees = f"{rng.uniform(-18, 30):.5f}"
    return rng.choice([degrees, degrees.replace(".", ","), f" {degrees} "])


@pytest.mark.parametrize("kind", list(FIELD_TYPES))
def test_same_report_where_numbers_rarely_repeat(kind):
    """Columns of numbers that rarely repeat are read cell by cell in Arrow, those that repeat once
    per distinct text: both say what the row-by-row validator said."""
    rng = random.Random(5)
    table = synthetic_table(kind, 3000, seed=3, as_text=True)
    for column, field_type in FIELD_TYPES[kind].items():
        if field_type in {"money", "count", "lat", "lon"}:
            table.frame[column] = [distinct_cell(rng, field_type) if rng.random() < 0.9 else v for v in table.frame[column]]
    boundaries = load_boundaries().frame
    new = validate_table(table, kind=kind, boundaries=boundaries)
    old = reference.validate_table(table, kind=kind, boundaries=boundaries)
    assert as_comparable(new) == as_comparable(old)
    pd.testing.assert_frame_equal(new.accepted, old.accepted)


def test_same_report_on_the_shipped_tables(dataset):
    from geo.paths import DATA_DIR
    from geo.read.tables import read_table

    boundaries = load_boundaries().frame
    for kind in FIELD_TYPES:
        table = read_table(DATA_DIR / f"{kind}.csv")
        new = validate_table(table, kind=kind, boundaries=boundaries)
        old = reference.validate_table(table, kind=kind, boundaries=boundaries)
        assert as_comparable(new) == as_comparable(old)
        pd.testing.assert_frame_equal(new.accepted, old.accepted)


def test_progress_counts_rows():
    seen = []
    validate_table(synthetic_table("cvr_projects", 100, seed=1), kind="cvr_projects",
                   progress=lambda done, total: seen.append((done, total)))
    assert seen and all(total == 100 for _, total in seen) and seen[-1][0] == 100
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
