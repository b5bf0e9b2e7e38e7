"""The rules of a session's life: planning, publishing, rescheduling, cancelling, listing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import CompoundSelect, Row, Select, bindparam, func, literal, or_, select
from sqlalchemy.orm import Session

from edu.accounts.models import StaffAccount
from edu.audit import record, snapshot
from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.certificates.models import CertificateKind
from edu.certificates.revocation import revoke_all
from edu.config import DISPLAY_TZ
from edu.db import utcnow
from edu.errors import NotFound, Problem, UserError
from edu.notifications import outbox
from edu.notifications.models import NoticeKind
from edu.offices.models import Office, Region
from edu.sessions.models import (
    EduSession,
    Method,
    Segment,
    SessionFacilitator,
    SessionFormat,
    SessionStatus,
)
from edu.validation import (
    LONG_TEXT_LEN,
    REASON_LEN,
    TITLE_LEN,
    search,
    text,
    web_url,
)

PLANNERS = (Role.EDUCATION_OFFICER,)
PUBLIC_STATUSES = (SessionStatus.PUBLISHED, SessionStatus.CANCELLED)
AUDITED = ("title", "status", "starts_at", "ends_at", "capacity", "venue_name", "region_code")


@dataclass
class SessionDraft:
    """What a planner fills in to create a session."""

    title: str
    segment: Segment
    format: SessionFormat
    region_code: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    description: str = ""
    method: Method | None = None
    program: str | None = None
    venue_name: str | None = None
    venue_address: str | None = None
    online_url: str | None = None


@dataclass
class SessionFilter:
    region_code: str | None = None
    segment: Segment | None = None
    status: SessionStatus | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    search: str | None = None


def _check_times(starts_at: datetime, ends_at: datetime, prefix: str = "") -> list[Problem]:
    if ends_at <= starts_at:
        return [Problem("INVALID_TIME_RANGE", f"{prefix}endsAt", "endsAt must be after startsAt.")]
    return []


def _check_draft(db: Session, d: SessionDraft) -> list[Problem]:
    problems = text(d.title, "title", required=True, max_len=TITLE_LEN)
    problems += _check_times(d.starts_at, d.ends_at)
    if d.capacity < 1:
        problems.append(Problem("INVALID_CAPACITY", "capacity", "Capacity must be at least 1."))
    if db.get(Region, d.region_code) is None:
        problems.append(
            Problem("UNKNOWN_REGION", "regionCode", f"Unknown region code {d.region_code!r}.")
        )
    if d.format is not SessionFormat.ONLINE and not (d.venue_name or "").strip():
        problems.append(Problem("REQUIRED", "venue.name", "A session on site needs a venue."))
    if d.format is not SessionFormat.IN_PERSON and not (d.online_url or "").strip():
        problems.append(Problem("REQUIRED", "onlineUrl", "An online session needs its link."))
    # The columns' lengths: PostgreSQL refuses longer values (a 500), SQLite would keep them.
    problems += text(d.venue_name, "venue.name", required=False, max_len=TITLE_LEN)
    problems += text(d.venue_address, "venue.address", required=False, max_len=300)
    problems += web_url(d.online_url, "onlineUrl", required=False)
    problems += text(d.program, "program", required=False, max_len=120)
    problems += text(d.description, "description", required=False, max_len=LONG_TEXT_LEN)
    return problems


def create_session(db: Session, principal: Principal, draft: SessionDraft) -> EduSession:
    """Plan a new session (DRAFT) in a region the planner covers."""
    principal.require_staff(*PLANNERS)
    problems = _check_draft(db, draft)
    if problems:
        raise UserError.many(problems)
    principal.require_region(draft.region_code)
    session = EduSession(
        **{k: v for k, v in vars(draft).items()},
        status=SessionStatus.DRAFT,
        created_by_id=principal.staff_id,
    )
    session.title = draft.title.strip()
    session.online_url = (draft.online_url or "").strip() or None
    db.add(session)
    db.flush()
    record(db, principal, "session.create", session, after=snapshot(session, *AUDITED))
    return session


def zone_of(timezone: str | None) -> ZoneInfo:
    """An office's time zone; a region without an office record keeps WITA."""
    return ZoneInfo(timezone or DISPLAY_TZ)


def office_zone(db: Session, region_code: str) -> ZoneInfo:
    """The time zone of the office of a region."""
    office = db.get(Office, region_code)
    return zone_of(office.timezone if office else None)


