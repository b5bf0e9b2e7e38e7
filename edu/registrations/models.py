"""A participant's place in a session, and their attendance."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime, utcnow


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    WAITLISTED = "WAITLISTED"
    CANCELLED = "CANCELLED"


class AttendanceStatus(enum.StrEnum):
    PRESENT = "PRESENT"
    LATE = "LATE"
    EXCUSED = "EXCUSED"
    ABSENT = "ABSENT"


class Registration(Base):
    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),
        Index("ix_registrations_session_status", "session_id", "status", "waitlist_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        Enum(RegistrationStatus, native_enum=False, length=16)
    )
    waitlist_position: Mapped[int | None]
    ticket_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(16), default="SELF")  # SELF or IMPORT
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_status: Mapped[AttendanceStatus | None] = mapped_column(
        Enum(AttendanceStatus, native_enum=False, length=16)
    )
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The consent given with this registration: what, when, and which notice it was.
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_text: Mapped[str | None] = mapped_column(String(300))
    notice_version: Mapped[str | None] = mapped_column(String(16))


class RegistrationRequest(Base):
    """A registration asked for a participant on record by someone who has not shown to be
    them (no token of theirs): it books nothing until the person confirms through a link
    that reaches them. The caller's answer looked like a booking, so knowing an email
    reveals and books nothing. Seats go by confirmation time."""

    __tablename__ = "registration_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"),
                                            index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the caller typed, for the person to see when they confirm (never shown elsewhere).
    submitted: Mapped[dict[str, Any]] = mapped_column(JSON)
    guardian_consent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
