"""calendar: interns' feed secrets, and indexes for the feeds' queries

Revision ID: 0004
Revises: 0003

Every poll of a public feed runs one aggregate over the sessions in its window (count, latest
change, sums of sequences and ids) to learn whether the cached feed is still current. With
every column it reads in one index, that is an index-only scan (bench/feeds.py). A rebuilt
feed stamps each session with its latest audit event: found by entity, not by a scan.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FEED_COLUMNS = ["status", "starts_at", "ends_at", "cancelled_at", "region_code", "segment",
                "updated_at", "sequence", "id"]


def upgrade() -> None:
    op.create_index("ix_sessions_feed_version", "sessions", FEED_COLUMNS)
    op.create_index("ix_audit_events_entity", "audit_events", ["entity_type", "entity_id", "at"])
    op.create_table(
        "student_calendars",
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"], ondelete="CASCADE",
                                name=op.f("fk_student_calendars_student_id_students")),
        sa.PrimaryKeyConstraint("student_id", name=op.f("pk_student_calendars")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_student_calendars_secret_hash")),
    )


def downgrade() -> None:
    op.drop_table("student_calendars")
    op.drop_index("ix_audit_events_entity", table_name="audit_events")
    op.drop_index("ix_sessions_feed_version", table_name="sessions")
