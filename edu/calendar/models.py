"""The secret feed of an intern (a university's student), kept beside the student record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime, utcnow


class StudentCalendar(Base):
    """An intern's feed URL, issued by their coordinator or the internship staff. Like a
    participant's, it is derived from the secret key and `version`; only its hash is kept,
    and raising the version (rotate) stops the old URL at once."""

    __tablename__ = "student_calendars"

    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"),
                                            primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
