"""Check-in at the door as a facilitator sees it: today's sessions, and for each scan whether
it was the first, or why not (a ticket of another session is named as such, not as unknown).

The check itself is `check_in` (the same function GraphQL's checkIn calls): this module only
adds what a person at the door needs to hear, and never writes anything of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.db import utcnow
from edu.errors import UserError
from edu.participants.models import Participant
from edu.registrations.models import AttendanceStatus, Registration
from edu.registrations.service import (
    MAX_TICKET_LEN,
    _check_attendance_open,
    attendance_summaries,
    check_in,
)
from edu.secrets import hash_secret
from edu.sessions.models import EduSession, SessionFacilitator, SessionStatus
from edu.sessions.service import PLANNERS, office_zone

CHECKED_IN = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


@dataclass(frozen=True)
class DoorCheckIn:
    """A ticket checked in: `first` is False when it had been checked in before (the first
    time is kept, as check_in keeps it)."""

    registration: Registration
    name: str
    first: bool


@dataclass(frozen=True)
class DoorCount:
    checked_in: int
    confirmed: int


def check_in_at_door(db: Session, principal: Principal, key: bytes, *, session_id: int,
                     ticket_code_text: str) -> DoorCheckIn:
    """check_in, saying whether this scan was the first; a code that belongs to another
    session is OTHER_SESSION rather than UNKNOWN_TICKET."""
    code = (ticket_code_text or "").strip().upper()
    # The ticket's row is locked first (FOR UPDATE on PostgreSQL; on SQLite this first
    # statement takes the writer's lock), so two doors scanning one ticket at the same moment
    # agree on which scan was the first.
    held = db.execute(select(Registration.session_id, Registration.attendance_status).where(
        Registration.ticket_hash == hash_secret(code)).with_for_update()).first() \
        if code and len(code) <= MAX_TICKET_LEN else None
    try:
        registration = check_in(db, principal, key, session_id=session_id,
                                ticket_code_text=ticket_code_text)
    except UserError as err:
        if [p.code for p in err.problems] == ["UNKNOWN_TICKET"] and held is not None and \
                held.session_id != session_id:
            raise UserError("OTHER_SESSION", "ticketCode",
                            "This ticket is for another session.") from None
        raise
    first = held is None or held.attendance_status not in CHECKED_IN
    name = db.scalar(select(Participant.full_name).where(
        Participant.id == registration.participant_id)) or ""
    return DoorCheckIn(registration, name, first)


def door_closed(db: Session, session: EduSession) -> str | None:
    """Why check-in is closed at this session now (the code check_in would answer), or None
    when it is open: the page says so before anyone scans."""
    try:
        _check_attendance_open(db, session, "sessionId", at_the_door=True)
    except UserError as err:
        return err.problems[0].code
    return None


def door_counts(db: Session, sessions: list[EduSession]) -> dict[int, DoorCount]:
    """For each session, how many confirmed people are checked in (PRESENT or LATE), of how
    many confirmed; one query for all."""
    summaries = attendance_summaries(db, [s.id for s in sessions])
    return {s.id: DoorCount(summaries[s.id].present + summaries[s.id].late, s.confirmed_count)
            for s in sessions}


def sessions_today(db: Session, principal: Principal) -> list[EduSession]:
    """Published sessions starting today (in the zone of the person's office) at which they
    check people in: their region's as an officer (all as an admin), assigned ones as a
    facilitator; soonest first."""
    principal.require_staff(Role.EDUCATION_OFFICER, Role.FACILITATOR)
    zone = office_zone(db, principal.region_code or "52")
    today = utcnow().astimezone(zone).date()
    start = datetime.combine(today, time(0), zone)
    stmt = select(EduSession).where(EduSession.status == SessionStatus.PUBLISHED,
                                    EduSession.starts_at >= start,
                                    EduSession.starts_at < start + timedelta(days=1))
    if principal.role is not Role.ADMIN:
        assigned = EduSession.id.in_(select(SessionFacilitator.session_id).where(
            SessionFacilitator.staff_id == principal.staff_id))
        if principal.has_role(*PLANNERS) and principal.region_code:
            stmt = stmt.where(or_(assigned,
                                  EduSession.region_code.startswith(principal.region_code)))
        else:
            stmt = stmt.where(assigned)
    return list(db.scalars(stmt.order_by(EduSession.starts_at, EduSession.id)))
