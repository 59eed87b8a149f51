"""A partner corrects a returned submission and submits it again: the new submission names the one it
corrects (`supersedes`, the returned submission's id), so the history links the two. The store checks
the link when it stores the submission (same organisation and kind, a returned submission), and the
database keeps one correction per returned submission (a unique index); the returned one keeps its
status, and its history says which submission corrected it.

Revision ID: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("supersedes", sa.Integer))
    op.create_index("submissions_one_correction", "submissions", ["supersedes"], unique=True)


def downgrade() -> None:
    op.drop_index("submissions_one_correction", "submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("supersedes")
