"""Creating staff tokens and telling who a bearer token belongs to."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from edu import validation
from edu.audit import record
from edu.auth.models import ApiToken, Role, Staff
from edu.auth.principal import ANONYMOUS, Principal
from edu.db import utcnow
from edu.errors import Unauthenticated, UserError
from edu.offices.models import Region
from edu.secrets import hash_secret, new_token
from edu.universities.models import University

STAFF_TOKEN_PREFIX = "edus"
PARTICIPANT_TOKEN_PREFIX = "edup"
# A staff token that leaked, or whose holder left, stops working after a year at the latest.
STAFF_TOKEN_DAYS = 365
MAX_TOKEN_DAYS = 3650


def staff_scope(db: Session, *, role: Role, region_code: str | None,
                university_code: str | None) -> int | None:
    """Check the scope a role needs (a region for officers at the door and in planning, a
    university for coordinators); the university's id, if any."""
    if role in (Role.EDUCATION_OFFICER, Role.FACILITATOR) and region_code is None:
        raise UserError("REQUIRED", "region", f"A {role} needs --region (52 for all of NTB).")
    if region_code is not None and db.get(Region, region_code) is None:
        raise UserError("UNKNOWN_REGION", "region", f"Unknown region code {region_code!r}.")
    if role is not Role.UNIVERSITY_COORDINATOR:
        return None
    if not university_code:
        raise UserError("REQUIRED", "university", "A coordinator needs --university CODE.")
    university = db.scalar(select(University).where(University.code == university_code))
    if university is None:
        raise UserError(
            "UNKNOWN_UNIVERSITY", "university", f"Unknown university {university_code!r}."
        )
    return university.id


def new_staff(db: Session, *, role: Role, name: str, region_code: str | None,
              university_code: str | None, email: str | None = None) -> Staff:
    """A new staff member with a role and the scope the role needs (flushed, not audited);
    an email, if given, is where their notices go."""
    name = name.strip()
    if not name:
        raise UserError("REQUIRED", "name", "A staff member needs a name.")
    bad_email = validation.email(email, "email", required=False)
    if bad_email:
        raise UserError.many(bad_email)
    university_id = staff_scope(db, role=role, region_code=region_code,
                                university_code=university_code)
    staff = Staff(full_name=name, role=role, region_code=region_code, university_id=university_id,
                  email=validation.normal_email(email))
    db.add(staff)
    db.flush()
    return staff


def create_staff_token(
    db: Session,
    *,
    role: Role,
    name: str,
    region_code: str | None = None,
    university_code: str | None = None,
    email: str | None = None,
    expires_in_days: int = STAFF_TOKEN_DAYS,
) -> str:
    """Create a staff member and return their new token; only its hash is stored."""
    if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise UserError("INVALID_EXPIRY", "expiresIn",
                        f"A token expires in 1 to {MAX_TOKEN_DAYS} days.")
    staff = new_staff(db, role=role, name=name, region_code=region_code,
                      university_code=university_code, email=email)
    name = staff.full_name
    token = new_token(STAFF_TOKEN_PREFIX)
    expires_at = utcnow() + timedelta(days=expires_in_days)
    db.add(ApiToken(token_hash=hash_secret(token), staff_id=staff.id, expires_at=expires_at))
    record(
        db,
        None,
        "token.create",
        staff,
        after={"role": str(role), "name": name, "region": region_code,
               "university": university_code, "expires_at": expires_at},
    )
    return token


def issue_participant_token(db: Session, participant_id: int) -> str:
    """A new bearer token for a participant (returned once, stored hashed)."""
    token = new_token(PARTICIPANT_TOKEN_PREFIX)
    db.add(ApiToken(token_hash=hash_secret(token), participant_id=participant_id))
    return token


def authenticate(db: Session, token: str | None) -> Principal:
    """The principal behind a bearer token; no token is anonymous, a bad one is refused."""
    if not token:
        return ANONYMOUS
    found = lookup_token(db, hash_secret(token))
    if found is None:
        raise Unauthenticated("This token is unknown, revoked or expired.")
    return found[0]


def lookup_token(db: Session, token_hash: str) -> tuple[Principal, datetime | None] | None:
    """The principal of a live token by its hash (one indexed lookup), and when it expires."""
    row = db.execute(
        select(ApiToken.staff_id, ApiToken.participant_id, ApiToken.expires_at, Staff.full_name,
               Staff.role, Staff.region_code, Staff.university_id)
        .outerjoin(Staff, Staff.id == ApiToken.staff_id)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()))
    ).first()
    if row is None:
        return None
    if row.participant_id is not None:
        return Principal(name="participant", participant_id=row.participant_id), row.expires_at
    return Principal(
        name=row.full_name,
        role=row.role,
        staff_id=row.staff_id,
        region_code=row.region_code,
        university_id=row.university_id,
    ), row.expires_at
