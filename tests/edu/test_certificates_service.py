"""Certificate rules on SQLite and PostgreSQL: eligibility, idempotence, gap-free numbers
(also under concurrent batches), revocation, re-issue and public lookups."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.certificates import service
from edu.certificates.content import ROMAN_MONTHS
from edu.certificates.models import (
    BatchStatus,
    CertificateKind,
    CertificateLookup,
    CertificateOffice,
    CertificateStatus,
)
from edu.db import Database
from edu.errors import NotFound, UserError
from edu.internships.models import InternshipStatus
from edu.registrations.models import AttendanceStatus, RegistrationStatus
from edu.sessions.models import SessionStatus
from scheduler.certificates.batches import BatchRunner
from tests.edu.certificates_factory import (
    CONFIRMED,
    LATE,
    PRESENT,
    batch,
    certificates,
    issue,
    placement_with,
    session_with,
    settings_for,
    staff,
)


@pytest.fixture
def admin(database: Database):
    return staff(database, Role.ADMIN)

@pytest.fixture
def database(own_database: Database) -> Database:
    """These tests' own database (see tests/edu/certificates_factory.py)."""
    return own_database



def run(database: Database, data_dir: Path, batch_id: int, **kw: object):
    return BatchRunner(settings_for(database, data_dir), database, **kw).run(batch_id)


def this_year() -> int:
    return datetime.now(UTC).astimezone(ZoneInfo("Asia/Makassar")).year


def sequences(database: Database, region: str = "5271") -> list[int]:
    return sorted(c.sequence for c in certificates(database, region_code=region, year=this_year()))


def test_a_session_certifies_confirmed_attendees_marked_present_or_late(database, admin, tmp_path):
    rows = [(CONFIRMED, PRESENT), (CONFIRMED, LATE), (CONFIRMED, AttendanceStatus.ABSENT),
            (CONFIRMED, AttendanceStatus.EXCUSED), (CONFIRMED, None),
            (RegistrationStatus.WAITLISTED, PRESENT), (RegistrationStatus.CANCELLED, LATE)]
    session_id, people = session_with(database, rows)
    batch_id = issue(database, admin, session_id=session_id)
    assert batch(database, batch_id).total == 2
    done = run(database, tmp_path, batch_id)
    assert (done.status, done.total, done.issued, done.skipped, done.failed, done.rendered) == (
        BatchStatus.COMPLETED, 2, 2, 0, 0, 2)
    certs = certificates(database, subject_id=session_id, kind=CertificateKind.SESSION)
    assert [c.recipient_id for c in certs] == people[:2]
    assert all(c.pdf_sha256 and c.status is CertificateStatus.VALID for c in certs)


def test_a_placement_certifies_completed_internships(database, admin, tmp_path):
    statuses = [InternshipStatus.COMPLETED, InternshipStatus.ACTIVE, InternshipStatus.COMPLETED,
                InternshipStatus.WITHDRAWN, InternshipStatus.ACCEPTED]
    placement_id, interns = placement_with(database, statuses)
    done = run(database, tmp_path, issue(database, admin, placement_id=placement_id))
    assert (done.issued, done.total) == (2, 2)
    certs = certificates(database, kind=CertificateKind.INTERNSHIP, subject_id=placement_id)
    assert [c.recipient_id for c in certs] == [interns[0], interns[2]]
    assert certs[0].printed["role_line"] == "telah menyelesaikan program magang"
    assert certs[0].printed["subject_date"] == "1 Agustus – 30 September 2026"


def test_issuing_again_skips_who_already_has_one(database, admin, tmp_path):
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)] * 3)
    first = run(database, tmp_path, issue(database, admin, session_id=session_id))
    second = run(database, tmp_path, issue(database, admin, session_id=session_id))
    assert (first.issued, first.skipped) == (3, 0)
    assert (second.total, second.issued, second.skipped) == (3, 0, 3)
    assert len(certificates(database, subject_id=session_id)) == 3
    assert sequences(database) == [1, 2, 3]


