"""A returned submission on the Data page (issue 25), headless (AppTest sets the signed-in person): the
partner is told, downloads it back as its template, and the corrected file, uploaded, proposes the
return it corrects and its period; submitted, it supersedes it, and the Review page's history says so."""
import json

import openpyxl
from fixtures.templates import fill_template
from test_access import FakeUpload, app, store, uploads  # noqa: F401 - fixtures

from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.render.template import correction_template, write_template
from geo.store import sha256_of


def test_a_correction_template_uploaded_proposes_the_return_it_corrects_and_supersedes_it(store, uploads, tmp_path):  # noqa: F811
    path = tmp_path / "t1.xlsx"
    path.write_bytes(write_template("cvr_projects", "en", organisation="ACAS", period="2024-Q1"))
    fill_template(path, "cvr_projects", "en", [{"title": "Forage", "region": "Gao", "launch_date": "31/02/2024"},
                                                 {"title": "Piste", "region": "Kidal"}])
    table = read_table(path)
    first = store.submit(validate_table(table), organisation="ACAS", period="2024-Q1", actor="amadou@acas.test.example",
                         sha256=sha256_of(path.read_bytes()), raw_table=table)
    store.return_(first.id, "reviewer@test.example", "la date du forage n'existe pas")
    at = app("views/data.py", "partner")
    said = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "la date du forage n'existe pas" in said
    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(correction_template(store, first.id, "en"))
    book = openpyxl.load_workbook(fixed)
    book.worksheets[0]["J4"].value = "28/02/2024"                                   # the launch date, corrected
    book.save(fixed)
    uploads["uploads_records"] = FakeUpload(fixed.read_bytes(), "fixed.xlsx")
    at = app("views/data.py", "partner")
    corrects = next(s for s in at.selectbox if s.key.startswith("submit_corrects_"))
    assert corrects.value == first.id
    assert next(s for s in at.selectbox if s.key.startswith("submit_q_")).value == 1   # its period: 2024-Q1
    next(b for b in at.button if b.key.startswith("submit_send_")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    newest = store.list()[0]
    assert (newest.supersedes, newest.accepted, newest.rejected, newest.period) == (first.id, 2, 0, "2024-Q1")
    review = app("views/review.py", "partner")
    history = next(d.value for d in review.dataframe if "Corrects" in d.value.columns)
    assert f"#{first.id}" in history["Corrects"].tolist()
    assert not [w for w in app("views/data.py", "partner").warning if "forage" in w.value]   # no longer open
    assert json.loads(newest.report)["mapping"]["Launch date"] == "launch_date"
