"""the console's class import (issue 10): a checked class list held until it is confirmed

Revision ID: 0019
Revises: 0018

The preview of an uploaded class list keeps its rows here, under the hash of a random token,
bound to the officer and the session, until the officer confirms the import (or 30 minutes
pass).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "held_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_held_imports_session_id_sessions")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="CASCADE",
                                name=op.f("fk_held_imports_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_imports")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_held_imports_token_hash")),
    )
    op.create_index(op.f("ix_held_imports_created_at"), "held_imports", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_held_imports_created_at"), table_name="held_imports")
    op.drop_table("held_imports")
