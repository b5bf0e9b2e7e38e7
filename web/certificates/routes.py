"""Checking a certificate: a form for a typed code, and the result a lay person reads first
(valid or not, who, what, when, issued by) with the technical proof below."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.certificates import service
from edu.certificates.models import Certificate
from web.i18n import N_
from web.pages import render
from web.site import PRIVATE, Site, see_other

PUBLIC_KEY_PATH = "/.well-known/edu-certificates.pub"


def routes(site: Site) -> list[Route]:
    database = site.database

    def form(request: Request) -> Response:
        typed = request.query_params.get("kode")
        if typed is None:
            return render(request, "certificates/verify_form.html", typed="", error=None)
        code = service.normal_code(typed)
        if not code:
            return render(request, "certificates/verify_form.html", 400, typed=typed,
                          error=N_("Type the verification code printed on the certificate."))
        if not code.isalnum() or len(code) > 64:
            return render(request, "certificates/verify_form.html", 400, typed=typed,
                          error=N_("A verification code has only letters and digits."))
        return see_other(f"/verify/{code}")

    def result(request: Request) -> Response:
        client = request.client.host if request.client else ""
        try:
            with database.reader() as db:  # a refused client writes nothing
                service.check_lookup_rate(db, client)
            with database.transaction() as db:
                cert = service.lookup(db, request.path_params["code"], channel="PAGE",
                                      client=client)
        except service.TooManyLookups:
            return render(request, "certificates/too_many.html", 429,
                          headers={**PRIVATE, "Retry-After": "60"}, private=True)
        if cert is None:
            return render(request, "certificates/unknown.html", 404, headers=PRIVATE,
                          private=True)
        replacement = None
        if cert.replaced_by_id is not None:
            with database.reader() as db:
                replacement = db.get(Certificate, cert.replaced_by_id)
        return render(request, "certificates/verified.html", headers=PRIVATE, private=True,
                      cert=cert, replacement=replacement, key_path=PUBLIC_KEY_PATH,
                      issuer=cert.printed.get("office_name", ""))

    return [
        Route("/verify", form),
        # The QR carries the URL upper-case (smaller code): the page answers both spellings.
        Route("/verify/{code}", result),
        Route("/VERIFY/{code}", result),
    ]
