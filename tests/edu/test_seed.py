"""The demo data is realistic and keeps every rule the services keep."""

from __future__ import annotations

from sqlalchemy import func, select

from edu.certificates.models import CertificateOffice
from edu.registrations.models import Registration, RegistrationStatus
from edu.seed import seed_demo
from edu.sessions.models import EduSession, Segment, SessionStatus


def test_demo_data_is_varied_and_consistent_and_seeding_twice_adds_nothing(database,
                                                                       base_settings):
    summary = seed_demo(database, base_settings)
    assert "48 sessions" in summary and "internships" in summary
    with database.reader() as db:
        sessions = list(db.scalars(select(EduSession)))
        assert {s.segment for s in sessions} == set(Segment)
        assert len({s.region_code for s in sessions}) == 11
        assert {s.status for s in sessions} == set(SessionStatus)
        for s in sessions:
            confirmed = db.scalar(select(func.count()).where(
                Registration.session_id == s.id,
                Registration.status == RegistrationStatus.CONFIRMED))
            positions = list(db.scalars(select(Registration.waitlist_position).where(
                Registration.session_id == s.id,
                Registration.status == RegistrationStatus.WAITLISTED)
                .order_by(Registration.waitlist_position)))
            assert confirmed == s.confirmed_count <= s.capacity
            assert positions == list(range(1, s.waitlist_count + 1))
        assert db.scalar(select(func.count()).select_from(Registration)) > 500
        attended = db.scalar(select(func.count()).where(
            Registration.attendance_status.is_not(None)))
        assert attended > 100
        signers = db.scalars(select(CertificateOffice.signer_name)).all()
        assert len(signers) == 11 and all(signers)  # every office's certificates are signed
        registrations = db.scalar(select(func.count()).select_from(Registration))

    # Seeding again adds nothing (checked on this seeded database: a seed costs seconds).
    assert "nothing added" in seed_demo(database, base_settings)
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(Registration)) == registrations
