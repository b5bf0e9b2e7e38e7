"""Check-in at the door in the service (SQLite and PostgreSQL): one ticket scanned at many
doors at the same moment is checked in once, and only one of them hears it was the first."""

from __future__ import annotations

from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.registrations.door import DoorCheckIn, check_in_at_door
from edu.registrations.service import Registered, check_in
from tests.edu.sessionkit import KEY, at, details, plan, sign_up, staff, together


def test_two_doors_scanning_one_ticket_check_it_in_once(database):
    officer = staff(database)
    sid = plan(database, officer, start=at(0, hours=0.5))
    person = sign_up(database, sid, details("Baiq Nurul"))
    assert isinstance(person, Registered)

    def scan(_: int) -> DoorCheckIn:
        with database.transaction() as db:
            return check_in_at_door(db, officer, KEY, session_id=sid,
                                    ticket_code_text=person.ticket_code)

    results = together(4, scan)
    assert all(isinstance(r, DoorCheckIn) for r in results), results
    assert sorted(r.first for r in results) == [False, False, False, True]
    assert len({r.registration.checked_in_at for r in results}) == 1
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "attendance.check_in")) == 1


def test_the_apis_check_in_raced_writes_one_check_in(database):
    officer = staff(database)
    sid = plan(database, officer, start=at(0, hours=0.5))
    person = sign_up(database, sid, details("Lalu Ahmad"))
    assert isinstance(person, Registered)

    def scan(_: int) -> object:
        with database.transaction() as db:
            return check_in(db, officer, KEY, session_id=sid,
                            ticket_code_text=person.ticket_code).checked_in_at

    stamps = together(4, scan)
    assert len(set(stamps)) == 1, stamps  # every scan answers with the first time
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "attendance.check_in")) == 1
