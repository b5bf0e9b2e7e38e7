"""The satisfaction survey, kept in two parts that nothing links: who took part, and the
anonymous answers. The answers carry a random id and the WITA date only (no time, no
sequence), so neither their order nor a key joins them to the person's marker."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime
from edu.sessions.models import Segment

ELEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")


class SurveyService(enum.StrEnum):
    VOTER_EDUCATION = "VOTER_EDUCATION"
    INTERNSHIP = "INTERNSHIP"


class SuggestionStatus(enum.StrEnum):
    NEW = "NEW"
    ANSWERED = "ANSWERED"
    CLOSED = "CLOSED"


class SurveyParticipation(Base):
    """That a person answered the survey of a session or of an internship (once each)."""

    __tablename__ = "survey_participations"
    __table_args__ = (
        CheckConstraint("(session_id IS NULL) <> (internship_id IS NULL)",
                        name="one_service"),
        UniqueConstraint("session_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"))
    internship_id: Mapped[int | None] = mapped_column(ForeignKey("internships.id"), unique=True)


def _score() -> Mapped[int]:
    return mapped_column(SmallInteger)


class SurveyAnswer(Base):
    """One anonymous set of answers: the nine elements U1..U9 (1..4) and a suggestion."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        *(CheckConstraint(f"{e.lower()} BETWEEN 1 AND 4", name=f"{e.lower()}_range")
          for e in ELEMENTS),
        Index("ix_survey_answers_service_on", "service", "answered_on"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random
    service: Mapped[SurveyService] = mapped_column(
        Enum(SurveyService, native_enum=False, length=16))
    # What was served, never who: the session, or the placement (not the internship).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"), index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    answered_on: Mapped[date]
    u1: Mapped[int] = _score()
    u2: Mapped[int] = _score()
    u3: Mapped[int] = _score()
    u4: Mapped[int] = _score()
    u5: Mapped[int] = _score()
    u6: Mapped[int] = _score()
    u7: Mapped[int] = _score()
    u8: Mapped[int] = _score()
    u9: Mapped[int] = _score()
    suggestion: Mapped[str | None] = mapped_column(Text)
    suggestion_status: Mapped[SuggestionStatus | None] = mapped_column(
        Enum(SuggestionStatus, native_enum=False, length=16))
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    @property
    def scores(self) -> tuple[int, ...]:
        return (self.u1, self.u2, self.u3, self.u4, self.u5, self.u6, self.u7, self.u8,
                self.u9)


class ServiceStandard(Base):
    """An office's published service time for a service, in working days."""

    __tablename__ = "service_standards"
    __table_args__ = (CheckConstraint("working_days >= 1", name="working_days_positive"),)

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    service: Mapped[SurveyService] = mapped_column(
        Enum(SurveyService, native_enum=False, length=16), primary_key=True)
    working_days: Mapped[int]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CollectiveLeaveDay(Base):
    """A cuti bersama day an admin adds for a year: not a working day."""

    __tablename__ = "collective_leave_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RequestOutcome(enum.StrEnum):
    ACCEPTED = "ACCEPTED"  # the office will hold the session
    DECLINED = "DECLINED"


class SessionRequest(Base):
    """A school's or group's request that the office hold a voter-education session: the
    service whose time (request to answer, in working days) the standard measures."""

    __tablename__ = "session_requests"
    __table_args__ = (
        CheckConstraint("audience IS NULL OR audience >= 1", name="audience_positive"),
        CheckConstraint("(answered_at IS NULL) = (outcome IS NULL)", name="answer_complete"),
        Index("ix_session_requests_region_answered", "region_code", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    organisation: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    segment: Mapped[Segment] = mapped_column(Enum(Segment, native_enum=False, length=32))
    audience: Mapped[int | None]
    preferred_on: Mapped[date | None]
    message: Mapped[str] = mapped_column(Text, default="")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    outcome: Mapped[RequestOutcome | None] = mapped_column(
        Enum(RequestOutcome, native_enum=False, length=16))
    reply: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The sender's address, hashed: a client may send only so many requests a day.
    client_hash: Mapped[str | None] = mapped_column(String(64))
    # Set when retention blanked the contact details; the figures stay.
    contact_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
