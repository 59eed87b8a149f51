"""The briefing pack opened with python-pptx: slides, texts in each language, totals kept apart."""
import io

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
    # title, map, headline, 2 charts, programme totals (17 programmes, 7 per slide), sources
    assert len(deck.slides) == 9
    assert "Processus de paix au Mali" in texts[0] and "Toutes les régions" in texts[0]
    assert any(s.shape_type == 13 for s in deck.slides[1].shapes)            # the map picture
    assert "Chiffres clés" in texts[2] and "169\u202f881\u202f386" in texts[2]   # 3 projects' FCFA
    assert "203 hommes" in texts[2].replace("\u202f", " ")
    charts = [s for slide in list(deck.slides)[3:5] for s in slide.shapes if s.has_chart]
    assert len(charts) == 2
    assert "Totaux de programme" in texts[5] and "jamais additionnés" in texts[5]
    assert "161" in texts[5] and "122\u202f640" in texts[5]                  # shown as reported
    assert "Sources et méthode" in texts[-1] and "Natural Earth" in texts[-1] and "GeoNames" in texts[-1]


def test_english_pack_with_filters(dataset):
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(regions=("ML-7",)), lang="en", public=False))
    assert "Mali peace process" in texts[0] and "Region: Gao" in texts[0]
    assert "Headline figures" in texts[2]
    assert "Sources and method" in texts[-1]


def test_programme_totals_are_never_added_to_projects(dataset):
    figures = headline_figures(dataset)
    assert figures["projects"] == 3                       # the records, not 161 + 32 + 13 + 3
    assert figures["cost_xof"] == 57257750 + 56564000 + 56059636
    assert figures["cantonment_sites"] == 6 and figures["moc_camps"] == 3


def test_empty_view_still_builds(dataset):
    deck, texts = _slides(briefing_pptx_bytes(dataset, Filters(years=(1990, 1990)), lang="en", public=False))
    assert "No records in this view." in "\n".join(texts)


def test_pack_from_a_single_kind_records_file(tmp_path):
    from geo.model.dataset import DATA_DIR, load_dataset

    dataset = load_dataset(records=DATA_DIR / "trainings.csv", kind="trainings")
    deck, texts = _slides(briefing_pptx_bytes(dataset, lang="en", public=False))
    assert "No records in this view." in texts[4]          # no CVR project in a trainings file
    assert len(deck.slides) == 6                           # no programme totals with a partner file