def test_numbers_follow_the_office_template_and_year(database, admin, tmp_path):
    with database.transaction() as db:
        db.add(CertificateOffice(region_code="5204", signer_name="H. Lalu Sumbawa",
                                 number_template="{seq:04d}/SERT/{unit}/{level}/{month}/{year}"))
    mataram, _ = session_with(database, [(CONFIRMED, PRESENT)] * 2)
    sumbawa, _ = session_with(database, [(CONFIRMED, LATE)], region="5204")
    run(database, tmp_path, issue(database, admin, session_id=mataram))
    run(database, tmp_path, issue(database, admin, session_id=sumbawa))
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Makassar")).date()
    month = ROMAN_MONTHS[today.month - 1]
    assert [c.number for c in certificates(database, subject_id=mataram)] == [
        f"001/PP.08.1-Pu/5271/KPU-Kot/{month}/{today.year}",
        f"002/PP.08.1-Pu/5271/KPU-Kot/{month}/{today.year}",
    ]
    (sumbawa_cert,) = certificates(database, subject_id=sumbawa)
    assert sumbawa_cert.number == f"0001/SERT/5204/KPU-Kab/{month}/{today.year}"
    assert sumbawa_cert.printed["signer_name"] == "H. Lalu Sumbawa"


def test_a_number_template_is_checked():
    assert service.check_number_template("{seq:03d}/X/{unit}/{year}") == []
    assert service.check_number_template("{nope}/{seq}")[0].code == "INVALID"
    assert service.check_number_template("{unit}/{year}")[0].code == "INVALID"


def test_rules_for_who_may_issue(database, admin):
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    cancelled, _ = session_with(database, [(CONFIRMED, PRESENT)], status=SessionStatus.CANCELLED)
    empty, _ = session_with(database, [(CONFIRMED, AttendanceStatus.ABSENT)])
    elsewhere = staff(database, Role.EDUCATION_OFFICER, region="5204")
    with pytest.raises(UserError) as err:
        issue(database, admin, session_id=cancelled)
    assert err.value.problems[0].code == "SESSION_CANCELLED"
    with pytest.raises(UserError) as err:
        issue(database, admin, session_id=empty)
    assert err.value.problems[0].code == "NOTHING_TO_ISSUE"
    with pytest.raises(UserError) as err:
        issue(database, admin, session_id=session_id, placement_id=1)
    assert err.value.problems[0].code == "INVALID"
    with pytest.raises(Exception) as exc:
        issue(database, elsewhere, session_id=session_id)
    assert type(exc.value).__name__ in ("Forbidden", "NotFound")
    batch_id = issue(database, staff(database, Role.EDUCATION_OFFICER, region="5271"),
                     session_id=session_id)
    with database.reader() as db:
        with pytest.raises(NotFound):
            service.get_batch(db, elsewhere, batch_id)
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "certificate_batch.create")) == 1


def _concurrently(*calls) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(len(calls))

    def go(call) -> None:
        try:
            start.wait()
            call()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors


def test_two_concurrent_batches_of_one_office_share_no_number_and_skip_none(
        database, admin, tmp_path):
    a, people_a = session_with(database, [(CONFIRMED, PRESENT)] * 45)
    b, people_b = session_with(database, [(CONFIRMED, LATE)] * 38)
    ba, bb = issue(database, admin, session_id=a), issue(database, admin, session_id=b)
    _concurrently(lambda: run(database, tmp_path, ba, chunk_size=4, workers=1),
                  lambda: run(database, tmp_path, bb, chunk_size=3, workers=1))
    assert sequences(database) == list(range(1, 45 + 38 + 1))
    assert [c.recipient_id for c in certificates(database, subject_id=a)] == people_a
    assert [c.recipient_id for c in certificates(database, subject_id=b)] == people_b


