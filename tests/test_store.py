"""The shared store, the same tests on both real backends: an SQLite file and a PostgreSQL 15 +
PostGIS 3 server started for the session (tests/conftest.py). No mock database."""
import itertools
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time

import geopandas as gpd
import pandas as pd
import pytest
import sqlalchemy as sa
from fixtures.partner_sheets import write_csv

from geo.messages import in_language
from geo.printable import CONTROL
from geo.read.boundaries import load_boundaries
from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.store import Store, StoreError, sha256_of
from geo.store import tables as T

_databases = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    server = request.getfixturevalue("postgres_url")
    name = f"store_{next(_databases)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def store(store_url):
    opened = Store.open(store_url)
    yield opened
    opened.engine.dispose()


def submit(store, path, organisation="ACAS", period="2024-Q1", kind="cvr_projects", actor="partner@acas.ml", **kw):
    table = read_table(path)
    report = validate_table(table, kind=kind, boundaries=load_boundaries().frame)
    return report, store.submit(report, organisation=organisation, period=period, actor=actor,
                                sha256=sha256_of(path.read_bytes()), raw_table=table, **kw)


def sheet(tmp_path, name="projets.csv", extra_row=""):
    path = write_csv(tmp_path / name, "utf-8", ";")
    if extra_row:
        path.write_text(path.read_text(encoding="utf-8") + extra_row, encoding="utf-8")
    return path


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")   # PostGIS's type, unknown to SQLAlchemy
def test_the_migrated_schema_is_the_declared_one(store):
    inspector, dialect = sa.inspect(store.engine), store.engine.dialect.name
    for table in T.metadata.sorted_tables:
        assert {c["name"] for c in inspector.get_columns(table.name)} >= {c.name for c in table.columns}
        assert {index_shape(i, dialect) for i in table.indexes} <= {
            index_shape(i, dialect) for i in inspector.get_indexes(table.name)}, table.name
        assert {tuple(c.name for c in u.columns) for u in table.constraints if isinstance(u, sa.UniqueConstraint)} \
            | {(c.name,) for c in table.columns if c.unique} == {
            tuple(u["column_names"]) for u in inspector.get_unique_constraints(table.name)}, table.name
    if store.engine.dialect.name == "postgresql":   # PostGIS: a point per record, indexed
        assert "geom" in {c["name"] for c in inspector.get_columns("records")}
        assert "records_geom" in {i["name"] for i in inspector.get_indexes("records")}


def index_shape(index, dialect: str) -> tuple:
    """An index as declared (sa.Index) or reflected (a dict): name, columns, unique, and the words of
    its WHERE clause (a partial index)."""
    if isinstance(index, sa.Index):
        name, columns, unique = index.name, [c.name for c in index.columns], index.unique
        where = index.dialect_kwargs.get(f"{dialect}_where")
    else:
        name, columns, unique = index["name"], index["column_names"], index["unique"]
        where = index["dialect_options"].get(f"{dialect}_where")
    words = frozenset(re.findall(r"[a-z]+", str(where)) if where is not None else ()) - {"text"}
    return name, tuple(columns), bool(unique), words


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_a_store_of_the_first_schema_upgrades_and_keeps_its_records(store_url):
    old = Store.open(store_url, migrate=False)
    old.migrate("0001")
    columns = {c["name"] for c in sa.inspect(old.engine).get_columns("records")}
    assert "activity_type" not in columns and "audience" in columns
    tables = sa.MetaData()
    tables.reflect(old.engine, only=["submissions", "records"])
    with old.engine.begin() as c:
        c.execute(tables.tables["submissions"].insert().values(
            id=1, kind="trainings", organisation="ACAS", submitted_by="a@acas.ml", submitted_at=pd.Timestamp.now(tz="UTC"),
            file_name="f.csv", sha256="0" * 64, period="2024-Q1", period_start=pd.Timestamp("2024-01-01").date(),
            period_end=pd.Timestamp("2024-03-31").date(), rows_in=1, accepted=1, rejected=0, status="pending", report="{}"))
        c.execute(tables.tables["records"].insert().values(
            submission_id=1, kind="trainings", row=2, title="Atelier", total=12.0, location_source="unlocated",
            approximate=False, extra='{"Remarques": "RAS"}'))
    old.engine.dispose()
    upgraded = Store.open(store_url)
    with upgraded.engine.connect() as c:
        rows = c.execute(sa.select(T.records.c.title, T.records.c.total, T.records.c.activity_type)).all()
    assert rows == [("Atelier", 12.0, None)]                    # 0004 rebuilt the submissions on SQLite
    assert "records_by_region" not in {i["name"] for i in sa.inspect(upgraded.engine).get_indexes("records")}   # 0008
    assert upgraded.records(status=None)["extra"].tolist() == ['{"Remarques": "RAS"}']   # as stored before 0009
    if upgraded.engine.dialect.name == "sqlite":                  # foreign keys: off while migrating only
        with upgraded.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    upgraded.engine.dispose()


