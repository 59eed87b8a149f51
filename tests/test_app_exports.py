"""The download buttons (ui/exports.py) run headless: each holds a callable that builds its file
when clicked (nothing is built before); the files are of the right type, of the view on screen,
and named for what and when."""
import datetime as dt
import io
import json
import re
import zipfile

import pytest
from pptx import Presentation
from streamlit.runtime.media_file_manager import MediaFileManager

from geo.model.filters import Filters
from geo.render.words import export_file_name
from tests.test_app import no_failure, run

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def served(monkeypatch):
    """{file name: callable} of every download button; calling it builds the file, as a click does."""
    files = {}
    original = MediaFileManager.add_deferred

    def keep(self, callable_, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = callable_
        return original(self, callable_, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return files


def built(served: dict, stem: str, ext: str, lang: str) -> bytes:
    """The file a click builds, found by what it is (`stem`) and its language whatever day it is named
    for: a run that crosses midnight still finds it."""
    names = [n for n in served if re.fullmatch(rf"{re.escape(stem)}-\d{{4}}-\d{{2}}-\d{{2}}-{lang}\.{ext}", n)]
    assert len(names) == 1, (stem, ext, lang, sorted(served))
    return served[names[0]]()


def test_overview_has_the_slide_map_one_click_away(served):
    at = run(params={"region": "ML-7", "lang": "en", "measure": "cost_xof"})
    no_failure(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Map PNG", "Map PNG (1920×1080)", "Map SVG", "Map PDF", "Briefing pack PPTX"]
    png = built(served, "mali-rss-ddr-map-gao", "png", "en")        # what one click on "Map PNG" returns
    assert png[:8] == PNG and png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")
    assert built(served, "mali-rss-ddr-map-gao", "svg", "en").lstrip().startswith(b"<?xml")
    assert built(served, "mali-rss-ddr-map-gao", "pdf", "en")[:5] == b"%PDF-"
    pack = built(served, "mali-rss-ddr-briefing-gao", "pptx", "en")
    assert zipfile.is_zipfile(io.BytesIO(pack))
    texts = " ".join(shape.text_frame.text for slide in Presentation(io.BytesIO(pack)).slides
                     for shape in slide.shapes if shape.has_text_frame)
    assert "Mali peace process" in texts and "Gao" in texts   # the language and filter on screen
    # another filter: the buttons now build the files of that view
    at.multiselect(key="f_region").set_value(["ML-8"]).run()
    no_failure(at)
    assert built(served, "mali-rss-ddr-map-kidal", "png", "en")[:8] == PNG


def test_map_page_has_the_slide_buttons_in_french(served):
    at = run("views/map.py")
    no_failure(at)
    assert [b.label for b in at.get("download_button")] == ["Carte PNG", "Carte PNG (1920×1080)", "Carte SVG",
                                                           "Carte PDF", "Note de synthèse PPTX"]
    png = built(served, "mali-rss-ddr-map", "png", "fr")
    assert png[:8] == PNG and png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")


def test_data_page_downloads_exactly_what_is_filtered(served, dataset):
    at = run("views/data.py", params={"region": "ML-8", "lang": "en"})
    no_failure(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels[0] == "Download the template"    # the sheet a partner fills, then the data as filtered
    assert labels[1:5] == ["CSV (this table)", "XLSX (every table)", "GeoJSON (this table)", "HTML map (offline)"]
    csv = built(served, "mali-rss-ddr-cvr-projects-kidal", "csv", "en")
    assert csv[:3] == b"\xef\xbb\xbf" and csv.count(b"\n") == 1 + 1   # header + Kidal's one project
    assert zipfile.is_zipfile(io.BytesIO(built(served, "mali-rss-ddr-data-kidal", "xlsx", "en")))
    features = json.loads(built(served, "mali-rss-ddr-cvr-projects-kidal", "geojson", "en"))["features"]
    assert len(features) == 1
    assert built(served, "mali-rss-ddr-map-kidal", "html", "en").lstrip().lower().startswith(b"<!doctype html")
    # a table without coordinates offers no GeoJSON
    at.selectbox(key="exports_table").set_value("events").run()
    no_failure(at)
    assert [b.label for b in at.get("download_button")][1:4] == ["CSV (this table)", "XLSX (every table)",
                                                                "HTML map (offline)"]


def test_public_mode_reaches_the_downloads(served, monkeypatch):
    monkeypatch.setenv("PUBLIC_MODE", "1")
    at = run("views/data.py", params={"lang": "en"})
    at.selectbox(key="exports_table").set_value("sites").run()
    no_failure(at)
    csv = next(build() for name, build in served.items() if name.startswith("mali-rss-ddr-sites-"))
    header = csv.decode("utf-8-sig").splitlines()[0]
    assert header.startswith('"ISO 3166-2 code","Region",')               # English labels, ',' between cells
    assert "Latitude" not in header and '"Name"' not in header.split(",")


def test_file_names_say_what_when_and_in_which_language():
    """The French and English files of one view had the same name: the second download replaced the first."""
    day = dt.date(2026, 11, 23)
    assert export_file_name("map", "png", Filters(), "fr", day) == "mali-rss-ddr-map-2026-11-23-fr.png"
    assert export_file_name("map", "png", Filters(), "en", day) == "mali-rss-ddr-map-2026-11-23-en.png"
    assert (export_file_name("briefing", "pptx", Filters(regions=("ML-6", "ML-4"), years=(2017, 2017)), "en", day)
            == "mali-rss-ddr-briefing-tombouctou-segou-2017-on-2026-11-23-en.pptx")


def test_the_buttons_name_the_file_in_the_language_on_screen(served):
    """The same view in French and in English: two file names, each ending in its language."""
    for lang in ("fr", "en"):
        at = run(params={"region": "ML-7", "lang": lang})
        no_failure(at)
    names = sorted(n for n in served if n.startswith("mali-rss-ddr-briefing-gao-"))
    assert [n[-8:] for n in names] == ["-en.pptx", "-fr.pptx"], names


def test_every_table_has_its_label_in_both_languages():
    from geo import i18n
    from geo.schema import TABLE_KINDS

    for lang in ("fr", "en"):
        assert [k for k in TABLE_KINDS if f"download.table.{k}" not in i18n.catalogue(lang)] == []
