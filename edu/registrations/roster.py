"""A session's roster as the console shows it: one list at a time (confirmed, waitlist,
cancelled), a page of it sorted by the database, with names and contact."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.errors import Forbidden
from edu.participants.models import Participant
from edu.registrations.models import Registration, RegistrationStatus
from edu.registrations.service import can_manage_attendees


class RosterOrder(enum.StrEnum):
    """How one list of the roster is sorted: by name, by the time of registering, or (the
    waitlist's own order) by place in line."""

    NAME = "name"
    REGISTERED = "registered"
    LINE = "line"


@dataclass(frozen=True)
class RosterEntry:
    """A line of the roster with the person's name and contact (the API's roster shows the
    same to the same people: the session's planners in scope and its facilitators)."""

    registration: Registration
    name: str
    email: str | None
    phone: str | None
    institution: str | None


def roster_counts(db: Session, principal: Principal,
                  session_id: int) -> dict[RegistrationStatus, int]:
    """How many registrations of each status a session has (the roster's tabs)."""
    if not can_manage_attendees(db, principal, session_id):
        raise Forbidden("Only the session's planners and facilitators see its participants.")
    counts = dict.fromkeys(RegistrationStatus, 0)
    for status, n in db.execute(select(Registration.status, func.count()).where(
            Registration.session_id == session_id).group_by(Registration.status)):
        counts[status] = n
    return counts


def roster_section(db: Session, principal: Principal, session_id: int, *,
                   status: RegistrationStatus, order: RosterOrder, descending: bool = False,
                   offset: int, limit: int) -> tuple[int, list[RosterEntry]]:
    """One page of one list of the roster (confirmed, waitlist, cancelled), sorted in the
    database; the waitlist in line unless asked otherwise. Same scope as the API's roster."""
    if not can_manage_attendees(db, principal, session_id):
        raise Forbidden("Only the session's planners and facilitators see its participants.")
    where = (Registration.session_id == session_id, Registration.status == status)
    total = db.scalar(select(func.count()).select_from(Registration).where(*where)) or 0
    key = {RosterOrder.NAME: Participant.full_name, RosterOrder.REGISTERED:
           Registration.created_at, RosterOrder.LINE: Registration.waitlist_position}[order]
    rows = db.execute(
        select(Registration, Participant.full_name, Participant.email, Participant.phone,
               Participant.institution)
        .join(Participant, Participant.id == Registration.participant_id).where(*where)
        .order_by(key.desc() if descending else key.asc(),
                  Registration.id.desc() if descending else Registration.id)
        .offset(offset).limit(limit))
    return total, [RosterEntry(r, name, email, phone, inst)
                   for r, name, email, phone, inst in rows]
