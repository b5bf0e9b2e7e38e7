"""Reading the audit log for administrators: filtered, newest first, one page at a time.

Pages follow the chain's position (`seq`, unique and indexed) rather than an offset, so the
hundredth page costs what the first does and nothing is counted or loaded beyond the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.errors import Problem, UserError

PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    """What to look for; empty fields match everything. Days are the commission's (WITA)."""

    actor: str = ""  # part of the actor's name, any case
    action: str = ""  # an action, or its start: `totp.` finds every two-factor event
    entity: str = ""  # a record's type (StaffAccount), optionally `Type:id`
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    older: int | None  # the `before` of the next page, if there is one


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(DISPLAY_TZ))


def search_audit(db: Session, principal: Principal, flt: AuditFilter, *,
                 before: int | None = None, limit: int = PAGE) -> AuditPage:
    """Events matching the filter, newest first, older than `before` (admins only)."""
    principal.require_staff(Role.ADMIN)
    if flt.since and flt.until and flt.until < flt.since:
        raise UserError("INVALID_DATE_RANGE", "until", "The end date is before the start date.")
    too_long = [Problem("TOO_LONG", name, "At most 64 characters.")
                for name, value in (("actor", flt.actor), ("action", flt.action),
                                    ("entity", flt.entity)) if len(value) > 64]
    if too_long:
        raise UserError.many(too_long)
    stmt = select(AuditEvent)
    if flt.actor.strip():
        stmt = stmt.where(func.lower(AuditEvent.actor_name)
                          .contains(flt.actor.strip().lower(), autoescape=True))
    action = flt.action.strip()
    if action.endswith("."):
        stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
    elif action:
        stmt = stmt.where(AuditEvent.action == action)
    kind, _, ident = flt.entity.strip().partition(":")
    if kind:
        stmt = stmt.where(AuditEvent.entity_type == kind)
    if ident:
        stmt = stmt.where(AuditEvent.entity_id == ident)
    if flt.since:
        stmt = stmt.where(AuditEvent.at >= _start_of(flt.since))
    if flt.until:
        stmt = stmt.where(AuditEvent.at < _start_of(flt.until + timedelta(days=1)))
    if before is not None:
        stmt = stmt.where(AuditEvent.seq < before)
    rows = list(db.scalars(stmt.order_by(AuditEvent.seq.desc()).limit(limit + 1)))
    older = rows[limit - 1].seq if len(rows) > limit else None
    return AuditPage(rows[:limit], older)
