"""integrity reports: requests for a voter-education session, answered within the standard

Revision ID: 0020
Revises: 0019

A school or group asks an office for a session; the office answers (accepts or declines). The
time from request to answer, in working days, is the voter-education service standard.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

SEGMENT = sa.Enum("FAMILY", "FIRST_TIME_VOTERS", "YOUNG_VOTERS", "WOMEN",
                  "PEOPLE_WITH_DISABILITIES", "SPECIAL_NEEDS", "MARGINALIZED", "COMMUNITY",
                  "RELIGIOUS", "NETIZENS", "GENERAL_PUBLIC", name="segment", native_enum=False,
                  length=32)
OUTCOME = sa.Enum("ACCEPTED", "DECLINED", name="requestoutcome", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "session_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=160), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("segment", SEGMENT, nullable=False),
        sa.Column("audience", sa.Integer(), nullable=True),
        sa.Column("preferred_on", sa.Date(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("consent_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("requested_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", OUTCOME, nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("answered_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("client_hash", sa.String(length=64), nullable=True),
        sa.Column("contact_erased_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("audience IS NULL OR audience >= 1",
                           name=op.f("ck_session_requests_audience_positive")),
        sa.CheckConstraint("(answered_at IS NULL) = (outcome IS NULL)",
                           name=op.f("ck_session_requests_answer_complete")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"],
                                name=op.f("fk_session_requests_region_code_regions")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["staff.id"],
                                name=op.f("fk_session_requests_answered_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_requests")),
    )
    op.create_index("ix_session_requests_region_answered", "session_requests",
                    ["region_code", "answered_at"])
    op.create_index(op.f("ix_session_requests_requested_at"), "session_requests",
                    ["requested_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_session_requests_requested_at"), table_name="session_requests")
    op.drop_index("ix_session_requests_region_answered", table_name="session_requests")
    op.drop_table("session_requests")
