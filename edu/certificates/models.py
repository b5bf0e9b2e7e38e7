"""Certificates, the batches that issue them, and the per-office number sequences."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base, UTCDateTime, utcnow

DEFAULT_NUMBER_TEMPLATE = "{seq:03d}/PP.08.1-Pu/{unit}/{level}/{month}/{year}"


class CertificateKind(enum.StrEnum):
    SESSION = "SESSION"  # subject: a session, recipient: a participant
    INTERNSHIP = "INTERNSHIP"  # subject: a placement, recipient: an internship


class CertificateStatus(enum.StrEnum):
    VALID = "VALID"
    REVOKED = "REVOKED"
    REPLACED = "REPLACED"  # revoked and re-issued: `replaced_by_id` is the new one


class BatchStatus(enum.StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class CertificateOffice(Base):
    """An office's certificate settings; an office without a row uses the defaults."""

    __tablename__ = "certificate_offices"

    region_code: Mapped[str] = mapped_column(ForeignKey("offices.region_code"), primary_key=True)
    # Placeholders: {seq} (gap-free per office and year), {unit} (region code), {level}
    # (office level code, e.g. KPU-Kot), {month} (Roman), {year}.
    number_template: Mapped[str] = mapped_column(String(120), default=DEFAULT_NUMBER_TEMPLATE)
    signer_name: Mapped[str] = mapped_column(String(160), default="")
    signer_title: Mapped[str | None] = mapped_column(String(160))
    place: Mapped[str | None] = mapped_column(String(80))
    accent: Mapped[str | None] = mapped_column(String(9))
    background_path: Mapped[str | None] = mapped_column(String(500))
    logo_path: Mapped[str | None] = mapped_column(String(500))

    @property
    def code(self) -> str:
        """The office's region code (what the audit log names it by)."""
        return self.region_code


class CertificateSequence(Base):
    """The last number used per office and year, moved only under a row lock together with
    the certificates that take the numbers: a rolled-back batch gives its numbers back."""

    __tablename__ = "certificate_sequences"

    region_code: Mapped[str] = mapped_column(ForeignKey("offices.region_code"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class CertificateBatch(Base):
    """One run of issuing for a subject. `cursor` is the last recipient handled, committed
    with that chunk's certificates, so a restarted batch resumes exactly where it stopped."""

    __tablename__ = "certificate_batches"
    __table_args__ = (Index("ix_certificate_batches_status", "status", "lease_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CertificateKind] = mapped_column(Enum(CertificateKind, native_enum=False,
                                                       length=16))
    subject_id: Mapped[int]
    region_code: Mapped[str] = mapped_column(ForeignKey("offices.region_code"))
    status: Mapped[BatchStatus] = mapped_column(
        Enum(BatchStatus, native_enum=False, length=16), default=BatchStatus.QUEUED
    )
    total: Mapped[int] = mapped_column(default=0)
    issued: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    rendered: Mapped[int] = mapped_column(default=0)
    cursor: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Certificate(Base):
    """One issued certificate. Nobody holds two for the same subject: (kind, subject,
    recipient, generation) is unique and batches only ever insert generation 0; a re-issue
    after a correction is the next generation and links the old one to it."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("kind", "subject_id", "recipient_id", "generation"),
        UniqueConstraint("region_code", "year", "sequence"),
        Index("ix_certificates_recipient", "kind", "recipient_id"),
        Index("ix_certificates_batch", "batch_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("certificate_batches.id"))
    kind: Mapped[CertificateKind] = mapped_column(Enum(CertificateKind, native_enum=False,
                                                       length=16))
    subject_id: Mapped[int]
    recipient_id: Mapped[int]
    generation: Mapped[int] = mapped_column(default=0)
    region_code: Mapped[str] = mapped_column(ForeignKey("offices.region_code"))
    year: Mapped[int]
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(80), unique=True)
    recipient_name: Mapped[str] = mapped_column(String(160))
    subject_title: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The rest of what is printed (office, signer, role line …), fixed at issue time.
    printed: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The verification code is derived from the secret key and the id: only its hash is kept.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[CertificateStatus] = mapped_column(
        Enum(CertificateStatus, native_enum=False, length=16), default=CertificateStatus.VALID
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))

    @property
    def valid(self) -> bool:
        return self.status is CertificateStatus.VALID


class CertificateLookup(Base):
    """Every verification lookup (page, GraphQL, PDF): when, how, which code, what was found.
    Also the rate limiter's memory, so the limit holds across processes."""

    __tablename__ = "certificate_lookups"
    __table_args__ = (Index("ix_certificate_lookups_client_at", "client_hash", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(16))  # PAGE, GRAPHQL, PDF
    client_hash: Mapped[str] = mapped_column(String(64))  # hashed address, not the address
    code_hash: Mapped[str] = mapped_column(String(64))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    result: Mapped[str] = mapped_column(String(16))  # VALID, REVOKED, REPLACED, UNKNOWN
