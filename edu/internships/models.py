"""Placements at the offices, the students universities send, and their internships."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.db import Base, UTCDateTime, utcnow
from edu.offices.models import Region
from edu.participants.models import Gender
from edu.universities.models import University


class InternshipStatus(enum.StrEnum):
    """APPLIED → ACCEPTED | REJECTED; ACCEPTED → ACTIVE → COMPLETED; or WITHDRAWN before."""

    APPLIED = "APPLIED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    WITHDRAWN = "WITHDRAWN"


# The statuses that hold one of the placement's seats (counted in accepted_count).
SEAT_HOLDING = (InternshipStatus.ACCEPTED, InternshipStatus.ACTIVE, InternshipStatus.COMPLETED)


class LogbookStatus(enum.StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    RETURNED = "RETURNED"


class Placement(Base):
    """A unit's offer of internship seats for a period. `accepted_count` moves only by a
    conditional UPDATE, and a CHECK keeps it within the quota: the database refuses an
    over-full placement even when two officers accept at the same moment."""

    __tablename__ = "placements"
    __table_args__ = (
        CheckConstraint("quota >= 1", name="quota_positive"),
        CheckConstraint("accepted_count >= 0", name="accepted_not_negative"),
        CheckConstraint("accepted_count <= quota", name="within_quota"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("required_hours >= 1", name="required_hours_positive"),
        Index("ix_placements_region_ends", "region_code", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    starts_on: Mapped[date]
    ends_on: Mapped[date] = mapped_column(index=True)
    quota: Mapped[int]
    accepted_count: Mapped[int] = mapped_column(default=0)
    required_hours: Mapped[int]
    supervisor_name: Mapped[str | None] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship(lazy="joined", innerjoin=True)

    @property
    def seats_left(self) -> int:
        return max(self.quota - self.accepted_count, 0)

    def is_open(self, today: date) -> bool:
        """Open for applications while its period has not ended."""
        return self.ends_on >= today


class Student(Base):
    """A university's student, found again by (university, student number)."""

    __tablename__ = "students"
    __table_args__ = (UniqueConstraint("university_id", "student_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("universities.id"))
    full_name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254))  # None once erased
    phone: Mapped[str | None] = mapped_column(String(32))
    student_number: Mapped[str] = mapped_column(String(32))
    study_program: Mapped[str] = mapped_column(String(160))
    gender: Mapped[Gender | None] = mapped_column(Enum(Gender, native_enum=False, length=8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # edu.privacy.students

    university: Mapped[University] = relationship(lazy="joined", innerjoin=True)


class Internship(Base):
    """One student at one placement. `minutes_logged` is the exact total of the logbook
    entries that count (pending and approved), `minutes_approved` of those the field
    supervisor approved (what the required hours are met with), in whole minutes."""

    __tablename__ = "internships"
    __table_args__ = (
        UniqueConstraint("placement_id", "student_id"),
        CheckConstraint("minutes_logged >= 0", name="minutes_not_negative"),
        CheckConstraint("minutes_approved >= 0 AND minutes_approved <= minutes_logged",
                        name="approved_within_logged"),
        Index("ix_internships_placement_status", "placement_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    status: Mapped[InternshipStatus] = mapped_column(
        Enum(InternshipStatus, native_enum=False, length=16), default=InternshipStatus.APPLIED
    )
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # From the university's request letter: its reference and the campus supervisor (DPL).
    request_letter_number: Mapped[str | None] = mapped_column(String(120))
    campus_supervisor_name: Mapped[str | None] = mapped_column(String(160))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)
    # The office's numbered letter of acceptance or rejection (numbered in its e-office).
    decision_letter_number: Mapped[str | None] = mapped_column(String(120))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdraw_reason: Mapped[str | None] = mapped_column(Text)
    minutes_logged: Mapped[int] = mapped_column(default=0)
    minutes_approved: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    placement: Mapped[Placement] = relationship(lazy="joined", innerjoin=True)
    student: Mapped[Student] = relationship(lazy="joined", innerjoin=True)

    @property
    def service_seconds(self) -> int | None:
        """Service time: from the application to the decision, in whole seconds."""
        if self.decided_at is None:
            return None
        return int((self.decided_at - self.applied_at).total_seconds())


class InternshipTransition(Base):
    """Each change of an internship's status: from, to, who and when (and why)."""

    __tablename__ = "internship_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    internship_id: Mapped[int] = mapped_column(
        ForeignKey("internships.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[InternshipStatus | None] = mapped_column(
        Enum(InternshipStatus, native_enum=False, length=16)
    )
    to_status: Mapped[InternshipStatus] = mapped_column(
        Enum(InternshipStatus, native_enum=False, length=16)
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    by_name: Mapped[str] = mapped_column(String(160))
    note: Mapped[str | None] = mapped_column(Text)


class LogbookEntry(Base):
    """One day of an internship: check-in and check-out in the office's local time (WITA
    in NTB, no daylight saving, so minutes are plain differences)."""

    __tablename__ = "logbook_entries"
    __table_args__ = (
        UniqueConstraint("internship_id", "day"),
        CheckConstraint("check_out > check_in", name="out_after_in"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    internship_id: Mapped[int] = mapped_column(ForeignKey("internships.id", ondelete="CASCADE"))
    day: Mapped[date]
    check_in: Mapped[time]
    check_out: Mapped[time]
    minutes: Mapped[int]
    activity: Mapped[str] = mapped_column(Text)
    status: Mapped[LogbookStatus] = mapped_column(
        Enum(LogbookStatus, native_enum=False, length=16), default=LogbookStatus.PENDING
    )
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str | None] = mapped_column(Text)


class Evaluation(Base):
    """The field supervisor's final assessment; the grade is fixed when it is given."""

    __tablename__ = "evaluations"
    __table_args__ = (CheckConstraint("score >= 0 AND score <= 100", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    internship_id: Mapped[int] = mapped_column(
        ForeignKey("internships.id", ondelete="CASCADE"), unique=True
    )
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    grade: Mapped[str] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(Text)
    evaluated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
