"""Every shipped record traces to a seed sentence, and every number in it appears in that sentence."""
import re

import pandas as pd
import pytest
from conftest import ROOT, SEEDS

TABLES = {
    "cvr_projects": ["cost_xof", "beneficiaries", "youth", "women", "members", "duration_months", "radius_km"],
    "trainings": ["men", "women", "total"],
    "programme_totals": ["value"],
    "sites": [],
    "events": [],
    "targets": ["target_value"],
    "activities": [],
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
    assert by_id["RSS-INTEGRATION-1330"] == "ssr" and by_id["CRSS-LOCAUX-84M"] == "ssr"   # 003 lists it under a) RSS


# The words that qualify a figure in the sources, by qualifier (geo.schema.QUALIFIERS).
QUALIFIER_WORDS = {"more_than": ("plus de",), "about": ("environ", "soixantaine", "cinquantaine"), "nearly": ("près de",),
                   "at_least": ("au moins",)}
QUALIFIED = re.compile(r"(plus de|près de|environ|au moins)\s+(\d{1,3}(?:[ .,\u202f\u00a0]\d{3})+(?!\d)|\d+)", re.IGNORECASE)


@pytest.mark.parametrize("name", TABLES)
def test_a_figure_the_source_qualifies_keeps_its_qualifier(name):
    """"plus de 7.000 jeunes" is youth 7000 with youth_qualifier more_than, never a bare 7000; and
    a qualifier is only where the quote has its word."""
    from geo.schema import QUALIFIERS

    table = load(name)
    for i, row in table.iterrows():
        quote = row["source_quote"]
        qualified = {float(re.sub(r"\D", "", m.group(2))): m.group(1).lower() for m in QUALIFIED.finditer(quote)}
        for column in TABLES[name]:
            if row[column] == "" or float(row[column]) not in qualified:
                continue
            assert row.get(f"{column}_qualifier"), f"{name} row {i}: {column}={row[column]} is '{qualified[float(row[column])]}'"
        for column in [c for c in table.columns if c.endswith("_qualifier")]:
            word = row[column]
            if word:
                assert word in QUALIFIERS and row[column.removesuffix("_qualifier")] != "", f"{name} row {i}: {column}"
                assert any(w in quote.lower() for w in QUALIFIER_WORDS[word]), f"{name} row {i}: no '{word}' in the quote"


def test_every_training_row_says_what_activity_it_was():
    from geo.schema import ACTIVITY_TYPES

    tr = load("trainings")
    assert set(tr["activity_type"]) <= set(ACTIVITY_TYPES)
    by_id = tr.set_index("training_id")["activity_type"]
    assert by_id["MOPTI-CNDDR-SENSIB-2017"] == "awareness" and by_id["GENRE-1"] == "training"
    assert by_id["WANEP-JFA-2024"] == "training"
    organiser = tr.set_index("training_id")["organiser"]
    assert organiser["WANEP-JFA-2024"] == "WANEP-Mali"          # the CRSS chaired it; WANEP organised it


def year_given(quote: str, year: int) -> bool:
    """Whether a quote gives the year: '2017', or a date written '06.07.17' or '11/10/2019'; not the
    tail of a number such as the law '052-2015'."""
    return re.search(rf"(?<![\d-]){year}(?!\d)|\d{{1,2}}[./]\d{{1,2}}[./]{year % 100:02d}(?!\d)", quote) is not None


def test_a_year_is_a_date_not_a_number_s_tail():
    assert year_given("Réunion d'experts à New York08.06.17", 2017) and year_given("lancé le 11/10/2019", 2019)
    assert not year_given("l'application de la loi 052-2015", 2015) and year_given("LOPM 2015-2019", 2015)


@pytest.mark.parametrize("name", DAY_COLUMNS)
def test_a_date_has_its_year_in_its_quote_or_says_the_year_is_inferred(name):
    """'9‐13 mai' gives no year: the year read from the table's 2016/2017 headings is marked
    day_year_inferred (as "Du 19 au 21 juillet" is), and the note says where it comes from."""
    table = load(name)
    for i, row in table.iterrows():
        date, precision = row[DAY_COLUMNS[name]], row.get("date_precision", "day")
        if not date:
            continue
        if precision.endswith("_inferred"):   # the note (trainings) or the title (events) says where the year comes from
            said = row["note"] if name == "trainings" else row.get("title", "year")
            assert "year" in said, f"{name} row {i}: no word on where the year comes from"
            continue
        quote = " ".join(row.get(c, "") for c in ("source_quote", "date_quote"))
        assert year_given(quote, int(date[:4])), f"{name} row {i}: {precision} {date} but no year {date[:4]} in its quote"


def test_a_year_read_from_context_says_so():
    tr = load("trainings").set_index("training_id")
    assert tr.loc["BKO-OSC-ARGA-2017", "date_precision"] == "day_year_inferred"
    pej = tr[tr.index.str.startswith("PEJ-AP-")]
    assert set(pej["date_precision"]) == {"day_year_inferred"}                 # "9‐13 mai": no year in the row
    assert "doubtful" in tr.loc["PEJ-AP-2017-05-02-PEJ", "note"]             # 2-6 May: Monday in 2016, Tuesday in 2017


def test_site_dates_are_quoted_from_the_sentence_that_gives_them():
    """The timeline's 06.07.17 names Tessalit, Likrakar and Ber: their date quotes it; Fafa has none."""
    sites = load("sites")
    for i, row in sites.iterrows():
        if not row["date_start"]:
            continue
        quote = row["date_quote"] or row["source_quote"]
        assert quote.split(" … ")[0].strip() in seed_text(row["source_doc"]), f"sites row {i}: date quote not in seed"
        assert float(row["date_start"][8:10]) in numbers_in(quote), f"sites row {i}: day not in its date quote"
        assert row["place"] in quote, f"sites row {i}: the date quote does not name {row['place']}"
    assert sites.set_index("site_id").loc["CANT-FAFA", "date_start"] == ""
    assert sites["date_quote"].ne("").eq(sites["date_start"].ne("")).all()      # MOC Kidal's 1 June has its sentence


def test_an_association_s_members_are_not_beneficiaries():
    cvr = load("cvr_projects").set_index("project_id")
    assert cvr.loc["CVR-INTADEYNI-MARAICHAGE", "members"] == "100"
    assert cvr.loc["CVR-INTADEYNI-MARAICHAGE", "beneficiaries"] == ""


def test_a_target_is_shown_beside_its_result_and_never_invented():
    """003 sets 'au moins 3 000' in the mandate of resolution 2531 (2020) and reports 1,330 among
    its 2019-2020 results without relating them: both with their periods, no share."""
    from geo.model.targets import load_targets, load_totals, targets_with_results

    table = targets_with_results(load_targets(), load_totals()).set_index("target_id")
    integration = table.loc["FDSM-INTEGRATION-3000"]
    assert (integration["result_value"], integration["target_value_qualifier"]) == (1330, "at_least")
    assert (integration["period"], integration["result_period"]) == ("resolution 2531 (2020)", "2019-2020")
    assert pd.isna(integration["share"]) and integration["share_qualifier"] == ""     # 003 does not relate them
    quota = table.loc["CSA-WOMEN-QUOTA-30"]
    assert pd.isna(quota["result_value"]) and pd.isna(quota["share"])       # the sources give no result
    assert set(table["result_id"]) - {""} <= set(load("programme_totals")["total_id"])
    for target_id, row in load_targets().set_index("target_id").iterrows():
        for quote in (row["period_quote"], row["result_related_quote"]):
            assert not quote or quote in seed_text(row["source_doc"]), target_id


def test_a_share_of_an_at_least_target_is_at_most():
    """Where a source relates a result to a target of 'au moins 3 000', the share is an upper bound."""
    from geo.model.targets import load_targets, load_totals, targets_with_results

    related = load_targets().assign(result_related_quote=["a sentence relating them", ""])
    row = targets_with_results(related, load_totals()).set_index("target_id").loc["FDSM-INTEGRATION-3000"]
    assert (round(row["share"], 2), row["share_qualifier"]) == (0.44, "at_most")


def fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@pytest.mark.parametrize("name, column", [("trainings", "place"), ("events", "place"), ("programme_totals", "regions")])
def test_a_place_is_quoted_or_marked_inferred_with_its_reason(name, column):
    """A place comes from the row's quote, from a quoted sentence or caption that gives it
    (place_quote), or is marked inferred with the reason (place_inferred); never silently added."""
    table = load(name)
    for i, row in table.iterrows():
        if row["place_quote"]:
            assert row["place_quote"] in seed_text(row["source_doc"]), f"{name} row {i}: place quote not in seed"
        places = [p.strip() for p in row[column].replace(";", ",").split(",") if p.strip()]
        quoted = fold(row["source_quote"] + " " + row["place_quote"]).replace("- ", "")   # "Bama- ko"
        for place in places:
            assert fold(place) in quoted or row["place_inferred"], f"{name} row {i}: {place} neither quoted nor inferred"


def test_a_second_source_is_quoted_verbatim():
    tr = load("trainings")
    seconded = tr[tr["source_doc_2"].ne("")]
    assert set(seconded["training_id"]) == {"GENRE-1", "GENRE-2", "GENRE-3"}          # 000 describes the same courses
    for _, row in seconded.iterrows():
        assert row["source_quote_2"] in seed_text(row["source_doc_2"])


def test_a_site_s_works_and_status_are_in_its_quotes():
    sites = load("sites")
    for i, row in sites.iterrows():
        quotes = fold(" ".join([row["source_quote"], row["status_quote"], row["date_quote"]]))
        for part in row["status_quote"].split(" … ") if row["status_quote"] else []:
            assert part in seed_text(row["source_doc"]), f"sites row {i}: status quote not in seed"
        for word in re.findall(r"\w{5,}", fold(row["works"])):
            assert word in quotes, f"sites row {i}: works '{row['works']}' not in its quotes"


def test_an_activity_names_its_place_in_its_quote_and_is_placed_by_the_gazetteer_or_not_at_all():
    from geo.model.activities import located_activities

    table = located_activities().set_index("activity_id")
    for activity_id, row in table.iterrows():
        assert fold(row["place"]) in fold(row["source_quote"]), activity_id
    assert table.loc["DOUENTZA-AERODROME", "assigned_iso"] == "ML-5"
    assert table.loc["BASE101-SENOU", "location_source"] == "unlocated"           # Sénou: not in GeoNames' cities500


def test_the_facts_the_audit_found_missing_are_in():
    totals = load("programme_totals").set_index("total_id")["value"]
    assert totals["RSS-INSPECTEURS-ARCHIVES-5"] == "5" and totals["MOD-CAMPS-3"] == "3"
    assert totals["OUATAGOUNA-MEETING-PEOPLE"] == "295" and totals["OUATAGOUNA-SEEDLINGS"] == "256"
    assert totals["GAO-ASSAINISSEMENT-RELAYS"] == "100" and totals["CANTONMENT-DELIVERY-60-DAYS"] == "60"
    assert totals["PEJ-AP-SHARE-64"] == "64" and totals["DDR-OPERATIONAL-PHASE-3"] == "3"
    events = set(load("events")["event_id"])
    assert {"PVE-STRATEGY-PROCESS", "UNSC-1325", "UNSC-2531", "LAW-052-2015", "JUST-FUTURE-START"} <= events


# French future and conditional forms the sources use for what is still to happen ("qui seront
# désenclavés", "Il touchera à terme", "devrait être livré", "va permettre le démarrage prochain").
FUTURE = re.compile(r"\b(sera|seront|seraient|serait|aura|auront|touchera|offrira|donnera|fournira|permettra|"
                    r"permettront|contribuera|constituera|complétera|porteront|devrait|devraient|va|vont)\b",
                    re.IGNORECASE)


def test_the_future_tense_is_caught():
    assert FUTURE.search("10 villages et 16 fractions totalisant environ 24.000 habitants qui seront désenclavés")
    assert FUTURE.search("Il touchera à terme 9 quartiers") and not FUTURE.search("Sossokoira, dans la commune")


@pytest.mark.parametrize("name", ["programme_totals", "events"])
def test_a_figure_the_source_gives_in_the_future_is_marked_planned(name):
    """'Il touchera à terme 9 quartiers et 10 écoles … avec la formation de 100 relais qui seront des
    formateurs': planned, not done; and planned only where the source says so."""
    from geo.model.reported import STATUSES

    table = load(name)
    assert set(table["status"]) <= set(STATUSES)
    for i, row in table.iterrows():
        if FUTURE.search(row["source_quote"]):
            assert row["status"] == "planned", f"{name} row {i} ({row.iloc[0]}): '{FUTURE.search(row['source_quote'])[0]}'"
    by_id = load("programme_totals").set_index("total_id")["status"]
    assert by_id["CVR-2020-2021-PROJECTS"] == "under_way"                       # "est en cours"
    assert by_id["MOD-CAMPS-3"] == by_id["MOD-SANTE-20"] == "planned"          # "Projet de construction"
    assert by_id["RVC-2013-2020-PROJECTS"] == by_id["RSS-INTEGRATION-1330"] == "achieved"


def test_no_record_states_in_the_future_what_it_records():
    """Trainings say what took place; a site's status rests on sentences in the past or present (Kidal's
    'les combattants y seront graduellement regroupés' is not what its row records)."""
    for i, row in load("trainings").iterrows():
        assert not FUTURE.search(row["source_quote"]), f"trainings row {i}"
    for i, row in load("sites").iterrows():
        if FUTURE.search(row["source_quote"]):
            assert row["status_quote"], f"sites row {i}: its status rests on a sentence in the future"
        assert not FUTURE.search(row["status_quote"]), f"sites row {i}: status quote in the future"


def test_a_total_is_dated_only_by_its_own_sentence():
    """The 13 sanitation projects and the CRSS's 84 million FCFA come in sentences with no date: no
    as_of (it was 2017). A date a total carries has its year, and a day its day, in the quote."""
    totals = load("programme_totals")
    for i, row in totals.iterrows():
        if row["as_of"]:
            assert year_given(row["source_quote"], int(row["as_of"][:4])), f"programme_totals row {i}: as_of {row['as_of']}"
            if len(row["as_of"]) == 10:
                assert float(row["as_of"][8:]) in numbers_in(row["source_quote"]), f"programme_totals row {i}: day"
    by_id = totals.set_index("total_id")
    assert by_id.loc[["RVC-ASSAINISSEMENT-PROJECTS", "RVC-ASSAINISSEMENT-COST", "CRSS-LOCAUX-84M"], "as_of"].eq("").all()


def test_a_label_says_what_its_source_says():
    """003: 'Renforcement des mesures de sécurité passives sur les 8 sites', not '8 sites sécurisés'."""
    row = load("programme_totals").set_index("total_id").loc["CANTONMENT-SITES-8"]
    assert "sécurisés" not in row["metric_fr"] and "passives" in row["metric_fr"] and "secured" not in row["metric"]
    assert load("cvr_projects").set_index("project_id").loc["CVR-INTADEYNI-MARAICHAGE", "radius_km_qualifier"] == "about"


def test_what_a_row_says_of_itself_is_the_source_s():
    """The 1,330 were trained and integrated ('Soutien à la formation et à l'intégration'); the caravan
    held dialogues; the 11 members of Just Future are the data's count of a list, and says so;
    resolution 2531 is MINUSMA's mandate, not a gender text."""
    totals = load("programme_totals").set_index("total_id")
    assert "formation et à l'intégration de 1 330" in totals.loc["RSS-INTEGRATION-1330", "source_quote"]
    trainings = load("trainings")
    caravan = trainings[trainings["training_id"].str.startswith("CARAVANE-")]
    assert set(caravan["activity_type"]) == {"dialogue"} and not caravan["note"].str.contains("awareness").any()
    events = load("events").set_index("event_id")
    assert "11 organisations" not in events.loc["JUST-FUTURE-START", "title"]
    assert events.loc["UNSC-2531", "category"] != "gender"
    assert events.loc["LAW-052-2015", "date_precision"] == "year_inferred"


def test_a_source_s_title_is_its_heading():
    """sources.csv gives each document's own heading, not a paraphrase (case and line breaks aside)."""
    sources = pd.read_csv(SEEDS / "sources.csv", dtype=str, keep_default_na=False)
    for _, row in sources.iterrows():
        words = " ".join(re.findall(r"\w+", fold(row["title"])))
        head = " ".join(re.findall(r"\w+", fold(seed_text(row["file"])[:600])))
        assert words in head, f"{row['file']}: title '{row['title']}' is not its heading"


def region_given(place: str, region: str, text: str) -> bool:
    """Whether `text` gives the region of `place`: the same name ('MOC de Gao' in Gao), a parenthesis
    closing the place's part of a list ('Soufouroulaye (Mopti)', 'Bankass/Koro (Mopti)', 'Ilouk et
    Tinfadimata (région de Ménaka)'), or, with no place, the region named. 'Likrakar, Ber (région de
    Tombouctou)' gives Ber's region, not Likrakar's."""
    text = fold(text).replace("- ", "")
    if not region or fold(region) == fold(place) or (not place and fold(region) in text):
        return True
    for m in re.finditer(r"\((?:region de |region d')?([^()]+)\)", text):
        start = max(text.rfind(",", 0, m.start()), text.rfind(")", 0, m.start())) + 1
        if m.group(1).strip() == fold(region) and fold(place) in text[start:m.start()]:
            return True
    return False


def test_the_region_of_a_place_is_read_where_the_source_writes_it():
    quote = "en cours à Likrakar, Ber (région de Tombouctou), Tessalit (région de Kidal) et Fafa (région de Gao)"
    assert region_given("Ber", "Tombouctou", quote) and region_given("Fafa", "Gao", quote)
    assert not region_given("Likrakar", "Tombouctou", quote)
    assert region_given("Koro", "Mopti", "Bankass/Koro (Mopti), Ansongo/Kadji (Gao)")


@pytest.mark.parametrize("name", ["cvr_projects", "sites", "trainings", "events"])
def test_a_region_is_given_by_the_source_or_marked_inferred_with_its_reason(name):
    """Ouatagouna and Intadeyni come with distances only; Likrakar's region is Ber's: each says its
    region is inferred, and why. A place quote (a caption, the timeline's '3 localités de Mopti') may give it."""
    table = load(name)
    for i, row in table.iterrows():
        text = " ".join([row["source_quote"], row.get("place_quote", ""), row.get("near_quote", "")])
        captioned = row.get("place_quote") and fold(row["region"]) in fold(row["place_quote"])
        assert region_given(row["place"], row["region"], text) or captioned or row["place_inferred"], \
            f"{name} row {i}: {row['place']} in {row['region']}: not in its quotes, not marked inferred"


def test_the_places_the_audit_found_inferred_say_so():
    """The section 'basée à Tombouctou' held a workshop, not necessarily there; the Mopti campaign's
    320 went round three towns; the timeline's '3 localités de Mopti et à Tombouctou' is two events."""
    marked = {name: set(load(name).query("place_inferred != ''").iloc[:, 0]) for name in
              ("sites", "cvr_projects", "events", "trainings")}
    assert "CANT-LIKRAKAR" in marked["sites"]
    assert {"CVR-OUATAGOUNA-RN17", "CVR-INTADEYNI-MARAICHAGE"} <= marked["cvr_projects"]
    assert {"OUATAGOUNA-LAUNCH", "INTADEYNI-LAUNCH", "TBK-RVC-WORKSHOP"} <= marked["events"]
    assert {"TBK-RVC-AGENCES-2017", "MOPTI-CNDDR-SENSIB-2017"} <= marked["trainings"]
    events = load("events").set_index("event_id")
    assert "MOPTI-TBK-SENSITISATION" not in events.index
    assert events.loc[["MOPTI-CNDDR-SENSITISATION", "TBK-CNDDR-SENSITISATION"], "region"].tolist() == ["Mopti", "Tombouctou"]
    stops = load("trainings").query("session_id == 'MOPTI-CNDDR-SENSIB-2017'")
    assert stops["place"].tolist() == ["Mopti", "Koro", "Douentza"] and stops["total"].tolist() == ["320", "", ""]


def test_a_project_figure_the_source_gives_in_the_future_is_marked_planned():
    """'offrira des possibilités d'emploi à plus de 7.000 jeunes à risques et 1.755 femmes', 'donnera
    l'opportunité à plus de 5600 jeunes', 'sera mis en œuvre dans trois (3) mois': the figures are
    named in planned_figures; each named column holds a figure."""
    cvr = load("cvr_projects")
    for i, row in cvr.iterrows():
        named = [w.strip() for w in row["planned_figures"].split(";") if w.strip()]
        assert all(row[c] != "" for c in named) and set(named) <= set(TABLES["cvr_projects"]), f"cvr_projects row {i}"
        if FUTURE.search(row["source_quote"]):
            assert named, f"cvr_projects row {i}: '{FUTURE.search(row['source_quote'])[0]}' and nothing planned"
    planned = cvr.set_index("project_id")["planned_figures"]
    assert planned["CVR-OUATAGOUNA-RN17"] == "youth; women" and planned["CVR-GAO-ASSAINISSEMENT"] == "beneficiaries"


def test_the_18_facts_the_third_audit_found_missing_are_in():
    """Each with its quote (checked verbatim above): two figures, five dated texts and meetings,
    places, trainings without figures and projects of 003, the MOC Gao captions of 004."""
    totals = load("programme_totals").set_index("total_id")
    road = totals.loc["OUATAGOUNA-ROAD-LENGTH"]
    assert (road["value"], road["unit"], road["status"]) == ("1236", "km", "planned") and "1.236 km" in road["metric_en"]
    assert totals.loc["OUATAGOUNA-DISTANCE-FAFA", "value"] == "18"
    events = load("events").set_index("event_id")
    assert events.loc["HIGH-LEVEL-MEETING-PROPOSED", ["date", "date_precision", "place", "status"]].tolist() == \
        ["2017-10", "month", "Bamako", "planned"]
    assert events.loc[["AGREEMENT-SIGNED", "LOPM-2015-2019", "LOPSI-2017-2021", "SSR-STRATEGY-ACTION-PLAN"], "date"].tolist() == \
        ["2015", "2015", "2017", "2022"]
    stops = set(load("trainings").query("session_id == 'MOPTI-CNDDR-SENSIB-2017'")["place"])
    assert {"Koro", "Douentza"} <= stops
    activities = load("activities").set_index("activity_id")
    assert set(activities.loc[activities.index.str.startswith("MOC-CAMP-SECURITY-"), "place"]) == {"Gao", "Kidal", "Tombouctou"}
    assert set(activities.loc[activities.index.str.startswith("CAMP-LIVING-CONDITIONS-"), "place"]) == {"Kidal", "Tombouctou"}
    assert {"CNDSPC-CAPACITY", "PARLIAMENTARY-ASSISTANTS-LAW-DRAFTING", "FOREST-GUARDS-GOURMA", "DNF-CAPACITY",
            "ALPC-COMMISSION-CAPACITY", "WOMEN-TOILET-BLOCKS", "INSPECTORATE-OFFICES", "CRSS-WEBSITE",
            "CRSS-CONFERENCE-ROOM"} <= set(activities.index)
    moc_gao = load("sites").set_index("site_id").loc["MOC-GAO"]
    assert "Remise à niveau du MOC de Gao" in moc_gao["status_quote"] and "patrouille mixte" in moc_gao["status_quote"]