def test_two_concurrent_batches_for_one_session_issue_each_person_once(database, admin, tmp_path):
    session_id, people = session_with(database, [(CONFIRMED, PRESENT)] * 40)
    first, second = (issue(database, admin, session_id=session_id) for _ in range(2))
    _concurrently(lambda: run(database, tmp_path, first, chunk_size=3, workers=1),
                  lambda: run(database, tmp_path, second, chunk_size=5, workers=1))
    certs = certificates(database, subject_id=session_id)
    assert sorted(c.recipient_id for c in certs) == people
    assert sequences(database) == list(range(1, 41))
    one, two = batch(database, first), batch(database, second)
    assert one.issued + two.issued == 40
    assert (one.issued + one.skipped, two.issued + two.skipped) == (40, 40)


def test_revocation_needs_a_reason_and_happens_once(database, admin, tmp_path):
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    run(database, tmp_path, issue(database, admin, session_id=session_id))
    (cert,) = certificates(database, subject_id=session_id)
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.revoke_certificate(db, admin, certificate_id=cert.id, reason="  ")
    assert err.value.problems[0].code == "REQUIRED"
    elsewhere = staff(database, Role.EDUCATION_OFFICER, region="5204")
    with database.transaction() as db, pytest.raises(NotFound):
        service.revoke_certificate(db, elsewhere, certificate_id=cert.id, reason="salah nama")
    with database.transaction() as db:
        revoked = service.revoke_certificate(db, admin, certificate_id=cert.id,
                                             reason="Tidak hadir, salah catat")
        assert revoked.status is CertificateStatus.REVOKED and revoked.revoked_at is not None
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.revoke_certificate(db, admin, certificate_id=cert.id, reason="lagi")
    assert err.value.problems[0].code == "ALREADY_REVOKED"
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "certificate.revoke")) == 1


def test_reissue_links_old_to_new_with_the_next_number(database, admin, tmp_path):
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)] * 2,
                                 names=["Baiq Nurul Hidayat", "Lalu Ahmad"])
    settings = settings_for(database, tmp_path)
    run(database, tmp_path, issue(database, admin, session_id=session_id))
    old = certificates(database, subject_id=session_id)[0]
    with database.transaction() as db:
        new = service.reissue_certificate(
            db, admin, settings.secret_key, settings.public_url, certificate_id=old.id,
            reason="Nama salah ketik", recipient_name="Baiq Nurul Hidayati")
        new_id = new.id
    old_now, _other, new = certificates(database, subject_id=session_id)
    assert (old_now.status, old_now.replaced_by_id) == (CertificateStatus.REPLACED, new_id)
    assert (new.replaces_id, new.generation, new.recipient_name) == (
        old.id, 1, "Baiq Nurul Hidayati")
    assert new.sequence == 3 and new.status is CertificateStatus.VALID
    # A later batch still counts the person as served.
    again = run(database, tmp_path, issue(database, admin, session_id=session_id))
    assert (again.issued, again.skipped) == (0, 2)
    with database.reader() as db:
        assert service.find_by_code(db, service.verification_code(settings.secret_key, old.id)
                                    ).status is CertificateStatus.REPLACED
        mine = service.certificates_of_participants(db, [old.recipient_id])[old.recipient_id]
        assert [c.id for c in mine] == [new_id]


def test_codes_are_128_bits_case_insensitive_and_stored_hashed(database, admin, tmp_path):
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    settings = settings_for(database, tmp_path)
    run(database, tmp_path, issue(database, admin, session_id=session_id))
    (cert,) = certificates(database, subject_id=session_id)
    code = service.verification_code(settings.secret_key, cert.id)
    assert re.fullmatch(r"[A-Z2-7]{26}", code)  # 26 x 5 = 130 bits
    assert cert.code_hash != code and code not in str(cert.printed)
    with database.transaction() as db:
        assert service.lookup(db, code.lower(), channel="PAGE", client="10.0.0.1").id == cert.id
        assert service.lookup(db, "A" * 26, channel="PAGE", client="10.0.0.1") is None
    with database.reader() as db:
        results = db.scalars(select(CertificateLookup.result).order_by(CertificateLookup.id))
        assert list(results) == ["VALID", "UNKNOWN"]


