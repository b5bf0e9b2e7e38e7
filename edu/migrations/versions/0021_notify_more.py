"""notify-more: staff members' email (a coordinator hears of internship decisions), notices
addressed to a staff member, and whether a person wants reminders

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_notices_staff_id_staff"), "staff", ["staff_id"],
                                 ["id"], ondelete="CASCADE")
        batch.create_index(op.f("ix_notices_staff_id"), ["staff_id"])
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("reminders", sa.Boolean(), server_default=sa.true(),
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("reminders")
    with op.batch_alter_table("notices") as batch:
        batch.drop_index(op.f("ix_notices_staff_id"))
        batch.drop_constraint(op.f("fk_notices_staff_id_staff"), type_="foreignkey")
        batch.drop_column("staff_id")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("email")
