"""A returned file may be submitted again: a file's SHA-256 is unique among the submissions that were
not returned (a unique partial index), no longer among all of them.

On SQLite the UNIQUE of revision 0001 has no name and cannot be dropped: the submissions table is
rebuilt without it (batch mode, with foreign keys off: geo.store.database.upgrade).

Revision ID: 0004
"""
from alembic import op

from geo.store.tables import NOT_RETURNED

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UNNAMED = {"uq": "uq_%(table_name)s_%(column_0_name)s"}   # how batch mode names the unnamed UNIQUE


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("submissions", naming_convention=UNNAMED) as batch:
            batch.drop_constraint("uq_submissions_sha256", type_="unique")
    else:
        op.drop_constraint("submissions_sha256_key", "submissions", type_="unique")
    op.create_index("submissions_one_per_file", "submissions", ["sha256"], unique=True,
                    sqlite_where=NOT_RETURNED, postgresql_where=NOT_RETURNED)


def downgrade() -> None:
    """Back to one submission per file, when no returned file was submitted again."""
    op.drop_index("submissions_one_per_file", "submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.create_unique_constraint("submissions_sha256_key", ["sha256"])
