"""The columns of a sheet the schema does not know are named once per submission, not on every
record: `submissions.extra_columns` holds their names (a JSON list, in the sheet's order), and each
record's `extra_values` its cells in that order (a JSON list, null for an empty cell). A 300,000-row
partner sheet's four unused columns took 54 MB of its 161 MB on SQLite as one JSON object per
record, half of it the same names again and again. Store.records() gives `extra` back as the
object it was (json.dumps of {column: value} without the empty cells), and the Parquet snapshots
keep the objects; records stored before this revision keep theirs in `extra`, as they were.

Revision ID: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("extra_columns", sa.Text))
    op.add_column("records", sa.Column("extra_values", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("extra_values")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("extra_columns")
