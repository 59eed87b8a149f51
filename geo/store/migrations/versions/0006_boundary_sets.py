"""The organisation's boundary set, chosen once for everyone: every set an admin sets is kept (the
file, its SHA-256, who set it and when, its source and licence) and any can be restored; the meta
table says which is active (0: the shipped Natural Earth set) and counts its changes, so that every
session and every app server uses the active set at its next run. Records keep the cercle a partner
names and the boundary set's cercle (cercle_code) assigned at ingest.

Revision ID: 0006
"""
import sqlalchemy as sa
from alembic import op

from geo.store import tables as T

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    frozen = sa.MetaData()
    T.boundary_sets.to_metadata(frozen).create(op.get_bind())
    op.add_column("records", sa.Column("cercle", sa.Text))
    op.add_column("records", sa.Column("cercle_code", sa.String(64)))
    op.get_bind().execute(sa.text("INSERT INTO meta (key, value) VALUES ('boundary_set', 0), ('boundaries_version', 0)"))


def downgrade() -> None:
    op.get_bind().execute(sa.text("DELETE FROM meta WHERE key IN ('boundary_set', 'boundaries_version')"))
    with op.batch_alter_table("records") as batch:
        batch.drop_column("cercle_code")
        batch.drop_column("cercle")
    op.drop_table("boundary_sets")
