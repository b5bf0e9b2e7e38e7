"""internships: students, placements, internships, transitions, logbook, evaluations

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('students',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('university_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=160), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('student_number', sa.String(length=32), nullable=False),
    sa.Column('study_program', sa.String(length=160), nullable=False),
    sa.Column('gender', sa.Enum('FEMALE', 'MALE', name='gender', native_enum=False, length=8), nullable=True),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['university_id'], ['universities.id'], name=op.f('fk_students_university_id_universities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_students')),
    sa.UniqueConstraint('university_id', 'student_number', name=op.f('uq_students_university_id_student_number'))
    )
    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=False),
    sa.Column('accepted_count', sa.Integer(), nullable=False),
    sa.Column('required_hours', sa.Integer(), nullable=False),
    sa.Column('supervisor_name', sa.String(length=160), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('accepted_count <= quota', name=op.f('ck_placements_within_quota')),
    sa.CheckConstraint('accepted_count >= 0', name=op.f('ck_placements_accepted_not_negative')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_placements_ends_after_start')),
    sa.CheckConstraint('quota >= 1', name=op.f('ck_placements_quota_positive')),
    sa.CheckConstraint('required_hours >= 1', name=op.f('ck_placements_required_hours_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_placements_created_by_id_staff')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_placements_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_ends_on'), ['ends_on'], unique=False)
        batch_op.create_index('ix_placements_region_ends', ['region_code', 'ends_on'], unique=False)

    op.create_table('internships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('APPLIED', 'ACCEPTED', 'REJECTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN', name='internshipstatus', native_enum=False, length=16), nullable=False),
    sa.Column('applied_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('applied_by_id', sa.Integer(), nullable=True),
    sa.Column('request_letter_number', sa.String(length=120), nullable=True),
    sa.Column('campus_supervisor_name', sa.String(length=160), nullable=True),
    sa.Column('decided_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decision_letter_number', sa.String(length=120), nullable=True),
    sa.Column('started_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('completed_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdraw_reason', sa.Text(), nullable=True),
    sa.Column('minutes_logged', sa.Integer(), nullable=False),
    sa.Column('updated_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes_logged >= 0', name=op.f('ck_internships_minutes_not_negative')),
    sa.ForeignKeyConstraint(['applied_by_id'], ['staff.id'], name=op.f('fk_internships_applied_by_id_staff')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_internships_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_internships_placement_id_placements')),
    sa.ForeignKeyConstraint(['student_id'], ['students.id'], name=op.f('fk_internships_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internships')),
    sa.UniqueConstraint('placement_id', 'student_id', name=op.f('uq_internships_placement_id_student_id'))
    )
    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_internships_decided_at'), ['decided_at'], unique=False)
        batch_op.create_index('ix_internships_placement_status', ['placement_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_internships_student_id'), ['student_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('grade', sa.String(length=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('evaluated_by_id', sa.Integer(), nullable=True),
    sa.Column('evaluated_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('score >= 0 AND score <= 100', name=op.f('ck_evaluations_score_range')),
    sa.ForeignKeyConstraint(['evaluated_by_id'], ['staff.id'], name=op.f('fk_evaluations_evaluated_by_id_staff')),
    sa.ForeignKeyConstraint(['internship_id'], ['internships.id'], name=op.f('fk_evaluations_internship_id_internships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('internship_id', name=op.f('uq_evaluations_internship_id'))
    )
    op.create_table('internship_transitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('APPLIED', 'ACCEPTED', 'REJECTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN', name='internshipstatus', native_enum=False, length=16), nullable=True),
    sa.Column('to_status', sa.Enum('APPLIED', 'ACCEPTED', 'REJECTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN', name='internshipstatus', native_enum=False, length=16), nullable=False),
    sa.Column('at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_staff_id', sa.Integer(), nullable=True),
    sa.Column('by_name', sa.String(length=160), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['by_staff_id'], ['staff.id'], name=op.f('fk_internship_transitions_by_staff_id_staff')),
    sa.ForeignKeyConstraint(['internship_id'], ['internships.id'], name=op.f('fk_internship_transitions_internship_id_internships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internship_transitions'))
    )
    with op.batch_alter_table('internship_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_internship_transitions_internship_id'), ['internship_id'], unique=False)

    op.create_table('logbook_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('check_in', sa.Time(), nullable=False),
    sa.Column('check_out', sa.Time(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('activity', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'APPROVED', 'RETURNED', name='logbookstatus', native_enum=False, length=16), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('logged_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.CheckConstraint('check_out > check_in', name=op.f('ck_logbook_entries_out_after_in')),
    sa.CheckConstraint('minutes > 0', name=op.f('ck_logbook_entries_minutes_positive')),
    sa.ForeignKeyConstraint(['internship_id'], ['internships.id'], name=op.f('fk_logbook_entries_internship_id_internships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['logged_by_id'], ['staff.id'], name=op.f('fk_logbook_entries_logged_by_id_staff')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['staff.id'], name=op.f('fk_logbook_entries_reviewed_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logbook_entries')),
    sa.UniqueConstraint('internship_id', 'day', name=op.f('uq_logbook_entries_internship_id_day'))
    )


def downgrade() -> None:
    op.drop_table('logbook_entries')
    with op.batch_alter_table('internship_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_internship_transitions_internship_id'))

    op.drop_table('internship_transitions')
    op.drop_table('evaluations')
    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_internships_student_id'))
        batch_op.drop_index('ix_internships_placement_status')
        batch_op.drop_index(batch_op.f('ix_internships_decided_at'))

    op.drop_table('internships')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('ix_placements_region_ends')
        batch_op.drop_index(batch_op.f('ix_placements_ends_on'))

    op.drop_table('placements')
    op.drop_table('students')
