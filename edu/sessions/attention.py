"""What needs a staff member's attention: the console's first page, in their scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.certificates.models import BatchStatus, CertificateBatch
from edu.db import utcnow
from edu.errors import Unauthenticated
from edu.sessions.models import EduSession, SessionStatus
from edu.sessions.service import visible_sessions

SHOWN = 10  # of each kind; the session list has the rest
LONG_WAITLIST = 1  # any waitlist on a full session is worth a look (another room? more seats?)


@dataclass(frozen=True)
class Attention:
    this_week: list[EduSession]
    full: list[EduSession]
    drafts: list[EduSession]
    batches: list[CertificateBatch]


def _own(principal: Principal) -> Select[EduSession]:
    """The principal's sessions: visible ones within their region (public ones elsewhere are
    visible too, but not theirs to look after)."""
    stmt = visible_sessions(principal)
    if principal.role is not Role.ADMIN and principal.region_code:
        stmt = stmt.where(EduSession.region_code.startswith(principal.region_code))
    return stmt


def sections(principal: Principal) -> tuple[str, ...]:
    """The parts of the console a role works in: `sessions`, `internships`."""
    out = []
    if principal.has_role(Role.ADMIN, Role.EDUCATION_OFFICER, Role.FACILITATOR):
        out.append("sessions")
    if principal.has_role(Role.ADMIN, Role.INTERNSHIP_OFFICER, Role.UNIVERSITY_COORDINATOR):
        out.append("internships")
    return tuple(out)


def needs_attention(db: Session, principal: Principal) -> Attention:
    """Sessions this week, full sessions with a waitlist, drafts, unfinished batches (nothing
    for roles that do not work with sessions)."""
    if principal.is_anonymous:
        raise Unauthenticated()
    if "sessions" not in sections(principal):
        return Attention([], [], [], [])
    now = utcnow()
    own = _own(principal)
    order = (EduSession.starts_at, EduSession.id)
    week = list(db.scalars(own.where(EduSession.status == SessionStatus.PUBLISHED,
                                     EduSession.ends_at > now,
                                     EduSession.starts_at < now + timedelta(days=7))
                           .order_by(*order).limit(SHOWN)))
    full = list(db.scalars(own.where(EduSession.status == SessionStatus.PUBLISHED,
                                     EduSession.starts_at > now,
                                     EduSession.confirmed_count >= EduSession.capacity,
                                     EduSession.waitlist_count >= LONG_WAITLIST)
                           .order_by(EduSession.waitlist_count.desc(), *order).limit(SHOWN)))
    drafts = list(db.scalars(own.where(EduSession.status == SessionStatus.DRAFT)
                             .order_by(*order).limit(SHOWN)))
    batches: list[CertificateBatch] = []
    if principal.has_role(Role.ADMIN, Role.EDUCATION_OFFICER):
        stmt = select(CertificateBatch).where(CertificateBatch.status.in_(
            (BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.FAILED)))
        if principal.role is not Role.ADMIN and principal.region_code:
            stmt = stmt.where(CertificateBatch.region_code.startswith(principal.region_code))
        batches = list(db.scalars(stmt.order_by(CertificateBatch.id.desc()).limit(SHOWN)))
    return Attention(week, full, drafts, batches)