def test_every_field_of_every_kind_has_its_column():
    from geo.schema import SCHEMAS

    fields = {f.name for fields in SCHEMAS.values() for f in fields}
    assert fields <= {c.name for c in T.records.columns}


def test_a_submission_keeps_every_row_read(store, tmp_path):
    report, submission = submit(store, sheet(tmp_path))
    assert (submission.status, submission.rows_in, submission.accepted, submission.rejected) == \
        ("pending", report.rows_in, report.accepted_count, len(report.rejected))
    records = store.records(submission.id, status=None)
    assert len(records) == report.accepted_count
    assert set(records["assigned_iso"]) <= {"ML-7", "ML-8", "ML-6"}      # the region assigned at ingest
    assert records["row"].tolist() == sorted(records["row"])
    rejected = store.rejected(submission.id)
    assert [r["row"] for r in rejected] == [r["row"] for r in report.rejected]
    assert all(r["cells"] for r in rejected)                            # as read, for the partner to fix
    reasons = [m for r in rejected for m in r["reasons"]]
    assert "hors du Mali" in " ".join(in_language(m, "fr") for m in reasons)   # still reads in French
    assert [a["action"] for a in store.audit(submission.id)] == ["submit"]
    assert store.data_version() == 0                                    # pending: nothing published yet


def test_the_fast_snapshot_holds_exactly_the_published_rows(store, tmp_path):
    _, submission = submit(store, sheet(tmp_path))
    store.publish(submission.id, "r")
    rows, fast = store.records(), store.published_records()
    shared = [c for c in rows.columns if c in fast.columns and c != "submitted_at"]
    assert len(fast) == len(rows) == submission.accepted
    assert {c for c in rows.columns if rows[c].notna().any()} - {"submitted_at"} <= set(fast.columns)
    pd.testing.assert_frame_equal(fast[shared].reset_index(drop=True), rows[shared].reset_index(drop=True),
                                  check_dtype=False)


@pytest.mark.parametrize("chunk", [50_000, 7])
def test_an_ingest_keeps_the_records_snapshot_and_rejected_rows_it_kept_before(store_url, chunk, monkeypatch):
    """An Excel export (quoted cells, unused columns, month-only dates, rejected rows) stored on each
    backend: its records as the database gives them (with the unused columns' JSON), its published
    snapshot and its rejected rows, value for value and type for type, as tests/fixtures/ingest/
    stored.json has them from the store before ingest went a chunk at a time through COPY; in one
    chunk, and in chunks of 7 rows (a column empty in the first chunk keeps its type)."""
    import json

    from fixtures.stored_submission import STORED, stored, submit_sheet

    from geo.store import ingest

    monkeypatch.setattr(ingest, "CHUNK", chunk)
    store, submission = submit_sheet(store_url)
    try:
        got = json.loads(json.dumps(stored(store, submission.id), ensure_ascii=False))
        assert got == json.loads(STORED.read_text(encoding="utf-8"))[store.engine.dialect.name]
        with store.engine.connect() as c:   # the unused columns named once, their cells a list per record
            names = c.execute(sa.select(T.submissions.c.extra_columns)).scalar_one()
            kept = c.execute(sa.select(T.records.c.extra, T.records.c.extra_values).order_by(T.records.c.row)).first()
        assert json.loads(names) == ["Code interne", "Responsable", "Observations", "date_precision", "region_scheme"]
        assert kept == (None, '["PRJ-0000000", "M. Ag Intalla", "RAS", "day", "name"]')
    finally:
        store.engine.dispose()


