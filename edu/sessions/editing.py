"""Editing a planned session: what the plan form holds, with the rules of the seats and the
calendars. More seats confirm people from the waitlist at once; fewer than are taken is
refused; a new time is a reschedule (people are told, calendars see a new SEQUENCE)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from edu.audit import record, snapshot
from edu.auth.principal import Principal
from edu.errors import Problem, UserError
from edu.registrations.service import fill_from_waitlist
from edu.sessions.models import EduSession, SessionStatus
from edu.sessions.service import (
    AUDITED,
    SessionDraft,
    _check_draft,
    _transition,
    get_managed_session,
    reschedule_session,
)

EDITED = (*AUDITED, "segment", "format", "method", "program", "venue_address", "online_url",
          "description")


def update_session(db: Session, principal: Principal, session_id: int,
                   draft: SessionDraft) -> EduSession:
    """Change a draft or published session to what the draft says, in a region the planner
    covers (before and after)."""
    session = get_managed_session(db, principal, session_id, for_update=True)
    _transition(session, "edited", (SessionStatus.DRAFT, SessionStatus.PUBLISHED))
    before = snapshot(session, *EDITED)
    problems = _check_draft(db, draft)
    if draft.capacity < session.confirmed_count:
        problems.append(Problem("CAPACITY_BELOW_CONFIRMED", "capacity",
                                f"{session.confirmed_count} seats are taken: capacity cannot "
                                "be lower."))
    if problems:
        raise UserError.many(problems)
    principal.require_region(draft.region_code)
    # A new time first: rescheduling reads the session again under its lock.
    moved = (draft.starts_at, draft.ends_at) != (session.starts_at, session.ends_at)
    if moved:
        reschedule_session(db, principal, session_id, draft.starts_at, draft.ends_at)
    elif session.status is SessionStatus.PUBLISHED:
        session.sequence += 1  # calendars show the new title or venue
    for name in ("title", "segment", "format", "method", "program", "region_code", "capacity",
                 "description", "venue_name", "venue_address"):
        setattr(session, name, getattr(draft, name))
    session.title = draft.title.strip()
    session.online_url = (draft.online_url or "").strip() or None
    promoted = fill_from_waitlist(db, session)
    record(db, principal, "session.update", session, before=before,
           after={**snapshot(session, *EDITED), "promoted": [r.id for r in promoted]})
    db.flush()
    return session
