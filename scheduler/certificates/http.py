"""HTTP routes of certificates: PDFs, batch ZIPs, the public key (the verification page is
web/certificates).

Mounted by edu/app.py with `routes(settings, database)`, which also starts the in-process
batch runner. Handlers are plain functions: Starlette runs them in its thread pool.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.certificates import service
from edu.certificates.keys import current_key, key_set_json, trusted_keys
from edu.certificates.models import BatchStatus, Certificate, CertificateBatch, CertificateStatus
from edu.certificates.signing import public_key_pem
from edu.config import Settings
from edu.db import Database
from scheduler.certificates.archive import batch_zip
from scheduler.certificates.store import certificate_pdf

PUBLIC_KEY_PATH = "/.well-known/edu-certificates.pub"
KEY_SET_PATH = "/.well-known/edu-certificates.keys"
# Nobody's name may end up in a search engine or a shared cache.
PRIVATE = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store",
           "Referrer-Policy": "no-referrer"}


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


class CertificateRoutes:
    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database

    def _lookup(self, request: Request, channel: str) -> Certificate | None:
        with self.database.reader() as db:  # a refused client writes nothing
            service.check_lookup_rate(db, _client(request))
        with self.database.transaction() as db:
            return service.lookup(db, request.path_params["code"], channel=channel,
                                  client=_client(request))

    def pdf(self, request: Request) -> Response:
        try:
            cert = self._lookup(request, "PDF")
        except service.TooManyLookups:
            return Response("Too many requests.\n", 429, headers={"Retry-After": "60"})
        if cert is None:
            return Response("Unknown certificate.\n", 404, media_type="text/plain")
        if cert.status is not CertificateStatus.VALID:
            return Response("This certificate was revoked.\n", 410, media_type="text/plain")
        with self.database.reader() as db:
            style = service.office_style(db, cert.region_code)
        data = certificate_pdf(cert, style, self.settings, self.database)
        name = cert.number.replace("/", "-")
        return Response(data, media_type="application/pdf", headers={
            **PRIVATE, "Content-Disposition": f'inline; filename="sertifikat-{name}.pdf"'})

    def batch_zip(self, request: Request) -> Response:
        batch_id = request.path_params["batch_id"]
        expected = service.batch_download_key(self.settings.secret_key, batch_id)
        if not hmac.compare_digest(request.query_params.get("key", ""), expected):
            return Response("Not found.\n", 404, media_type="text/plain")
        with self.database.reader() as db:
            batch = db.get(CertificateBatch, batch_id)
        if batch is None:
            return Response("Not found.\n", 404, media_type="text/plain")
        if batch.status is not BatchStatus.COMPLETED:
            return Response(f"The batch is {batch.status.value.lower()}; try again when it has "
                            "completed.\n", 409, media_type="text/plain",
                            headers={"Retry-After": "10"})
        return StreamingResponse(
            batch_zip(self.settings, self.database, batch_id), media_type="application/zip",
            headers={**PRIVATE,
                     "Content-Disposition":
                         f'attachment; filename="sertifikat-batch-{batch_id}.zip"'})

    def public_key(self, _: Request) -> Response:
        """The key that signs now (keys are rotated: the key set has every trusted one)."""
        key = current_key(self.settings.data_dir, self.settings.secret_key, self.database)
        return Response(public_key_pem(key.private_key.public_key()),
                        media_type="application/x-pem-file",
                        headers={"Cache-Control": "public, max-age=300"})

    def key_set(self, _: Request) -> Response:
        """Every key that verifies this deployment's certificates, by the id seals carry."""
        with self.database.reader() as db:
            body = key_set_json(trusted_keys(db))
        return Response(body, media_type="application/json",
                        headers={"Cache-Control": "public, max-age=300",
                                 "Access-Control-Allow-Origin": "*"})


def routes(settings: Settings, database: Database) -> list[BaseRoute]:
    """The certificate routes: downloads and the public key."""
    handlers = CertificateRoutes(settings, database)
    return [
        Route("/certificates/batches/{batch_id:id}.zip", handlers.batch_zip),
        Route("/certificates/{code}.pdf", handlers.pdf),
        Route(PUBLIC_KEY_PATH, handlers.public_key),
        Route(KEY_SET_PATH, handlers.key_set),
    ]
