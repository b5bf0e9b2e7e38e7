"""What staff see of the outbox: per session and per person, what was sent, when, what failed;
and resending."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.audit import record
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.errors import Forbidden, NotFound, UserError
from edu.internships.service import OFFICERS as INTERNSHIP_OFFICERS
from edu.internships.service import get_internship
from edu.notifications import outbox
from edu.notifications.models import Notice, NoticeKind, NoticeStatus
from edu.participants.models import Participant
from edu.registrations.service import can_manage_attendees, in_staff_scope
from edu.sessions.models import EduSession
from edu.sessions.service import PLANNERS

# The notices of an internship: details.internship_id names it.
INTERN_KINDS = (NoticeKind.INTERNSHIP_DECIDED, NoticeKind.COORDINATOR_DECIDED,
                NoticeKind.LOGBOOK_RETURNED, NoticeKind.INTERNSHIP_EVALUATED,
                NoticeKind.INTERN_SURVEY, NoticeKind.INTERN_CERTIFICATE_READY)


def _internship_visible(db: Session, principal: Principal, internship_id: int) -> bool:
    """Whether an internship officer (or admin) may see this internship's notices."""
    if principal.role is not Role.ADMIN and not principal.has_role(*INTERNSHIP_OFFICERS):
        return False
    try:
        get_internship(db, principal, internship_id)
    except NotFound:
        return False
    return True


def _may_see(db: Session, principal: Principal, notice: Notice) -> bool:
    if notice.session_id is not None and can_manage_attendees(db, principal, notice.session_id):
        return True
    internship_id = notice.details.get("internship_id")
    if internship_id is not None and _internship_visible(db, principal, internship_id):
        return True
    return notice.participant_id is not None and \
        in_staff_scope(db, principal, notice.participant_id)


def sees_session_notices(db: Session, principal: Principal, session_id: int) -> bool:
    """Whether a session's notices are the principal's to read and resend: its planners in
    scope and admins (facilitators see the people, not the mail)."""
    return (principal.role is Role.ADMIN or principal.has_role(*PLANNERS)) and \
        can_manage_attendees(db, principal, session_id)


def list_notices(db: Session, principal: Principal, *, offset: int, limit: int,
                 session_id: int | None = None, participant_id: int | None = None,
                 internship_id: int | None = None) -> tuple[int, list[Notice]]:
    """A session's, a person's or an internship's notices (those to the student and to the
    university's coordinators), newest first (their planners or internship officers, and
    admins)."""
    given = [x for x in (session_id, participant_id, internship_id) if x is not None]
    if len(given) != 1:
        principal.require_staff(*PLANNERS, *INTERNSHIP_OFFICERS)
        raise UserError("REQUIRED", "sessionId",
                        "Give one of a session, a participant or an internship.")
    if internship_id is not None:
        principal.require_staff(*INTERNSHIP_OFFICERS)
        get_internship(db, principal, internship_id, field="internshipId")
        where = Notice.kind.in_(INTERN_KINDS) & (
            Notice.details["internship_id"].as_integer() == internship_id)
    elif session_id is not None:
        if not sees_session_notices(db, principal, session_id):
            principal.require_staff(*PLANNERS)
            raise Forbidden("Only the session's planners see its notices.")
        where = Notice.session_id == session_id
    else:
        assert participant_id is not None
        principal.require_staff(*PLANNERS)
        if not in_staff_scope(db, principal, participant_id):
            raise Forbidden("This participant is not in your scope.")
        where = Notice.participant_id == participant_id
    total = db.scalar(select(func.count()).select_from(Notice).where(where)) or 0
    rows = db.scalars(select(Notice).where(where).order_by(Notice.created_at.desc(),
                                                           Notice.id.desc())
                      .offset(offset).limit(limit))
    return total, list(rows)


def notice_recipient(db: Session, principal: Principal, participant_id: int) -> Participant:
    """The person whose notices a planner looks at: only one they may already see (one of
    whose registrations is theirs to see); anyone else is not found."""
    principal.require_staff(*PLANNERS)
    person = db.get(Participant, participant_id)
    if person is None or not in_staff_scope(db, principal, participant_id):
        raise NotFound("participantId", "participant")
    return person


def _of_page(notice: Notice, session_id: int | None, participant_id: int | None,
             internship_id: int | None) -> bool:
    """Whether a notice is one of the page it is resent from (a session's, a person's or an
    internship's); with no page named, any."""
    return (session_id is None or notice.session_id == session_id) and \
        (participant_id is None or notice.participant_id == participant_id) and \
        (internship_id is None or (notice.kind in INTERN_KINDS and
                                   notice.details.get("internship_id") == internship_id))


def resend_notice(db: Session, principal: Principal, notice_id: int, *,
                  session_id: int | None = None, participant_id: int | None = None,
                  internship_id: int | None = None) -> Notice:
    """Send a notice again now (a failed one, or one the person says never arrived); with
    `session_id`, `participant_id` or `internship_id`, only a notice of that session, person
    or internship (the console's page it is resent from)."""
    principal.require_staff(*PLANNERS, *INTERNSHIP_OFFICERS)
    notice = db.get(Notice, notice_id, with_for_update=True)
    if notice is None or not _may_see(db, principal, notice) or \
            not _of_page(notice, session_id, participant_id, internship_id):
        raise NotFound("id", "notice")
    if notice.status is NoticeStatus.PENDING:
        raise UserError("NOT_SENT_YET", "id", "This notice is still waiting to be sent.")
    before = {"status": notice.status, "attempts": notice.attempts}
    outbox.resend(db, [notice])
    record(db, principal, "notice.resend", notice, before=before,
           after={"status": notice.status})
    db.flush()
    return notice


def recipient_names(db: Session, notices: list[Notice]) -> dict[int, str]:
    """The names of the people these notices (listed by list_notices) are to, by id."""
    ids = {n.participant_id for n in notices if n.participant_id is not None}
    if not ids:
        return {}
    rows = db.execute(select(Participant.id, Participant.full_name)
                      .where(Participant.id.in_(ids)))
    return {pid: name for pid, name in rows}


def session_titles(db: Session, notices: list[Notice]) -> dict[int, str]:
    """The titles of the sessions these notices (listed by list_notices) are about, by id."""
    ids = {n.session_id for n in notices if n.session_id is not None}
    if not ids:
        return {}
    rows = db.execute(select(EduSession.id, EduSession.title).where(EduSession.id.in_(ids)))
    return {sid: title for sid, title in rows}
