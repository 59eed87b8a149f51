"""Data exports: CSV with BOM and accents, XLSX, GeoJSON; formulas neutralised; filters obeyed."""
import csv
import io
import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.model.dataset import add_records, load_dataset
from geo.model.filters import Filters
from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.render.tables import column_labels, neutralise, table_export_bytes

HOSTILE = {  # SYNTHETIC test record: hostile text only, not a fact about Mali
    "project_id": "TEST-HOSTILE", "title": "=HYPERLINK(\"http://x\",\"clic\")", "place": "Gao", "region": "Gao",
    "partner": "@SUM(A1:A9)", "cost_xof": "1000", "category": "-2+3", "category_fr": "+cmd|' /C calc'!A0",
    "launch_date": "2017-09-20", "source_doc": "test", "source_quote": "\tTAB then text",
}


# A cell that is safe in a comma CSV, but not once a French Excel splits it on ';' (or an English one
# a semicolon file on ','), or a line break starts a new row: the formula starts a segment.
SEGMENTS = {  # SYNTHETIC test record: hostile text only, not a fact about Mali
    "project_id": "TEST-SEGMENTS", "title": "Projet;=cmd|' /C calc'!A0;", "place": "Gao", "region": "Gao",
    "partner": "ONG A, +SUM(A1:A9)", "category": "ligne 1\n-2+3\r\n@x", "category_fr": "a\t=1+1",
    "cost_xof": "1000", "launch_date": "2017-09-20", "source_doc": "test", "source_quote": 'dit ; "=1+1", puis ;  -x',
}


@pytest.fixture(scope="module")
def hostile_dataset():
    shipped = load_dataset()
    raw = read_table(pd.DataFrame([HOSTILE, SEGMENTS]).to_csv(index=False).encode("utf-8"), name="hostile.csv")
    report = validate_table(raw, kind="cvr_projects", boundaries=shipped.boundaries)
    assert report.accepted_count == 2, report.rejected
    return add_records(shipped, report)


def read_back(data: bytes, kind: str, lang: str) -> pd.DataFrame:
    """A CSV export read as a spreadsheet of its language would read it, its columns renamed back
    to their keys (the labels are checked in the tests of labels)."""
    french = lang == "fr"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", sep=";" if french else ",", decimal="," if french else ".")
    keys = {label: key for key, label in column_labels(KEYS[kind], kind, lang).items()}
    return back.rename(columns=keys)


KEYS = {kind: list(load_dataset().table(kind).columns) + ["iso_code", "sites", "cantonment_sites", "moc_camps"]
        for kind in ("cvr_projects", "sites", "trainings", "programme_totals", "events")}


def test_csv_round_trip_keeps_accents_with_bom(dataset):
    data = table_export_bytes(dataset, "trainings", "csv", lang="en", public=False)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == len(dataset.trainings)
    assert "Ségou" in set(back["Region"]) and "Ménaka" in set(back["Region"])
    assert "Ecole de Maintien de la Paix Alioune Blondin Bèye (EMPABB), Bamako" in set(back["Venue"])
    assert back.columns[0] == "Training ID"


def test_csv_exports_exactly_the_filtered_rows(dataset):
    for lang in ("fr", "en"):
        data = table_export_bytes(dataset, "cvr_projects", "csv", filters=Filters(regions=("ML-8",)), lang=lang,
                                  public=False)
        back = read_back(data, "cvr_projects", lang)
        assert list(back["project_id"]) == ["CVR-INTADEYNI-MARAICHAGE"]
        assert back.loc[0, "cost_xof"] == 56059636      # whole number, not 56059636.0
        assert "56059636.0" not in data.decode("utf-8-sig") and "56059636,0" not in data.decode("utf-8-sig")


def test_formulas_are_neutralised_in_csv(hostile_dataset):
    text = table_export_bytes(hostile_dataset, "cvr_projects", "csv", lang="en", public=False).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text)).rename(columns={v: k for k, v in column_labels(KEYS["cvr_projects"],
                                                                                         "cvr_projects", "en").items()})
    row = back[back["project_id"] == "TEST-HOSTILE"].iloc[0]
    assert row["title"] == "'=HYPERLINK(\"http://x\",\"clic\")"
    assert row["partner"] == "'@SUM(A1:A9)"
    assert row["category"] == "'-2+3"
    assert row["category_fr"].startswith("'+cmd")
    assert row["source_quote"].startswith("'\t")


FORMULA = ("=", "+", "-", "@")
NUMBER = re.compile(r"-?\d+([.,]\d+)?(e[-+]?\d+)?")


