"""A partner never left guessing (issue 22): what happened to its sheet is said where it lands (the
Overview and the Data page), its next step (submitting) is the primary action, the reporting period
is proposed from the sheet's dates, and region names the crosswalk does not know are offered their
nearest known region, corrected in one click and recorded. Headless (AppTest); the sign-in round
trip is in tests/test_signin.py."""
import json

from test_access import FakeUpload, app, store, uploads  # noqa: F401 - fixtures

SHEET = ("Intitulé du projet;Région;Date de lancement;Coût (FCFA)\n"
         "Forage de Kidal;Kidall;15/02/2024;1 000 000\n"
         "Maraîchage de Mopti;Moptii;03/03/2024;2 000 000\n"
         "Piste de Gao;Gao;20/03/2024;3 000 000\n")


def send(at):
    next(b for b in at.button if b.key.startswith("submit_send_")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def test_a_returned_sheet_is_said_on_the_overview_and_the_data_page_with_what_to_do(store, uploads):  # noqa: F811
    uploads["uploads_records"] = FakeUpload(SHEET.encode("utf-8"), "acas_t1.csv")
    send(app("views/data.py", "partner"))
    [submission] = store.list()
    store.return_(submission.id, "reviewer@test.example", "la ligne 3 est au Sénégal")
    for page in ("views/overview.py", "views/data.py"):
        said = " ".join(w.value for w in app(page, "partner").warning).replace("\\", "")
        assert "la ligne 3 est au Sénégal" in said and "reviewer@test.example" in said and "2024-Q1" in said, page
        assert "submit it again" in said
    assert not [w for w in app("views/overview.py", "partner_graip").warning if "Sénégal" in w.value]
    assert not [w for w in app("views/overview.py").warning if "Sénégal" in w.value]


def test_submitting_is_the_partner_s_primary_action_and_the_preview_says_it_is_private(store, uploads):  # noqa: F811
    uploads["uploads_records"] = FakeUpload(SHEET.encode("utf-8"), "acas_t1.csv")
    at = app("views/data.py", "partner")
    submit = next(b for b in at.button if b.key.startswith("submit_send_"))
    preview = next(b for b in at.button if b.key.startswith("uploads_add_"))
    assert submit.proto.type == "primary" and preview.proto.type == "secondary"
    assert any("nobody else" in e.label for e in at.expander)
    analyst = app("views/data.py", "analyst")                    # no submitting: the preview is the action
    assert next(b for b in analyst.button if b.key.startswith("uploads_add_")).proto.type == "primary"


def test_the_period_is_proposed_from_the_sheet_s_dates(store, uploads):  # noqa: F811
    uploads["uploads_records"] = FakeUpload(SHEET.encode("utf-8"), "acas_t1.csv")
    at = app("views/data.py", "partner")
    assert next(r for r in at.radio if r.key.startswith("submit_how_")).value == "quarter"
    assert next(s for s in at.selectbox if s.key.startswith("submit_year_")).value == 2024
    assert next(s for s in at.selectbox if s.key.startswith("submit_q_")).value == 1
    send(at)
    assert store.list()[0].period == "2024-Q1"


def test_misspelt_regions_are_corrected_in_one_click_and_the_correction_is_recorded(store, uploads):  # noqa: F811
    uploads["uploads_records"] = FakeUpload(SHEET.encode("utf-8"), "acas_t1.csv")
    at = app("views/data.py", "partner")
    offered = " ".join(m.value for m in at.markdown)
    assert "Kidall" in offered and "Kidal" in offered and "ML-8" in offered and "ML-5" in offered
    assert "is not a Mali region name" in offered                                     # warned before
    next(b for b in at.button if b.key.startswith("uploads_regions_apply_")).click().run()
    assert not any("is not a Mali region name" in m.value for m in at.markdown)       # none after
    send(at)
    [submission] = store.list()
    notes = json.dumps(json.loads(submission.report)["notes"], ensure_ascii=False)
    assert "Kidall" in notes and "Moptii" in notes and "region_corrected" in notes
    regions = set(store.records(submission.id, status=None)["assigned_iso"])
    assert {"ML-8", "ML-5", "ML-7"} <= regions
    review = app("views/review.py", "reviewer")
    assert any("Kidall" in c.value for c in review.caption)                            # the reviewer reads it
