"""The privacy notice, and a person's rights from their own page (Pendaftaran saya): download
everything held about them (a page, JSON, PDF), correct their contact data, and have it all
erased after a confirmation. The same services as the GraphQL API and the office's commands;
each export, correction and erasure is in the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from edu.auth.principal import Principal
from edu.errors import AuthError, UserError
from edu.offices.models import Office
from edu.participants.models import Participant
from edu.participants.own_page import participant_by_page_secret
from edu.privacy.notice import NOTICE_VERSION
from edu.privacy.page import intro, sections
from edu.privacy.service import correct_contact, export_person
from scheduler.privacy import erase
from scheduler.privacy_pdf import export_pdf
from web.forms import FormTooLarge, field_errors, read_form
from web.i18n import N_
from web.pages import render
from web.site import PRIVATE, Site, not_found, see_other

CONTACT = ("fullName", "email", "phone")
UNCONFIRMED = N_("Tick the box to confirm the erasure.")


def _download(body: bytes, media_type: str, name: str) -> Response:
    return Response(body, media_type=media_type, headers={
        **PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


def routes(site: Site) -> list[Route]:
    settings, database = site.settings, site.database

    def notice(request: Request) -> Response:
        with database.reader() as db:
            offices = list(db.scalars(select(Office.name).order_by(Office.region_code)))
        days = settings.retention_days
        return render(request, "privacy/notice.html", version=NOTICE_VERSION,
                      years=days // 365 if days and days % 365 == 0 else None, days=days,
                      contact=settings.privacy_contact, offices=offices)

    def exported(request: Request, answer: Callable[[dict, Participant], Response]) -> Response:
        """The person's export (audited), answered one way or another; NotFound for a link
        that opens nothing (any more)."""
        secret = request.path_params["secret"]
        try:
            with database.transaction() as db:
                person, principal = participant_by_page_secret(db, secret)
                data = export_person(db, principal, person.id)
                return answer(data, person)
        except (UserError, AuthError):
            return not_found(request, private=True)

    def data_page(request: Request) -> Response:
        return exported(request, lambda data, _: render(
            request, "privacy/data.html", headers=PRIVATE, private=True,
            secret=request.path_params["secret"], intro=intro(data),
            parts=sections(data)))

    def data_json(request: Request) -> Response:
        return exported(request, lambda data, person: _download(
            json.dumps(data, indent=2, ensure_ascii=False).encode(),
            "application/json", f"data-pribadi-{person.id}.json"))

    def data_pdf(request: Request) -> Response:
        return exported(request, lambda data, person: _download(
            export_pdf(data), "application/pdf", f"data-pribadi-{person.id}.pdf"))

    def owner(secret: str) -> tuple[Participant, Principal] | None:
        with database.reader() as db:
            try:
                return participant_by_page_secret(db, secret)
            except UserError:
                return None

    def contact_form(request: Request) -> Response:
        found = owner(request.path_params["secret"])
        if found is None:
            return not_found(request, private=True)
        person = found[0]
        values = {"fullName": person.full_name, "email": person.email or "",
                  "phone": person.phone or ""}
        return render(request, "privacy/contact.html", headers=PRIVATE, private=True,
                      secret=request.path_params["secret"], values=values, errors={})

    def correct(request: Request, secret: str, values: dict[str, str]) -> Response:
        try:
            with database.transaction() as db:
                person, principal = participant_by_page_secret(db, secret)
                correct_contact(db, principal, person.id, full_name=values.get("fullName", ""),
                                email_address=values.get("email", ""),
                                phone_number=values.get("phone", ""))
        except UserError as err:
            if owner(secret) is None:
                return not_found(request, private=True)
            return render(request, "privacy/contact.html", status=400, headers=PRIVATE,
                          private=True, secret=secret, values=values,
                          errors=field_errors(err.problems))
        return see_other(f"/saya/{secret}?pesan=kontak")

    async def contact_post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        values = {k: form.get(k, "").strip() for k in CONTACT}
        return await run_in_threadpool(correct, request, request.path_params["secret"], values)

    def erase_form(request: Request) -> Response:
        if owner(request.path_params["secret"]) is None:
            return not_found(request, private=True)
        return render(request, "privacy/erase.html", headers=PRIVATE, private=True,
                      secret=request.path_params["secret"], values={}, errors={})

    def erase_now(request: Request, secret: str, confirmed: bool) -> Response:
        found = owner(secret)
        if found is None:
            return not_found(request, private=True)
        if not confirmed:
            return render(request, "privacy/erase.html", status=400, headers=PRIVATE,
                          private=True, secret=secret, values={},
                          errors={"confirm": UNCONFIRMED})
        try:
            erase(settings, database, found[1], found[0].id, reason=None)
        except UserError:  # erased in between (another tab)
            return not_found(request, private=True)
        return render(request, "privacy/erased.html", headers=PRIVATE, private=True)

    async def erase_post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        return await run_in_threadpool(erase_now, request, request.path_params["secret"],
                                       form.get("confirm") == "ya")

    return [
        Route("/privasi", notice),
        Route("/saya/{secret}/data", data_page),
        Route("/saya/{secret}/data.json", data_json),
        Route("/saya/{secret}/data.pdf", data_pdf),
        Route("/saya/{secret}/kontak", contact_form),
        Route("/saya/{secret}/kontak", contact_post, methods=["POST"]),
        Route("/saya/{secret}/hapus", erase_form),
        Route("/saya/{secret}/hapus", erase_post, methods=["POST"]),
    ]
