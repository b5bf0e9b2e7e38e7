"""notify: the outbox of notices, webhook endpoints, and the language a person reads their mails in

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

KINDS = ("REGISTERED", "PROMOTED", "RESCHEDULED", "CANCELLED", "REMINDER", "CONFIRM_REQUEST",
         "LOST_LINK", "CERTIFICATE_READY", "INTERNSHIP_DECIDED", "LOGBOOK_RETURNED",
         "INTERNSHIP_EVALUATED", "INTERN_CERTIFICATE_READY", "WEBHOOK")
STATUSES = ("PENDING", "SENT", "FAILED", "OBSOLETE")


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="noticekind", native_enum=False, length=24),
                  nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("endpoint_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("status", sa.Enum(*STATUSES, name="noticestatus", native_enum=False,
                                    length=16), nullable=False),
        sa.Column("not_before", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_until", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE",
                                name=op.f("fk_notices_participant_id_participants")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_notices_session_id_sessions")),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"], ondelete="CASCADE",
                                name=op.f("fk_notices_student_id_students")),
        sa.ForeignKeyConstraint(["endpoint_id"], ["webhook_endpoints.id"], ondelete="CASCADE",
                                name=op.f("fk_notices_endpoint_id_webhook_endpoints")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index("ix_notices_due", "notices", ["status", "not_before"])
    op.create_index(op.f("ix_notices_participant_id"), "notices", ["participant_id"])
    op.create_index(op.f("ix_notices_session_id"), "notices", ["session_id"])
    op.create_index(op.f("ix_notices_student_id"), "notices", ["student_id"])
    op.create_index(op.f("ix_notices_endpoint_id"), "notices", ["endpoint_id"])
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("language", sa.String(length=2), server_default="id",
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("language")
    op.drop_table("notices")
    op.drop_table("webhook_endpoints")
