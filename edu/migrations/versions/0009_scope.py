"""scope and privacy (issue 8): registration requests for participants on record

Revision ID: 0009
Revises: 0008

An anonymous Register with the email of a participant on record books nothing: it stores a
request that the person confirms through a link that reaches them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("submitted", sa.JSON(), nullable=False),
        sa.Column("guardian_consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"],
            name=op.f("fk_registration_requests_participant_id_participants")),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"],
            name=op.f("fk_registration_requests_session_id_sessions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_requests")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_registration_requests_token_hash")),
    )
    with op.batch_alter_table("registration_requests") as batch_op:
        batch_op.create_index(batch_op.f("ix_registration_requests_participant_id"),
                              ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_requests_session_id"),
                              ["session_id"], unique=False)


def downgrade() -> None:
    op.drop_table("registration_requests")
