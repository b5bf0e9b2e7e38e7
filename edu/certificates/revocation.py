"""Revoking certificates: one by hand, or all of a subject that no longer gives any.

Apart from the issuing machinery, so that the services whose changes revoke certificates (a
cancelled session) can call it without depending on batches and rendering.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.audit import record, snapshot
from edu.auth.principal import Principal
from edu.certificates.models import Certificate, CertificateKind, CertificateStatus
from edu.db import utcnow

AUDITED = ("number", "status", "revoked_at", "revocation_reason", "replaced_by_id")


def revoke(db: Session, principal: Principal, cert: Certificate, reason: str) -> None:
    """Mark a valid certificate REVOKED with its reason, audited with before and after."""
    before = snapshot(cert, *AUDITED)
    cert.status = CertificateStatus.REVOKED
    cert.revoked_at = utcnow()
    cert.revocation_reason = reason
    cert.revoked_by_id = principal.staff_id
    record(db, principal, "certificate.revoke", cert, before=before,
           after=snapshot(cert, *AUDITED))


def revoke_all(db: Session, principal: Principal, kind: CertificateKind, subject_id: int,
               reason: str) -> int:
    """Revoke every valid certificate of a subject; how many were revoked."""
    certs = list(db.scalars(select(Certificate).where(
        Certificate.kind == kind, Certificate.subject_id == subject_id,
        Certificate.status == CertificateStatus.VALID).order_by(Certificate.id)
        .with_for_update()))
    for cert in certs:
        revoke(db, principal, cert, reason)
    return len(certs)
