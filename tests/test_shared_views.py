"""Work shared between viewers (ui.state.View): what depends only on the data version, the public or
internal view and the filters is made once and served to every session showing the same view; the
public and the internal view never share anything; a session with its own uploads gets its own."""
import pytest
import streamlit as st
from conftest import ROOT
from test_access import app, projects

import geo.render.svgmap
import geo.render.webmap


@pytest.fixture
def built(monkeypatch):
    """How many times the Overview's map (an SVG) and the Map page's map were built."""
    st.cache_resource.clear()
    counts = {"choropleth": 0, "map": 0}
    choropleth, build_map = geo.render.svgmap.region_svg, geo.render.webmap.build_map

    def counted_choropleth(*args, **kwargs):
        counts["choropleth"] += 1
        return choropleth(*args, **kwargs)

    def counted_map(*args, **kwargs):
        counts["map"] += 1
        return build_map(*args, **kwargs)

    monkeypatch.setattr(geo.render.svgmap, "region_svg", counted_choropleth)
    monkeypatch.setattr(geo.render.webmap, "build_map", counted_map)
    yield counts
    st.cache_resource.clear()


def test_a_second_viewer_of_the_same_view_gets_what_the_first_made(built):
    app(params={"lang": "fr"})
    assert built["choropleth"] == 1
    app(params={"lang": "fr"})                               # another session, the same view
    assert built["choropleth"] == 1
    app(params={"lang": "en"})                               # another language: its own figure
    assert built["choropleth"] == 2
    app(params={"lang": "fr", "region": "ML-7"})             # other filters: another view
    assert built["choropleth"] == 3
    app("views/map.py", params={"lang": "fr"})
    app("views/map.py", params={"lang": "fr"})
    assert built["map"] == 1


def test_the_public_and_the_internal_view_share_nothing(built, monkeypatch, site_patterns):
    monkeypatch.setenv("PUBLIC_MODE", "0")
    analyst = app("views/map.py", "analyst", {"lang": "fr"})
    anonymous = app("views/map.py", None, {"lang": "fr"})
    assert built["map"] == 2 and built["choropleth"] == 2
    assert "mode-internal" in " ".join(m.value for m in analyst.sidebar.markdown)
    assert "mode-public" in " ".join(m.value for m in anonymous.sidebar.markdown)
    assert any(p.search(map_args(analyst)) for p in site_patterns)          # exact positions...
    assert not any(p.search(map_args(anonymous)) for p in site_patterns)    # ...never in the public map


def map_args(at) -> str:
    """What the Map page sent to the browser's map component (its HTML and script)."""
    def walk(node):
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else []:
            yield child
            yield from walk(child)

    return next(e.proto.json_args for e in walk(at._tree) if getattr(e, "type", "") == "component_instance")


def test_a_session_with_its_own_upload_sees_it_and_others_do_not(built, dataset, tmp_path):
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    from geo.read.validate import validate_file

    shared = projects(app())
    path = tmp_path / "partner.csv"
    pd.DataFrame([{"title": "Forage", "place": "Kidal", "region": "Kidal", "partner": "X", "cost_xof": 1000,
                   "launch_date": "2017-08-01"}]).to_csv(path, index=False)
    report = validate_file(path, kind="cvr_projects", boundaries=dataset.boundaries)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.session_state["user_uploads"] = [{"id": "partner-1", "report": report, "replace": False}]
    at.run()
    assert projects(at) == shared + 1                        # the upload is in this session's view
    assert projects(app()) == shared                         # and in no other session's


def _identity_script():
    import streamlit as st

    from ui.state import data_identity

    st.text(repr(data_identity()))


def identity(user=None) -> tuple:
    """ui.state.data_identity() in a session of its own, as `user` (None: anonymous)."""
    import ast

    from conftest import USERS
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_identity_script, default_timeout=60)
    if user:
        at.user = dict(USERS[user])
    at.run()
    assert not at.exception, at.exception
    return ast.literal_eval(at.text[0].value)


def test_a_cache_shared_by_sessions_is_keyed_by_what_decides_its_bytes(tmp_path, monkeypatch):
    """The key of every cache the sessions share (the download files): the data version, the public
    or internal view, and, for a session with rows of its own (a partner's pending submission), the
    session itself. Before, every session without an upload shared one key, ('shipped',)."""
    from fixtures.partner_sheets import write_csv

    from geo.read.boundaries import load_boundaries
    from geo.read.tables import read_table
    from geo.read.validate import validate_table
    from geo.store import Store, sha256_of

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DASHBOARD_DB", url)
    monkeypatch.setenv("PUBLIC_MODE", "0")
    store = Store.open(url)
    anonymous, analyst = identity(), identity("analyst")
    assert anonymous[0] == analyst[0] == "shared" and anonymous != analyst          # public vs internal
    path = write_csv(tmp_path / "projets.csv", "utf-8", ";")
    table = read_table(path)
    report = validate_table(table, kind="cvr_projects", boundaries=load_boundaries().frame)
    submission = store.submit(report, organisation="ACAS", period="2024-Q1", actor="amadou@acas.test.example",
                              sha256=sha256_of(path.read_bytes()), raw_table=table)
    partner = identity("partner")
    assert partner[0] == "session" and "ACAS" in partner   # its pending rows: keyed by its session (AppTest
    # gives every session one id; tests/test_signin.py downloads from two real sessions)
    assert identity() == anonymous                                                   # nothing public changed
    store.publish(submission.id, "reviewer@test.example")
    published = identity()
    assert published != anonymous                                                    # a publish changes the key
    store.withdraw(submission.id, "reviewer@test.example", "test")
    assert identity() not in (anonymous, published)                                  # and a withdrawal


PAGES = ["views/overview.py", "views/map.py", "views/cvr.py", "views/sites.py", "views/trainings.py", "views/data.py"]


@pytest.mark.parametrize("page", PAGES)
def test_a_second_viewer_of_a_page_makes_no_chart_map_nor_table_again(page, monkeypatch):
    """What a page draws from the data (charts, their screen-reader words, maps and what the map
    component is sent, the tables' first pages, the headline figures) is made by its first viewer;
    the next viewer of the same view costs only the sending."""
    import geo.model.summary
    import geo.render.charts
    import ui.live_map
    import ui.tables

    st.cache_resource.clear()
    made = []
    for module, name in ((geo.render.webmap, "build_map"), (ui.live_map, "prepared"), (geo.render.charts, "without_title"),
                         (geo.render.charts, "text_summary"), (ui.tables, "record_table"),
                         (ui.tables, "totals_table"), (ui.tables, "targets_table"),
                         (geo.model.summary, "headline_figures"), (geo.model.summary, "trainees_by_sex")):
        monkeypatch.setattr(module, name, counting(getattr(module, name), name, made))
    app(page, "analyst", {"lang": "fr"})
    first = list(made)
    assert first, "the page made nothing the test counts: the counting is broken"
    app(page, "analyst", {"lang": "fr"})
    assert made[len(first):] == [], f"made again by a second viewer: {made[len(first):]}"
    st.cache_resource.clear()


def counting(function, name: str, made: list):
    """`function`, which writes `name` in `made` at each call."""
    def counted(*args, **kwargs):
        made.append(name)
        return function(*args, **kwargs)
    return counted
