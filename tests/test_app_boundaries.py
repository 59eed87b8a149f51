"""The Data page and the organisation's boundary set, run headless (streamlit.testing): admins get the
panel that sets, lists and restores it, others keep the session-only upload; a set made in the store
(by another server, or the command line) shows in every session at its next run."""
from fixtures.boundary_files import cod_style_zip
from test_app import no_failure, run

from geo.paths import ROOT
from geo.store import Store

COD_AB = ROOT / "examples" / "cod_ab_adm1.zip"


def frames_text(at) -> str:
    return " ".join(d.value.to_string() for d in at.dataframe)


def test_only_admins_get_the_organisation_panel_and_others_keep_their_session_upload(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    admin = run("views/data.py", {"lang": "en"}, user="admin")
    no_failure(admin)
    assert any("The organisation's boundary set" in s.value for s in admin.subheader)
    assert any("shipped Natural Earth set" in i.value for i in admin.info)
    assert "Natural Earth admin-1 (shipped, the default)" in frames_text(admin)
    analyst = run("views/data.py", {"lang": "en"}, user="analyst")
    no_failure(analyst)
    assert not any("organisation's boundary set" in s.value for s in analyst.subheader)
    assert len(analyst.file_uploader) == 2            # records, and a boundary file for this session


def test_a_set_made_in_the_store_shows_in_every_session_at_its_next_run_and_restores(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DASHBOARD_DB", url)
    before = run("views/data.py", {"lang": "en"}, user="analyst")
    assert "Natural Earth admin-1 (1:10m)" in frames_text(before)
    store = Store.open(url)
    levels = cod_style_zip(tmp_path)
    store.set_boundaries(levels.read_bytes(), levels.name, actor="admin@test.example", source="SYNTHETIC TEST layers")
    before.run()                                          # the same session, its next run
    no_failure(before)
    text = frames_text(before)
    assert levels.name in text and "SYNTHETIC TEST layers" in text and "set by admin@test.example" in text
    viewer = run("views/data.py", {"lang": "fr"})         # another session, anonymous, in French
    no_failure(viewer)
    assert levels.name in frames_text(viewer)
    admin = run("views/data.py", {"lang": "en"}, user="admin")
    admin.selectbox(key="boundary_sets_restore_id").set_value(0)
    admin.button(key="boundary_sets_restore").click().run()
    no_failure(admin)
    assert store.active_boundary_set() is None
    assert store.audit()[-1]["actor"] == "admin@test.example" and store.audit()[-1]["action"] == "boundaries_restore"
    store.engine.dispose()