def test_the_same_file_twice_is_refused_telling_another_organisation_nothing_of_the_first(store, tmp_path):
    path = sheet(tmp_path)
    _, first = submit(store, path, period="2023-Q4")
    with pytest.raises(StoreError) as err:
        submit(store, path, organisation="Other")
    for lang in ("en", "fr"):
        told = in_language(err.value.args[0], lang)
        assert path.name in told and not any(w in told for w in (f"#{first.id}", f"n° {first.id}", "ACAS", "2023", "pending"))
    assert "already submitted" in str(err.value)
    with pytest.raises(StoreError) as err:
        submit(store, path)                                             # its own organisation: its number
    assert f"#{first.id}" in str(err.value) and "2023-Q4" in str(err.value)
    assert f"n° {first.id}" in in_language(err.value.args[0], "fr")
    assert len(store.list()) == 1


def test_a_returned_file_can_be_submitted_again(store, tmp_path):
    path = sheet(tmp_path)
    _, first = submit(store, path)
    store.return_(first.id, "reviewer@minusma.org", "the period is 2024-Q2")
    assert store.find_by_file(sha256_of(path.read_bytes())) is None
    _, again = submit(store, path, period="2024-Q2")
    assert (again.id, again.status, store.get(first.id).status) == (first.id + 1, "pending", "returned")
    assert store.find_by_file(sha256_of(path.read_bytes())).id == again.id
    with pytest.raises(StoreError, match=f"#{again.id}"):               # while it is pending, not twice
        submit(store, path, period="2024-Q2")
    store.publish(again.id, "reviewer@minusma.org")
    with pytest.raises(StoreError):                                     # nor once published
        submit(store, path, period="2024-Q3")
    row = {c.name: getattr(store.get(first.id), c.name) for c in T.submissions.columns if c.name != "id"}
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as c:   # the database refuses it too
        c.execute(T.submissions.insert().values(**row | {"status": "pending"}))


def test_publish_supersede_withdraw_restore_and_the_history(store, tmp_path):
    _, first = submit(store, sheet(tmp_path, "a.csv"))
    store.publish(first.id, "reviewer@minusma.org")
    assert store.data_version() == 1 and len(store.records()) == first.accepted
    _, second = submit(store, sheet(tmp_path, "b.csv", "Nouveau projet;Gao;Gao;ACAS;1 000;10;;01/02/2024;;\n"))
    store.publish(second.id, "reviewer@minusma.org")
    assert store.get(first.id).status == "superseded" and store.get(second.id).status == "published"
    assert len(store.records()) == second.accepted                      # one published per org, kind, period
    with pytest.raises(StoreError, match="reason"):
        store.withdraw(second.id, "reviewer@minusma.org", "")
    store.withdraw(second.id, "reviewer@minusma.org", "figures double-counted")
    assert store.records().empty
    store.restore(first.id, "reviewer@minusma.org")
    assert store.get(first.id).status == "published" and len(store.records()) == first.accepted
    actions = [(a["submission_id"], a["action"], a["actor"]) for a in store.audit()]
    assert (second.id, "withdraw", "reviewer@minusma.org") in actions and (first.id, "supersede",
                                                                           "reviewer@minusma.org") in actions
    assert store.data_version() == 4
    with pytest.raises(StoreError, match="not possible"):
        store.publish(first.id, "x")
    assert [s.id for s in store.list()] == [second.id, first.id]        # nothing deleted


def test_return_needs_a_note_and_stays_in_the_history(store, tmp_path):
    _, submission = submit(store, sheet(tmp_path))
    with pytest.raises(StoreError):
        store.return_(submission.id, "reviewer@minusma.org", " ")
    returned = store.return_(submission.id, "reviewer@minusma.org", "row 7 is in Dakar")
    assert (returned.status, returned.review_note, returned.reviewer) == \
        ("returned", "row 7 is in Dakar", "reviewer@minusma.org")
    assert store.records().empty


