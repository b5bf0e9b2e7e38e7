"""Staff accounts and the API tokens (stored as hashes) that identify callers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime, utcnow
from edu.errors import UserError


class Role(enum.StrEnum):
    ADMIN = "ADMIN"
    EDUCATION_OFFICER = "EDUCATION_OFFICER"
    INTERNSHIP_OFFICER = "INTERNSHIP_OFFICER"
    UNIVERSITY_COORDINATOR = "UNIVERSITY_COORDINATOR"
    FACILITATOR = "FACILITATOR"


def role_named(text: str) -> Role:
    """The role a person typed (any case), or a userError listing the roles there are."""
    try:
        return Role(text.upper())
    except ValueError:
        raise UserError("INVALID_ROLE", "role", f"Unknown role {text!r}; one of "
                        + ", ".join(r.value for r in Role)) from None


class Staff(Base):
    """A person acting for the commission or for a university: every action is theirs."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(160))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=32))
    # The region an officer acts for: `52` is the whole province, `5271` one city.
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    university_id: Mapped[int | None] = mapped_column(ForeignKey("universities.id"))
    # Where their notices go (a coordinator hears of their students' internship decisions).
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A bearer token of a staff member or a participant; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Past this instant the token is refused; None never expires (participants rotate theirs).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
