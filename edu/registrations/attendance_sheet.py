"""The confirmed people of a session, by name, as a sheet to mark attendance on."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.errors import Forbidden
from edu.participants.models import Participant
from edu.registrations.models import Registration, RegistrationStatus
from edu.registrations.roster import RosterLine
from edu.registrations.service import can_manage_attendees


def attendance_sheet(db: Session, principal: Principal, session_id: int, offset: int,
                     limit: int) -> tuple[int, list[RosterLine]]:
    """A page of the confirmed registrations in name order (those attendance is taken of);
    the same scope as `record_attendance`: the session's planners and facilitators."""
    if not can_manage_attendees(db, principal, session_id):
        raise Forbidden("Only the session's planners and facilitators take its attendance.")
    where = (Registration.session_id == session_id) & (
        Registration.status == RegistrationStatus.CONFIRMED)
    total = db.scalar(select(func.count()).select_from(Registration).where(where)) or 0
    rows = db.execute(
        select(Registration, Participant.full_name)
        .join(Participant, Participant.id == Registration.participant_id)
        .where(where).order_by(Participant.full_name, Registration.id)
        .offset(offset).limit(limit)).all()
    return total, [RosterLine(reg, name) for reg, name in rows]
