"""perf-targets: an index in the session lists' order, so a page stops after its rows

Revision ID: 0016_perf_targets (Alembic allows no "-" in a revision)
Revises: 0015
"""

from __future__ import annotations

from alembic import op

revision = "0016_perf_targets"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sessions_starts_id", "sessions", ["starts_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_starts_id", table_name="sessions")
