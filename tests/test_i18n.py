"""Both catalogues hold the same keys, and every key the interface asks for exists."""
import json
import re
from pathlib import Path

import pytest

from geo import i18n
from geo.paths import LOCALES_DIR
from geo.schema import MEASURES, RECORD_KINDS

ROOT = Path(__file__).resolve().parent.parent
# t("key" / i18n.t("key" / _t("key": every literal key the interface asks for
KEY_CALL = re.compile(r"""\b_?t\(\s*f?["']([a-z0-9_.]+)["']""")
# every file of the interface
INTERFACE = [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py")), *sorted((ROOT / "ui").glob("*.py")),
             *sorted((ROOT / "geo" / "render").glob("*.py"))]


def load(lang):
    return json.loads((LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def test_catalogues_have_the_same_keys():
    fr, en = load("fr"), load("en")
    assert set(fr) - set(en) == set()
    assert set(en) - set(fr) == set()


def test_no_empty_text_and_same_placeholders():
    fr, en = load("fr"), load("en")
    for key in fr:
        assert fr[key].strip() and en[key].strip(), key
        placeholders = r"{(\w+)(?::[^}]*)?}"  # {name} or {name:format}
        assert set(re.findall(placeholders, fr[key])) == set(re.findall(placeholders, en[key])), key


def used_keys():
    keys = {}
    for path in INTERFACE:
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            if not key.endswith("."):
                keys.setdefault(key, path.name)
    return keys


def test_every_key_used_by_the_interface_exists():
    keys = used_keys()
    assert len(keys) > 100
    missing = {k: f for k, f in keys.items() if k not in load("fr")}
    assert missing == {}


def test_keys_built_from_data_exist():
    fr = load("fr")
    dynamic = ([f"measure.{m}" for m in MEASURES] + [f"kind.{k}" for k in RECORD_KINDS]
               + [f"site_type.{s}" for s in ("cantonment", "moc_camp")]
               + [f"location.{s}" for s in ("record", "gazetteer", "region_centroid", "unlocated", "hidden")]
               + [f"page.{p}" for p in ("overview", "map", "cvr", "sites", "trainings", "data")]
               + [f"map.basemap.{b}" for b in ("none", "osm")]
               + [f"uploads.kind.{k}" for k in RECORD_KINDS] + [f"uploads.unit.{u}" for u in ("row", "feature")]
               + [f"uploads.join.{c}" for c in ("beside", "instead")])
    assert [k for k in dynamic if k not in fr] == []


@pytest.mark.parametrize("lang, expected", [("fr", "113\u202f821\u202f750"), ("en", "113,821,750")])
def test_numbers_are_written_the_language_s_way(lang, expected):
    assert i18n.number(113821750, lang) == expected
    assert i18n.number(None, lang) == "–"


def test_dates_keep_the_source_precision():
    assert i18n.date_label("2017-09-11", "day", "fr") == "11 sept. 2017"
    assert i18n.date_label("2019-07", "month", "en") == "Jul 2019"
    assert i18n.date_label("2015", "year", "fr") == "2015"
    assert i18n.date_label("", "day", "en") == i18n.t("date.unknown", "en")


def test_unknown_language_falls_back_to_french_and_unknown_key_shows_itself():
    assert i18n.language("de") == "fr"
    assert i18n.t("no.such.key", "en") == "no.such.key"


def test_export_words_are_catalogue_keys():
    """The exports' words live in the catalogues as export.<key>: every key the export modules ask for exists."""
    call = re.compile(r"""\bt\(\s*f?["']export\.([a-z0-9_]+)["']""")
    fr = load("fr")
    asked = {key for path in sorted((ROOT / "geo" / "render").glob("*.py"))
             for key in call.findall(path.read_text(encoding="utf-8"))}
    assert len(asked) > 40
    assert sorted(k for k in asked if f"export.{k}" not in fr) == []
    from geo.render import words

    assert not hasattr(words, "STRINGS")
    assert i18n.t("export.pack_title", "en") == "Mali peace process"
