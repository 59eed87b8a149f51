"""One published submission per organisation, kind and period, kept by the database itself: a unique
index over the published ones. Two reviewers publishing at once could leave two published before
the store took turns; where a store holds such a pair, the one published last stays published and
the others become superseded, as if published one after the other (each in the audit log).

Revision ID: 0003
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

from geo.store.tables import PUBLISHED

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

submissions = sa.table("submissions", sa.column("id"), sa.column("organisation"), sa.column("kind"),
                       sa.column("period"), sa.column("status"), sa.column("reviewed_at"))
audit_log = sa.table("audit_log", sa.column("submission_id"), sa.column("at"), sa.column("actor"),
                     sa.column("action"), sa.column("from_status"), sa.column("to_status"), sa.column("note"))
meta = sa.table("meta", sa.column("key"), sa.column("value"))


def upgrade() -> None:
    bind = op.get_bind()
    s = submissions.c
    published = bind.execute(sa.select(s.id, s.organisation, s.kind, s.period).where(s.status == "published")
                             .order_by(s.reviewed_at, s.id)).all()
    last = {(r.organisation, r.kind, r.period): r.id for r in published}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    earlier = [(r.id, last[(r.organisation, r.kind, r.period)]) for r in published
               if last[(r.organisation, r.kind, r.period)] != r.id]
    for submission_id, latest in earlier:
        bind.execute(sa.update(submissions).where(s.id == submission_id).values(status="superseded"))
        bind.execute(sa.insert(audit_log).values(submission_id=submission_id, at=now, actor="migration 0003",
                                                 action="supersede", from_status="published", to_status="superseded",
                                                 note=f"by #{latest}, published at the same time"))
    if earlier:
        bind.execute(sa.update(meta).where(meta.c.key.in_(("data_version", "submissions_version")))
                     .values(value=meta.c.value + 1))
    op.create_index("submissions_one_published", "submissions", ["organisation", "kind", "period"], unique=True,
                    sqlite_where=PUBLISHED, postgresql_where=PUBLISHED)


def downgrade() -> None:
    op.drop_index("submissions_one_published", "submissions")
