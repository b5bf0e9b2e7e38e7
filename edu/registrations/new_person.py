"""Booking someone who registers for the first time: a Core statement a row, the seat last.

Most of a registration rush is people new to edu (a class, a village hall). The ORM's unit
of work and building statements anew cost more CPU than the statements themselves, so this
path sends statements built once, on the transaction's connection, and hands back objects
made from the values it wrote.

The order keeps the session's row lock (PostgreSQL) short: first the person's rows, which
lock nothing shared (a twin request with the same email waits on the unique index and then
finds the address taken); then the session's row, locked on condition that it is still as
read before (published, not started, the same start and place), its count raised, the
registration and its notices. The version row and the COMMIT follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from edu.auth.models import ApiToken
from edu.auth.service import PARTICIPANT_TOKEN_PREFIX
from edu.calendar.service import calendar_secret
from edu.notifications import outbox
from edu.notifications.models import Notice
from edu.offices.models import Office
from edu.participants.models import Participant
from edu.participants.service import CONSENT_PURPOSE, ParticipantDetails
from edu.perf.data_version import mark_written
from edu.privacy.notice import CONSENT_TEXT, NOTICE_VERSION
from edu.registrations.models import Registration, RegistrationStatus
from edu.secrets import hash_secret, new_token
from edu.sessions.models import EduSession, SessionStatus
from edu.sessions.service import zone_of
from edu.validation import normal_email

_PEOPLE = cast(Table, Participant.__table__)
_SESSIONS = cast(Table, EduSession.__table__)
_REGISTRATIONS = cast(Table, Registration.__table__)
_OFFICES = cast(Table, Office.__table__)


@dataclass(frozen=True)
class Seen:
    """A session open for registration as read before its row is locked, and its day."""

    id: int
    starts_at: datetime
    region_code: str
    day: date

    @classmethod
    def of(cls, session: EduSession, day: date) -> Seen:
        return cls(session.id, session.starts_at, session.region_code, day)

# Built once: a statement's cache key is then computed once, not per request.
_NEW_PERSON = {  # INSERT … ON CONFLICT (email) DO NOTHING RETURNING id
    "postgresql": postgresql.insert(_PEOPLE).on_conflict_do_nothing(
        index_elements=[_PEOPLE.c.email]).returning(_PEOPLE.c.id),
    "sqlite": sqlite.insert(_PEOPLE).on_conflict_do_nothing(
        index_elements=[_PEOPLE.c.email]).returning(_PEOPLE.c.id),
}
_FEED_SECRET = update(_PEOPLE).where(_PEOPLE.c.id == bindparam("pid")).values(
    calendar_secret_hash=bindparam("secret_hash"))
_TOKEN = insert(cast(Table, ApiToken.__table__))
_OPEN = select(_SESSIONS.c.starts_at, _SESSIONS.c.region_code, _OFFICES.c.timezone).select_from(
    _SESSIONS.outerjoin(_OFFICES, _OFFICES.c.region_code == _SESSIONS.c.region_code)).where(
    _SESSIONS.c.id == bindparam("sid"), _SESSIONS.c.status == SessionStatus.PUBLISHED,
    _SESSIONS.c.starts_at > bindparam("now"))
# The session's row, locked (PostgreSQL) on condition that it is still as read before.
_LOCK = select(_SESSIONS.c.capacity, _SESSIONS.c.confirmed_count, _SESSIONS.c.waitlist_count).where(
    _SESSIONS.c.id == bindparam("sid"), _SESSIONS.c.status == SessionStatus.PUBLISHED,
    _SESSIONS.c.starts_at > bindparam("now"), _SESSIONS.c.starts_at == bindparam("seen_start"),
    _SESSIONS.c.region_code == bindparam("seen_region")).with_for_update()
_SEAT = update(_SESSIONS).where(_SESSIONS.c.id == bindparam("sid")).values(
    confirmed_count=_SESSIONS.c.confirmed_count + 1, updated_at=bindparam("now"))
_PLACE = update(_SESSIONS).where(_SESSIONS.c.id == bindparam("sid")).values(
    waitlist_count=_SESSIONS.c.waitlist_count + 1, updated_at=bindparam("now"))
_REGISTRATION = insert(_REGISTRATIONS).returning(_REGISTRATIONS.c.id)
_NOTICES = insert(cast(Table, Notice.__table__))


def seen_open(db: Session, session_id: int, now: datetime) -> Seen | None:
    """The session if it is published and has not started (open to anyone: no rule of who
    may see it applies), with its day in its office's zone; else None."""
    row = db.connection().execute(_OPEN, {"sid": session_id, "now": now}).first()
    if row is None:
        return None
    starts_at, region_code, zone = row
    return Seen(session_id, starts_at, region_code,
                starts_at.astimezone(zone_of(zone)).date())


