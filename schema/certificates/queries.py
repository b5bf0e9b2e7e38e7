"""Public verification of a certificate code."""

from __future__ import annotations

import strawberry

from edu.certificates import service as certificates
from schema.certificates.types import CertificateVerification
from schema.errors import BadRequest


@strawberry.type
class CertificateQueries:
    @strawberry.field(description="What a verification code stands for (any case). Anyone may "
                                  "ask; lookups are logged and rate-limited per client.")
    def verify_certificate(self, info: strawberry.Info, code: str) -> CertificateVerification:
        ctx = info.context
        try:
            certificates.check_lookup_rate(ctx.db, ctx.client)  # refused: nothing written
            with ctx.write() as db:
                cert = certificates.lookup(db, code, channel="GRAPHQL", client=ctx.client)
                return CertificateVerification.of(cert)
        except certificates.TooManyLookups:
            raise BadRequest("Too many verification lookups; try again in a minute.") from None