def test_lookups_are_rate_limited_per_client(database):
    now = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    with database.transaction() as db:
        for _ in range(service.LOOKUP_LIMIT):
            service.lookup(db, "X" * 26, channel="PAGE", client="a", now=now)
    with database.transaction() as db, pytest.raises(service.TooManyLookups):
        service.lookup(db, "X" * 26, channel="PAGE", client="a", now=now)
    with database.transaction() as db:
        assert service.lookup(db, "X" * 26, channel="PAGE", client="b", now=now) is None


def test_participant_and_internship_views(database, admin, tmp_path):
    session_id, people = session_with(database, [(CONFIRMED, PRESENT)])
    placement_id, interns = placement_with(database, [InternshipStatus.COMPLETED,
                                                      InternshipStatus.ACTIVE])
    run(database, tmp_path, issue(database, admin, session_id=session_id))
    run(database, tmp_path, issue(database, admin, placement_id=placement_id))
    with database.reader() as db:
        assert len(service.certificates_of_participants(db, people)[people[0]]) == 1
        found = service.certificates_of_internships(db, interns)
        assert found[interns[0]] is not None and found[interns[1]] is None


def test_format_dates_in_indonesian():
    from edu.certificates.content import format_date_id, format_day_id, format_period_id

    assert format_date_id(date(2026, 12, 10)) == "10 Desember 2026"
    assert format_day_id(date(2026, 12, 10)) == "Kamis, 10 Desember 2026"
    assert format_period_id(date(2026, 12, 30), date(2027, 1, 2)) == (
        "30 Desember 2026 – 2 Januari 2027")


def test_office_settings_are_checked_audited_and_printed(database, admin, tmp_path):
    officer = staff(database, Role.EDUCATION_OFFICER, region="5271")
    with database.transaction() as db, pytest.raises(Exception) as exc:
        service.configure_office(db, officer, region_code="5271", changes={"signer_name": "X"})
    assert type(exc.value).__name__ == "Forbidden"
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.configure_office(db, admin, region_code="5271", changes={
            "number_template": "{nope}", "accent": "red", "logo_path": "/no/such.png"})
    assert [(p.code, p.field) for p in err.value.problems] == [
        ("INVALID", "numberTemplate"), ("INVALID", "accent"), ("INVALID", "logoPath")]
    with database.transaction() as db:
        service.configure_office(db, admin, region_code="5271", changes={
            "signer_name": "Dr. H. Lalu Ahmad Fauzi, M.Si.", "place": "Mataram",
            "number_template": "{seq:04d}/SERT/{unit}/{year}", "accent": "#123456",
            "signer_title": None})
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    run(database, tmp_path, issue(database, admin, session_id=session_id))
    (cert,) = certificates(database, subject_id=session_id)
    assert cert.number == f"0001/SERT/5271/{this_year()}"
    assert cert.printed["signer_name"] == "Dr. H. Lalu Ahmad Fauzi, M.Si."
    assert cert.printed["signer_title"] == "Ketua KPU Kota Mataram"
    with database.reader() as db:
        event = db.scalar(select(AuditEvent).where(
            AuditEvent.action == "certificate_office.configure"))
        assert event is not None and event.entity_id == "5271"
        assert event.after["accent"] == "#123456"


def test_a_recipient_without_a_printable_name_fails_and_a_later_batch_catches_up(
        database, admin, tmp_path):
    from edu.participants.models import Participant

    session_id, people = session_with(database, [(CONFIRMED, PRESENT)] * 3,
                                      names=["Baiq Nurul", "  ", "Lalu Ahmad"])
    first = run(database, tmp_path, issue(database, admin, session_id=session_id))
    assert (first.total, first.issued, first.skipped, first.failed) == (3, 2, 0, 1)
    assert sequences(database) == [1, 2]  # no number spent on the failure
    with database.transaction() as db:
        db.get(Participant, people[1]).full_name = "Ni Luh Putu"
    second = run(database, tmp_path, issue(database, admin, session_id=session_id))
    assert (second.issued, second.skipped, second.failed) == (1, 2, 0)
    assert [c.recipient_name for c in certificates(database, subject_id=session_id)] == [
        "Baiq Nurul", "Lalu Ahmad", "Ni Luh Putu"]