def session_day(db: Session, session: EduSession) -> date:
    """The calendar day a session starts on, in its office's time zone."""
    return session.starts_at.astimezone(office_zone(db, session.region_code)).date()


def can_see(db: Session, principal: Principal, session: EduSession | Row[Any]) -> bool:
    """Public sessions for everyone; drafts and completed ones for planners in scope and
    for the session's facilitators (asked last: it costs a query)."""
    if session.status in PUBLIC_STATUSES:
        return True
    if principal.has_role(Role.ADMIN, Role.EDUCATION_OFFICER) and \
            principal.covers_region(session.region_code):
        return True
    return is_facilitator(db, principal, session.id)


def is_facilitator(db: Session, principal: Principal, session_id: int) -> bool:
    if principal.staff_id is None:
        return False
    return db.get(SessionFacilitator, (session_id, principal.staff_id)) is not None


def get_session(db: Session, principal: Principal, session_id: int, *,
                field: str = "id", for_update: bool = False) -> EduSession:
    """A session the principal may see; FOR UPDATE locks it (PostgreSQL) for seat changes."""
    stmt = select(EduSession).where(EduSession.id == session_id)
    if for_update:
        # populate_existing: a copy loaded earlier in this transaction (before the lock) would
        # otherwise be returned as it was, with stale seat counts.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    session = db.scalar(stmt)
    if session is None or not can_see(db, principal, session):
        raise NotFound(field, "session")
    return session


_TABLE = EduSession.__table__
# The columns a session is shown with (schema/sessions/types.py Session), read by a Core
# statement built once: no ORM instance, identity map or per-call statement to build.
_SHOWN = select(*(_TABLE.c[name] for name in (
    "id", "title", "description", "status", "segment", "format", "method", "program",
    "starts_at", "ends_at", "capacity", "confirmed_count", "waitlist_count", "venue_name",
    "venue_address", "online_url", "cancel_reason", "region_code",
))).where(_TABLE.c.id == bindparam("id"))


def show_session(db: Session, principal: Principal, session_id: int, *,
                 field: str = "id") -> Row[Any]:
    """What get_session returns and checks, as a read-only row of the columns it is shown
    with: for a lookup that only shows the session (`node(id:)`), at a fraction of the CPU."""
    row = db.connection().execute(_SHOWN, {"id": session_id}).one_or_none()
    if row is None or not can_see(db, principal, row):
        raise NotFound(field, "session")
    return row


def get_managed_session(db: Session, principal: Principal, session_id: int, *,
                        field: str = "id", for_update: bool = False) -> EduSession:
    """A session the principal plans (officer in scope or admin), else FORBIDDEN/NOT_FOUND."""
    principal.require_staff(*PLANNERS)
    session = get_session(db, principal, session_id, field=field, for_update=for_update)
    principal.require_region(session.region_code)
    return session


def _transition(session: EduSession, done: str, allowed_from: tuple[SessionStatus, ...]) -> dict:
    """The audit snapshot before a status change, once the change is known to be allowed."""
    if session.status not in allowed_from:
        raise UserError(
            "INVALID_STATUS", "id", f"A {session.status.value} session cannot be {done}."
        )
    return snapshot(session, *AUDITED)


def publish_session(db: Session, principal: Principal, session_id: int) -> EduSession:
    """DRAFT → PUBLISHED: the session opens for registration and appears in public feeds."""
    session = get_managed_session(db, principal, session_id, for_update=True)
    before = _transition(session, "published", (SessionStatus.DRAFT,))
    if session.ends_at <= utcnow():
        raise UserError("SESSION_ENDED", "id", "A session that has ended cannot be published.")
    session.status = SessionStatus.PUBLISHED
    session.sequence += 1
    record(db, principal, "session.publish", session, before=before,
           after=snapshot(session, *AUDITED))
    return session


def reschedule_session(db: Session, principal: Principal, session_id: int,
                       starts_at: datetime, ends_at: datetime) -> EduSession:
    """Move a session; calendars keep its UID and see a higher SEQUENCE."""
    problems = _check_times(starts_at, ends_at)
    if problems:
        raise UserError.many(problems)
    session = get_managed_session(db, principal, session_id, for_update=True)
    before = _transition(session, "rescheduled",
                         (SessionStatus.DRAFT, SessionStatus.PUBLISHED))
    session.starts_at, session.ends_at = starts_at, ends_at
    session.sequence += 1
    outbox.session_changed(db, session, NoticeKind.RESCHEDULED)
    record(db, principal, "session.reschedule", session, before=before,
           after=snapshot(session, *AUDITED))
    return session


