"""A person's rights: the export holds exactly their data, correction is audited, erasure
leaves every total as it was and no trace of them anywhere, retention erases the expired."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.auth.service import authenticate, issue_participant_token
from edu.calendar.service import calendar_secret, participant_by_secret
from edu.certificates.models import Certificate
from edu.certificates.service import find_by_code, verification_code
from edu.db import Base, Database, utcnow
from edu.errors import NotFound, Unauthenticated, UserError
from edu.evidence.chain import verify_chain
from edu.participants.models import Participant
from edu.privacy.notice import NOTICE_VERSION
from edu.privacy.page import export_html
from edu.privacy.service import (
    ERASED_RECIPIENT,
    correct_contact,
    erase_person,
    export_person,
)
from edu.registrations.models import Registration
from edu.registrations.service import attendance_summaries
from edu.sessions.models import EduSession
from scheduler.certificates.batches import run_next_batch
from scheduler.certificates.store import pdf_path
from scheduler.daily import DailyJobs
from scheduler.privacy import erase, run_retention
from tests.edu.certificates_factory import (
    CONFIRMED,
    LATE,
    PRESENT,
    issue,
    session_with,
    settings_for,
    staff,
)
from tests.edu.sessionkit import KEY, plan, sign_up

A_NAME, A_PHONE = "Baiq Nurul Hidayati", "+62 812 7777 1234"
B_NAME = "Lalu Ahmad Zakiyuddin"


def _person(database: Database, participant_id: int) -> tuple[Principal, str]:
    with database.transaction() as db:
        token = issue_participant_token(db, participant_id)
    with database.reader() as db:
        return authenticate(db, token), token


def _world(database: Database):
    officer = staff(database, Role.EDUCATION_OFFICER, region="52")
    sid, (a, b) = session_with(database, [(CONFIRMED, PRESENT), (CONFIRMED, LATE)],
                               names=[A_NAME, B_NAME])
    with database.transaction() as db:
        correct_contact(db, officer, a, phone_number=A_PHONE)
        correct_contact(db, officer, b, phone_number="+62 813 5555 0000")
    person, token = _person(database, a)
    # The factory's people have no birth date on record: a guardian's consent comes along.
    sign_up(database, plan(database, staff(database, Role.EDUCATION_OFFICER, region="5271")),
            principal=person, guardian=True)
    with database.reader() as db:
        a_email, b_email = (db.get(Participant, i).email for i in (a, b))
    return officer, sid, a, b, person, token, a_email, b_email


def test_the_export_holds_exactly_the_persons_data(database):
    officer, _, a, b, person, _, a_email, b_email = _world(database)
    with database.transaction() as db:
        own = export_person(db, person, a)
    with database.transaction() as db:
        by_staff = export_person(db, officer, a)
    for data in (own, by_staff):
        dumped = json.dumps(data, ensure_ascii=False)
        assert A_NAME in dumped and a_email in dumped and A_PHONE in dumped
        assert B_NAME not in dumped and b_email not in dumped and "+62 813" not in dumped
        assert officer.name not in dumped  # staff names are not the person's data
        assert len(data["registrations"]) == 2
        assert {r["consent"]["notice_version"] for r in data["registrations"]} == {
            None, NOTICE_VERSION}  # the one made by the register service records its notice
        html = export_html(data)
        assert A_NAME in html and B_NAME not in html and "<script" not in html
    with database.reader() as db:
        exports = db.execute(select(AuditEvent.actor_staff_id, AuditEvent.actor_participant_id)
                             .where(AuditEvent.action == "privacy.access_export")
                             .order_by(AuditEvent.seq)).all()
        assert exports == [(None, a), (officer.staff_id, None)]  # the person's, then staff's
    with database.transaction() as db, pytest.raises(NotFound):
        export_person(db, person, b)  # a person sees only themselves


def test_corrections_are_checked_and_audited(database):
    officer, _, a, b, person, _, _, b_email = _world(database)
    with database.transaction() as db:
        correct_contact(db, person, a, email_address="Baiq.Baru@Example.id")
    for bad, code in (({"email_address": "not-an-email"}, "INVALID_EMAIL"),
                      ({"email_address": b_email}, "EMAIL_TAKEN"),
                      ({"full_name": "  "}, "REQUIRED")):
        with pytest.raises(UserError) as err, database.transaction() as db:
            correct_contact(db, person, a, **bad)
        assert err.value.problems[0].code == code
    with database.transaction() as db, pytest.raises(NotFound):
        correct_contact(db, person, b, full_name="Someone")
    with database.reader() as db:
        assert db.get(Participant, a).email == "baiq.baru@example.id"
        staff_fix = db.scalar(select(AuditEvent).where(
            AuditEvent.action == "participant.correct", AuditEvent.entity_id == str(a),
            AuditEvent.actor_staff_id == officer.staff_id))
        assert staff_fix.before["phone"] is None and staff_fix.after["phone"] == A_PHONE


def _totals(db, sid: int) -> tuple:
    sessions = db.execute(select(EduSession.id, EduSession.confirmed_count,
                                 EduSession.waitlist_count).order_by(EduSession.id)).all()
    by_status = db.execute(select(Registration.status, Registration.attendance_status,
                                  func.count()).group_by(Registration.status,
                                                         Registration.attendance_status)
                           .order_by(Registration.status, Registration.attendance_status)).all()
    people = db.execute(select(Participant.gender, Participant.region_code,
                               func.count()).group_by(Participant.gender,
                                                      Participant.region_code)).all()
    return sessions, by_status, sorted(people, key=str), attendance_summaries(db, [sid])


def _text_everywhere(database: Database) -> str:
    """Every value of every column of every table, as text."""
    found = []
    with database.reader() as db:
        for table in Base.metadata.sorted_tables:
            for row in db.execute(text(f'SELECT * FROM "{table.name}"')):
                found += [str(v) for v in row if v is not None]
    return "\n".join(found)


def test_erasure_keeps_totals_and_leaves_no_trace(own_database, tmp_path):
    database = own_database
    officer, sid, a, b, _person, token, a_email, b_email = _world(database)
    settings = settings_for(database, tmp_path)
    issue(database, officer, session_id=sid)
    run_next_batch(settings, database, workers=1)
    with database.reader() as db:
        before = _totals(db, sid)
        secret = calendar_secret(KEY, db.get(Participant, a))
        certs = {c.recipient_id: c for c in db.scalars(select(Certificate))}
    files = {pid: pdf_path(settings.data_dir, c) for pid, c in certs.items()}
    assert all(f.exists() for f in files.values())
    everything = _text_everywhere(database)
    assert A_NAME in everything and a_email in everything and A_PHONE in everything
    with database.transaction() as db, pytest.raises(UserError, match="reason"):
        erase_person(db, officer, a)
    erasure = erase(settings, database, officer, a, reason="Permintaan orang tua, 1 Des 2026")
    assert erasure.redacted_events
    assert not files[a].exists() and files[b].exists()  # the PDF printed the name
    with database.reader() as db:
        assert _totals(db, sid) == before
        assert verify_chain(db).intact
        cert = find_by_code(db, verification_code(settings.secret_key, certs[a].id))
        assert cert.recipient_name == ERASED_RECIPIENT and cert.status.value == "VALID"
        with pytest.raises(NotFound):
            participant_by_secret(db, secret)
        with pytest.raises(Unauthenticated):
            authenticate(db, token)
    everything = _text_everywhere(database)
    for trace in (A_NAME, a_email, A_PHONE, "Baiq"):
        assert trace not in everything
    assert B_NAME in everything and b_email in everything  # the scan does see people
    with database.transaction() as db, pytest.raises(UserError, match="erased"):
        erase_person(db, officer, a, reason="again")


def test_a_person_can_erase_themselves(database):
    _, _, a, _, person, _, _, _ = _world(database)
    with database.transaction() as db:
        erase_person(db, person, a)
    with database.reader() as db:
        erased = db.get(Participant, a)
        assert erased.erased_at is not None and erased.email is None
        assert erased.full_name.startswith("Terhapus ")


def test_retention_lists_then_the_runner_erases_only_the_expired(own_database, tmp_path):
    database = own_database  # no live server's runner erases behind the test's back
    _, sid, a, b, _, _, _, _ = _world(database)
    now = utcnow()
    long_ago = now - timedelta(days=800)
    with database.transaction() as db:
        db.execute(update(EduSession).where(EduSession.id == sid).values(
            starts_at=long_ago, ends_at=long_ago + timedelta(hours=2)))
        db.execute(update(Participant).where(Participant.id.in_([a, b])).values(
            created_at=long_ago - timedelta(days=5)))
    settings = replace(settings_for(database, tmp_path), backup_dir=tmp_path / "daily",
                       retention_days=730)
    # A also registered for a session a few days ahead: not expired. B's last was 800 days ago.
    assert [e.person_id for e in run_retention(settings, database, now, dry_run=True)] \
        == [b]
    assert run_retention(replace(settings, retention_days=900), database, now,
                         dry_run=True) == []
    DailyJobs(settings, database).run_due()
    with database.reader() as db:
        assert db.get(Participant, b).erased_at is not None
        assert db.get(Participant, a).erased_at is None
        assert db.scalar(select(AuditEvent.after).where(
            AuditEvent.action == "privacy.erase"))["by"] == "retention"
    assert run_retention(settings, database, now, dry_run=True) == []
    assert len(list((tmp_path / "daily").glob("edu-backup-*.tar.gz"))) == 1