def test_every_field_of_the_history_is_one_line(store, tmp_path):
    _, submission = submit(store, sheet(tmp_path), actor="p@acas.ml\x1b[2K", organisation="ACAS\x1b[31m")
    store.return_(submission.id, "r@minusma.org\n2026-01-01 00:00  forged", "row 7\x1b[1A\u2028is in Dakar\x85")
    store.record_access("a@minusma.org\r", "export_internal\n", "sites\u202e.csv")
    entries = store.audit()
    assert [(a["actor"], a["action"], a["note"]) for a in entries[1:]] == [
        ("r@minusma.org 2026-01-01 00:00 forged", "return", "row 7 [1A is in Dakar"),
        ("a@minusma.org", "export_internal", "sites .csv")]
    assert not any(CONTROL.search(a[field] or "") for a in entries for field in ("actor", "action", "note"))
    returned = store.get(submission.id)
    assert (returned.organisation, returned.submitted_by, returned.reviewer) == (
        "ACAS [31m", "p@acas.ml [2K", "r@minusma.org 2026-01-01 00:00 forged")


def test_a_name_too_long_for_the_store_gets_a_sentence_and_views_are_audited_whatever_the_length(store, tmp_path):
    path = sheet(tmp_path)
    for too_long, length in (({"organisation": "ONG " + "O" * 197}, 201), ({"actor": "p" * 194 + "@acas.ml"}, 202),
                             ({"file_name": "projets " + "f" * 289 + ".csv"}, 301)):
        with pytest.raises(StoreError) as err:
            submit(store, path, **too_long)
        assert str(length) in str(err.value) and str(length) in in_language(err.value.args[0], "fr"), too_long
    assert store.list() == []
    _, at_the_limit = submit(store, path, organisation="O" * 200, actor="p" * 192 + "@acas.ml", file_name="f" * 300)
    with pytest.raises(StoreError, match="201"):
        store.publish(at_the_limit.id, "r" * 189 + "@minusma.org")
    assert store.get(at_the_limit.id).status == "pending"
    viewer = "v" * 250 + "@minusma.org"                                 # such a person's views are audited too
    store.record_access(viewer, "view_internal_map", "Sites")
    assert (store.audit()[-1]["actor"], store.audit()[-1]["action"]) == (viewer, "view_internal_map")


def test_what_a_new_submission_changes(store, tmp_path):
    _, first = submit(store, sheet(tmp_path, "a.csv"))
    store.publish(first.id, "r")
    path = sheet(tmp_path, "b.csv", "Nouveau projet;Gao;Gao;ACAS;1 000;10;;01/02/2024;;\n")
    path.write_text(path.read_text(encoding="utf-8").replace("57.257.750 FCFA", "60.000.000 FCFA")
                    .replace("Appui aux maraîchers d'Intadeyni", "Appui aux maraîchers (phase 2)"), encoding="utf-8")
    _, second = submit(store, path)
    changes = store.changes(second)
    assert changes["added"]["title"].tolist() == ["Appui aux maraîchers (phase 2)", "Nouveau projet"]
    assert changes["removed"]["title"].tolist() == ["Appui aux maraîchers d'Intadeyni"]
    assert changes["changed"]["cost_xof"].tolist() == [60_000_000]


def test_a_geopackage_for_qgis(store, tmp_path):
    _, submission = submit(store, sheet(tmp_path))
    store.publish(submission.id, "r")
    out = tmp_path / "store.gpkg"
    assert store.export_geopackage(out) == {"cvr_projects": submission.accepted}
    layer = gpd.read_file(out, layer="cvr_projects")
    assert {"organisation", "period", "submission_id", "title"} <= set(layer.columns)
    assert layer.crs.to_epsg() == 4326 and layer.geometry.notna().sum() >= 1


