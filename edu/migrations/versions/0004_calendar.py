"""calendar: a covering index for the feeds' version query

Revision ID: 0004
Revises: 0003

Every poll of a public feed runs one aggregate over the sessions in its window (count, latest
change, sums of sequences and ids) to learn whether the cached feed is still current. With
every column it reads in one index, that is an index-only scan (bench/feeds.py).
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FEED_COLUMNS = ["status", "starts_at", "ends_at", "cancelled_at", "region_code", "segment",
                "updated_at", "sequence", "id"]


def upgrade() -> None:
    op.create_index("ix_sessions_feed_version", "sessions", FEED_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_sessions_feed_version", table_name="sessions")