def cancel_session(db: Session, principal: Principal, session_id: int,
                   reason: str) -> EduSession:
    """Cancel with a reason; it stays in calendars as cancelled, and any certificate issued
    for it is revoked (a session that did not take place proves no participation)."""
    if not (reason or "").strip():
        raise UserError("REQUIRED", "reason", "Say why the session is cancelled.")
    problems = text(reason, "reason", required=False, max_len=REASON_LEN)
    if problems:
        raise UserError.many(problems)
    session = get_managed_session(db, principal, session_id, for_update=True)
    before = _transition(session, "cancelled",
                         (SessionStatus.DRAFT, SessionStatus.PUBLISHED))
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason.strip()
    session.cancelled_at = utcnow()
    session.sequence += 1
    outbox.session_changed(db, session, NoticeKind.CANCELLED)
    record(db, principal, "session.cancel", session, before=before,
           after={**snapshot(session, *AUDITED), "reason": session.cancel_reason})
    revoke_all(db, principal, CertificateKind.SESSION, session.id,
               f"Kegiatan dibatalkan: {session.cancel_reason}"[:REASON_LEN])
    return session


def complete_session(db: Session, principal: Principal, session_id: int) -> EduSession:
    """PUBLISHED → COMPLETED once the session has started: attendance is then final."""
    session = get_managed_session(db, principal, session_id, for_update=True)
    before = _transition(session, "completed", (SessionStatus.PUBLISHED,))
    if session.starts_at > utcnow():
        raise UserError("NOT_STARTED", "id", "A session can be completed once it has started.")
    session.status = SessionStatus.COMPLETED
    record(db, principal, "session.complete", session, before=before,
           after=snapshot(session, *AUDITED))
    return session


FACILITATOR_ROLES = (Role.FACILITATOR, Role.EDUCATION_OFFICER)


def _overlaps(region_code: str):
    """Staff whose region lies within `region_code` or contains it (`52` contains `5271`):
    the people who may run a session there."""
    return or_(Staff.region_code.startswith(region_code),
               literal(region_code).startswith(Staff.region_code))


def list_facilitators(db: Session, principal: Principal) -> list[Staff]:
    """Who a planner may assign to sessions: facilitators and officers of regions that
    overlap the planner's scope (all of them for an admin), by name."""
    principal.require_staff(*PLANNERS)
    stmt = select(Staff).where(Staff.role.in_(FACILITATOR_ROLES))
    if principal.role is not Role.ADMIN:
        stmt = stmt.where(_overlaps(principal.region_code or ""))
    return list(db.scalars(stmt.order_by(Staff.full_name, Staff.id)))


def visible_staff(db: Session, principal: Principal, staff_ids: Iterable[int]) -> set[int]:
    """Which of these staff members' names the caller may see: themself; for an admin,
    everyone; for a planner, whom they may assign and whoever runs a session in their
    scope; for anyone else, who runs a session with them. Other staff stay unknown."""
    wanted = set(staff_ids)
    if principal.staff_id is None or not wanted:
        return set()
    if principal.role is Role.ADMIN:
        return set(db.scalars(select(Staff.id).where(Staff.id.in_(wanted))))
    assigned = select(SessionFacilitator.staff_id).join(
        EduSession, EduSession.id == SessionFacilitator.session_id)
    if principal.has_role(*PLANNERS) and principal.region_code:
        assignable = select(Staff.id).where(Staff.role.in_(FACILITATOR_ROLES),
                                            _overlaps(principal.region_code))
        seen = assigned.where(EduSession.region_code.startswith(principal.region_code))
        query: Select[Any] | CompoundSelect = assignable.union(seen)
    else:
        mine = select(SessionFacilitator.session_id).where(
            SessionFacilitator.staff_id == principal.staff_id)
        query = assigned.where(SessionFacilitator.session_id.in_(mine))
    visible = {principal.staff_id} | set(db.scalars(query))
    return visible & wanted


