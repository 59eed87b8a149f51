"""The Store: submissions, their records and history, read and written in one database.

Statuses: pending -> published | returned; published -> withdrawn | superseded (when the same
organisation publishes the same kind for the same period again); a withdrawn or superseded
submission can be restored. Nothing is deleted; every change is in the audit log with who, when
and why, each on one line. One transaction per submission: a crash leaves nothing half-written.
Status changes take turns (geo.store.database), and the database itself keeps one published
submission per organisation, kind and period, and a file submitted once unless it was returned.

>>> import tempfile, pathlib
>>> store = Store.open(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'store.sqlite'}")
>>> store.list(), store.data_version()
([], 0)
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from geo.messages import Message
from geo.printable import one_line
from geo.store import boundary_sets, ingest
from geo.store import tables as T
from geo.store.boundary_sets import BoundarySet
from geo.store.changes import record_changes
from geo.store.database import engine_for, hold_lock, store_url, upgrade, writing
from geo.store.ingest import RECORD_COLUMNS
from geo.store.messages_json import message_from_json
from geo.store.periods import Period, parse_period
from geo.store.snapshots import read_snapshot

log = logging.getLogger("dashboard.store")

# What each status may become, and the action that does it.
TRANSITIONS = {
    "publish": ({"pending"}, "published"),
    "return": ({"pending"}, "returned"),
    "withdraw": ({"published"}, "withdrawn"),
    "restore": ({"withdrawn", "superseded"}, "published"),
}
NEEDS_A_REASON = ("return", "withdraw")


class StoreError(Exception):
    """A refusal a user can understand (a duplicate file, a wrong status, a missing reason);
    str(err) is one sentence, err.args[0] a geo.messages.Message."""


@dataclass(frozen=True)
class Submission:
    id: int
    kind: str
    organisation: str
    submitted_by: str
    submitted_at: dt.datetime
    file_name: str
    sha256: str
    period: str
    period_start: dt.date
    period_end: dt.date
    rows_in: int
    accepted: int
    rejected: int
    status: str
    reviewer: str | None
    reviewed_at: dt.datetime | None
    review_note: str | None
    report: str
    supersedes: int | None = None   # the returned submission this one corrects
    extra_columns: str | None = None   # the names of the sheet's columns the schema does not know (JSON)

    def to_dict(self) -> dict:
        """The submission as `store list --json` prints it."""
        return {"id": self.id, "kind": self.kind, "organisation": self.organisation, "period": self.period,
                "status": self.status, "rows_in": self.rows_in, "accepted": self.accepted,
                "rejected": self.rejected, "submitted_at": self.submitted_at.isoformat(),
                "submitted_by": self.submitted_by, "file_name": self.file_name, "supersedes": self.supersedes}


class Store:
    """Submissions, their records and history, in the database at `url`."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> Store:
        """The store at `url` (default: store_url()), its schema brought to the latest migration."""
        store = cls(engine_for(url or store_url()))
        if migrate:
            store.migrate()
        return store

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision` of geo/store/migrations (the latest by default)."""
        upgrade(self.engine, revision)

    # -- reading ---------------------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes whenever the published picture changes (cheap: one row)."""
        return self._counter("data_version")

    def boundaries_version(self) -> int:
        """A number that changes whenever the organisation's boundary set changes (cheap: one row)."""
        return self._counter("boundaries_version")

    def submissions_version(self) -> int:
        """A number that changes whenever any submission is stored or changes status."""
        return self._counter("submissions_version")

    def _counter(self, key: str) -> int:
        with self.engine.connect() as c:
            return int(c.execute(sa.select(T.meta.c.value).where(T.meta.c.key == key)).scalar_one())

    def list(self, status: str | None = None, organisation: str | None = None) -> list[Submission]:
        query = sa.select(T.submissions).order_by(T.submissions.c.id.desc())
        if status:
            query = query.where(T.submissions.c.status == status)
        if organisation:
            query = query.where(T.submissions.c.organisation == organisation)
        with self.engine.connect() as c:
            return [Submission(**row._mapping) for row in c.execute(query)]

    def get(self, submission_id: int) -> Submission:
        with self.engine.connect() as c:
            row = c.execute(sa.select(T.submissions).where(T.submissions.c.id == int(submission_id))).first()
        if row is None:
            raise StoreError(Message("store_no_submission", id=submission_id))
        return Submission(**row._mapping)

    def find_by_file(self, sha256: str) -> Submission | None:
        """The submission of this file (its SHA-256), unless it was returned: a returned file may be
        submitted again."""
        s = T.submissions.c
        with self.engine.connect() as c:
            row = c.execute(sa.select(T.submissions).where(s.sha256 == sha256, s.status != "returned")).first()
        return Submission(**row._mapping) if row else None

    def records(self, submission_id: int | None = None, status: str | None = "published",
                kind: str | None = None, organisation: str | None = None) -> pd.DataFrame:
        """Records with their submission's columns: of one submission, or of every submission in
        `status` (None: all), optionally of one kind or one organisation. Dates come back as dates,
        flags as bools."""
        s = T.submissions.c
        query = (sa.select(*[T.records.c[name] for name in RECORD_COLUMNS], T.records.c.submission_id,
                           s.organisation, s.period, s.period_start, s.period_end, s.status.label("submission_status"),
                           s.file_name, s.submitted_at, T.records.c.extra_values)
                 .select_from(T.records.join(T.submissions)))
        if submission_id is not None:
            query = query.where(T.records.c.submission_id == int(submission_id))
        if status is not None:
            query = query.where(s.status == status)
        if kind is not None:
            query = query.where(T.records.c.kind == kind)
        if organisation is not None:
            query = query.where(s.organisation == organisation)
        with self.engine.connect() as c:
            result = c.execute(query.order_by(T.records.c.submission_id, T.records.c.row))
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
            apart = frame.loc[frame["extra_values"].notna(), "submission_id"].unique().tolist()
            names = dict(c.execute(sa.select(s.id, s.extra_columns).where(s.id.in_(apart))).all()) if apart else {}
        return _typed(_with_extra(frame, names))

    def published_records(self, kind: str | None = None) -> pd.DataFrame:
        """Every published record (of one `kind`, when given) with its submission's columns, as
        records(status="published") gives them, read from the submissions' Parquet snapshots (fast
        at a million records)."""
        s = T.submissions.c
        query = (sa.select(T.record_snapshots.c.data, s.id, s.organisation, s.period, s.period_start, s.period_end,
                           s.status, s.file_name, s.submitted_at)
                 .select_from(T.record_snapshots.join(T.submissions))
                 .where(s.status == "published").order_by(s.id))
        if kind is not None:   # a submission holds one kind: its snapshot is read whole or not at all
            query = query.where(s.kind == kind)
        parts = []
        with self.engine.connect() as c:
            for row in c.execute(query):
                part = read_snapshot(row.data)
                parts.append(part.assign(organisation=row.organisation, period=row.period,
                                         period_start=_as_date(row.period_start), period_end=_as_date(row.period_end),
                                         submission_status=row.status, file_name=row.file_name,
                                         submitted_at=row.submitted_at))
        if not parts:
            return self.records(status="published", kind=kind).iloc[0:0]
        return _typed(pd.concat(parts, ignore_index=True))

    def rejected(self, submission_id: int) -> list[dict]:
        """[{row, reasons: [Message], cells: {column: value}}] of one submission."""
        query = sa.select(T.rejected_rows).where(T.rejected_rows.c.submission_id == int(submission_id))
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(T.rejected_rows.c.row)).fetchall()
        return [{"row": r.row, "reasons": [message_from_json(m) for m in json.loads(r.reasons)],
                 "cells": json.loads(r.cells or "{}")} for r in rows]

    def audit(self, submission_id: int | None = None) -> list[dict]:
        query = sa.select(T.audit_log).order_by(T.audit_log.c.id)
        if submission_id is not None:
            query = query.where(T.audit_log.c.submission_id == int(submission_id))
        with self.engine.connect() as c:
            return [dict(row._mapping) for row in c.execute(query)]

    def previous(self, submission: Submission) -> Submission | None:
        """The organisation's submission for the same kind and period that is (or was last) published
        before this one: what a review compares with."""
        s = T.submissions.c
        query = (sa.select(T.submissions)
                 .where(s.organisation == submission.organisation, s.kind == submission.kind,
                        s.period == submission.period, s.id != submission.id,
                        s.status.in_(("published", "superseded")))
                 .order_by((s.status == "published").desc(), s.id.desc()))
        with self.engine.connect() as c:
            row = c.execute(query).first()
        return Submission(**row._mapping) if row else None

    def changes(self, submission: Submission) -> dict[str, pd.DataFrame]:
        """What a submission changes against the organisation's previous published one for the same
        kind and period (geo.store.changes.record_changes): {"added", "removed", "changed"}."""
        new = self.records(submission.id, status=None)
        previous = self.previous(submission)
        return record_changes(new, self.records(previous.id, status=None) if previous else new.iloc[0:0])

    # -- the organisation's boundary set (geo.store.boundary_sets) -------------------------

    def boundary_sets(self) -> list[BoundarySet]:
        """Every boundary set ever set, newest first."""
        return boundary_sets.boundary_sets(self)

    def boundary_set(self, set_id: int) -> BoundarySet:
        return boundary_sets.boundary_set(self, set_id)

    def boundary_file(self, set_id: int) -> bytes:
        """The file of a boundary set, byte for byte as it was set."""
        return boundary_sets.boundary_file(self, set_id)

    def active_boundary_set(self) -> BoundarySet | None:
        """The organisation's active boundary set; None while the shipped Natural Earth set is used."""
        return boundary_sets.active_boundary_set(self)

    def active_boundaries(self):
        """The active boundary set as a geo.read.boundaries.Boundaries (Natural Earth by default)."""
        return boundary_sets.active_boundaries(self)

    def set_boundaries(self, data: bytes, file_name: str, *, actor: str, source: str | None = None,
                       licence: str | None = None) -> BoundarySet:
        """Make a boundary file the organisation's set for everyone (kept, audited, versioned)."""
        return boundary_sets.set_boundaries(self, data, file_name, actor=actor, source=source, licence=licence)

    def restore_boundaries(self, set_id: int, actor: str) -> BoundarySet | None:
        """Make an earlier boundary set active again (0: the shipped Natural Earth set)."""
        return boundary_sets.restore_boundaries(self, set_id, actor)

    def export_geopackage(self, path, status: str | None = "published", public: bool | None = None) -> dict[str, int]:
        """Records (of submissions in `status`; None: all) as a GeoPackage for QGIS, in the public
        view when `public` (None: the server's setting) (geo.store.geopackage). Returns {layer: count}."""
        from geo.store.geopackage import write_geopackage

        return write_geopackage(self, path, status, public)

    # -- writing ---------------------------------------------------------------------------

    def corrected_by(self, submission_id: int) -> Submission | None:
        """The submission that corrects a returned one (its `supersedes`), if any."""
        with self.engine.connect() as c:
            row = c.execute(sa.select(T.submissions).where(T.submissions.c.supersedes == int(submission_id))).first()
        return Submission(**row._mapping) if row else None

    def submit(self, report, *, organisation: str, period: str | Period, actor: str, sha256: str,
               file_name: str | None = None, raw_table=None, boundaries=None, publish: bool = False,
               supersedes: int | None = None) -> Submission:
        """Store a validated file (a geo.read.validate.ValidationReport) in one transaction: the
        submission, its accepted records located and assigned to a region (and a cercle) now, against
        `boundaries` (a Boundaries or a frame; default: the organisation's active set), and its rejected rows
        with their reasons (and cells, from `raw_table`, the RawTable the report was made from).
        The same file (SHA-256) twice is refused, unless the first was returned; the sentence names
        the earlier submission only to its own organisation. `supersedes`: the returned submission
        of the same organisation and kind this one corrects (each is corrected once); the history of
        both says so."""
        from geo.model.locate import join_to_regions, locate
        from geo.read.boundaries import Boundaries
        from geo.read.gazetteer import load_gazetteer

        organisation, actor, file_name = one_line(organisation or ""), one_line(actor), file_name or report.file
        if not organisation:
            raise StoreError(Message("store_no_organisation"))
        _check_length(organisation, T.submissions.c.organisation, "store_organisation_too_long")
        _check_length(actor, T.submissions.c.submitted_by, "store_actor_too_long")
        _check_length(file_name, T.submissions.c.file_name, "store_file_name_too_long")
        period = period if isinstance(period, Period) else parse_period(period)
        earlier = self.find_by_file(sha256)
        if earlier is not None:
            raise StoreError(_duplicate(earlier, file_name, organisation))
        bounds = boundaries if boundaries is not None else self.active_boundaries()
        frame, cercles = (bounds.frame, bounds.cercles) if isinstance(bounds, Boundaries) else (bounds, None)
        accepted = report.accepted
        located = (join_to_regions(locate(accepted, load_gazetteer(), frame), frame, cercles) if len(accepted)
                   else accepted)
        now = _now()
        with writing(self.engine) as c:
            row = {"kind": report.kind, "organisation": organisation, "submitted_by": actor, "submitted_at": now,
                   "file_name": file_name, "sha256": sha256, "period": period.label,
                   "period_start": period.start, "period_end": period.end, "rows_in": report.rows_in,
                   "accepted": report.accepted_count, "rejected": len(report.rejected), "status": "pending",
                   "report": json.dumps(ingest.report_json(report), ensure_ascii=False)}
            if supersedes is not None:
                row["supersedes"] = _check_correction(c, int(supersedes), organisation, report.kind)
            try:
                submission_id = c.execute(sa.insert(T.submissions).values(**row)).inserted_primary_key[0]
            except sa.exc.IntegrityError:   # the same file (or correction), stored by another process a moment ago
                earlier = self.find_by_file(sha256)
                if earlier is None and supersedes is not None:
                    raise StoreError(Message("store_corrected_twice", id=supersedes)) from None
                raise StoreError(_duplicate(earlier, file_name, organisation)) from None
            ingest.insert_records(c, submission_id, report.kind, located)
            ingest.insert_rejected(c, submission_id, report, raw_table)
            _audit(c, submission_id, actor, "submit", None, "pending", f"{report.accepted_count} records"
                   + (f"; corrects #{supersedes}" if supersedes is not None else ""))
            if supersedes is not None:
                _audit(c, int(supersedes), actor, "corrected", "returned", "returned", f"by #{submission_id}")
            _bump(c, "submissions_version")
        log.info("submission %s stored: %s, %s, %s", submission_id, report.kind, organisation, period.label)
        if publish:
            self.publish(submission_id, actor)
        return self.get(submission_id)

    def publish(self, submission_id: int, actor: str, note: str | None = None) -> Submission:
        return self._change(submission_id, "publish", actor, note)

    def return_(self, submission_id: int, actor: str, note: str) -> Submission:
        return self._change(submission_id, "return", actor, note)

    def withdraw(self, submission_id: int, actor: str, note: str) -> Submission:
        return self._change(submission_id, "withdraw", actor, note)

    def restore(self, submission_id: int, actor: str, note: str | None = None) -> Submission:
        return self._change(submission_id, "restore", actor, note)

    def record_access(self, actor: str, action: str, note: str | None = None) -> None:
        """Write a privileged action that changes nothing (an internal export, a view of the
        internal map) to the audit log."""
        with writing(self.engine) as c:
            _audit(c, None, actor, action, None, None, note)

    def _change(self, submission_id: int, action: str, actor: str, note: str | None) -> Submission:
        allowed, target = TRANSITIONS[action]
        actor, note = one_line(actor), one_line(note or "") or None
        _check_length(actor, T.submissions.c.reviewer, "store_actor_too_long")
        if action in NEEDS_A_REASON and not note:
            raise StoreError(Message("store_needs_reason", action=action))
        s = T.submissions.c
        with writing(self.engine) as c:
            scope = c.execute(sa.select(s.organisation, s.kind, s.period).where(s.id == int(submission_id))).first()
            if scope is None:
                raise StoreError(Message("store_no_submission", id=submission_id))
            hold_lock(c, "submissions", *scope)   # one status change of an organisation's kind and period at a time
            current = c.execute(sa.select(T.submissions).where(s.id == int(submission_id)).with_for_update()).one()
            if current.status not in allowed:
                raise StoreError(Message("store_wrong_status", id=submission_id, status=current.status,
                                         action=action))
            if target == "published":   # the same organisation, kind and period: one published at a time
                others = c.execute(sa.select(s.id).where(s.organisation == current.organisation, s.kind == current.kind,
                                                         s.period == current.period, s.status == "published",
                                                         s.id != current.id)).scalars().all()
                for other in others:
                    c.execute(sa.update(T.submissions).where(s.id == other).values(status="superseded"))
                    _audit(c, other, actor, "supersede", "published", "superseded", f"by #{current.id}")
            c.execute(sa.update(T.submissions).where(s.id == current.id)
                      .values(status=target, reviewer=actor, reviewed_at=_now(), review_note=note))
            _audit(c, current.id, actor, action, current.status, target, note)
            _bump(c, "submissions_version")
            if "published" in (current.status, target):
                _bump(c, "data_version")
        log.info("submission %s: %s -> %s by %s", submission_id, current.status, target, actor)
        return self.get(submission_id)


def open_store(url: str | None = None) -> Store:
    """The store the server's settings name (see geo.store.database.store_url)."""
    return Store.open(url)


def _check_length(value: str, column: sa.Column, too_long: str) -> None:
    """A value longer than its column holds is refused with a sentence (SQLite would keep it,
    PostgreSQL would fail on it)."""
    if len(value) > column.type.length:
        raise StoreError(Message(too_long, length=len(value), limit=column.type.length))


def _check_correction(c, returned_id: int, organisation: str, kind: str) -> int:
    """The returned submission a new one corrects, checked: it exists, belongs to the same
    organisation and kind, was returned, and no other submission corrects it yet."""
    s = T.submissions.c
    earlier = c.execute(sa.select(s.organisation, s.kind, s.status).where(s.id == returned_id)).first()
    if earlier is None or earlier.organisation != organisation:   # another organisation's: nothing of it is said
        raise StoreError(Message("store_no_submission", id=returned_id))
    if earlier.kind != kind or earlier.status != "returned":
        raise StoreError(Message("store_corrects_returned_only", id=returned_id, status=earlier.status,
                                 kind=earlier.kind))
    if c.execute(sa.select(s.id).where(s.supersedes == returned_id)).first() is not None:
        raise StoreError(Message("store_corrected_twice", id=returned_id))
    return returned_id


def _duplicate(earlier: Submission, file_name: str, organisation: str) -> Message:
    """The refusal of a file already submitted: to its own organisation, which submission it is; to
    another, nothing of it (not who sent it, for which period, nor when)."""
    if earlier.organisation == organisation:
        return Message("store_duplicate_own", file=file_name, id=earlier.id, period=earlier.period,
                       status=earlier.status)
    return Message("store_duplicate", file=file_name)


def _bump(c, key: str) -> None:
    c.execute(sa.update(T.meta).where(T.meta.c.key == key).values(value=T.meta.c.value + 1))


def _audit(c, submission_id, actor, action, from_status, to_status, note) -> None:
    """One line of the history; who, what and why kept to one line each (geo.printable.one_line), so
    nothing written here can pass for another entry where the history is printed."""
    c.execute(sa.insert(T.audit_log).values(submission_id=submission_id, at=_now(), actor=one_line(actor),
                                            action=one_line(action), from_status=from_status, to_status=to_status,
                                            note=None if note is None else one_line(note)))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _with_extra(frame: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """`extra` as the JSON object of each record's unused cells, where they are kept apart (revision
    0009): from the record's list of values and its submission's column names (`names`: the
    submission's id -> its extra_columns)."""
    values = frame.pop("extra_values")
    if names:
        extra = frame["extra"].astype(object).to_numpy(copy=True)
        ids = frame["submission_id"].to_numpy()
        for submission_id, columns in names.items():
            rows = np.flatnonzero((ids == submission_id) & values.notna().to_numpy())
            extra[rows] = ingest.extra_from_values(json.loads(columns), values.to_numpy()[rows])
        frame["extra"] = extra
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as dates (a driver may hand back text), numbers as floats, flags as bools."""
    for name in T.DATE_FIELDS + ("period_start", "period_end"):
        values = frame[name].dropna() if name in frame else ()
        if len(values) and not isinstance(values.iloc[0], dt.date):
            parsed = pd.to_datetime(frame[name], errors="coerce")
            frame[name] = pd.Series(parsed.dt.date, index=frame.index).where(parsed.notna(), None)
    for name in T.NUMBER_FIELDS + ("latitude", "longitude"):
        if name in frame:
            frame[name] = pd.to_numeric(frame[name], errors="coerce")
    if "approximate" in frame:
        frame["approximate"] = frame["approximate"].astype(bool)
    return frame


def _as_date(value):
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
