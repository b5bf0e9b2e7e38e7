"""integrity: the satisfaction survey (who took part, apart from the anonymous answers),
service standards per office and cuti bersama days

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ELEMENTS = [f"u{i}" for i in range(1, 10)]
SERVICE = sa.Enum("VOTER_EDUCATION", "INTERNSHIP", name="surveyservice", native_enum=False,
                  length=16)


def upgrade() -> None:
    op.create_table(
        "survey_participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("internship_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(session_id IS NULL) <> (internship_id IS NULL)",
                           name=op.f("ck_survey_participations_one_service")),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_survey_participations_participant_id_participants")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"],
                                name=op.f("fk_survey_participations_session_id_sessions")),
        sa.ForeignKeyConstraint(["internship_id"], ["internships.id"],
                                name=op.f("fk_survey_participations_internship_id_internships")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_participations")),
        sa.UniqueConstraint("internship_id", name=op.f("uq_survey_participations_internship_id")),
        sa.UniqueConstraint("session_id", "participant_id",
                            name=op.f("uq_survey_participations_session_id_participant_id")),
    )
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("service", SERVICE, nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        *(sa.Column(e, sa.SmallInteger(), nullable=False) for e in ELEMENTS),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.Column("suggestion_status", sa.Enum("NEW", "ANSWERED", "CLOSED",
                                               name="suggestionstatus", native_enum=False,
                                               length=16), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("replied_by_id", sa.Integer(), nullable=True),
        *(sa.CheckConstraint(f"{e} BETWEEN 1 AND 4", name=op.f(f"ck_survey_answers_{e}_range"))
          for e in ELEMENTS),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"],
                                name=op.f("fk_survey_answers_session_id_sessions")),
        sa.ForeignKeyConstraint(["placement_id"], ["placements.id"],
                                name=op.f("fk_survey_answers_placement_id_placements")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"],
                                name=op.f("fk_survey_answers_region_code_regions")),
        sa.ForeignKeyConstraint(["replied_by_id"], ["staff.id"],
                                name=op.f("fk_survey_answers_replied_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
    )
    op.create_index("ix_survey_answers_service_on", "survey_answers",
                    ["service", "answered_on"])
    op.create_index(op.f("ix_survey_answers_session_id"), "survey_answers", ["session_id"])
    op.create_index(op.f("ix_survey_answers_placement_id"), "survey_answers", ["placement_id"])
    op.create_table(
        "service_standards",
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("service", SERVICE, nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("working_days >= 1",
                           name=op.f("ck_service_standards_working_days_positive")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"],
                                name=op.f("fk_service_standards_region_code_regions")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff.id"],
                                name=op.f("fk_service_standards_updated_by_id_staff")),
        sa.PrimaryKeyConstraint("region_code", "service", name=op.f("pk_service_standards")),
    )
    op.create_table(
        "collective_leave_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["added_by_id"], ["staff.id"],
                                name=op.f("fk_collective_leave_days_added_by_id_staff")),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_collective_leave_days")),
    )


def downgrade() -> None:
    op.drop_table("collective_leave_days")
    op.drop_table("service_standards")
    op.drop_index(op.f("ix_survey_answers_placement_id"), table_name="survey_answers")
    op.drop_index(op.f("ix_survey_answers_session_id"), table_name="survey_answers")
    op.drop_index("ix_survey_answers_service_on", table_name="survey_answers")
    op.drop_table("survey_answers")
    op.drop_table("survey_participations")