def assign_facilitator(db: Session, principal: Principal, session_id: int,
                       staff_id: int) -> EduSession:
    """Assign a facilitator (who may then check people in at this session)."""
    session = get_managed_session(db, principal, session_id, field="sessionId")
    staff = db.scalar(select(Staff).where(
        Staff.id == staff_id, Staff.role.in_(FACILITATOR_ROLES), _overlaps(session.region_code)))
    if staff is None:
        raise NotFound("facilitatorId", "facilitator")
    if db.get(SessionFacilitator, (session_id, staff_id)) is None:
        db.add(SessionFacilitator(session_id=session_id, staff_id=staff_id))
        record(db, principal, "session.assign_facilitator", session,
               after={"staff_id": staff_id})
    return session


def unassign_facilitator(db: Session, principal: Principal, session_id: int,
                         staff_id: int) -> EduSession:
    """Take a facilitator off a session: they no longer check people in there."""
    session = get_managed_session(db, principal, session_id, field="sessionId")
    link = db.get(SessionFacilitator, (session_id, staff_id))
    if link is None:
        raise NotFound("facilitatorId", "facilitator of this session")
    db.delete(link)
    record(db, principal, "session.unassign_facilitator", session, before={"staff_id": staff_id})
    return session


def session_facilitators(db: Session, principal: Principal, session_id: int) -> list[Staff]:
    """Who runs a session, by name: for its planners."""
    get_managed_session(db, principal, session_id)
    return list(db.scalars(select(Staff).join(
        SessionFacilitator, SessionFacilitator.staff_id == Staff.id).where(
        SessionFacilitator.session_id == session_id).order_by(Staff.full_name, Staff.id)))


def facilitator_candidates(db: Session, principal: Principal, session_id: int) -> list[Staff]:
    """Whom a planner may still assign to a session: facilitators who sign in to the console
    (an account not disabled) in a region overlapping the session's, by name."""
    session = get_managed_session(db, principal, session_id)
    assigned = select(SessionFacilitator.staff_id).where(
        SessionFacilitator.session_id == session_id)
    return list(db.scalars(select(Staff).join(StaffAccount, StaffAccount.staff_id == Staff.id)
                           .where(Staff.role == Role.FACILITATOR,
                                  StaffAccount.disabled_at.is_(None),
                                  _overlaps(session.region_code), Staff.id.not_in(assigned))
                           .order_by(Staff.full_name, Staff.id)))


def visible_sessions(principal: Principal) -> Select[EduSession]:
    """The sessions a principal may list: public ones, plus drafts in their scope."""
    stmt = select(EduSession)
    public = EduSession.status.in_(PUBLIC_STATUSES)
    if principal.has_role(Role.ADMIN):
        return stmt
    if principal.has_role(Role.EDUCATION_OFFICER) and principal.region_code:
        return stmt.where(or_(public, EduSession.region_code.startswith(principal.region_code)))
    if principal.staff_id is not None:
        mine = select(SessionFacilitator.session_id).where(
            SessionFacilitator.staff_id == principal.staff_id
        )
        return stmt.where(or_(public, EduSession.id.in_(mine)))
    return stmt.where(public)


def list_sessions(db: Session, principal: Principal, flt: SessionFilter,
                  offset: int, limit: int) -> tuple[int, list[EduSession]]:
    """One page of the sessions the principal may see, by start time, and the total."""
    problems = search(flt.search, "filter.search") + search(flt.region_code, "filter.regionCode")
    if problems:
        raise UserError.many(problems)
    stmt = visible_sessions(principal)
    if flt.region_code:
        stmt = stmt.where(EduSession.region_code.startswith(flt.region_code))
    if flt.segment:
        stmt = stmt.where(EduSession.segment == flt.segment)
    if flt.status:
        stmt = stmt.where(EduSession.status == flt.status)
    if flt.starts_from:
        stmt = stmt.where(EduSession.starts_at >= flt.starts_from)
    if flt.starts_before:
        stmt = stmt.where(EduSession.starts_at < flt.starts_before)
    if flt.search and flt.search.strip():
        stmt = stmt.where(EduSession.title.ilike(f"%{flt.search.strip()}%"))
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.scalars(
        stmt.order_by(EduSession.starts_at, EduSession.id).offset(offset).limit(limit)
    )
    return total, list(rows)


def sessions_by_ids(db: Session, ids: Iterable[int]) -> dict[int, EduSession]:
    """The sessions with these ids, by id, in one query (a person's page lists many)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {s.id: s for s in db.scalars(select(EduSession).where(EduSession.id.in_(wanted)))}
