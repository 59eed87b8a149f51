"""The briefing pack opened with python-pptx: slides, texts in each language, totals kept apart."""
import io
import re

import pandas as pd
from pptx import Presentation
from pptx.util import Emu

from geo.model.filters import Filters
from geo.model.summary import headline_figures
from geo.render.briefing import briefing_pptx_bytes


def _slides(data):
    deck = Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
        texts.append("\n".join(parts))
    return deck, texts


def test_french_pack_slides_and_texts(dataset):
    deck, texts = _slides(briefing_pptx_bytes(dataset, lang="fr", public=False))
    assert (deck.slide_width, deck.slide_height) == (Emu(12191695), Emu(6858000)) or \
        abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    # title, the programme as reported, map, headline, 2 charts, programme totals (as many slides as
    # they take), sources
    assert len(deck.slides) >= 9
    assert all("Totaux de programme (tels que rapportés)" in text for text in texts[6:-1])
    assert "Processus de paix au Mali" in texts[0] and "Toutes les régions" in texts[0]
    assert "Chiffres du programme, tels que rapportés" in texts[1]                 # the first content slide
    assert "161" in texts[1] and "257\u202f000" in texts[1] and "≈ 42\u202f612" in texts[1]
    assert "En juillet 2020, 161 projets de RVC" in deck.slides[1].notes_slide.notes_text_frame.text
    assert any(s.shape_type == 13 for s in deck.slides[2].shapes)            # the map picture
    assert "Chiffres clés" in texts[3] and "169\u202f881\u202f386" in texts[3]   # 3 projects' FCFA
    assert "203 hommes" in texts[3].replace("\u202f", " ")
    assert "Personnes sensibilisées" in texts[3] and "≈ 434" in texts[3]            # never added to the trained
    charts = [s for slide in list(deck.slides)[4:6] for s in slide.shapes if s.has_chart]
    assert len(charts) == 2
    assert "Totaux de programme" in texts[6] and "jamais additionnés aux chiffres des projets" in texts[6]
    assert "161" in texts[6] and "122\u202f640" in texts[6]                  # shown as reported
    assert "Sources et méthode" in texts[-1] and "Natural Earth" in texts[-1] and "GeoNames" in texts[-1]


def test_english_pack_with_filters(dataset):
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(regions=("ML-7",)), lang="en", public=False))
    assert "Mali peace process" in texts[0] and "Region: Gao" in texts[0]
    assert "Headline figures" in texts[3]
    assert "None of the programme's headline figures matches these filters exactly" in texts[1]   # none is Gao's
    assert "totals that do are on the “Programme totals” slides" in texts[1]                       # MOC Gao's are
    assert "Sources and method" in texts[-1]


def test_programme_totals_are_never_added_to_projects(dataset):
    figures = headline_figures(dataset)
    assert figures["projects"] == 3                       # the records, not 161 + 32 + 13 + 3
    assert figures["cost_xof"] == 57257750 + 56564000 + 56059636
    assert figures["cantonment_sites"] == 6 and figures["moc_camps"] == 3


def test_empty_view_still_builds(dataset):
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(years=(1990, 1990)), lang="en", public=False))
    assert "No training course in this view (All regions · Year: 1990)" in texts[4]
    assert "No CVR project in this view (All regions · Year: 1990)." in texts[5]


def test_pack_from_a_single_kind_records_file(tmp_path):
    from geo.model.dataset import DATA_DIR, load_dataset

    dataset = load_dataset(records=DATA_DIR / "trainings.csv", kind="trainings")
    deck, texts = _slides(briefing_pptx_bytes(dataset, lang="en", public=False))
    assert "No CVR project in this view" in texts[5]       # no CVR project in a trainings file
    assert "no published programme totals" in texts[1]     # a partner file has no programme totals
    assert len(deck.slides) == 8                           # the totals slide says so too, as every slide
    assert "no published programme totals" in texts[6]     # with nothing to show says why


def test_the_french_pack_names_documents_and_programmes_in_words(dataset):
    """The sources slide listed file hashes ('000_83409a8d5a881e58.txt') and the totals slides English
    programme names in the French pack."""
    text = " ".join(_slides(briefing_pptx_bytes(dataset, lang="fr"))[1])
    assert "83409a8d5a881e58" not in text and "Section RSS-DDR de la MINUSMA\u202f: activités 2016-2017 (004)" in text
    assert "MINUSMA RSS-DDR Section" not in text and "Gender mainstreaming" not in text   # the English short titles
    assert "RVC 2013-2020" in text and "CVR 2013-2020" not in text and "Brigade mixte anti-braconnage, Gourma" in text
    text = " ".join(_slides(briefing_pptx_bytes(dataset, lang="en"))[1])
    assert "MINUSMA RSS-DDR Section: activities 2016-2017 (004)" in text and "Section RSS-DDR" not in text