def child(store_url, script):
    """Start a Python process working on the store."""
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {os.path.join(os.path.dirname(__file__))!r})
        from test_store import submit
        from geo.store import Store
        store = Store.open({store_url!r})
    """) + textwrap.dedent(script)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_killed_ingest_leaves_nothing_half_written(store, store_url, tmp_path):
    _, published = submit(store, sheet(tmp_path, "a.csv"))
    store.publish(published.id, "r")
    before = (store.data_version(), len(store.records()))
    marker = tmp_path / "inside-the-transaction"
    process = child(store_url, f"""
        import pathlib, time
        from fixtures.partner_sheets import write_csv
        def stall(self, *args):
            pathlib.Path({str(marker)!r}).write_text("records written, not committed")
            time.sleep(120)
        import geo.store.ingest
        geo.store.ingest.insert_rejected = stall
        submit(store, write_csv(pathlib.Path({str(tmp_path)!r}) / "killed.csv", "utf-8", ","), organisation="B")
    """)
    deadline = time.time() + 60
    while not marker.exists():
        assert process.poll() is None and time.time() < deadline, process.stderr.read() if process.poll() else "slow"
        time.sleep(0.1)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    reopened = Store.open(store_url)
    assert [s.id for s in reopened.list()] == [published.id]
    with reopened.engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(T.records)).scalar_one() == published.accepted
    assert (reopened.data_version(), len(reopened.records())) == before


def test_two_processes_submitting_at_once_both_succeed(store, store_url, tmp_path):
    script = """
        import pathlib, sys
        from fixtures.partner_sheets import write_csv
        path = write_csv(pathlib.Path({folder!r}) / "{name}.csv", "utf-8", "{sep}")
        print(submit(store, path, organisation="{name}")[1].id)
    """
    processes = [child(store_url, script.format(folder=str(tmp_path), name=name, sep=sep))
                 for name, sep in (("ONG-A", ";"), ("ONG-B", ","))]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in processes]
    assert [code for code, _, _ in results] == [0, 0], results
    assert sorted(s.organisation for s in store.list()) == ["ONG-A", "ONG-B"]


def at_once(*calls):
    """Run the calls in threads released at the same moment; each one's result, or its StoreError."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        start.wait()
        try:
            results[i] = call()
        except StoreError as err:
            results[i] = err
    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def final_status_in_the_audit(store, submission_id) -> str:
    """What the audit log says a submission's status is: the last change it records."""
    return [a["to_status"] for a in store.audit(submission_id) if a["to_status"]][-1]


def test_reviewers_publishing_at_once_leave_one_published(store, store_url, tmp_path):
    path = sheet(tmp_path)
    report = validate_table(read_table(path), kind="cvr_projects", boundaries=load_boundaries().frame)
    reviewers = [Store.open(store_url, migrate=False) for _ in range(3)]   # three servers, three reviewers
    for trial in range(10):
        ids = [store.submit(report, organisation="ACAS", period=f"2024-{trial + 1:02d}", actor="p@acas.ml",
                            sha256=f"{trial}-{n}").id for n in range(3)]
        at_once(*[lambda r=r, i=i: r.publish(i, f"reviewer{i}") for r, i in zip(reviewers, ids)])
        statuses = [store.get(i).status for i in ids]
        assert statuses.count("published") == 1, (trial, statuses)
        assert statuses == [final_status_in_the_audit(store, i) for i in ids], trial

        pending = store.submit(report, organisation="ACAS", period=f"2025-{trial + 1:02d}", actor="p@acas.ml",
                               sha256=f"{trial}-x").id
        outcomes = at_once(lambda i=pending: reviewers[0].publish(i, "a"),
                           lambda i=pending: reviewers[1].return_(i, "b", "row 7 is in Dakar"))
        assert sum(isinstance(o, StoreError) for o in outcomes) == 1, (trial, outcomes)
        assert store.get(pending).status == final_status_in_the_audit(store, pending), trial
        assert [a["action"] for a in store.audit(pending)].count("submit") == 1
        assert len(store.audit(pending)) == 2, (trial, store.audit(pending))
    for reviewer in reviewers:
        reviewer.engine.dispose()


