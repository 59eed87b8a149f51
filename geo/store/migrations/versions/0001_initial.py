"""The first schema: submissions, records, rejected rows, audit log, data version; on PostgreSQL
also PostGIS and a point geometry of every record (generated from its coordinates, indexed).

Frozen: the tables of geo/store/tables.py as they were at this revision (the submissions table's
first schema, the records table with TEXT_FIELDS_0001); later revisions alter them.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

from geo.store import tables as T

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    frozen = sa.MetaData()
    for table in T.metadata.sorted_tables:
        if table.name in ("rejected_rows", "record_snapshots", "audit_log", "meta"):   # those of this revision
            table.to_metadata(frozen)
    T.submissions_table(frozen, first_schema=True)
    T.records_table(frozen, T.TEXT_FIELDS_0001, cercle_code=False)
    frozen.create_all(bind)
    bind.execute(sa.text("INSERT INTO meta (key, value) VALUES ('data_version', 0), ('submissions_version', 0)"))
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
        bind.execute(sa.text(
            "ALTER TABLE records ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS ("
            "CASE WHEN longitude IS NOT NULL AND latitude IS NOT NULL "
            "THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END) STORED"))
        bind.execute(sa.text("CREATE INDEX records_geom ON records USING GIST (geom)"))
