"""The records lose their index by kind and assigned region (records_by_region): nothing reads the
records by region through it (the app reads the submissions' Parquet snapshots; a submission's
records are read through records_by_submission), and it cost a twentieth of the database's size and
time at every insert (8.6 MB of 161 MB for a 300,000-row sheet on SQLite). A per-region summary is
still one GROUP BY.

Revision ID: 0008
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("records_by_region", "records")


def downgrade() -> None:
    op.create_index("records_by_region", "records", ["kind", "assigned_iso"])
