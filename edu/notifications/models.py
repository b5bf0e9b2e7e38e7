"""The outbox: one row per notice, written in the transaction of the change that causes it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime, utcnow


class NoticeKind(enum.StrEnum):
    REGISTERED = "REGISTERED"
    PROMOTED = "PROMOTED"
    RESCHEDULED = "RESCHEDULED"
    CANCELLED = "CANCELLED"
    REMINDER = "REMINDER"
    CONFIRM_REQUEST = "CONFIRM_REQUEST"
    LOST_LINK = "LOST_LINK"
    CERTIFICATE_READY = "CERTIFICATE_READY"
    # To a student (an intern): details.internship_id
    INTERNSHIP_DECIDED = "INTERNSHIP_DECIDED"
    LOGBOOK_RETURNED = "LOGBOOK_RETURNED"  # details.entry_id
    INTERNSHIP_EVALUATED = "INTERNSHIP_EVALUATED"
    INTERN_CERTIFICATE_READY = "INTERN_CERTIFICATE_READY"  # details.certificate_id
    # To whoever took part (PRESENT or LATE), once, after the session: the survey link.
    SURVEY = "SURVEY"
    INTERN_SURVEY = "INTERN_SURVEY"  # to the student of a completed internship
    # To the coordinator(s) of the student's university (staff_id): details.internship_id
    COORDINATOR_DECIDED = "COORDINATOR_DECIDED"
    # To another system: details.endpoint_id, event, data (edu.notifications.webhooks)
    WEBHOOK = "WEBHOOK"


class NoticeStatus(enum.StrEnum):
    PENDING = "PENDING"  # waiting for its time, for a runner, or for a mail server to be set
    SENT = "SENT"
    FAILED = "FAILED"  # every attempt failed: staff see it and may resend
    OBSOLETE = "OBSOLETE"  # no longer true when its time came (a reminder of a moved session)


class Notice(Base):
    """What to tell whom; the message itself is composed when it is sent, so the outbox holds
    ids rather than copies of personal data."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_due", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NoticeKind] = mapped_column(Enum(NoticeKind, native_enum=False, length=24))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    # An intern's notices go to the student instead of a participant.
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True)
    # A staff member's notices (a university coordinator's) go to their own address.
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    # A webhook's endpoint (edu.notifications.webhooks): its delivery log is its notices.
    endpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    # What else the message needs (a request id, the start a reminder was planned for).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[NoticeStatus] = mapped_column(
        Enum(NoticeStatus, native_enum=False, length=16), default=NoticeStatus.PENDING)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A runner holds the notice until then; one that died mid-send lets it go by itself.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def notice_row(kind: NoticeKind, *, participant_id: int | None = None,
               session_id: int | None = None, student_id: int | None = None,
               staff_id: int | None = None, endpoint_id: int | None = None,
               details: dict[str, Any] | None = None,
               not_before: datetime | None = None) -> dict[str, Any]:
    """A pending notice's columns, every key present: rows of one INSERT must share keys."""
    now = utcnow()
    return {"kind": kind, "participant_id": participant_id, "session_id": session_id,
            "student_id": student_id, "staff_id": staff_id, "endpoint_id": endpoint_id,
            "details": details or {}, "status": NoticeStatus.PENDING,
            "not_before": not_before or now, "attempts": 0, "created_at": now}
