"""The audit log names who acted whatever the length of their e-mail: its actor column becomes text.
A person whose address is longer than 200 characters may view the internal pages, and each view
must still be audited: on PostgreSQL the row failed. Widened rather than shortened with a marker,
so that the history names the person exactly and two long addresses never read the same.

SQLite keeps text of any length in any text column: there the table stays as it is (rebuilding a
long audit log would change nothing).

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("audit_log", "actor", type_=sa.Text, existing_type=sa.String(200), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("audit_log", "actor", type_=sa.String(200), existing_type=sa.Text, existing_nullable=False)