def test_chart_workbooks_hold_no_formula(dataset):
    """python-pptx writes a chart's categories and series names into the workbook embedded in the
    pack (PowerPoint's 'Edit data'); a CVR title starting with '=' became a formula there."""
    import zipfile

    import pandas as pd
    from openpyxl import load_workbook

    from geo.model.dataset import add_records
    from geo.read.tables import read_table
    from geo.read.validate import validate_table

    titles = ['=HYPERLINK("http://x","clic")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3"]
    rows = [{"title": title, "place": "Gao", "region": "Gao", "cost_xof": str(10 ** 9 + i), "launch_date": "2017-09-20"}
            for i, title in enumerate(titles)]   # SYNTHETIC test records: hostile text only
    raw = read_table(pd.DataFrame(rows).to_csv(index=False).encode("utf-8"), name="hostile.csv")
    hostile = add_records(dataset, validate_table(raw, kind="cvr_projects", boundaries=dataset.boundaries))
    with zipfile.ZipFile(io.BytesIO(briefing_pptx_bytes(hostile, lang="en", public=False))) as pack:
        books = [pack.read(n) for n in pack.namelist() if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]
    assert len(books) == 2                                        # people trained; CVR project costs
    cells = [cell for book in books for sheet in load_workbook(io.BytesIO(book)) for row in sheet.iter_rows()
             for cell in row]
    assert not [c.value for c in cells if c.data_type == "f" or str(c.value or "").startswith(("=", "+", "-", "@"))]
    assert any("HYPERLINK" in str(c.value) for c in cells)        # the title is there, as text


def _totals_texts(deck, texts, lang):
    title = "Programme totals (as reported)" if lang == "en" else "Totaux de programme (tels que rapportés)"
    return [text for text in texts if title in text]


def test_programme_total_slides_obey_the_filters_as_the_reported_slide_does(dataset):
    """Slide 2 said no published total matched the filter, yet the totals slides listed every total:
    they obey the same rule (geo.model.reported.matches: shown under a filter only when it lies
    wholly inside it), and say so when none does."""
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(regions=("ML-8",)), lang="en", public=False))
    totals = _totals_texts(deck, texts, "en")
    assert "No published total matches these filters exactly" in texts[1]
    assert len(totals) == 1 and "No published total matches these filters exactly" in totals[0]
    assert "CVR 2013-2020" not in totals[0] and "Cantonment" not in totals[0]
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(regions=("ML-7",)), lang="en", public=False))
    shown = "\n".join(_totals_texts(deck, texts, "en"))
    assert "MOC Gao" in shown and "CVR: Gao sanitation" in shown                   # Gao's alone
    assert "CVR 2013-2020" not in shown and "Cantonment" not in shown and "Soufouroulaye" not in shown
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(years=(2017, 2017)), lang="fr", public=False))
    shown = "\n".join(_totals_texts(deck, texts, "fr"))
    assert "MOC Gao" in shown and "RVC 2013-2020" not in shown and "2019-2020" not in shown


def _table_cells(deck, column):
    return [row.cells[column].text for slide in deck.slides for shape in slide.shapes if shape.has_table
            for row in list(shape.table.rows)[1:]]


def test_every_programme_figure_has_its_unit_and_its_words(dataset):
    """The totals slides read '60 délai de livraison', '3 Operational phase duration', 'Of which cma',
    their periods '2016-05/2017-07' and their sources '003': every figure now has its unit (left out
    only where the indicator's words name it), every label and date is words in the reader's language."""
    deck, texts = _slides(briefing_pptx_bytes(dataset, lang="fr", public=False))
    fr = "\n".join(_totals_texts(deck, texts, "fr"))
    assert "délai de livraison prévu de chaque site\u202f: 60\u00a0jours" in fr
    assert "durée prévue de la phase opérationnelle du DDR\u202f: 3\u00a0mois" in fr
    assert "distance d’Ouatagouna au site de cantonnement de Fafa\u202f: 18\u00a0km" in fr
    assert "ce peut être 1,236 km\u202f: 1\u202f236\u00a0km" in fr               # a length keeps its unit, named or not
    assert "date non précisée (prévu)" in fr and "2020-2021 (en cours)" in fr       # what is not achieved says so
    assert "part des assistants parlementaires formés\u202f: près de 64\u202f%" in fr
    assert "financement\u202f: 687\u202f933\u202f330\u00a0FCFA" in fr
    assert "dont CMA\u202f: 2\u00a0combattants" in fr
    assert "projets RVC\u202f: 161\n" in fr                  # the indicator names what it counts
    assert "mai 2016 – juil. 2017" in fr and "11 sept. 2017" in fr and "2016-05/2017-07" not in fr
    sources = _table_cells(deck, 3)
    assert sources and not [s for s in sources if re.fullmatch(r"\s*\d{3}\s*", s)]
    deck, texts = _slides(briefing_pptx_bytes(dataset, lang="en", public=False))
    en = "\n".join(_totals_texts(deck, texts, "en"))
    assert "of whom CMA: 2\u00a0combatants" in en and "share of parliamentary assistants trained: nearly 64%" in en
    assert "operational phase: 3\u00a0months" in en and "of each site: 60\u00a0days" in en
    assert "Of which cma" not in en and "Ex members joined" not in en
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", "\n".join(texts))      # no key of the data anywhere
    assert "257,000\u00a0people" in texts[1]                           # the reported slide too


