"""growth: the feeds' indexes no longer read the years of history before their window

Revision ID: 0023
Revises: 0022

A feed holds the sessions that end after its window starts and start before it ends. The
version index began (status, starts_at, …): its range `starts_at < window end` covered every
session ever held, so each poll read all of them. Led by ends_at it reads the window and what
is planned after it; an office's feed (region_code =) has the same index led by its region,
which SQLite would otherwise search by (region_code, starts_at) from the office's first
session. A feed's latest change (max updated_at of its region) walks a new index from the
newest change and stops at the first session of the feed (an office's: the newest of its
region), instead of reading all of the region's sessions (bench/growth.py).
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

WINDOW_COLUMNS = ["status", "ends_at", "starts_at", "cancelled_at", "region_code", "segment",
                  "updated_at", "sequence", "id"]
OFFICE_COLUMNS = ["region_code", "ends_at", "status", "starts_at", "cancelled_at", "segment",
                  "updated_at", "sequence", "id"]
OLD_COLUMNS = ["status", "starts_at", "ends_at", "cancelled_at", "region_code", "segment",
               "updated_at", "sequence", "id"]


def upgrade() -> None:
    op.drop_index("ix_sessions_feed_version", table_name="sessions")
    op.create_index("ix_sessions_feed_window", "sessions", WINDOW_COLUMNS)
    op.create_index("ix_sessions_office_window", "sessions", OFFICE_COLUMNS)
    op.create_index("ix_sessions_updated", "sessions", ["updated_at", "region_code", "segment"])
    op.create_index("ix_sessions_region_updated", "sessions", ["region_code", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_sessions_region_updated", table_name="sessions")
    op.drop_index("ix_sessions_updated", table_name="sessions")
    op.drop_index("ix_sessions_office_window", table_name="sessions")
    op.drop_index("ix_sessions_feed_window", table_name="sessions")
    op.create_index("ix_sessions_feed_version", "sessions", OLD_COLUMNS)
