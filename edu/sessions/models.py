"""A voter-education session (kegiatan pendidikan pemilih) and its facilitators."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime, utcnow


class Segment(enum.StrEnum):
    """Target segments (basis pemilih)."""

    FAMILY = "FAMILY"
    FIRST_TIME_VOTERS = "FIRST_TIME_VOTERS"
    YOUNG_VOTERS = "YOUNG_VOTERS"
    WOMEN = "WOMEN"
    PEOPLE_WITH_DISABILITIES = "PEOPLE_WITH_DISABILITIES"
    SPECIAL_NEEDS = "SPECIAL_NEEDS"
    MARGINALIZED = "MARGINALIZED"
    COMMUNITY = "COMMUNITY"
    RELIGIOUS = "RELIGIOUS"
    NETIZENS = "NETIZENS"
    GENERAL_PUBLIC = "GENERAL_PUBLIC"


class SessionFormat(enum.StrEnum):
    IN_PERSON = "IN_PERSON"
    ONLINE = "ONLINE"
    HYBRID = "HYBRID"


class Method(enum.StrEnum):
    """Methods of PKPU 9/2022: face to face, or through media."""

    FORUM = "FORUM"
    DISCUSSION = "DISCUSSION"
    SEMINAR = "SEMINAR"
    WORKSHOP = "WORKSHOP"
    TRAINING = "TRAINING"
    LECTURE = "LECTURE"
    SIMULATION = "SIMULATION"
    TALK_SHOW = "TALK_SHOW"
    LOCAL_CULTURE = "LOCAL_CULTURE"
    PRINT_MEDIA = "PRINT_MEDIA"
    BROADCAST = "BROADCAST"
    ONLINE_MEDIA = "ONLINE_MEDIA"
    SOCIAL_MEDIA = "SOCIAL_MEDIA"
    OUTDOOR_MEDIA = "OUTDOOR_MEDIA"


class SessionStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class EduSession(Base):
    """One session. `confirmed_count` and `waitlist_count` are kept by atomic UPDATEs, and a
    CHECK keeps confirmed within capacity: the database itself refuses an oversold session."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("confirmed_count <= capacity", name="not_oversold"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_sessions_region_starts", "region_code", "starts_at"),
        Index("ix_sessions_status_starts", "status", "starts_at"),
        # Every list's order (starts_at, id): a page of 50 walks it and stops, whatever the
        # filter, instead of sorting all the sessions first (bench/growth.py).
        Index("ix_sessions_starts_id", "starts_at", "id"),
        # Every column a public feed's version query reads, for an index-only scan; ends_at
        # first, so that the window (sessions ending after its start) is one range whatever
        # the years of history before it.
        Index("ix_sessions_feed_window", "status", "ends_at", "starts_at", "cancelled_at",
              "region_code", "segment", "updated_at", "sequence", "id"),
        # The same for one office's feed (region_code =): its window, not its whole history.
        Index("ix_sessions_office_window", "region_code", "ends_at", "status", "starts_at",
              "cancelled_at", "segment", "updated_at", "sequence", "id"),
        # A feed's latest change: walked from the newest, it stops at the feed's first session
        # (an office's feed: the newest of its region).
        Index("ix_sessions_updated", "updated_at", "region_code", "segment"),
        Index("ix_sessions_region_updated", "region_code", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    segment: Mapped[Segment] = mapped_column(Enum(Segment, native_enum=False, length=32))
    format: Mapped[SessionFormat] = mapped_column(
        Enum(SessionFormat, native_enum=False, length=16)
    )
    method: Mapped[Method | None] = mapped_column(Enum(Method, native_enum=False, length=32))
    program: Mapped[str | None] = mapped_column(String(120))
    venue_name: Mapped[str | None] = mapped_column(String(200))
    venue_address: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    confirmed_count: Mapped[int] = mapped_column(default=0)
    waitlist_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[SessionStatus] = mapped_column(
        Enum(SessionStatus, native_enum=False, length=16), default=SessionStatus.DRAFT
    )
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # iCalendar SEQUENCE: raised on every change of time, place or status.
    sequence: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def seats_left(self) -> int:
        return seats_left(self.capacity, self.confirmed_count)


class SessionFacilitator(Base):
    """A staff member assigned to run (and check people in at) a session."""

    __tablename__ = "session_facilitators"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True, index=True)


def seats_left(capacity: int, confirmed: int) -> int:
    """Seats still free (never below none, should a capacity be lowered under the count)."""
    return max(capacity - confirmed, 0)
