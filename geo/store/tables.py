"""The store's tables (SQLAlchemy Core, one definition for SQLite and PostgreSQL).

- submissions: one row per file a partner submitted, with its review status (and the returned
  submission it corrects, if any);
- records: the accepted rows, with the fields of every record kind as columns (so a per-region
  summary is a GROUP BY in any SQL database), their position, how it was found, and the region
  assigned at ingest; the cells of columns a partner added stay in `extra_values` (a JSON list, in
  the order of the submission's `extra_columns`; records stored before revision 0009 have them in
  `extra`, a JSON object);
- rejected_rows: every row that was not accepted, as read, with its reasons (nothing is dropped);
- audit_log: every change of status, who, when and why;
- record_snapshots: each submission's records again, as one Parquet file, for fast loading;
- boundary_sets: every boundary set an admin set for the organisation (the file's bytes, its
  SHA-256, who set it and when, its source and licence), kept so that any can be restored;
- meta: the data version, bumped whenever the published picture changes; the active boundary set
  (0: the shipped Natural Earth set) and the boundaries version, bumped whenever it changes.

The migrations in geo/store/migrations create exactly these tables; a test compares the two, and
another checks that every field of geo.schema has its column here.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

STATUSES = ("pending", "published", "returned", "withdrawn", "superseded")

PUBLISHED = sa.text("status = 'published'")
NOT_RETURNED = sa.text("status <> 'returned'")


def submissions_table(into: sa.MetaData, first_schema: bool = False) -> sa.Table:
    """The submissions table in `into`; with first_schema, as revision 0001 created it (the
    migrations build it; later revisions add what the others lack)."""
    table = sa.Table(
        "submissions", into,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=first_schema),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("rows_in", sa.Integer, nullable=False),
        sa.Column("accepted", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.String(200)),
        sa.Column("reviewed_at", sa.DateTime(timezone=True)),
        sa.Column("review_note", sa.Text),
        sa.Column("report", sa.Text, nullable=False),   # JSON: mapping, notes, warnings of the validation
        sa.CheckConstraint(f"status IN {STATUSES}", name="submission_status"),
        # the returned submission this one corrects (revision 0007): the history links the two; the
        # names of the sheet's columns the schema does not know, a JSON list (0009; see records)
        *([] if first_schema else [sa.Column("supersedes", sa.Integer), sa.Column("extra_columns", sa.Text)]),
    )
    sa.Index("submissions_by_scope", table.c.organisation, table.c.kind, table.c.period)
    sa.Index("submissions_by_status", table.c.status)
    if not first_schema:
        # One published submission per organisation, kind and period: the store takes turns to change
        # a status, and the database refuses a second one whatever writes it (revision 0003).
        sa.Index("submissions_one_published", table.c.organisation, table.c.kind, table.c.period, unique=True,
                 sqlite_where=PUBLISHED, postgresql_where=PUBLISHED)
        # A file (its SHA-256) is submitted once, unless it was returned: then it may come again
        # (revision 0004; 0001 had it unique among all submissions).
        sa.Index("submissions_one_per_file", table.c.sha256, unique=True, sqlite_where=NOT_RETURNED,
                 postgresql_where=NOT_RETURNED)
        # A returned submission is corrected once: the next correction corrects the correction (0007).
        sa.Index("submissions_one_correction", table.c.supersedes, unique=True)
    return table


submissions = submissions_table(metadata)

# The fields of every record kind (geo.schema.SCHEMAS), by type. Revision 0001 had TEXT_FIELDS_0001;
# 0002 added activity_type (trainings: training, awareness or dialogue); 0006 the cercle a partner
# names (and, beside the region assigned at ingest, the cercle_code of the boundary set's cercle).
TEXT_FIELDS_0001 = ("title", "name", "place", "region", "partner", "organiser", "category", "site_type", "status",
                    "works", "audience")
TEXT_FIELDS = (*TEXT_FIELDS_0001, "activity_type", "cercle")
NUMBER_FIELDS = ("cost_xof", "beneficiaries", "youth", "women", "men", "total", "duration_months")
DATE_FIELDS = ("launch_date", "date_start", "date_end")


def records_table(into: sa.MetaData, text_fields: tuple[str, ...] = TEXT_FIELDS, cercle_code: bool = True,
                  region_index: bool = True, extra_values: bool = False) -> sa.Table:
    """The records table with these text fields (and the cercle_code column, the index by kind and
    region that revision 0008 drops, the extra_values column of 0009), in `into` (the migrations
    build older ones)."""
    table = sa.Table("records", into, *_records_columns(text_fields, cercle_code, extra_values))
    sa.Index("records_by_submission", table.c.submission_id)
    if region_index:
        sa.Index("records_by_region", table.c.kind, table.c.assigned_iso)
    return table


def _records_columns(text_fields: tuple[str, ...], cercle_code: bool, extra_values: bool) -> list:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        *[sa.Column(name, sa.Text) for name in text_fields],
        *[sa.Column(name, sa.Float) for name in NUMBER_FIELDS],
        *[sa.Column(name, sa.Date) for name in DATE_FIELDS],
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("region_iso", sa.String(16)),
        sa.Column("joined_iso", sa.String(64)),
        sa.Column("assigned_iso", sa.String(64)),
        *([sa.Column("cercle_code", sa.String(64))] if cercle_code else []),
        sa.Column("location_source", sa.String(20), nullable=False),
        sa.Column("approximate", sa.Boolean, nullable=False),
        sa.Column("gazetteer_source", sa.Text),
        sa.Column("source_doc", sa.Text),
        sa.Column("extra", sa.Text),   # JSON: the columns a partner added, as read (before revision 0009)
        # JSON: the same cells in the order of the submission's extra_columns, null for an empty one (0009)
        *([sa.Column("extra_values", sa.Text)] if extra_values else []),
    ]


records = records_table(metadata, region_index=False, extra_values=True)

rejected_rows = sa.Table(
    "rejected_rows", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("row", sa.Integer, nullable=False),
    sa.Column("reasons", sa.Text, nullable=False),   # JSON: [{"key", "values", "text"}] (geo.messages)
    sa.Column("cells", sa.Text),                      # JSON: {column: cell} as read
)
sa.Index("rejected_by_submission", rejected_rows.c.submission_id)

# The same records, per submission, as one Parquet file: loading a million published records for
# the app is a read of a few files, not of a million rows (the rows stay the truth for SQL and GIS).
record_snapshots = sa.Table(
    "record_snapshots", metadata,
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE")),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),   # an e-mail of any length: every view is audited (0005)
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("from_status", sa.String(16)),
    sa.Column("to_status", sa.String(16)),
    sa.Column("note", sa.Text),
)
sa.Index("audit_by_submission", audit_log.c.submission_id)

boundary_sets = sa.Table(
    "boundary_sets", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("file_name", sa.String(300), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),     # the file as it was set, byte for byte
    sa.Column("source", sa.Text),                          # where it comes from, as the admin wrote it
    sa.Column("licence", sa.Text),
    sa.Column("set_by", sa.Text, nullable=False),
    sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("regions", sa.Integer, nullable=False),      # what the file holds: admin-1 and admin-2 units
    sa.Column("cercles", sa.Integer, nullable=False),
)

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)
