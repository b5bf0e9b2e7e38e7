"""Certificates of a session from the console: `Terbitkan sertifikat` queues the batch through
the service GraphQL's `issueCertificates` calls; the batch's page shows its progress and,
once done, the link to its ZIP (the existing download route, whose secret key the page hands
only to those `get_batch` lets see the batch)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.certificates.models import BatchStatus, CertificateBatch, CertificateKind
from edu.certificates.service import batch_download_key, get_batch, issue_certificates
from edu.errors import AuthError, UserError
from edu.sessions.service import get_session
from web.forms import FALLBACK
from web.i18n import N_, language, translations
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in

MESSAGES = {
    "SESSION_NOT_COMPLETED": N_("Certificates follow once the session has ended and has been "
                                "completed: press Selesaikan first."),
    "SESSION_CANCELLED": N_("A cancelled session gives no certificates."),
    "NOTHING_TO_ISSUE": N_("Nobody is eligible yet: mark attendance (present or late) first; "
                           "who already holds a certificate is not counted again."),
}
BATCH_STATUSES = {
    BatchStatus.QUEUED: N_("Waiting to start"),
    BatchStatus.RUNNING: N_("Running"),
    BatchStatus.COMPLETED: N_("Done"),
    BatchStatus.FAILED: N_("Failed"),
}
RUNNING = (BatchStatus.QUEUED, BatchStatus.RUNNING)


def progress(batch: CertificateBatch) -> dict[str, object]:
    """What the page and its JSON show: the counts and whether the batch still runs."""
    return {"status": batch.status.value, "total": batch.total, "issued": batch.issued,
            "skipped": batch.skipped, "rendered": batch.rendered, "failed": batch.failed,
            "running": batch.status in RUNNING}


def routes(site: Site) -> list[Route]:
    database = site.database

    def issue(request: Request, visit: Visit) -> Response:
        sid = request.path_params["session_id"]
        try:
            with database.transaction() as db:
                batch_id = issue_certificates(db, visit.principal, session_id=sid).id
        except UserError as err:
            if any(p.code == "NOT_FOUND" for p in err.problems):
                return not_found(request, private=True)
            with database.reader() as db:
                session = get_session(db, visit.principal, sid)
            return page(site, request, "batches/refused.html", 400, principal=visit.principal,
                        session=session, message=MESSAGES.get(err.problems[0].code, FALLBACK))
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal)
        return see_other(f"{PATH}/sertifikat/{batch_id}")

    def _batch(request: Request, visit: Visit) -> tuple[CertificateBatch, str | None]:
        """The batch if the person may manage it (else NotFound), and its session's title."""
        with database.reader() as db:
            batch = get_batch(db, visit.principal, request.path_params["batch_id"])
            title = (get_session(db, visit.principal, batch.subject_id).title
                     if batch.kind is CertificateKind.SESSION else None)
        return batch, title

    def show(request: Request, visit: Visit) -> Response:
        try:
            batch, title = _batch(request, visit)
        except UserError:
            return not_found(request, private=True)
        done = batch.status is BatchStatus.COMPLETED
        zip_url = (f"/certificates/batches/{batch.id}.zip?key="
                   f"{batch_download_key(site.settings.secret_key, batch.id)}" if done else None)
        return page(site, request, "batches/batch.html", principal=visit.principal,
                    batch=batch, title=title, counts=progress(batch), statuses=BATCH_STATUSES,
                    zip_url=zip_url)

    def counts(request: Request, visit: Visit) -> Response:
        try:
            batch, _ = _batch(request, visit)
        except UserError:
            return JSONResponse({"error": "not found"}, 404)
        words = translations(language(request))
        return JSONResponse({**progress(batch),
                             "label": words.gettext(BATCH_STATUSES[batch.status])})

    return [
        Route(f"{PATH}/sesi/{{session_id:id}}/sertifikat", signed_in(site, issue),
              methods=["POST"]),
        Route(f"{PATH}/sertifikat/{{batch_id:id}}", signed_in(site, show), methods=["GET"]),
        Route(f"{PATH}/sertifikat/{{batch_id:id}}/kemajuan", signed_in(site, counts),
              methods=["GET"]),
    ]
