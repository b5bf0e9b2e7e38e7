"""Certificates, their batches, and what a public verification answers."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import relay

from edu.certificates import service as certificates
from edu.certificates.models import BatchStatus as _BatchStatus
from edu.certificates.models import Certificate as CertificateModel
from edu.certificates.models import CertificateBatch as BatchModel
from edu.certificates.models import CertificateKind as _CertificateKind
from edu.certificates.models import CertificateStatus as _CertificateStatus
from edu.certificates.subjects import KINDS
from edu.errors import AuthError, NotFound
from schema.certificates.loaders import certificate_by_internship, certificates_by_participant
from schema.connections import Connection, connection, page_window

# The domain's enum classes themselves (a type checker sees classes), registered with
# strawberry as GraphQL enums.
CertificateStatus = _CertificateStatus
strawberry.enum(CertificateStatus, name="CertificateStatus")
CertificateKind = _CertificateKind
strawberry.enum(CertificateKind, name="CertificateKind",
                description="SESSION (participants) or INTERNSHIP (interns).")
CertificateBatchStatus = _BatchStatus
strawberry.enum(CertificateBatchStatus, name="CertificateBatchStatus")


@strawberry.enum(description="What a verification code stands for.")
class VerificationStatus(enum.Enum):
    VALID = "VALID"
    REVOKED = "REVOKED"
    REPLACED = "REPLACED"
    UNKNOWN = "UNKNOWN"


def _code(info: Any, cert_id: int) -> str:
    return certificates.verification_code(info.context.settings.secret_key, cert_id)


def may_see(info: Any, cert: CertificateModel) -> bool:
    """Staff who manage its subject, the participant it names, the intern's coordinator."""
    ctx = info.context
    kind = KINDS[cert.kind]
    if kind.may_see_recipient(ctx.db, ctx.principal, cert.recipient_id):
        return True
    try:
        certificates.manageable_subject(ctx.db, ctx.principal, cert.kind, cert.subject_id)
    except (AuthError, NotFound):
        return False
    return True


@strawberry.type
class Certificate(relay.Node):
    """An issued certificate. The verification code is its only public handle."""

    id: relay.NodeID[int]
    number: str
    kind: CertificateKind
    status: CertificateStatus
    recipient_name: str
    subject_title: str
    issued_on: date
    issued_at: datetime
    revoked_at: datetime | None
    revocation_reason: str | None
    pdf_sha256: str | None = strawberry.field(description="SHA-256 of the PDF as issued.")

    @classmethod
    def from_model(cls, c: CertificateModel) -> Certificate:
        return cls(id=c.id, number=c.number, kind=c.kind, status=c.status,
                   recipient_name=c.recipient_name, subject_title=c.subject_title,
                   issued_on=c.issued_on, issued_at=c.issued_at, revoked_at=c.revoked_at,
                   revocation_reason=c.revocation_reason, pdf_sha256=c.pdf_sha256)

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        ids = [int(i) for i in node_ids]
        rows = {c.id: c for c in info.context.db.query(CertificateModel)
                .filter(CertificateModel.id.in_(ids))}
        return [cls.from_model(rows[i]) if i in rows and may_see(info, rows[i]) else None
                for i in ids]

    @strawberry.field(description="The public verification page (its code is in the QR).")
    def verification_url(self, info: strawberry.Info) -> str:
        return certificates.verification_url(info.context.settings.public_url,
                                             _code(info, self.id))

    @strawberry.field(description="The signed PDF.")
    def download_url(self, info: strawberry.Info) -> str:
        return certificates.download_url(info.context.settings.public_url, _code(info, self.id))


@strawberry.type
class CertificateBatch(relay.Node):
    """One run of issuing for a session or a placement, with its progress."""

    id: relay.NodeID[int]
    kind: CertificateKind
    status: CertificateBatchStatus
    total: int
    issued: int
    skipped: int
    failed: int
    rendered: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_model(cls, b: BatchModel) -> CertificateBatch:
        return cls(id=b.id, kind=b.kind, status=b.status, total=b.total, issued=b.issued,
                   skipped=b.skipped, failed=b.failed, rendered=b.rendered, error=b.error,
                   created_at=b.created_at, finished_at=b.finished_at)

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        out: list[Any] = []  # None where the caller may not see the node
        for i in node_ids:
            try:
                out.append(cls.from_model(certificates.get_batch(
                    info.context.db, info.context.principal, int(i))))
            except (AuthError, NotFound):
                out.append(None)
        return out

    @strawberry.field(description="A ZIP of every PDF of the batch (a link for whoever holds it).")
    def download_url(self, info: strawberry.Info) -> str:
        s = info.context.settings
        return certificates.batch_download_url(s.public_url, s.secret_key, self.id)

    @strawberry.field
    def certificates(self, info: strawberry.Info, first: int | None = None,
                     after: str | None = None) -> Connection[Certificate]:
        offset, limit = page_window(first, after)
        total, rows = certificates.batch_certificates(info.context.db, self.id, offset, limit)
        return connection(total, offset, rows, Certificate.from_model)


@strawberry.type
class CertificateVerification:
    """What anyone may learn from a verification code: never contact data."""

    valid: bool
    status: VerificationStatus
    number: str | None = None
    recipient_name: str | None = None
    subject_title: str | None = None
    issuer: str | None = None
    issued_at: datetime | None = None
    revoked_at: datetime | None = None
    revocation_reason: str | None = None
    pdf_sha256: str | None = None

    @classmethod
    def of(cls, cert: CertificateModel | None) -> CertificateVerification:
        if cert is None:
            return cls(valid=False, status=VerificationStatus.UNKNOWN)
        return cls(valid=cert.valid, status=VerificationStatus(cert.status.value),
                   number=cert.number, recipient_name=cert.recipient_name,
                   subject_title=cert.subject_title, issuer=cert.printed.get("office_name"),
                   issued_at=cert.issued_at, revoked_at=cert.revoked_at,
                   revocation_reason=cert.revocation_reason, pdf_sha256=cert.pdf_sha256)


async def participant_certificates(info: Any, participant_id: int) -> list[Certificate]:
    """A participant's certificates (for `Participant.certificates`), batched per request."""
    found = await info.context.loader(certificates_by_participant).load(participant_id)
    # The person sees all of theirs; staff reaching them through a roster see only those of
    # subjects they manage.
    return [Certificate.from_model(c) for c in found if may_see(info, c)]


async def internship_certificate(info: Any, internship_id: int, *,
                                 completed: bool) -> Certificate | None:
    """An internship's current certificate (for `Internship.certificate`), batched."""
    if not completed:
        return None  # only completed internships are certified: no query for the others
    cert = await info.context.loader(certificate_by_internship).load(internship_id)
    return Certificate.from_model(cert) if cert else None