def runnable_cells(text: str) -> list[str]:
    """Every cell a spreadsheet could make of `text`, whatever it splits on, that would start with
    = + - @: lines split naively on ';' and on ',' (quotes ignored), and the csv module's reading
    with either delimiter; each cell stripped of quotes and spaces. A number ('-0.04472' in the
    longitude column, '-0,04472' in a French file) is a number, not a formula."""
    cells = []
    for line in re.split(r"\r\n|\n|\r", text):
        for sep in (";", ","):
            cells += line.split(sep)
    for sep in (";", ","):
        cells += [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for c in row]
        cells += [part for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for c in row
                  for part in re.split(r"[;,\r\n\t]", c)]
    stripped = (re.sub(r'^[\s"]+|[\s"]+$', "", c) for c in cells)
    return [c for c in stripped if c.startswith(FORMULA) and not NUMBER.fullmatch(c)]


@pytest.mark.parametrize("lang, sep, number", [("en", ",", "-0.04472"), ("fr", ";", "-0,04472")])
def test_csv_formulas_are_neutralised_whatever_the_spreadsheet_splits_on(hostile_dataset, lang, sep, number):
    data = table_export_bytes(hostile_dataset, "cvr_projects", "csv", lang=lang, public=False)
    text = data.decode("utf-8-sig")
    assert runnable_cells(text) == []
    assert f"{sep}{number}{sep}" in text                          # a negative number stays a number, bare
    labels = column_labels(KEYS["cvr_projects"], "cvr_projects", lang)
    row = next(r for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=sep)
               if r[labels["project_id"]] == "TEST-SEGMENTS")
    assert row[labels["title"]] == "Projet;'=cmd|' /C calc'!A0;"          # the text kept, each segment neutralised
    assert row[labels["partner"]] == "ONG A, '+SUM(A1:A9)" and row[labels["category"]] == "ligne 1\n'-2+3\r\n'@x"
    for line in text.splitlines():                               # every text cell quoted: ';' never splits one
        assert "Projet;'=cmd" not in line or "\"Projet;'=cmd|' /C calc'!A0;\"" in line
    shown = runnable_cells(pd.DataFrame([SEGMENTS]).to_csv(index=False))
    assert shown, "the check would not see an unneutralised file"


def test_formulas_are_neutralised_in_xlsx(hostile_dataset):
    data = table_export_bytes(hostile_dataset, None, "xlsx", lang="en", public=False)
    book = load_workbook(io.BytesIO(data))
    assert {"CVR projects", "Sites (cantonment, MOC)", "Trainings", "Programme totals", "Dated events",
            "Figures by region", "About", "Columns"} == set(book.sheetnames)
    sheet = book["CVR projects"]
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value}"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\",\"clic\")" in values and "'@SUM(A1:A9)" in values


def test_xlsx_about_sheet_names_filters_and_sources(dataset):
    data = table_export_bytes(dataset, None, "xlsx", filters=Filters(years=(2017, 2017)), lang="en", public=False)
    about = pd.read_excel(io.BytesIO(data), sheet_name="About")
    text = "\n".join(about.iloc[:, 0].astype(str))
    assert "Year: 2017" in text and "Natural Earth" in text and "never added" in text


