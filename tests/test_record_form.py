"""One record at a time on the Data page (issue 25), headless (AppTest sets the signed-in person): a
partner adds records with the form, each checked by the rules of a sheet, and sends them together to
review as one submission. The map click and the whole loop in Chromium are in
tests/test_form_browser.py."""
from test_access import app, store  # noqa: F401 - fixtures

KEY = "form_cvr_projects_{}_{}"


def type_record(at, version: int, **values):
    """Fill the form's fields (by field name) as a partner types them, then press Add."""
    for name, value in values.items():
        key = KEY.format(name, version)
        widget = next(w for group in (at.text_input, at.selectbox, at.number_input, at.date_input)
                      for w in group if w.key == key)
        (widget.select(value) if hasattr(widget, "select") else widget.set_value(value))
    at.run()
    next(b for b in at.button if b.key == "form_add_cvr_projects").click().run()
    assert not at.exception, at.exception


def test_a_partner_adds_two_records_and_submits_them_as_one_submission(store):  # noqa: F811
    at = app("views/data.py", "partner")
    type_record(at, 0, title="Forage de Tin-Essako", region="Kidal", latitude=18.45, longitude=2.48, beneficiaries=300,
                cost_xof=12_000_000)
    type_record(at, 1, title="Maraîchage de Gao", place="Gao", women=40)
    drafts = at.session_state["_form_drafts"]["cvr_projects"]
    assert [d["title"] for d in drafts] == ["Forage de Tin-Essako", "Maraîchage de Gao"]
    assert not at.text_input(key=KEY.format("title", 2)).value                       # the fields emptied
    assert next(b for b in at.button if b.key == "form_send_cvr_projects").label == "Submit these 2 records for review"
    next(b for b in at.button if b.key == "form_send_cvr_projects").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    [submission] = store.list()
    assert (submission.organisation, submission.status, submission.accepted, submission.rows_in) == ("ACAS", "pending", 2, 2)
    assert submission.file_name.startswith("form CVR projects") and submission.submitted_by == "amadou@acas.test.example"
    records = store.records(submission.id, status=None).set_index("title")
    assert records.loc["Forage de Tin-Essako", "location_source"] == "record"
    assert records.loc["Maraîchage de Gao", "location_source"] == "gazetteer"       # the town placed it
    assert records.loc["Forage de Tin-Essako", "cost_xof"] == 12_000_000
    assert [a["action"] for a in store.audit(submission.id)] == ["submit"]
    assert any("waiting for review" in s.value for s in at.success)
    assert at.session_state["_form_drafts"]["cvr_projects"] == []


def test_a_record_that_breaks_a_rule_is_not_added_and_says_why(store):  # noqa: F811
    at = app("views/data.py", "partner")
    type_record(at, 0, title="Projet hors du Mali", latitude=30.0, longitude=2.0)
    assert any("outside Mali" in e.value for e in at.error)
    assert "_form_drafts" not in at.session_state                                     # not added
    assert at.text_input(key=KEY.format("title", 0)).value == "Projet hors du Mali"  # kept, to correct
    type_record(at, 0, latitude=16.27)
    assert not at.error and len(at.session_state["_form_drafts"]["cvr_projects"]) == 1


def test_an_analyst_who_does_not_submit_shows_the_records_in_the_session_alone(store):  # noqa: F811
    at = app("views/data.py", "analyst")
    type_record(at, 0, title="Piste de Ménaka", region="Ménaka")
    assert not [b for b in at.button if b.key == "form_send_cvr_projects"]
    next(b for b in at.button if b.key == "form_preview_cvr_projects").click().run()
    assert not at.exception
    assert [u["report"].accepted_count for u in at.session_state["user_uploads"]] == [1]
    assert store.list() == []
