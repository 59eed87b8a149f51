"""Records of trainings say what activity they were: a training course, an awareness session or
campaign, or a community dialogue (geo.schema.ACTIVITY_TYPES); people trained and people reached
are counted apart.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("records", sa.Column("activity_type", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("activity_type")
