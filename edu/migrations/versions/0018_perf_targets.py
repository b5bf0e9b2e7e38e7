"""perf-targets: an index in the session lists' order, so a page stops after its rows

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sessions_starts_id", "sessions", ["starts_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_starts_id", table_name="sessions")