def test_the_database_refuses_a_second_published_submission_of_a_scope(store):
    row = {"kind": "cvr_projects", "organisation": "ACAS", "submitted_by": "p@acas.ml",
           "submitted_at": pd.Timestamp.now(tz="UTC"), "file_name": "f.csv", "period": "2024-Q1",
           "period_start": pd.Timestamp("2024-01-01").date(), "period_end": pd.Timestamp("2024-03-31").date(),
           "rows_in": 1, "accepted": 1, "rejected": 0, "status": "published", "report": "{}"}
    with store.engine.begin() as c:
        c.execute(T.submissions.insert().values(**row, sha256="a" * 64))
        c.execute(T.submissions.insert().values(**row | {"status": "superseded"}, sha256="b" * 64))
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as c:
        c.execute(T.submissions.insert().values(**row, sha256="c" * 64))
    assert [s.status for s in store.list()] == ["superseded", "published"]


def test_a_store_holding_two_published_of_a_scope_keeps_the_last_when_upgraded(store_url):
    old = Store.open(store_url, migrate=False)
    old.migrate("0002")
    row = {"kind": "trainings", "organisation": "ACAS", "submitted_by": "p@acas.ml", "file_name": "f.csv",
           "submitted_at": pd.Timestamp.now(tz="UTC"), "period": "2024-Q1", "rows_in": 1, "accepted": 1,
           "period_start": pd.Timestamp("2024-01-01").date(), "period_end": pd.Timestamp("2024-03-31").date(),
           "rejected": 0, "status": "published", "report": "{}"}
    with old.engine.begin() as c:    # what two reviewers at once could leave before revision 0003
        for n, minute in ((1, 5), (2, 1), (3, 3)):
            c.execute(T.submissions.insert().values(**row, id=n, sha256=str(n) * 64,
                                                    reviewed_at=pd.Timestamp(f"2024-04-01 10:0{minute}", tz="UTC")))
    old.engine.dispose()
    upgraded = Store.open(store_url)
    assert [(s.id, s.status) for s in upgraded.list()] == [(3, "superseded"), (2, "superseded"), (1, "published")]
    assert [(a["submission_id"], a["action"], a["note"]) for a in upgraded.audit()] == [
        (2, "supersede", "by #1, published at the same time"), (3, "supersede", "by #1, published at the same time")]
    assert upgraded.data_version() == 1
    upgraded.engine.dispose()


def test_an_sqlite_store_is_created_for_its_owner_only(tmp_path):
    folder = tmp_path / "var" / "store"
    store = Store.open(f"sqlite:///{folder / 'store.sqlite'}")
    _, submission = submit(store, sheet(tmp_path))
    store.publish(submission.id, "r")
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["store.sqlite", "store.sqlite-shm", "store.sqlite-wal"]
    assert [stat.S_IMODE(os.stat(f).st_mode) for f in files] == [0o600] * 3
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    store.engine.dispose()


def test_an_existing_store_that_every_account_can_read_is_named_in_the_log(tmp_path, caplog):
    path = tmp_path / "store.sqlite"
    path.touch()
    path.chmod(0o644)                                                   # as stores were created before
    Store.open(f"sqlite:///{path}").engine.dispose()
    assert f"{path} can be read by every account" in caplog.text
    assert stat.S_IMODE(path.stat().st_mode) == 0o644                   # the operator decides


def test_a_month_precision_date_keeps_its_precision_once_published(store, tmp_path):
    from geo.model.dataset import load_dataset
    from geo.store import with_published

    path = tmp_path / "mois.csv"
    path.write_text("Intitulé du projet;Localité;Région;Partenaire;Date de lancement\nForage SYNTHETIC;Gao;Gao;ONG A;août 2017\n",
                    encoding="utf-8")
    _, submission = submit(store, path)
    store.publish(submission.id, actor="reviewer@test.example")
    cvr = with_published(load_dataset(), store).cvr_projects.set_index("title")
    assert cvr.loc["Forage SYNTHETIC", "date_precision"] == "month"


def test_the_benchmarks_postgresql_keeps_its_default_durability_the_tests_one_skips_fsync(postgres_url):
    from geo.store.local_server import temporary_postgres

    def fsync(url):
        engine = sa.create_engine(url)
        with engine.connect() as c:
            value = c.exec_driver_sql("SHOW fsync").scalar()
        engine.dispose()
        return value

    assert fsync(postgres_url) == "off"
    with temporary_postgres(durable=True) as url:
        assert fsync(url) == "on"
