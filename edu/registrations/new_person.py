"""Booking someone who registers for the first time: a Core statement a row, the seat last.

Most of a registration rush is people new to edu (a class, a village hall). The ORM's unit
of work cost more CPU than the statements it sent, so this path writes each row with one
Core statement and hands back objects built from the values it wrote.

The order keeps the session's row lock (PostgreSQL) short: first the person's rows, which
lock nothing shared (a twin request with the same email waits on the unique index and then
finds the address taken); then the seat, taken by one UPDATE whose WHERE repeats what was
read before the lock (published, not started, the same start and place); then the
registration and its notices. The version row and the COMMIT follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from edu.calendar.service import calendar_secret
from edu.notifications import outbox
from edu.participants.models import Participant
from edu.participants.service import CONSENT_PURPOSE, ParticipantDetails
from edu.privacy.notice import CONSENT_TEXT, NOTICE_VERSION
from edu.registrations.models import Registration, RegistrationStatus
from edu.secrets import hash_secret
from edu.sessions.models import EduSession, SessionStatus
from edu.validation import normal_email

_PEOPLE = cast(Table, Participant.__table__)
_SESSIONS = cast(Table, EduSession.__table__)
_REGISTRATIONS = cast(Table, Registration.__table__)


def _insert_unless_known(db: Session, values: dict[str, Any]) -> Any:
    """INSERT … ON CONFLICT (email) DO NOTHING RETURNING id, in the database's dialect."""
    make = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    return make(_PEOPLE).values(values).on_conflict_do_nothing(
        index_elements=[_PEOPLE.c.email]).returning(_PEOPLE.c.id)


def insert_person(db: Session, key: bytes, d: ParticipantDetails, *, now: datetime,
                  guardian_consent: bool) -> Participant | None:
    """A new participant with their consent, or None when the email is already on record."""
    values: dict[str, Any] = {
        "full_name": (d.full_name or "").strip(), "email": normal_email(d.email),
        "phone": d.phone.strip() if d.phone else None, "gender": d.gender,
        "birth_date": d.birth_date, "region_code": d.region_code, "disability": d.disability,
        "institution": d.institution.strip() if d.institution else None,
        "consent_at": now, "consent_purpose": CONSENT_PURPOSE,
        "guardian_consent_at": now if guardian_consent else None, "calendar_version": 1,
        "language": "id", "reminders": True, "created_at": now,
    }
    new_id = db.execute(_insert_unless_known(db, values)).scalar()
    if new_id is None:
        return None
    person = Participant(id=new_id, calendar_revoked_at=None, own_page_secret_hash=None,
                         erased_at=None, **values)
    # Derived from the id: known only now. The object is then the row as stored, and joins
    # the session as such, so that a later change to it (the site sets the language) is
    # written by the ORM as usual.
    person.calendar_secret_hash = hash_secret(calendar_secret(key, person))
    db.execute(update(_PEOPLE).where(_PEOPLE.c.id == new_id)
               .values(calendar_secret_hash=person.calendar_secret_hash))
    make_transient_to_detached(person)
    db.add(person)
    return person


def take_seat(db: Session, seen: EduSession,
              now: datetime) -> tuple[RegistrationStatus, int | None] | None:
    """A seat if one is free, else the next waitlist place: the status and the place. None
    when the session is no longer as `seen` was read (closed, started, moved)."""
    as_seen = (_SESSIONS.c.id == seen.id, _SESSIONS.c.status == SessionStatus.PUBLISHED,
               _SESSIONS.c.starts_at > now, _SESSIONS.c.starts_at == seen.starts_at,
               _SESSIONS.c.region_code == seen.region_code)
    seated = db.execute(
        update(_SESSIONS).where(*as_seen, _SESSIONS.c.confirmed_count < _SESSIONS.c.capacity)
        .values(confirmed_count=_SESSIONS.c.confirmed_count + 1, updated_at=now)
        .returning(_SESSIONS.c.id)).first()
    if seated is not None:
        return RegistrationStatus.CONFIRMED, None
    place = db.execute(
        update(_SESSIONS).where(*as_seen)
        .values(waitlist_count=_SESSIONS.c.waitlist_count + 1, updated_at=now)
        .returning(_SESSIONS.c.waitlist_count)).scalar()
    return None if place is None else (RegistrationStatus.WAITLISTED, place)


def insert_registration(db: Session, session: EduSession, person: Participant,
                        seat: tuple[RegistrationStatus, int | None], *, ticket_code: str,
                        now: datetime) -> Registration:
    """The registration of a seat just taken, with its notices."""
    status, place = seat
    values: dict[str, Any] = {
        "session_id": session.id, "participant_id": person.id, "status": status,
        "waitlist_position": place, "ticket_hash": hash_secret(ticket_code), "source": "SELF",
        "created_at": now, "confirmed_at": now if place is None else None,
        "cancelled_at": None, "attendance_status": None, "checked_in_at": None,
        "attendance_recorded_by_id": None, "attendance_recorded_at": None,
        "consent_at": now, "consent_text": CONSENT_TEXT, "notice_version": NOTICE_VERSION,
    }
    new_id = db.execute(insert(_REGISTRATIONS).values(values)
                        .returning(_REGISTRATIONS.c.id)).scalar_one()
    outbox.registered_now(db, registration_id=new_id, participant_id=person.id,
                          session=session, confirmed=place is None)
    return Registration(id=new_id, **values)
