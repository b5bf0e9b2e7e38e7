"""Registering someone on record without being them: a request, and an answer that looks
like a booking.

Anyone may type anyone's email into Register. When it belongs to a participant on record and
the caller holds no token of theirs, nothing is booked and nothing of the person is shown:
the request is stored (its confirmation link reaches only the person, by the notifications
that send it) and the caller gets the same answer a new person gets, a decoy: a plausible
status and waitlist place, the next ids, a random ticket, token and feed URL that open
nothing. Guardian consent was decided on the submitted birth date alone.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.auth.service import PARTICIPANT_TOKEN_PREFIX
from edu.db import Base, utcnow
from edu.notifications import outbox
from edu.notifications.models import NoticeKind
from edu.participants.models import Participant
from edu.participants.service import ParticipantDetails
from edu.registrations.models import Registration, RegistrationRequest, RegistrationStatus
from edu.secrets import derive_code, hash_secret, new_token
from edu.sessions.models import EduSession
from edu.validation import normal_email


@dataclass
class Decoy:
    """What a caller sees for a request: shaped like a new registration, backed by nothing."""

    registration: Registration  # transient: never added to the database session
    participant: Participant  # transient: only what the caller typed
    ticket_code: str
    participant_token: str | None
    calendar_secret: str
    confirmed_count: int  # the session's counts as a booking would have left them
    waitlist_count: int


def request_token(key: bytes, request_id: int) -> str:
    """The code in the request's confirmation link (derived, so only its hash is stored)."""
    return derive_code(key, "registration-request", request_id, length=32)


def _submitted(d: ParticipantDetails) -> dict[str, object]:
    def plain(value: object) -> object:
        return value.isoformat() if isinstance(value, date) else value

    return {k: plain(v) for k, v in vars(d).items()}


REQUEST_RESENT_AFTER = timedelta(days=1)


def request_registration(db: Session, key: bytes, *, session: EduSession,
                         participant: Participant, details: ParticipantDetails,
                         guardian_consent: bool) -> RegistrationRequest:
    """Store a request to book `participant`; it books nothing until confirmed.

    While one for the same person and session waits (a day at most), a repeat is the same
    request: strangers typing someone's email can neither fill the table nor flood the inbox."""
    waiting = db.scalar(select(RegistrationRequest).where(
        RegistrationRequest.session_id == session.id,
        RegistrationRequest.participant_id == participant.id,
        RegistrationRequest.confirmed_at.is_(None),
        RegistrationRequest.created_at > utcnow() - REQUEST_RESENT_AFTER))
    if waiting is not None:
        return waiting
    request = RegistrationRequest(
        session_id=session.id, participant_id=participant.id,
        token_hash=hash_secret(secrets.token_hex(32)),  # replaced once the id is known
        submitted=_submitted(details), guardian_consent=guardian_consent,
    )
    db.add(request)
    db.flush()
    request.token_hash = hash_secret(request_token(key, request.id))
    # The link goes to the address on record: only its owner can follow it.
    outbox.enqueue(db, NoticeKind.CONFIRM_REQUEST, participant_id=participant.id,
                   session_id=session.id, details={"request_id": request.id})
    return request


def _next_id(db: Session, model: type[Base]) -> int:
    """The id the next row of this table would get. PostgreSQL's sequence gives it away (a
    gap, as after any rolled-back insert); SQLite's next rowid is the largest plus one."""
    if db.get_bind().dialect.name == "postgresql":
        return int(db.scalar(text("SELECT nextval(pg_get_serial_sequence(:t, 'id'))"),
                             {"t": model.__tablename__}))
    return (db.scalar(select(func.max(model.__table__.c.id))) or 0) + 1


def decoy(db: Session, principal: Principal, *, session: EduSession,
          details: ParticipantDetails, now: datetime | None = None) -> Decoy:
    """The answer a new person would get, computed the same way, granting nothing."""
    now = now or utcnow()
    participant = Participant(
        id=_next_id(db, Participant), full_name=(details.full_name or "").strip(),
        email=normal_email(details.email), phone=details.phone.strip() if details.phone else None,
        gender=details.gender, birth_date=details.birth_date, region_code=details.region_code,
        disability=details.disability,
        institution=details.institution.strip() if details.institution else None,
        calendar_version=1,
    )
    confirmed, waiting = session.confirmed_count, session.waitlist_count
    if confirmed < session.capacity:
        status, position, confirmed = RegistrationStatus.CONFIRMED, None, confirmed + 1
    else:
        status, position, waiting = RegistrationStatus.WAITLISTED, waiting + 1, waiting + 1
    registration = Registration(
        id=_next_id(db, Registration), session_id=session.id, participant_id=participant.id,
        status=status, waitlist_position=position, created_at=now, source="SELF",
    )
    # Random, never derived from the ids above: a later real row may take those ids.
    return Decoy(
        registration=registration, participant=participant,
        ticket_code=derive_code(secrets.token_bytes(32), "ticket", length=12),
        participant_token=new_token(PARTICIPANT_TOKEN_PREFIX) if principal.is_anonymous
        else None,
        calendar_secret=derive_code(secrets.token_bytes(32), "calendar"),
        confirmed_count=confirmed, waitlist_count=waiting,
    )