def test_every_shipped_indicator_has_words_in_both_languages(dataset):
    """An indicator without English words in the data was read from its key ('Of which cma')."""
    from geo import i18n

    for lang in ("fr", "en"):
        missing = sorted({m for m in dataset.programme_totals["metric"] if f"metric.{m}" not in i18n.catalogue(lang)})
        assert missing == [], lang


def test_a_chart_slide_with_nothing_to_show_says_why(dataset):
    """Under --region Kidal the 'people trained' slide was empty but for 'No records in this view.', yet
    the view has records: every chart slide stays in the pack (a fixed structure, as the totals
    slides) and says why it has no chart."""
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(regions=("ML-8",)), lang="fr", public=False))
    assert not [s for s in deck.slides[4].shapes if s.has_chart]
    assert "Aucune formation dans cette vue (Région\u202f: Kidal · toutes les années)" in texts[4]
    assert "Aucun enregistrement" not in "\n".join(texts)
    assert [s for s in deck.slides[5].shapes if s.has_chart]                 # Intadeyni's cost
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(regions=("ML-7",)), lang="en", public=False))
    assert "The training courses in this view do not give how many people took part" in texts[4]   # Gao's


def _categories(deck, slide):
    chart = next(s.chart for s in deck.slides[slide].shapes if s.has_chart)
    return [str(c) for c in chart.plots[0].categories]


def test_cvr_chart_labels_are_whole_and_the_smallest_projects_grouped(dataset):
    """The CVR chart cut titles ('Sensibilisation pour un changement de comportement à… (Gao)'): a
    title is wrapped over lines, never cut; beyond 8 projects the smallest are one bar that says how many."""
    from geo.model.dataset import add_records
    from geo.read.tables import read_table
    from geo.read.validate import validate_table

    deck, _ = _slides(briefing_pptx_bytes(dataset, lang="fr", public=False))
    labels = [" ".join(c.split()) for c in _categories(deck, 5)]
    assert "…" not in "".join(labels)
    for title in dataset.cvr_projects["title"]:
        assert any(" ".join(title.split()) in label for label in labels), title
    assert all(len(line) <= 48 for c in _categories(deck, 5) for line in c.split("\n"))
    rows = [{"title": f"SYNTHETIC projet {i}", "place": "Gao", "region": "Gao", "cost_xof": str(1_000_000 * (i + 1)),
             "launch_date": "2018-03-01"} for i in range(10)]   # SYNTHETIC test records: ten small projects
    raw = read_table(pd.DataFrame(rows).to_csv(index=False).encode("utf-8"), name="many.csv")
    many = add_records(dataset, validate_table(raw, kind="cvr_projects", boundaries=dataset.boundaries))
    deck, _ = _slides(briefing_pptx_bytes(many, lang="fr", public=False))
    labels = _categories(deck, 5)
    assert len(labels) == 8 and "6 autres projets" in labels[0]          # 13 projects: the 7 largest, then 6 more
    chart = next(s.chart for s in deck.slides[5].shapes if s.has_chart)
    assert list(chart.plots[0].series[0].values)[0] == sum(1_000_000 * (i + 1) for i in range(6))


def test_the_reported_slide_never_contradicts_the_totals_slides(dataset):
    """Under --year 2017 slide 2 said no published total matched, while the totals slides listed
    2017's: when no headline total matches but others do, slide 2 says where they are."""
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(years=(2017, 2017)), lang="fr", public=False))
    totals = _totals_texts(deck, texts, "fr")
    assert "MOC Gao" in "\n".join(totals)
    assert "Aucun total publié ne correspond" not in texts[1]
    assert "Aucun des chiffres phares du programme ne correspond exactement à ces filtres" in texts[1]
    assert "diapositives « Totaux de programme »" in texts[1]
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(regions=("ML-8",)), lang="en", public=False))
    assert "No published total matches these filters exactly" in texts[1]      # Kidal: none anywhere
