"""A participant and the consent they gave (UU 27/2022)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime, utcnow


class Gender(enum.StrEnum):
    FEMALE = "FEMALE"
    MALE = "MALE"


class Participant(Base):
    """One person, found again by email (stored lower-case) when they register twice."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    gender: Mapped[Gender | None] = mapped_column(Enum(Gender, native_enum=False, length=8))
    birth_date: Mapped[date | None]
    # Disability is specific personal data: kept only with consent, shown only to staff.
    disability: Mapped[bool] = mapped_column(default=False)
    institution: Mapped[str | None] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_purpose: Mapped[str] = mapped_column(String(200))
    guardian_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The personal calendar URL is derived from the secret key and this version; raising the
    # version (rotate) or setting revoked_at stops the old URL at once.
    calendar_version: Mapped[int] = mapped_column(default=1)
    calendar_secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The secret link of the person's own page (Pendaftaran saya): derived, stored hashed.
    own_page_secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The language of the mails we send them: "id" (Indonesian) or "en".
    language: Mapped[str] = mapped_column(String(2), default="id", server_default="id")
    # Whether they want the reminder before each session (off by the mail's one-click
    # List-Unsubscribe, or on Pendaftaran saya; back on there).
    reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the person's data was erased (on request or by retention): a pseudonym remains.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
