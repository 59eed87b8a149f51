"""Every shipped record traces to a seed sentence, and every number in it appears in that sentence."""
import re

import pandas as pd
import pytest
from conftest import ROOT, SEEDS

TABLES = {
    "cvr_projects": ["cost_xof", "beneficiaries", "youth", "women", "duration_months"],
    "trainings": ["men", "women", "total"],
    "programme_totals": ["value"],
    "sites": [],
    "events": [],
}
DAY_COLUMNS = {"cvr_projects": "launch_date", "trainings": "date_start", "events": "date"}
WORDS = {"quinze": 15, "soixantaine": 60, "cinquantaine": 50, "trois": 3, "cinq": 5}


def seed_text(name: str) -> str:
    return re.sub(r"\s+", " ", (SEEDS / name).read_text(encoding="utf-8"))


def numbers_in(quote: str) -> set[float]:
    found = set()
    for m in re.finditer(r"\d{1,3}(?:[ .,\u202f\u00a0]\d{3})+(?!\d)|\d+", quote):
        value = float(re.sub(r"\D", "", m.group()))
        found.add(value)
        tail = quote[m.end():m.end() + 10].lower()
        if "million" in tail:
            found.add(value * 1_000_000)
    for word, value in WORDS.items():
        if word in quote.lower():
            found.add(float(value))
    return found


def load(name):
    return pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_a_seed_and_quotes_it_verbatim(name):
    table = load(name)
    assert len(table) > 0
    for i, row in table.iterrows():
        assert (SEEDS / row["source_doc"]).is_file(), f"{name} row {i}: unknown seed {row['source_doc']}"
        text = seed_text(row["source_doc"])
        for part in row["source_quote"].split(" … "):
            assert part.strip() in text, f"{name} row {i}: quote not found in {row['source_doc']}: {part[:80]}"


@pytest.mark.parametrize("name", TABLES)
def test_every_number_in_a_row_appears_in_its_quote(name):
    table = load(name)
    for i, row in table.iterrows():
        found = numbers_in(row["source_quote"])
        for column in TABLES[name]:
            if row[column] != "":
                assert float(row[column]) in found, f"{name} row {i}: {column}={row[column]} not in quote"
        if name in DAY_COLUMNS and row[DAY_COLUMNS[name]] and row.get("date_precision", "day") == "day":
            day = float(row[DAY_COLUMNS[name]][8:10])
            assert day in found, f"{name} row {i}: day {day:g} not in quote"


def test_a_number_absent_from_the_quote_is_caught():
    assert 8755.0 not in numbers_in("plus de 7.000 jeunes à risques et 1.755 femmes")
    assert {7000.0, 1755.0} <= numbers_in("plus de 7.000 jeunes à risques et 1.755 femmes")


def test_programme_totals_are_not_records():
    totals = load("programme_totals")
    projects = load("cvr_projects")
    assert "161" in set(totals["value"]) and len(projects) < 161
    assert not set(totals["total_id"]) & set(projects["project_id"])


def test_the_seed_figures_named_in_the_domain_are_shipped():
    values = set(load("programme_totals")["value"].astype(float))
    assert {161, 257000, 122640, 13, 687933330, 32, 3000000, 1747, 400, 1330, 352, 270} <= values


def test_training_tables_in_004_are_complete():
    tr = load("trainings")
    pej = tr[tr["session_id"].str.startswith("PEJ-AP")]
    assert pej["total"].astype(int).sum() == 207 and pej["women"].astype(int).sum() == 72
    gender = tr[tr["session_id"].str.startswith("GENRE")]
    assert gender["total"].astype(int).sum() == 64 and gender["women"].astype(int).sum() == 7


def test_each_programme_total_has_one_topic_page():
    totals = load("programme_totals")
    assert set(totals["topic"]) == {"cvr", "ddr", "trainings", "ssr"}
    by_id = totals.set_index("total_id")["topic"]
    assert by_id["PEJ-AP-2016-2017-TOTAL"] == "trainings" and by_id["GENRE-2017-TOTAL"] == "trainings"
    assert by_id["RSS-INTEGRATION-1330"] == "ddr" and by_id["CRSS-LOCAUX-84M"] == "ssr"