def _conn(db: Session) -> Connection:
    mark_written(db)  # the version's hook sees only what goes through the ORM
    return db.connection()


def insert_person(db: Session, key: bytes, d: ParticipantDetails, *, now: datetime,
                  guardian_consent: bool) -> Participant | None:
    """A new participant with their consent, or None when the email is already on record.
    The object is the row as stored, outside the session until `keep` adds it."""
    values: dict[str, Any] = {
        "full_name": (d.full_name or "").strip(), "email": normal_email(d.email),
        "phone": d.phone.strip() if d.phone else None, "gender": d.gender,
        "birth_date": d.birth_date, "region_code": d.region_code, "disability": d.disability,
        "institution": d.institution.strip() if d.institution else None,
        "consent_at": now, "consent_purpose": CONSENT_PURPOSE,
        "guardian_consent_at": now if guardian_consent else None, "calendar_version": 1,
        "language": "id", "reminders": True, "created_at": now,
    }
    conn = _conn(db)
    new_id = conn.execute(_NEW_PERSON[conn.dialect.name], values).scalar()
    if new_id is None:
        return None
    person = Participant(id=new_id, calendar_revoked_at=None, own_page_secret_hash=None,
                         erased_at=None, **values)
    # Derived from the id, so known only now.
    person.calendar_secret_hash = hash_secret(calendar_secret(key, person))
    conn.execute(_FEED_SECRET, {"pid": new_id, "secret_hash": person.calendar_secret_hash})
    return person


def issue_token(db: Session, person: Participant) -> str:
    """The new person's bearer token (returned once, stored hashed)."""
    token = new_token(PARTICIPANT_TOKEN_PREFIX)
    _conn(db).execute(_TOKEN, {"token_hash": hash_secret(token), "participant_id": person.id,
                               "staff_id": None, "created_at": person.created_at,
                               "expires_at": None, "revoked_at": None})
    return token


def take_seat(db: Session, seen: Seen,
              now: datetime) -> tuple[RegistrationStatus, int | None] | None:
    """A seat if one is free, else the next waitlist place: the status and the place. None
    when the session is no longer as `seen` was read (closed, started, moved)."""
    conn = _conn(db)
    row = conn.execute(_LOCK, {"sid": seen.id, "now": now, "seen_start": seen.starts_at,
                               "seen_region": seen.region_code}).first()
    if row is None:
        return None
    capacity, confirmed, waiting = row
    if confirmed < capacity:
        conn.execute(_SEAT, {"sid": seen.id, "now": now})
        return RegistrationStatus.CONFIRMED, None
    conn.execute(_PLACE, {"sid": seen.id, "now": now})
    return RegistrationStatus.WAITLISTED, waiting + 1


def insert_registration(db: Session, session: Seen, person: Participant,
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
    conn = _conn(db)
    new_id = conn.execute(_REGISTRATION, values).scalar_one()
    conn.execute(_NOTICES, outbox.registered_rows(
        db, registration_id=new_id, participant_id=person.id, session_id=session.id,
        starts_at=session.starts_at, confirmed=place is None))
    return Registration(id=new_id, **values)


def keep(db: Session, person: Participant) -> None:
    """The person joins the session as the stored row: a later change to them (the site
    sets their language) is then written by the ORM as usual."""
    make_transient_to_detached(person)
    db.add(person)
