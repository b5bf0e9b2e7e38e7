"""Issuing (as a background batch), revoking and re-issuing certificates."""

from __future__ import annotations

import strawberry

from edu.certificates import service as certificates
from schema.certificates.types import Certificate, CertificateBatch
from schema.errors import UserErrorType, mutate
from schema.ids import decode_id


@strawberry.input
class IssueCertificatesInput:
    session_id: strawberry.ID | None = None
    placement_id: strawberry.ID | None = None


@strawberry.input
class RevokeCertificateInput:
    id: strawberry.ID
    reason: str


@strawberry.input
class ReissueCertificateInput:
    id: strawberry.ID
    reason: str
    recipient_name: str | None = strawberry.field(
        default=None, description="The corrected name; by default the one now on record.")


@strawberry.type
class IssueCertificatesPayload:
    batch: CertificateBatch | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class CertificatePayload:
    certificate: Certificate | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class CertificateMutations:
    @strawberry.mutation(description="Queue a certificate batch for a session's attendees or a "
                                     "placement's completed interns; it runs in the background.")
    def issue_certificates(self, info: strawberry.Info,
                           input: IssueCertificatesInput) -> IssueCertificatesPayload:
        def change(db):
            session_id = (decode_id(input.session_id, "Session", "sessionId")
                          if input.session_id is not None else None)
            placement_id = (decode_id(input.placement_id, "Placement", "placementId")
                            if input.placement_id is not None else None)
            batch = certificates.issue_certificates(db, info.context.principal,
                                                    session_id=session_id,
                                                    placement_id=placement_id)
            return IssueCertificatesPayload(batch=CertificateBatch.from_model(batch))

        return mutate(info, change, lambda errors: IssueCertificatesPayload(user_errors=errors))

    @strawberry.mutation(description="Revoke a certificate with a reason.")
    def revoke_certificate(self, info: strawberry.Info,
                           input: RevokeCertificateInput) -> CertificatePayload:
        return mutate(
            info,
            lambda db: CertificatePayload(certificate=Certificate.from_model(
                certificates.revoke_certificate(
                    db, info.context.principal,
                    certificate_id=decode_id(input.id, "Certificate", "id"),
                    reason=input.reason))),
            lambda errors: CertificatePayload(user_errors=errors),
        )

    @strawberry.mutation(description="Replace a certificate after a correction: the old one "
                                     "is revoked and points to the new one.")
    def reissue_certificate(self, info: strawberry.Info,
                            input: ReissueCertificateInput) -> CertificatePayload:
        s = info.context.settings
        return mutate(
            info,
            lambda db: CertificatePayload(certificate=Certificate.from_model(
                certificates.reissue_certificate(
                    db, info.context.principal, s.secret_key, s.public_url,
                    certificate_id=decode_id(input.id, "Certificate", "id"),
                    reason=input.reason, recipient_name=input.recipient_name))),
            lambda errors: CertificatePayload(user_errors=errors),
        )
