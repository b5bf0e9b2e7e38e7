"""rules with holes (issue 8): approved logbook hours

Revision ID: 0007
Revises: 0006

Only days the field supervisor approved count towards an internship's required hours: the
internship keeps their total next to the total logged, filled here from the approved days.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CHECK = "ck_internships_approved_within_logged"


def upgrade() -> None:
    with op.batch_alter_table("internships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes_approved", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.execute("""
        UPDATE internships SET minutes_approved = (
            SELECT COALESCE(SUM(e.minutes), 0) FROM logbook_entries e
            WHERE e.internship_id = internships.id AND e.status = 'APPROVED')""")
    with op.batch_alter_table("internships", schema=None) as batch_op:
        batch_op.alter_column("minutes_approved", server_default=None)
        batch_op.create_check_constraint(
            op.f(CHECK), "minutes_approved >= 0 AND minutes_approved <= minutes_logged")


def downgrade() -> None:
    with op.batch_alter_table("internships", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CHECK), type_="check")
        batch_op.drop_column("minutes_approved")
