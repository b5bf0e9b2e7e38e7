"""foundation: regions, offices, staff, tokens, audit, sessions, participants, registrations

Revision ID: 0001
Revises: 
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# The province and its ten kabupaten/kota, with their offices (reference data).
REGIONS = [
    ("52", "Nusa Tenggara Barat", "PROVINCE", None, "KPU Provinsi Nusa Tenggara Barat", "KPU-Prov"),
    ("5201", "Lombok Barat", "REGENCY", "52", "KPU Kabupaten Lombok Barat", "KPU-Kab"),
    ("5202", "Lombok Tengah", "REGENCY", "52", "KPU Kabupaten Lombok Tengah", "KPU-Kab"),
    ("5203", "Lombok Timur", "REGENCY", "52", "KPU Kabupaten Lombok Timur", "KPU-Kab"),
    ("5204", "Sumbawa", "REGENCY", "52", "KPU Kabupaten Sumbawa", "KPU-Kab"),
    ("5205", "Dompu", "REGENCY", "52", "KPU Kabupaten Dompu", "KPU-Kab"),
    ("5206", "Bima", "REGENCY", "52", "KPU Kabupaten Bima", "KPU-Kab"),
    ("5207", "Sumbawa Barat", "REGENCY", "52", "KPU Kabupaten Sumbawa Barat", "KPU-Kab"),
    ("5208", "Lombok Utara", "REGENCY", "52", "KPU Kabupaten Lombok Utara", "KPU-Kab"),
    ("5271", "Kota Mataram", "CITY", "52", "KPU Kota Mataram", "KPU-Kot"),
    ("5272", "Kota Bima", "CITY", "52", "KPU Kota Bima", "KPU-Kot"),
]
DIVISION = "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM"


def _reference_data() -> None:
    regions = sa.table(
        "regions", sa.column("code"), sa.column("name"), sa.column("level"),
        sa.column("parent_code"),
    )
    offices = sa.table(
        "offices", sa.column("region_code"), sa.column("name"), sa.column("timezone"),
        sa.column("division_name"), sa.column("level_code"),
    )
    op.bulk_insert(
        regions,
        [{"code": c, "name": n, "level": lv, "parent_code": p} for c, n, lv, p, _, _ in REGIONS],
    )
    op.bulk_insert(
        offices,
        [
            {"region_code": c, "name": o, "timezone": "Asia/Makassar", "division_name": DIVISION,
             "level_code": lc}
            for c, _, _, _, o, lc in REGIONS
        ],
    )


def upgrade() -> None:
    op.create_table('regions',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['regions.code'], name=op.f('fk_regions_parent_code_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions'))
    )
    op.create_table('universities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_universities')),
    sa.UniqueConstraint('code', name=op.f('uq_universities_code'))
    )
    op.create_table('offices',
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('timezone', sa.String(length=40), nullable=False),
    sa.Column('division_name', sa.String(length=160), nullable=False),
    sa.Column('level_code', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_offices_region_code_regions')),
    sa.PrimaryKeyConstraint('region_code', name=op.f('pk_offices'))
    )
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=160), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('gender', sa.Enum('FEMALE', 'MALE', name='gender', native_enum=False, length=8), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('disability', sa.Boolean(), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=True),
    sa.Column('region_code', sa.String(length=8), nullable=True),
    sa.Column('consent_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('consent_purpose', sa.String(length=200), nullable=False),
    sa.Column('guardian_consent_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('calendar_version', sa.Integer(), nullable=False),
    sa.Column('calendar_secret_hash', sa.String(length=64), nullable=True),
    sa.Column('calendar_revoked_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_participants_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('calendar_secret_hash', name=op.f('uq_participants_calendar_secret_hash')),
    sa.UniqueConstraint('email', name=op.f('uq_participants_email'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=160), nullable=False),
    sa.Column('role', sa.Enum('ADMIN', 'EDUCATION_OFFICER', 'INTERNSHIP_OFFICER', 'UNIVERSITY_COORDINATOR', 'FACILITATOR', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=True),
    sa.Column('university_id', sa.Integer(), nullable=True),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_staff_region_code_regions')),
    sa.ForeignKeyConstraint(['university_id'], ['universities.id'], name=op.f('fk_staff_university_id_universities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_api_tokens_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_api_tokens_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_staff_id', sa.Integer(), nullable=True),
    sa.Column('actor_participant_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=160), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_participant_id'], ['participants.id'], name=op.f('fk_audit_events_actor_participant_id_participants')),
    sa.ForeignKeyConstraint(['actor_staff_id'], ['staff.id'], name=op.f('fk_audit_events_actor_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_staff_id'), ['actor_staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('segment', sa.Enum('FAMILY', 'FIRST_TIME_VOTERS', 'YOUNG_VOTERS', 'WOMEN', 'PEOPLE_WITH_DISABILITIES', 'SPECIAL_NEEDS', 'MARGINALIZED', 'COMMUNITY', 'RELIGIOUS', 'NETIZENS', 'GENERAL_PUBLIC', name='segment', native_enum=False, length=32), nullable=False),
    sa.Column('format', sa.Enum('IN_PERSON', 'ONLINE', 'HYBRID', name='sessionformat', native_enum=False, length=16), nullable=False),
    sa.Column('method', sa.Enum('FORUM', 'DISCUSSION', 'SEMINAR', 'WORKSHOP', 'TRAINING', 'LECTURE', 'SIMULATION', 'TALK_SHOW', 'LOCAL_CULTURE', 'PRINT_MEDIA', 'BROADCAST', 'ONLINE_MEDIA', 'SOCIAL_MEDIA', 'OUTDOOR_MEDIA', name='method', native_enum=False, length=32), nullable=True),
    sa.Column('program', sa.String(length=120), nullable=True),
    sa.Column('venue_name', sa.String(length=200), nullable=True),
    sa.Column('venue_address', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('starts_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('confirmed_count', sa.Integer(), nullable=False),
    sa.Column('waitlist_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('DRAFT', 'PUBLISHED', 'COMPLETED', 'CANCELLED', name='sessionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('cancelled_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_sessions_capacity_positive')),
    sa.CheckConstraint('confirmed_count <= capacity', name=op.f('ck_sessions_not_oversold')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_sessions_created_by_id_staff')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_sessions_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index('ix_sessions_region_starts', ['region_code', 'starts_at'], unique=False)
        batch_op.create_index('ix_sessions_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('CONFIRMED', 'WAITLISTED', 'CANCELLED', name='registrationstatus', native_enum=False, length=16), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('ticket_hash', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('created_at', edu.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attendance_status', sa.Enum('PRESENT', 'LATE', 'EXCUSED', 'ABSENT', name='attendancestatus', native_enum=False, length=16), nullable=True),
    sa.Column('checked_in_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attendance_recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('attendance_recorded_at', edu.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['attendance_recorded_by_id'], ['staff.id'], name=op.f('fk_registrations_attendance_recorded_by_id_staff')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_registrations_participant_id_participants')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_registrations_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('session_id', 'participant_id', name=op.f('uq_registrations_session_id_participant_id')),
    sa.UniqueConstraint('ticket_hash', name=op.f('uq_registrations_ticket_hash'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_registrations_session_status', ['session_id', 'status', 'waitlist_position'], unique=False)

    op.create_table('session_facilitators',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_facilitators_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_session_facilitators_staff_id_staff')),
    sa.PrimaryKeyConstraint('session_id', 'staff_id', name=op.f('pk_session_facilitators'))
    )
    with op.batch_alter_table('session_facilitators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_facilitators_staff_id'), ['staff_id'], unique=False)
    _reference_data()


def downgrade() -> None:
    with op.batch_alter_table('session_facilitators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_facilitators_staff_id'))

    op.drop_table('session_facilitators')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_registrations_session_status')
        batch_op.drop_index(batch_op.f('ix_registrations_participant_id'))

    op.drop_table('registrations')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_sessions_status_starts')
        batch_op.drop_index('ix_sessions_region_starts')

    op.drop_table('sessions')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_staff_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('api_tokens')
    op.drop_table('staff')
    op.drop_table('participants')
    op.drop_table('offices')
    op.drop_table('universities')
    op.drop_table('regions')
