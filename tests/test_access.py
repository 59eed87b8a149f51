"""Who sees what, in the app run headless (AppTest sets st.user as a signed-in person would be):
anonymous and viewers get the public view; a partner submits for its own organisation and sees only
its own submissions; an analyst sees the camps; a reviewer publishes and every session then shows
it. The real sign-in through an OpenID Connect provider is in tests/test_signin.py."""
import io
import json

import pandas as pd
import pytest
from conftest import ROOT, USERS
from fixtures.partner_sheets import csv_text
from streamlit.testing.v1 import AppTest

from geo.access import Person, can, person
from geo.store import Store

SITE_NAMES = ("Likrakar", "Tessalit", "Tinfadimata")


class FakeUpload(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name, self.size, self.file_id = name, len(data), name


@pytest.fixture
def store(tmp_path, monkeypatch):
    """This test's own store (the app opens the one DASHBOARD_DB names)."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DASHBOARD_DB", url)
    return Store.open(url)


@pytest.fixture
def uploads(monkeypatch):
    """Files the app's uploaders return, by key prefix (as a browser's upload would)."""
    import streamlit as st

    files = {}
    real = st.file_uploader

    def fake_uploader(label, type=None, key=None, **kwargs):
        real(label, type=type, key=key, **kwargs)
        return next((f for prefix, f in files.items() if key and key.startswith(prefix)), None)

    monkeypatch.setattr(st, "file_uploader", fake_uploader)
    return files


def app(page=None, user=None, params=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if user:
        at.user = dict(USERS[user])
    for key, value in (params or {"lang": "en"}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def text_of(at) -> str:
    return " ".join([d.value.to_string() for d in at.dataframe] + [m.value for m in at.markdown])


def projects(at) -> int:
    return int(next(m.value for m in at.metric if m.label == "CVR projects").replace(",", ""))


def test_roles_from_the_access_file():
    assert person("amadou@acas.test.example") == Person("amadou@acas.test.example", "partner", "ACAS")
    assert person("Reviewer@Test.Example").role == "reviewer"                  # addresses in any case
    assert person("someone@elsewhere.org").role == "viewer"                     # signed in, not listed
    assert person(None).role == "anonymous"
    assert not can(person("someone@elsewhere.org"), "view_internal")


@pytest.mark.parametrize("user", [None, "viewer", "partner"])
def test_anonymous_viewers_and_partners_get_the_public_view(user, monkeypatch):
    monkeypatch.setenv("PUBLIC_MODE", "0")          # whatever the server says
    at = app("views/sites.py", user)
    assert "PUBLIC" in " ".join(m.value for m in at.sidebar.markdown)
    assert not any(name in text_of(at) for name in SITE_NAMES)


def test_an_analyst_sees_the_camps_and_has_no_review_page():
    at = app("views/sites.py", "analyst")
    assert "INTERNAL" in " ".join(m.value for m in at.sidebar.markdown)
    assert all(name in text_of(at) for name in ("Likrakar", "Tessalit"))
    with pytest.raises(ValueError):                 # not in the navigation: no such page for them
        at.switch_page("views/review.py")


@pytest.mark.parametrize("user", [None, "viewer"])
def test_no_upload_and_no_review_for_anonymous_and_viewers(user):
    at = app("views/data.py", user)
    assert len(at.file_uploader) == 0 and at.info
    with pytest.raises(ValueError):
        at.switch_page("views/review.py")


def test_a_partner_submits_a_reviewer_publishes_and_every_session_shows_it(store, uploads):
    before = projects(app())
    # a partner of ACAS brings its sheet and submits it for the first quarter
    uploads["uploads_records"] = FakeUpload(csv_text(";").encode("utf-8"), "acas_2024_q1.csv")
    partner = app("views/data.py", "partner")
    organisation = next(w for w in partner.text_input if w.key.startswith("submit_org_"))
    assert organisation.value == "ACAS" and organisation.disabled             # its own organisation only
    partner.radio(key=next(r.key for r in partner.radio if r.key.startswith("submit_how_"))).set_value("quarter").run()
    next(b for b in partner.button if b.key.startswith("submit_send_")).click().run()
    assert not partner.exception and not partner.error
    [submission] = store.list()
    assert (submission.status, submission.organisation, submission.submitted_by) == \
        ("pending", "ACAS", "amadou@acas.test.example")
    partner.switch_page("views/overview.py")
    partner.run()
    assert projects(partner) == before + submission.accepted                 # the submitter sees them at once...
    assert projects(app()) == before                                          # ...nobody else yet

    # its own history, without any review button; another organisation sees none of it
    own = app("views/review.py", "partner")
    assert "#" in own.dataframe[0].value.columns and list(own.dataframe[0].value["#"]) == [submission.id]
    assert not [b for b in own.button if b.key.startswith("review_")]
    other = app("views/review.py", "partner_graip")
    assert not other.dataframe and other.info                                  # GRAIP: no submission of its own

    # the reviewer publishes it; the audit log names them; a new session shows it
    reviewer = app("views/review.py", "reviewer")
    reviewer.button(key=f"review_publish_{submission.id}").click().run()
    assert store.get(submission.id).status == "published"
    assert ("publish", "reviewer@test.example") in [(a["action"], a["actor"]) for a in store.audit(submission.id)]
    assert projects(app()) == before + submission.accepted


def test_a_return_needs_a_note_and_the_partner_sees_it(store, uploads):
    uploads["uploads_records"] = FakeUpload(csv_text(",").encode("utf-8"), "acas.csv")
    partner = app("views/data.py", "partner")
    next(b for b in partner.button if b.key.startswith("submit_send_")).click().run()
    [submission] = store.list()
    reviewer = app("views/review.py", "reviewer")
    reviewer.button(key=f"review_return_{submission.id}").click().run()
    assert store.get(submission.id).status == "pending" and reviewer.error      # no note: refused, said
    reviewer.text_input(key=f"review_note_{submission.id}").set_value("row 7 is in Dakar").run()
    reviewer.button(key=f"review_return_{submission.id}").click().run()
    assert store.get(submission.id).status == "returned"
    own = app("views/review.py", "partner").dataframe[0].value
    assert "row 7 is in Dakar" in own.to_string() and "returned" in own.to_string()


def test_the_internal_view_is_written_to_the_audit_log(store):
    app("views/map.py", "analyst")
    assert ("view_internal_map", "analyst@test.example") in [(a["action"], a["actor"]) for a in store.audit()]
    app("views/map.py")                                                        # anonymous: public, nothing logged
    assert len(store.audit()) == 1


def test_a_field_laptop_shows_the_internal_view_with_a_red_banner(tmp_path, monkeypatch):
    config = tmp_path / "dashboard.toml"
    config.write_text("internal_without_sign_in = true\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    at = app("views/sites.py")
    assert at.error and "field laptop" in at.error[0].value
    assert "Likrakar" in text_of(at)
    config.write_text("", encoding="utf-8")                                    # never the default
    assert not app("views/sites.py").error


def test_sign_in_without_a_cookie_secret_is_said_on_every_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x",
                          "client_secret": "y", "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
    at.query_params["lang"] = "en"
    at.run()
    assert any("cookie_secret" in e.value for e in at.error)
    assert not any(b.label == "Sign in" for b in at.sidebar.button)       # no sign-in a forged cookie could pass


README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("secret,problem", [
    ("", "access.cookie_secret_missing"),
    ("3f9c2a7be1d04c58", "access.cookie_secret_missing"),                                  # 16 characters
    ("a long random string: python -c 'import secrets; print(secrets.token_hex(32))'", "access.cookie_secret_weak"),
    ("tests-only-cookie-secret-1234-0123456789abcdef", "access.cookie_secret_weak"),         # words and a run
    ("9f3b-0123456789-a7c2e5d1b8f4063e9a2c7b5d1e8f4a60", "access.cookie_secret_weak"),         # a run of 10
    ("x" * 64, "access.cookie_secret_weak"),
    ("ab12" * 16, "access.cookie_secret_weak"),                                              # a repetition
    ("abcdefghijklmnopqrstuvwxyz0123456789", "access.cookie_secret_weak"),                   # a run
    ("changeme-changeme-changeme-changeme", "access.cookie_secret_weak"),
    ("3f9c2a7be1d04c58a6f3e2b19d7c0a4e5b6f8d2c1a3e9b7f0d4c6a8e2b1f3d5c", None),           # token_hex(32)
    ("Xq3v9_LkP2mZ-8rTbW4yN7cHs1JdGf6uQ0aEiOwR5tY", None),                                  # token_urlsafe(32)
])
def test_a_cookie_secret_anyone_could_know_or_guess_is_refused(secret, problem):
    from geo.access import cookie_secret_problem

    assert cookie_secret_problem(secret) == problem


def test_random_secrets_pass_and_the_readme_shows_none_that_does():
    import re
    import secrets

    from geo.access import cookie_secret_problem

    assert all(cookie_secret_problem(secrets.token_hex(32)) is None for _ in range(200))
    assert all(cookie_secret_problem(secrets.token_urlsafe(32)) is None for _ in range(200))
    shown = re.findall(r'cookie_secret\s*=\s*"([^"]*)"', README)
    assert shown and all(cookie_secret_problem(value) is not None for value in shown)


def test_a_forged_sign_in_is_nobody_while_the_secret_is_weak():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x", "client_secret": "y",
                          "cookie_secret": "a long random string: python -c 'import secrets; print(secrets.token_hex(32))'",
                          "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
    at.user = dict(USERS["admin"])                                      # a cookie signed with the known secret
    at.query_params["lang"] = "en"
    at.switch_page("views/sites.py")
    at.run()
    assert any("Sign-in is turned off" in e.value for e in at.error)
    assert "PUBLIC" in " ".join(m.value for m in at.sidebar.markdown)
    assert "Likrakar" not in text_of(at)


def test_an_unverified_address_gets_no_role_and_is_told_why():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.user = dict(USERS["reviewer"], email_verified=False)
    at.query_params["lang"] = "en"
    at.run()
    assert person("reviewer@test.example", verified=False).role == "viewer"
    assert any("not verified" in w.value for w in at.sidebar.warning)
    assert "Review" not in [link.label for link in at.sidebar.get("page_link")]
    at.user = dict(USERS["reviewer"], email_verified="true")              # some providers send text
    at.run()
    assert "Review" in [link.label for link in at.sidebar.get("page_link")]


def test_an_unreadable_roles_file_demotes_everyone_and_says_why(tmp_path, monkeypatch):
    roles = tmp_path / "access.toml"
    roles.write_text('[people]\n"admin@test.example" = { role = "admin" \n', encoding="utf-8")   # unclosed
    monkeypatch.setenv("DASHBOARD_ACCESS", str(roles))
    at = app(None, "admin")
    assert person("admin@test.example").role == "viewer"
    assert any("roles file cannot be read" in w.value for w in at.sidebar.warning)
    assert "PUBLIC" in " ".join(m.value for m in at.sidebar.markdown)


def test_an_address_written_twice_in_different_case_keeps_the_lesser_role_and_tells_admins(tmp_path, monkeypatch):
    roles = tmp_path / "access.toml"
    roles.write_text('[people]\n"admin@test.example" = { role = "admin" }\n'
                     '"Boss@Test.Example" = { role = "admin" }\n"boss@test.example" = { role = "viewer" }\n',
                     encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_ACCESS", str(roles))
    assert person("boss@test.example").role == "viewer"
    at = app(None, "admin")
    said = " ".join(w.value for w in at.sidebar.warning).replace("\\", "")   # shown as plain text
    assert "Boss@Test.Example" in said and "boss@test.example" in said


def test_reporting_periods_filter_the_app_and_chart_the_measure(store, tmp_path):
    from fixtures.partner_sheets import write_csv

    from geo.read.boundaries import load_boundaries
    from geo.read.validate import validate_file
    from geo.store import sha256_of

    before = projects(app())
    accepted = {}
    for period, sep in (("2024-Q1", ";"), ("2024-Q2", ",")):
        path = write_csv(tmp_path / f"{period}.csv", "utf-8", sep)
        report = validate_file(path, kind="cvr_projects", boundaries=load_boundaries().frame)
        store.submit(report, organisation="ACAS", period=period, actor="t", sha256=sha256_of(path.read_bytes()),
                     publish=True)
        accepted[period] = report.accepted_count
    at = app()
    assert projects(at) == before + sum(accepted.values())
    assert at.multiselect(key="f_period").options == ["2024-Q1", "2024-Q2"]
    assert len(at.get("plotly_chart")) == 1 and ".geo-svg-map" in " ".join(m.value for m in at.markdown)   # the map, the periods
    at.multiselect(key="f_period").set_value(["2024-Q2"]).run()
    assert projects(at) == before + accepted["2024-Q2"]                       # the shipped stay, Q1 goes
    assert at.query_params["period"] in ("2024-Q2", ["2024-Q2"])


def submit_file(store, name: str, text: str, kind: str, organisation: str = "ACAS"):
    """A partner's file stored for review, as the Data page stores it (validated with the server's
    view, here the internal one: its messages may quote coordinates)."""
    from geo.read.boundaries import load_boundaries
    from geo.read.tables import read_table
    from geo.read.validate import validate_table
    from geo.store import sha256_of

    table = read_table(text.encode("utf-8"), name=name)
    report = validate_table(table, kind=kind, boundaries=load_boundaries().frame, public=False)
    return store.submit(report, organisation=organisation, period="2024-Q1", actor="amadou@acas.test.example",
                        sha256=sha256_of(text.encode("utf-8") + name.encode("utf-8")), file_name=name,
                        raw_table=table)


def test_a_file_name_is_shown_as_written_never_rendered(store):
    """Markdown in a file name (an image fetched from another host, a link beside Publish) shows as
    its characters on the Review page."""
    name = "![x](http://attacker.example/p.png) [Publier](http://attacker.example) **gras**.csv"
    submit_file(store, name, "Intitulé du projet,Région\nForage,Gao\n", "cvr_projects")
    at = app("views/review.py", "reviewer")
    [label] = [e.label for e in at.expander]
    assert "](" not in label.replace("\\]\\(", "") and "\\*\\*gras\\*\\*" in label and "\\!\\[x\\]" in label


def test_in_the_public_view_the_review_page_shows_no_site_position_nor_name(store, monkeypatch):
    """A sites submission whose report quotes coordinates (a point in another region than the one
    named): with PUBLIC_MODE on, the reviewer's page quotes none, and names no site."""
    text = "Nom du site,Type,Localité,Région,Latitude,Longitude\nCamp secret de test,moc_camp,Kidal,Gao,18.44345,1.40921\n"
    submission = submit_file(store, "sites.csv", text, "sites")
    warnings = json.loads(store.get(submission.id).report)["warnings"]
    assert warnings and "18.44345" in json.dumps(warnings)                   # the stored report quotes them
    internal = text_of(app("views/review.py", "reviewer"))
    assert "18.44345" in internal or "18,44345" in internal
    monkeypatch.setenv("PUBLIC_MODE", "1")
    shown = text_of(app("views/review.py", "reviewer"))
    assert not [c for c in ("18.44", "18,44", "1.409", "1,409", "Camp secret") if c in shown]


