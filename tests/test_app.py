"""The app run headless (streamlit.testing): every page, with shipped data and with filters,
showing the geo/ aggregates, keeping the filters in the URL, in both languages, never a traceback."""
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import USERS
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.model.dataset import add_records
from geo.model.filters import Filters, apply_filters
from geo.model.summary import headline_figures
from geo.read.validate import validate_file
from geo.regions import region_name

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["views/map.py", "views/cvr.py", "views/sites.py", "views/trainings.py", "views/data.py"]
HOSTILE = "<script>alert(1)</script>"


def run(page=None, params=None, session=None, user=None):
    """The app as `user` (a role of conftest.USERS; None: an anonymous visitor) sees it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if user:
        at.user = dict(USERS[user])
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def no_failure(at):
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []


def digits(text):
    return int(re.sub(r"\D", "", text))


def tiles(at):
    return {m.label: m.value for m in at.metric}


def test_overview_tiles_equal_geo_aggregates(dataset):
    at = run()
    no_failure(at)
    head = headline_figures(dataset)
    shown = tiles(at)
    assert digits(shown["Projets RVC"]) == head["projects"] == 3
    cost = next(m for m in at.metric if m.label == "Coût total (FCFA)")
    assert cost.value == "169,9 M" and digits(cost.delta) == head["cost_xof"]
    assert digits(shown["Bénéficiaires prévus"]) == head["beneficiaries"]      # "offrira", "donnera": planned
    assert digits(shown["Sites de cantonnement"]) == head["cantonment_sites"]
    assert digits(shown["Camps du MOC"]) == head["moc_camps"]
    assert digits(shown["Personnes formées"]) == head["trained"]
    women = next(m.delta for m in at.metric if m.label == "Bénéficiaires prévus")
    assert women == "1\u202f755 femmes parmi au moins 8\u202f755 (au plus 20\u202f%)"     # "plus de 7.000 jeunes"


def test_region_filter_from_the_link_changes_the_figures(dataset):
    at = run(params={"region": "ML-8", "lang": "en"})
    no_failure(at)
    kidal = headline_figures(apply_filters(dataset, Filters(regions=("ML-8",))))
    shown = tiles(at)
    assert digits(shown["CVR projects"]) == kidal["projects"] == 1
    cost = next(m for m in at.metric if m.label == "Total cost (FCFA)")
    assert cost.value == "56.1 M" and digits(cost.delta) == kidal["cost_xof"] == 56059636
    assert at.multiselect(key="f_region").value == ["ML-8"]


def test_filters_round_trip_through_the_url():
    params = {"region": "ML-7,ML-8", "years": "2017-2017", "kind": "cvr_projects", "lang": "en"}
    at = run(params=params)
    no_failure(at)
    assert {k: at.query_params[k] for k in params} == {k: [v] if isinstance(at.query_params[k], list) else v
                                                         for k, v in params.items()}
    assert Filters.from_params({k: str(at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k])
                                for k in params}) == Filters(("ML-7", "ML-8"), (2017, 2017), ("cvr_projects",))


def test_widget_change_refilters_and_rewrites_the_url(dataset):
    at = run()
    at.multiselect(key="f_region").set_value(["ML-7"]).run()
    no_failure(at)
    assert digits(tiles(at)["Projets RVC"]) == 2
    assert at.query_params["region"] in ("ML-7", ["ML-7"])
    at.multiselect(key="f_kind").set_value(["trainings"]).run()
    assert digits(tiles(at)["Projets RVC"]) == 0


def test_filters_survive_a_change_of_page():
    at = run(params={"region": "ML-6"})
    at.switch_page("views/trainings.py")
    at.run()
    no_failure(at)
    assert at.multiselect(key="f_region").value == ["ML-6"]
    sessions = next(d.value for d in at.dataframe if "Région" in d.value.columns)     # the sessions' table
    assert set(sessions["Région"]) == {"Tombouctou"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", [{}, {"lang": "en", "region": "ML-7", "years": "2017-2017"},
                                    {"region": "ML-BKO", "kind": "trainings", "partner": "EMPABB"}])
def test_every_page_runs(page, params):
    at = run(page, params)
    no_failure(at)
    lang = params.get("lang", "fr")
    name = page.split("/")[-1].removesuffix(".py")
    assert at.title[0].value == i18n.t(f"{name}.title", lang)            # the page asked for, in its language
    if "region" in params:                                               # and the filter it was opened with
        assert at.multiselect(key="f_region").value == [params["region"]]
        assert region_name(params["region"]) in " ".join(c.value.replace("\\", "") for c in at.caption)


def test_language_switch_translates_the_interface():
    at = run(params={"lang": "en"})
    assert at.title[0].value == "Mali: SSR, DDR and CVR"
    at.radio(key="lang").set_value("fr").run()
    assert at.title[0].value == "Mali : RSS, DDR et RVC"
    assert at.query_params["lang"] in ("fr", ["fr"])


def test_cvr_page_keeps_programme_totals_apart(dataset):
    at = run("views/cvr.py")
    no_failure(at)
    projects, totals = at.dataframe[0].value, at.dataframe[1].value
    assert len(projects) == 3
    assert "161" in set(totals.iloc[:, 2])           # shown as a total...
    costs = projects.iloc[:, 5]                       # written in the reader's style, never '57257750'
    assert "57257750" not in set(costs) and costs.str.replace(r"\D", "", regex=True).astype(int).sum() == 169881386


def test_filtered_cvr_page_changes(dataset):
    at = run("views/cvr.py", {"region": "ML-8"})
    assert len(at.dataframe[0].value) == 1


def test_data_page_lists_sources_boundaries_and_unlocated(dataset):
    at = run("views/data.py", {"lang": "en"}, user="analyst")
    no_failure(at)
    frames = [d.value for d in at.dataframe]
    text = " ".join(f.to_string() for f in frames)
    assert "004_bd12d8b2c13923d5.txt" in text
    assert "Natural Earth" in text and "Public domain" in text
    assert any(len(f) == len(dataset.unlocated()) and "Record" in f.columns for f in frames)
    assert len(at.file_uploader) == 2                    # the upload panel: records and boundaries


def test_public_mode_badge_and_no_site_positions(monkeypatch):
    monkeypatch.setenv("PUBLIC_MODE", "1")
    at = run("views/sites.py", {"lang": "en"})
    no_failure(at)
    badge = " ".join(m.value for m in at.sidebar.markdown)
    assert "PUBLIC" in badge
    text = " ".join(d.value.to_string() for d in at.dataframe)
    assert "Likrakar" not in text and "Tessalit" not in text
    monkeypatch.setenv("PUBLIC_MODE", "0")
    assert "PUBLIC" in " ".join(m.value for m in run().sidebar.markdown)                 # anonymous: always
    assert "INTERNE" in " ".join(m.value for m in run(user="analyst").sidebar.markdown)


@pytest.mark.parametrize("value", ["oui", "2"])
def test_an_unreadable_public_setting_shows_the_public_view_and_why(monkeypatch, value):
    monkeypatch.setenv("PUBLIC_MODE", value)
    at = run("views/sites.py", {"lang": "en"})
    no_failure(at)
    assert "PUBLIC" in " ".join(m.value for m in at.sidebar.markdown)
    warnings = [w.value.replace("\\", "") for w in at.sidebar.warning]   # markdown escapes removed
    assert any("PUBLIC_MODE" in w and "public view" in w for w in warnings), warnings
    text = " ".join(d.value.to_string() for d in at.dataframe)
    assert "Likrakar" not in text and "Tessalit" not in text


def test_uploaded_records_join_the_dashboard_and_stay_text(dataset, tmp_path):
    path = tmp_path / "partner.csv"
    pd.DataFrame([{"title": HOSTILE, "place": "Kidal", "region": "Kidal", "partner": "X", "cost_xof": 1000,
                   "launch_date": "2017-08-01"}]).to_csv(path, index=False)
    report = validate_file(path, kind="cvr_projects", boundaries=dataset.boundaries)
    uploads = [{"id": "partner-1", "report": report, "replace": False}]
    at = run(session={"user_uploads": uploads})
    no_failure(at)
    assert digits(tiles(at)["Projets RVC"]) == 4
    cost = next(m for m in at.metric if m.label == "Coût total (FCFA)")
    assert digits(cost.delta) == headline_figures(add_records(dataset, report))["cost_xof"]
    assert not any(HOSTILE in m.value for m in at.markdown)       # no raw markup reaches HTML
    at.switch_page("views/cvr.py")
    at.run()
    titles = at.dataframe[0].value.iloc[:, 0].tolist()
    assert HOSTILE in titles                                       # shown as the text it is
    replaced = run(session={"user_uploads": [dict(uploads[0], replace=True)]})
    assert digits(tiles(replaced)["Projets RVC"]) == 1


def test_an_error_in_a_page_is_a_message_not_a_traceback(monkeypatch):
    import streamlit as st

    import geo.render.charts

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(geo.render.charts, "cvr_over_time", broken)
    st.cache_resource.clear()            # figures already made for this view are shared: make them again
    at = run("views/cvr.py")
    assert not at.exception
    assert len(at.error) == 1 and "boom" not in at.error[0].value and "ValueError" not in at.error[0].value


def test_no_deprecated_streamlit_width_argument():
    """Streamlit elements take width="stretch"; use_container_width stays only for streamlit-folium's st_folium."""
    interface = [ROOT / "app.py", *(ROOT / "views").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    calls = [line.strip() for path in interface for line in path.read_text(encoding="utf-8").splitlines()
             if "use_container_width" in line and "st_folium(" not in line]
    assert calls == []


def test_server_config_matches_the_reader_and_hides_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    from geo.read.tables import MAX_FILE_BYTES

    assert config["server"]["maxUploadSize"] == MAX_FILE_BYTES // 2**20 == 50
    assert config["server"]["enableXsrfProtection"] is True and config["server"]["enableCORS"] is True
    assert config["server"]["address"] == "localhost"
    assert config["client"] == {"showErrorDetails": "none", "toolbarMode": "viewer"}
    assert config["browser"]["gatherUsageStats"] is False
    assert config["theme"]["base"] == "light"


def test_partner_names_in_the_filter_line_are_text_not_markdown():
    def script():
        import streamlit as st

        from geo.model.filters import Filters
        from ui.layout import filter_summary

        st.text(filter_summary(Filters(partners=("[click](http://example.invalid)",))))

    at = AppTest.from_function(script, default_timeout=60)
    at.run()
    assert not at.exception
    assert "\\[click\\]\\(http" in at.text[0].value     # escaped: Markdown shows the brackets, no link


def test_the_ddr_page_shows_the_result_of_its_target():
    at = run("views/sites.py", {"lang": "en"})
    no_failure(at)
    targets = next(d.value for d in at.dataframe if "Share of the target" in d.value.columns).set_index("Target")
    row = targets.loc["at least 3,000"]      # 003: the mandate's target and a 2019-2020 result, not related
    assert (row["Set by"], row["Result"], row["Period of the result"]) == ("resolution 2531 (2020)", "1,330", "2019-2020")
    assert row["Share of the target"].startswith("none: the source does not relate") and "44" not in row.to_string()


def test_a_place_the_sources_do_not_give_is_shown_as_inferred():
    at = run("views/trainings.py", {"lang": "en"})
    no_failure(at)
    table = next(d.value for d in at.dataframe if "Activity" in d.value.columns).set_index("Title")
    places = set(table.loc[table.index.str.startswith("Stage sur la prise en compte du genre"), "Place"])
    assert places == {"Bamako (place inferred)"}                         # the gender courses: EMPABB's town
    assert "Bamako" in set(table.loc[table.index.str.startswith("Formation de sensibilisation"), "Place"])  # captioned


def test_the_overview_shows_the_programme_as_reported_apart_from_the_records():
    at = run(params={"lang": "en"})
    no_failure(at)
    band = next(m.value for m in at.markdown if 'class="reported"' in m.value)
    assert "161" in band and "257,000" in band and "≈ 42,612" in band and "1,330" in band
    assert projects_tile(at) == 3                                          # the records, never summed with 161
    gao = run(params={"lang": "en", "region": "ML-7"})
    [block] = [m.value for m in gao.markdown if 'class="reported"' in m.value]
    assert "161" not in block and "never prorated" in block                 # no total is Gao's alone: the band
    assert 'class="group none"' in block                                    # says so, still a block of its own
    years = run(params={"lang": "en", "years": "2019-2021"})
    band = next(m.value for m in years.markdown if 'class="reported"' in m.value)
    assert "1,747" in band and "161" not in band                           # 2013-2020 is not inside 2019-2021


def projects_tile(at) -> int:
    return int(next(m.value for m in at.metric if m.label == "CVR projects").replace(",", ""))


@pytest.mark.parametrize("lang_", ["fr", "en"])
def test_every_briefing_screen_runs_and_the_buttons_move_through_them(lang_):
    at = run("views/briefing.py", {"lang": lang_, "region": "ML-7", "screen": "1"})
    no_failure(at)
    seen = []
    for step in range(6):
        seen.append(str(at.query_params["screen"]))
        assert not at.error, [e.value for e in at.error]
        assert "Gao" in " ".join(m.value for m in at.markdown)        # the filter, on every screen
        if step < 5:
            at.button(key="briefing_next").click().run()
            no_failure(at)
    assert seen == ["1", "2", "3", "4", "5", "6"]
    assert at.button(key="briefing_next").disabled                   # the last screen
    at.button(key="briefing_previous").click().run()
    assert str(at.query_params["screen"]) == "5"


def test_a_briefing_link_reopens_its_screen():
    at = run("views/briefing.py", {"lang": "en", "screen": "3"})
    no_failure(at)
    assert "Community violence reduction" in " ".join(m.value for m in at.markdown)


def test_the_sessions_without_a_sex_split_are_named():
    at = run("views/trainings.py", {"lang": "en"})
    no_failure(at)
    expander = next(e for e in at.expander if "without a men/women split" in e.label)
    assert "65 participants" in expander.label
    listed = expander.dataframe[0].value
    assert set(listed["Total"]) == {"15", "about 50"}                     # Tombouctou agencies; "une cinquantaine" of CSOs


def test_no_empty_chart_when_no_course_gives_a_head_count():
    at = run("views/trainings.py", {"lang": "en", "region": "ML-7"})    # Gao: an awareness workshop, a course without figures
    no_failure(at)
    assert any("gives a head count: nothing to chart" in i.value for i in at.info)
    assert any("1 session(s) with no known head count" in c.value for c in at.caption)


def test_a_course_without_a_split_is_charted_as_sex_not_recorded():
    """Tombouctou's course gives 15 participants and no split: its chart shows them, the tile says
    'sex not recorded', never '0 men · 0 women'."""
    at = run("views/trainings.py", {"lang": "en", "region": "ML-6"})
    no_failure(at)
    assert not at.info and len(at.get("plotly_chart")) == 2
    assert not any("no known head count" in c.value for c in at.caption)
    overview = run("views/overview.py", {"lang": "en", "region": "ML-6"})
    trained = next(m for m in overview.metric if m.label == "People trained")
    assert trained.delta == "sex not recorded"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_table_shows_nan_none_or_a_raw_id(lang):
    """English showed 'nan' for indicators without English words and 'None' for empty regions;
    French showed English programme names and units."""
    for page in ("views/trainings.py", "views/data.py", "views/cvr.py"):
        at = run(page, {"lang": lang}, user="analyst")
        no_failure(at)
        for frame in (d.value for d in at.dataframe):
            text = frame.astype(str)
            assert not text.isin(["nan", "None", "NaN"]).any(axis=None), (page, frame.columns.tolist())
            assert not text.apply(lambda column: column.str.contains("_", regex=False)
                                  & ~column.str.contains(r"\.txt|\.csv|\s", regex=True)).any(axis=None), page
    french = run("views/data.py", {"lang": "fr"}, user="analyst")
    totals = next(d.value for d in french.dataframe if "Programme" in d.value.columns)
    if lang == "fr":
        assert "RVC 2013-2020" in set(totals["Programme"]) and "personnes" in set(totals["Unité"])


def test_the_sites_the_sources_report_built_stand_beside_those_recorded():
    """004 and 003: '8 sites de cantonnement déjà construits'; the sources name 6, recorded here."""
    at = run(params={"lang": "en"})
    no_failure(at)
    tile = next(m for m in at.metric if m.label == "Cantonment sites")
    assert (tile.value, tile.delta) == ("6", "8 built, as the sources report · 6 recorded here")
    gao = run(params={"lang": "en", "region": "ML-7"})          # the 8 are not Gao's alone: not shown
    assert next(m for m in gao.metric if m.label == "Cantonment sites").delta in (None, "")
    sites = run("views/sites.py", {"lang": "en"})
    no_failure(sites)
    assert any("report 8 cantonment sites built (6 Jul 2017); 6 are recorded here" in c.value for c in sites.caption)


def test_a_long_table_is_sent_a_page_at_a_time(dataset, tmp_path):
    """The CVR list sends 100 rows at a time (the browser never gets the whole table): the pager
    turns pages, a sort applies to every row before the page is cut, a search keeps the rows that
    hold its words, and the whole table is a download."""
    path = tmp_path / "partner.csv"
    pd.DataFrame([{"title": f"Projet {i:03d}", "place": "Gao", "region": "Gao", "partner": "ONG Test",
                   "cost_xof": 1000 * (i % 97 + 1), "launch_date": "2020-01-15"} for i in range(250)]).to_csv(path, index=False)
    report = validate_file(path, kind="cvr_projects", boundaries=dataset.boundaries)
    at = run("views/cvr.py", {"lang": "en"}, session={"user_uploads": [{"id": "long", "report": report, "replace": False}]})
    no_failure(at)

    def listed():
        return next(d.value for d in at.dataframe if {"Title", "Cost (FCFA)"} <= set(d.value.columns))

    def caption():
        return next(c.value for c in at.caption if c.value.startswith("Rows "))

    assert len(listed()) == 100 and caption() == "Rows 1–100 of 253"
    assert at.button(key="cvr_table_previous").disabled
    at.button(key="cvr_table_next").click().run()
    assert caption() == "Rows 101–200 of 253" and listed()["Title"].iloc[0] == "Projet 097"   # 3 shipped rows first
    at.button(key="cvr_table_next").click().run()
    assert caption() == "Rows 201–253 of 253" and len(listed()) == 53 and at.button(key="cvr_table_next").disabled
    at.selectbox(key="cvr_table_sort").set_value("cost_xof").run()
    at.toggle(key="cvr_table_descending").set_value(True).run()
    assert caption() == "Rows 1–100 of 253"                                 # a new order starts at the first page
    costs = [digits(v) for v in listed()["Cost (FCFA)"]]
    assert costs == sorted(costs, reverse=True) and costs[0] == max(report.accepted["cost_xof"].max(),
                                                                  dataset.cvr_projects["cost_xof"].max())
    at.text_input(key="cvr_table_search").input("PROJET 24").run()          # every word, in any case
    found = [f"Projet {i:03d}" for i in (24, 124, 224, *range(240, 250))]
    assert caption() == "Rows 1–13 of the 13 that match (of 253)" and sorted(listed()["Title"]) == found
    at.text_input(key="cvr_table_search").input("zzz").run()
    assert any("No row holds “zzz”" in c.value for c in at.caption)
    assert any(b.label == "The whole table (CSV)" for b in at.get("download_button"))
