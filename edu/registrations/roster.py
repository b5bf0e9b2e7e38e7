"""A session's roster as the console shows it: one page of registrations with names."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.participants.models import Participant
from edu.registrations.models import Registration
from edu.registrations.service import list_registrations


@dataclass(frozen=True)
class RosterLine:
    registration: Registration
    name: str


def roster_page(db: Session, principal: Principal, session_id: int, offset: int,
                limit: int) -> tuple[int, list[RosterLine]]:
    """A page of the roster (confirmed, waitlist in order, cancelled) with each person's name;
    the same scope check as the API's list (planners and facilitators only)."""
    total, rows = list_registrations(db, principal, session_id, offset, limit)
    ids = {r.participant_id for r in rows}
    names = dict(db.execute(select(Participant.id, Participant.full_name)
                            .where(Participant.id.in_(ids))).all()) if ids else {}
    return total, [RosterLine(r, names.get(r.participant_id, "")) for r in rows]