def test_geojson_points_and_regions(dataset):
    points = json.loads(table_export_bytes(dataset, None, "geojson", public=False))
    assert points["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in points["features"]}
    assert kinds == {"cvr_projects", "sites", "trainings"}
    located = [f for f in points["features"] if f["geometry"]]
    assert all(f["geometry"]["type"] == "Point" for f in located)
    unplaced = [f for f in points["features"] if not f["geometry"] and not f["properties"]["region_only"]]
    assert len(unplaced) == len(dataset.unlocated())   # kept, never placed at an invented point
    frame = gpd.read_file(io.BytesIO(table_export_bytes(dataset, "regions", "geojson", public=False)))
    gao = frame[frame["iso_code"] == "ML-7"].iloc[0]
    assert gao["projects"] == 2 and gao["region"] == "Gao"


def test_region_figures_no_record_gives_stay_empty_and_counts_read_whole(dataset):
    """A region where no record gives a figure has no figure, not 0 (0 women is a claim); a region
    without records counts 0 of them. Counts and FCFA are written whole (320, not 320.0)."""
    from geo.model.summary import COUNTS, region_summary
    from geo.model.view import prepare_view
    from geo.schema import MEASURES
    data = table_export_bytes(dataset, "regions", "geojson", public=False)
    assert not re.search(rb'": -?\d+\.0[,}]', data)
    frame = gpd.read_file(io.BytesIO(data))
    summary = region_summary(prepare_view(dataset, None, False).dataset).reindex(frame["iso_code"])
    figures = [m for m in MEASURES if m not in COUNTS]
    given = summary[figures].notna().to_numpy()
    assert (~given).any() and (frame[figures].notna().to_numpy() == given).all()
    assert (frame[figures].to_numpy(float)[given] == summary[figures].to_numpy(float)[given]).all()
    assert not frame[list(COUNTS)].isna().any().any()
    text = table_export_bytes(dataset, "regions", "csv", lang="en", public=False).decode("utf-8-sig")
    assert not re.search(r"(^|,)\d+\.0(,|$)", text, re.M), text


def test_records_placed_only_by_their_region_are_no_point_in_geojson(dataset):
    """The cantonment sites the gazetteer lacks (Likrakar and Ber in Tombouctou, Fafa in Gao) and the
    caravan's stops are placed only by their region: the GeoJSON keeps them with their region and a
    null geometry, never at the region's representative point (the README: never drawn as points)."""
    features = json.loads(table_export_bytes(dataset, None, "geojson", public=False))["features"]
    region_only = [f for f in features if f["properties"]["location_source"] == "region_centroid"]
    names = {f["properties"].get("name") for f in region_only}
    assert {"Likrakar", "Ber", "Fafa"} <= names and len(region_only) == 5
    for feature in region_only:
        properties = feature["properties"]
        assert feature["geometry"] is None and properties["region_only"] is True
        assert properties["latitude"] is None and properties["longitude"] is None   # not the record's place
        assert properties["region"] and properties["assigned_iso"]
    assert not any(f["properties"]["region_only"] for f in features if f not in region_only)
    public = json.loads(table_export_bytes(dataset, "trainings", "geojson", public=True))["features"]
    assert [f["geometry"] for f in public if f["properties"]["region_only"]] == [None, None]


def test_neutralise_leaves_numbers_and_plain_text():
    frame = neutralise(pd.DataFrame({"a": ["Gao", "=1+1", None], "b": [-3, 4, 5]}))
    assert list(frame["a"])[:2] == ["Gao", "'=1+1"] and list(frame["b"]) == [-3, 4, 5]


def test_unknown_format_or_table(dataset):
    with pytest.raises(ValueError, match="parquet"):
        table_export_bytes(dataset, None, "parquet")
    with pytest.raises(ValueError, match="weapons"):
        table_export_bytes(dataset, "weapons", "csv")


def test_a_french_csv_opens_in_columns_in_a_french_excel(dataset):
    """The French CSV was comma-separated with English snake_case headers: a French Excel did not
    split it. In French: ';' between cells, the catalogue's French labels, decimal commas, a BOM."""
    data = table_export_bytes(dataset, "cvr_projects", "csv", filters=Filters(regions=("ML-8",)), lang="fr", public=False)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith('"Identifiant du projet";"Intitulé";"Partenaire";"Coût (FCFA)";')
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert not [c for c in back.columns if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+|[a-z]+", c)]   # no key
    row = back.iloc[0]
    assert row["Identifiant du projet"] == "CVR-INTADEYNI-MARAICHAGE" and row["Coût (FCFA)"] == 56059636
    intadeyni = dataset.cvr_projects[dataset.cvr_projects["project_id"].eq("CVR-INTADEYNI-MARAICHAGE")].iloc[0]
    assert back["Latitude"].dtype == float and row["Latitude"] == pytest.approx(intadeyni["latitude"])
    assert row["Longitude"] == pytest.approx(intadeyni["longitude"])
    assert f";{str(intadeyni['latitude']).replace('.', ',')};" in text            # a decimal comma, bare
    assert row["Localisation approximative"] in ("oui", "non")                    # never True / False
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["Date de lancement"])        # ISO: any Excel reads it as a date


def test_an_english_csv_reads_with_english_labels(dataset):
    data = table_export_bytes(dataset, "trainings", "csv", filters=Filters(regions=("ML-6",)), lang="en", public=False)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns[:3]) == ["Training ID", "Session ID", "Title"]
    assert {"Latitude", "Longitude", "Men", "Women", "Approximate location", "Source document"} <= set(back.columns)
    assert back["Latitude"].dtype == float and set(back["Approximate location"]) <= {"yes", "no"}
    assert not [c for c in back.columns if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+|[a-z]+", c)]


@pytest.mark.parametrize("public", [False, True])
def test_every_exported_column_has_a_label_in_both_languages(dataset, hostile_dataset, public):
    """No header is a key: every column of every table (the shipped data, a partner's published
    records, the public site counts, the per-region figures) has its catalogue label, one per column."""
    from geo.model.view import prepare_view
    from geo.render.tables import export_table
    from geo.schema import TABLE_KINDS

    view = prepare_view(hostile_dataset, None, public)
    for kind in TABLE_KINDS:
        columns = list(export_table(view.dataset, kind, view.public).columns)
        for lang in ("fr", "en"):
            labels = column_labels(columns, kind, lang)
            assert [c for c in columns if labels[c] == c] == [], (kind, lang)
            assert len(set(labels.values())) == len(columns), (kind, lang)


def test_the_workbook_lists_each_column_s_label_and_key(dataset):
    """The keys stay at hand for those who script: the GeoJSON keeps them, and the workbook's
    Columns sheet pairs each label with its key, table by table."""
    book = load_workbook(io.BytesIO(table_export_bytes(dataset, None, "xlsx", lang="fr", public=False)))
    assert book.sheetnames == ["Projets RVC", "Sites (cantonnement, MOC)", "Formations", "Totaux de programme",
                               "Événements datés", "Chiffres par région", "À propos", "Colonnes"]
    assert [c.value for c in book["Projets RVC"][1]][:3] == ["Identifiant du projet", "Intitulé", "Partenaire"]
    columns = pd.read_excel(io.BytesIO(table_export_bytes(dataset, None, "xlsx", lang="fr", public=False)),
                            sheet_name="Colonnes")
    assert list(columns.columns) == ["Feuille", "Colonne", "Clé (comme dans le GeoJSON)"]
    pairs = set(zip(columns["Feuille"], columns["Colonne"], columns["Clé (comme dans le GeoJSON)"]))
    assert ("Projets RVC", "Coût (FCFA)", "cost_xof") in pairs
    assert ("Chiffres par région", "Femmes bénéficiaires", "women") in pairs
    assert ("Totaux de programme", "Code de l’indicateur", "metric") in pairs
    for sheet in book.sheetnames[:6]:
        headers = [c.value for c in book[sheet][1]]
        assert headers == list(columns[columns["Feuille"].eq(sheet)]["Colonne"]), sheet


def test_coded_cells_are_words_in_the_reader_s_language(dataset):
    """The French CSV said 'more_than', 'near_place', 'people', 'shipped' (the data's codes, English
    words in a French file): a cell of a known list is written in the catalogue's words, in CSV and
    XLSX; the GeoJSON keeps the codes. A column whose French twin sits beside it says it is English."""
    french = pd.read_csv(io.BytesIO(table_export_bytes(dataset, "cvr_projects", "csv", lang="fr", public=False)),
                         sep=";", decimal=",", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    ouatagouna = french[french["Identifiant du projet"].eq("CVR-OUATAGOUNA-RN17")].iloc[0]
    assert ouatagouna["Précision des jeunes"] == "plus de" and ouatagouna["Précision de la date"] == "jour"
    assert ouatagouna["Localisation"] == "approximatif (distance à un lieu)"
    assert ouatagouna["Origine"] == "documents sources"
    assert ouatagouna["Catégorie (en anglais)"] == "HIMO rural road"
    assert ouatagouna["Catégorie (en français)"] == "HIMO route rurale"
    totals = pd.read_csv(io.BytesIO(table_export_bytes(dataset, "programme_totals", "csv", lang="fr", public=False)),
                         sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert {"personnes", "jours", "mois", "%", "FCFA"} <= set(totals["Unité"]) and "people" not in set(totals["Unité"])
    assert set(totals["Thème"]) == {"RVC", "DDR et intégration", "Formations", "RSS"}
    assert "près de" in set(totals["Précision de la valeur"]) and "cvr_projects" in set(totals["Code de l’indicateur"])
    events = pd.read_csv(io.BytesIO(table_export_bytes(dataset, "events", "csv", lang="en", public=False)),
                         encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert {"attack", "meeting", "SSR"} <= set(events["Category"]) and "Title (English)" in events.columns
    trainings = pd.read_excel(io.BytesIO(table_export_bytes(dataset, None, "xlsx", lang="fr", public=False)),
                              sheet_name="Formations", dtype=str)
    assert {"Formation", "Sensibilisation", "Dialogue communautaire"} == set(trainings["Type d’activité"])
    assert {"réalisé", "prévu", "en cours"} == set(totals["État"])
    assert ouatagouna["Chiffres prévus (pas encore réalisés)"] == "Jeunes ; Femmes"
    features = json.loads(table_export_bytes(dataset, "cvr_projects", "geojson", public=False))["features"]
    assert {f["properties"]["location_source"] for f in features} == {"near_place", "gazetteer"}
    assert {f["properties"]["planned_figures"] for f in features} >= {"youth; women"}


def test_the_about_sheet_cites_the_documents_in_the_reader_s_language(dataset):
    """The French workbook's About sheet named its sources by their English short titles."""
    for lang, sheet, title, other in (("fr", "À propos", "Section RSS-DDR de la MINUSMA\u202f: activités 2016-2017",
                                       "MINUSMA RSS-DDR Section"),
                                      ("en", "About", "MINUSMA RSS-DDR Section: activities 2016-2017", "Section RSS-DDR")):
        about = pd.read_excel(io.BytesIO(table_export_bytes(dataset, None, "xlsx", lang=lang, public=False)),
                              sheet_name=sheet)
        text = "\n".join(about.iloc[:, 0].astype(str))
        assert title in text and other not in text, lang