def test_a_long_submission_is_reviewed_a_page_at_a_time(store, tmp_path):
    """The reviewer's tables of a large sheet (its rejected rows, the records it adds) and the
    history send 100 rows at a time, not the whole sheet."""
    from geo.read.validate import validate_file

    path = tmp_path / "long.csv"
    pd.DataFrame([{"title": f"Projet {i:03d}", "place": "Gao", "region": "Gao", "partner": "ONG Test",
                   "cost_xof": "beaucoup" if i % 2 else 1000 + i, "launch_date": "2020-01-15"}
                  for i in range(700)]).to_csv(path, index=False)
    report = validate_file(path, kind="cvr_projects", boundaries=store.active_boundaries().frame)
    assert (report.accepted_count, len(report.rejected)) == (350, 350)
    submission = store.submit(report, organisation="ACAS", period="2024-Q1", actor="amadou@acas.test.example",
                              sha256="long", file_name="long.csv")
    reviewer = app("views/review.py", "reviewer")
    assert max(len(d.value) for d in reviewer.dataframe) == 100
    rows_of = [c.value for c in reviewer.caption if c.value.startswith("Rows ")]
    assert "Rows 1–100 of 350" in rows_of and rows_of.count("Rows 1–100 of 350") == 2   # rejected, added
    reviewer.button(key=f"review_rejected_{submission.id}_next").click().run()
    assert "Rows 101–200 of 350" in [c.value for c in reviewer.caption]
    assert any(d.value.iloc[0, 0] == 203 for d in reviewer.dataframe)   # row 203: the 101st rejected
