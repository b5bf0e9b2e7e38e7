"""Certificates follow a session that took place and a completed internship, and nothing
else: not before the session ended or was completed, not after it was cancelled; a re-issue
only replaces a valid certificate of someone still eligible (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.certificates import service
from edu.certificates.models import CertificateStatus
from edu.db import Database
from edu.errors import UserError
from edu.internships.models import Internship, InternshipStatus
from edu.registrations.models import AttendanceStatus, Registration
from edu.sessions import service as sessions
from edu.sessions.models import EduSession, SessionStatus
from scheduler.certificates.batches import BatchRunner
from tests.edu.certificates_factory import (
    CONFIRMED,
    LATE,
    PRESENT,
    certificates,
    issue,
    placement_with,
    session_with,
    settings_for,
    staff,
)


@pytest.fixture
def database(own_database: Database) -> Database:
    """A database no live server's batch runner takes batches from."""
    return own_database


@pytest.fixture
def admin(database: Database):
    return staff(database, Role.ADMIN)


def run(database: Database, data_dir: Path, batch_id: int):
    return BatchRunner(settings_for(database, data_dir), database).run(batch_id)


def issue_code(database: Database, who, **subject: int) -> str:
    with pytest.raises(UserError) as err:
        issue(database, who, **subject)
    return err.value.problems[0].code


def test_no_certificates_before_the_session_took_place(database, admin):
    soon = datetime.now(UTC) + timedelta(days=2)
    published, _ = session_with(database, [(CONFIRMED, PRESENT)], status=SessionStatus.PUBLISHED,
                                starts=datetime.now(UTC) - timedelta(hours=1))
    not_ended, _ = session_with(database, [(CONFIRMED, PRESENT)], starts=soon)
    draft, _ = session_with(database, [(CONFIRMED, PRESENT)], status=SessionStatus.DRAFT)
    for session_id in (published, not_ended, draft):
        assert issue_code(database, admin, session_id=session_id) == "SESSION_NOT_COMPLETED"
    assert certificates(database) == []


def test_cancelling_a_session_revokes_its_certificates_audited(database, admin, tmp_path):
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT), (CONFIRMED, LATE)])
    other, _ = session_with(database, [(CONFIRMED, PRESENT)])
    run(database, tmp_path, issue(database, admin, session_id=session_id))
    run(database, tmp_path, issue(database, admin, session_id=other))
    # Certificates issued under the old rules to a session that is still open.
    with database.transaction() as db:
        db.execute(update(EduSession).where(EduSession.id == session_id)
                   .values(status=SessionStatus.PUBLISHED))
    officer = staff(database, Role.EDUCATION_OFFICER, region="5271")
    with database.transaction() as db:
        sessions.cancel_session(db, officer, session_id, "Banjir di lokasi")
    revoked = certificates(database, subject_id=session_id)
    assert {c.status for c in revoked} == {CertificateStatus.REVOKED}
    assert all(c.revocation_reason == "Kegiatan dibatalkan: Banjir di lokasi" for c in revoked)
    assert [c.status for c in certificates(database, subject_id=other)] == [
        CertificateStatus.VALID]
    with database.reader() as db:
        events = db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "certificate.revoke", AuditEvent.actor_staff_id ==
            officer.staff_id))
    assert events == 2


def test_reissue_only_of_a_valid_certificate_to_an_eligible_holder(database, admin, tmp_path):
    settings = settings_for(database, tmp_path)
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)] * 3)
    run(database, tmp_path, issue(database, admin, session_id=session_id))
    revoked, absent, fine = certificates(database, subject_id=session_id)
    with database.transaction() as db:
        service.revoke_certificate(db, admin, certificate_id=revoked.id, reason="Salah catat")
        # Attendance corrected under the old rules: this holder is now ABSENT.
        db.execute(update(Registration).where(Registration.participant_id == absent.recipient_id)
                   .values(attendance_status=AttendanceStatus.ABSENT))

    def reissue(cert_id: int) -> str:
        with database.transaction() as db, pytest.raises(UserError) as err:
            service.reissue_certificate(db, admin, settings.secret_key, settings.public_url,
                                        certificate_id=cert_id, reason="Koreksi")
        return err.value.problems[0].code

    assert reissue(revoked.id) == "REVOKED"
    assert reissue(absent.id) == "NOT_ELIGIBLE"
    assert [c.status for c in certificates(database, subject_id=session_id)] == [
        CertificateStatus.REVOKED, CertificateStatus.VALID, CertificateStatus.VALID]
    with database.transaction() as db:
        new = service.reissue_certificate(db, admin, settings.secret_key, settings.public_url,
                                          certificate_id=fine.id, reason="Koreksi",
                                          recipient_name="x" * 160)
        assert new.status is CertificateStatus.VALID
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.reissue_certificate(db, admin, settings.secret_key, settings.public_url,
                                    certificate_id=new.id, reason="Koreksi",
                                    recipient_name="x" * 161)
    assert err.value.problems[0].code == "TOO_LONG"


def test_internship_certificates_only_for_completed_interns(database, admin, tmp_path):
    settings = settings_for(database, tmp_path)
    officer = staff(database, Role.INTERNSHIP_OFFICER)
    active, _ = placement_with(database, [InternshipStatus.ACTIVE, InternshipStatus.ACCEPTED])
    assert issue_code(database, officer, placement_id=active) == "NOTHING_TO_ISSUE"
    placement_id, (done, _) = placement_with(database, [InternshipStatus.COMPLETED,
                                                        InternshipStatus.ACTIVE])
    run(database, tmp_path, issue(database, officer, placement_id=placement_id))
    (cert,) = certificates(database, subject_id=placement_id)
    assert cert.recipient_id == done
    with database.transaction() as db:
        db.execute(update(Internship).where(Internship.id == done)
                   .values(status=InternshipStatus.WITHDRAWN))
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.reissue_certificate(db, officer, settings.secret_key, settings.public_url,
                                    certificate_id=cert.id, reason="Koreksi nama")
    assert err.value.problems[0].code == "NOT_ELIGIBLE"


def test_office_settings_have_length_limits(database, admin):
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.configure_office(db, admin, region_code="5271", changes={
            "signer_name": "x" * 161, "signer_title": "x" * 161, "place": "x" * 81,
            "background_path": "/" + "x" * 10_000, "number_template": "{seq}" + "x" * 120})
    assert sorted((p.field, p.code) for p in err.value.problems) == [
        ("backgroundPath", "TOO_LONG"), ("numberTemplate", "TOO_LONG"), ("place", "TOO_LONG"),
        ("signerName", "TOO_LONG"), ("signerTitle", "TOO_LONG")]
