"""The life of API tokens after they are made: listing, revoking, rotating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.audit import record, snapshot
from edu.auth.models import ApiToken, Role, Staff
from edu.auth.principal import Principal
from edu.auth.service import issue_participant_token
from edu.db import utcnow
from edu.errors import NotFound, UserError
from edu.participants.models import Participant
from edu.perf.tokens import forget_on_commit
from edu.universities.models import University

PARTICIPANT = "PARTICIPANT"
COMMAND_LINE = "edu command line"


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown of a token: never the secret, which is not kept anyway."""

    id: int
    role: str  # a staff role, or PARTICIPANT
    name: str | None  # the staff member's; a participant's name is personal data
    region_code: str | None
    university_code: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


def command_line_principal(db: Session) -> Principal:
    """The operator at the command line: they hold the database anyway, so they act as an
    administrator, recorded under their own name in the audit log."""
    staff = db.scalar(select(Staff).where(Staff.full_name == COMMAND_LINE,
                                          Staff.role == Role.ADMIN))
    if staff is None:
        staff = Staff(full_name=COMMAND_LINE, role=Role.ADMIN)
        db.add(staff)
        db.flush()
    return Principal(name=COMMAND_LINE, role=Role.ADMIN, staff_id=staff.id)


def _infos(db: Session, *where: Any, offset: int = 0,
           limit: int | None = None) -> list[TokenInfo]:
    rows = db.execute(
        select(ApiToken, Staff.full_name, Staff.role, Staff.region_code, University.code)
        .outerjoin(Staff, Staff.id == ApiToken.staff_id)
        .outerjoin(University, University.id == Staff.university_id)
        .where(*where).order_by(ApiToken.id.desc()).offset(offset).limit(limit)
    ).all()
    return [
        TokenInfo(id=t.id, role=str(role) if role is not None else PARTICIPANT, name=name,
                  region_code=region, university_code=university, created_at=t.created_at,
                  expires_at=t.expires_at, revoked_at=t.revoked_at)
        for t, name, role, region, university in rows
    ]


def list_tokens(db: Session, principal: Principal, *, participants: bool = False,
                offset: int = 0, limit: int | None = None) -> tuple[int, list[TokenInfo]]:
    """Staff tokens (and participants' too when asked), newest first; ADMIN only."""
    principal.require_staff()
    where = [] if participants else [ApiToken.staff_id.is_not(None)]
    total = db.scalar(select(func.count()).select_from(ApiToken).where(*where)) or 0
    return total, _infos(db, *where, offset=offset, limit=limit)


def get_token(db: Session, principal: Principal, token_id: int) -> TokenInfo | None:
    """One token's listing entry, or None; ADMIN only."""
    principal.require_staff()
    found = _infos(db, ApiToken.id == token_id)
    return found[0] if found else None


def revoke_token(db: Session, principal: Principal, token_id: int) -> ApiToken:
    """Stop a token at once (ADMIN; audited); a revoked token stays listed as such."""
    principal.require_staff()
    token = db.get(ApiToken, token_id, with_for_update=True)
    if token is None:
        raise NotFound("id", "token")
    if token.revoked_at is not None:
        raise UserError("ALREADY_REVOKED", "id", "This token is already revoked.")
    before = snapshot(token, "revoked_at")
    token.revoked_at = utcnow()
    forget_on_commit(db, token.token_hash)
    record(db, principal, "token.revoke", token, before=before,
           after=snapshot(token, "revoked_at", "staff_id", "participant_id"))
    return token


def rotate_participant_token(db: Session, principal: Principal) -> str:
    """A new token for the calling participant; every token they had stops at once."""
    participant_id = principal.require_participant()
    now = utcnow()
    active = list(db.scalars(select(ApiToken).where(
        ApiToken.participant_id == participant_id, ApiToken.revoked_at.is_(None))))
    for old in active:
        old.revoked_at = now
        forget_on_commit(db, old.token_hash)
    token = issue_participant_token(db, participant_id)
    record(db, principal, "token.rotate", db.get(Participant, participant_id),
           after={"revoked": [t.id for t in active], "at": now})
    return token
