"""interns' data rights: a student can be erased (email gone, when recorded)

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("students") as batch:
        batch.add_column(sa.Column("erased_at", edu.db.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.alter_column("email", existing_type=sa.String(length=254), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("students") as batch:
        batch.alter_column("email", existing_type=sa.String(length=254), nullable=False)
        batch.drop_column("erased_at")
