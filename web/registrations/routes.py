"""Registering from a session's page, the ticket, and the person's own page (Pendaftaran saya).

The page reads the form, calls the same register and cancel services as the GraphQL API, and
shows the service's problems beside their fields; a refused form writes nothing (the service's
transaction rolls back).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.auth.principal import ANONYMOUS
from edu.calendar.links import subscribe_links
from edu.calendar.service import calendar_url
from edu.certificates.service import certificates_of_participants, verification_code
from edu.errors import AuthError, Problem, UserError
from edu.notifications.preferences import MAIL_LANGUAGES, choose_mail_language
from edu.participants.models import Gender
from edu.participants.own_page import ensure_own_page_secret, participant_by_page_secret
from edu.participants.service import ParticipantDetails
from edu.registrations.service import (
    cancel_registration,
    participant_registrations,
    register,
    ticket_code,
)
from edu.registrations.tickets import registration_by_ticket
from edu.sessions.models import EduSession
from edu.sessions.service import get_session, session_day, sessions_by_ids
from web.forms import FormTooLarge, field_errors, read_form
from web.i18n import N_, language
from web.labels import FORMATS, SEGMENTS, STATUSES
from web.pages import render
from web.qr import qr_svg
from web.sessions.routes import is_open, session_page
from web.site import PRIVATE, Site, not_found, see_other

FIELDS = ("fullName", "email", "phone", "gender", "birthDate", "regionCode", "disability",
          "institution", "consent", "guardianConsent")
MAX_REGISTRATIONS = 200  # one person's page lists at most this many


def _details(values: dict[str, str]) -> tuple[ParticipantDetails, list[Problem]]:
    """The form as the service's input; what cannot even be read is a problem of its own."""
    problems = []
    gender = None
    if values.get("gender"):
        try:
            gender = Gender(values["gender"])
        except ValueError:
            problems.append(Problem("INVALID", "gender", ""))
    birth = None
    if values.get("birthDate"):
        try:
            birth = date.fromisoformat(values["birthDate"].strip())
        except ValueError:
            problems.append(Problem("INVALID_DATE", "birthDate", ""))
    details = ParticipantDetails(
        full_name=values.get("fullName"), email=values.get("email"),
        phone=values.get("phone") or None, gender=gender, birth_date=birth,
        region_code=values.get("regionCode") or None,
        disability=bool(values.get("disability")),
        institution=values.get("institution") or None)
    return details, problems


def google_link(session: EduSession, page_url: str) -> str:
    """Google Calendar's "add event" form, filled in (a link the person follows)."""
    stamp = "%Y%m%dT%H%M%SZ"
    place = session.venue_name or session.online_url or ""
    return "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE", "text": session.title,
        "dates": f"{session.starts_at.strftime(stamp)}/{session.ends_at.strftime(stamp)}",
        "details": page_url, "location": place}, quote_via=quote)


def routes(site: Site) -> list[Route]:
    settings, database = site.settings, site.database
    key = settings.secret_key

    def submit(request: Request, session_id: int, values: dict[str, str]) -> Response:
        details, problems = _details(values)
        try:
            if problems:
                raise UserError.many(problems)
            with database.transaction() as db:
                done = register(db, ANONYMOUS, key, session_id=session_id, details=details,
                                consent=bool(values.get("consent")),
                                guardian_consent=bool(values.get("guardianConsent")))
                # Only the person who just came into being gets their page's link: knowing
                # someone's email must never open their page.
                secret = (ensure_own_page_secret(key, done.participant)
                          if done.participant_token else None)
                if secret:  # a new person's mails come in the language they registered in
                    done.participant.language = language(request)
        except UserError as err:
            with database.reader() as db:
                try:
                    session = get_session(db, ANONYMOUS, session_id)
                except UserError:
                    return not_found(request)
                day = session_day(db, session)
            errors = field_errors(err.problems, "participant.")
            errors = {("" if k == "sessionId" else k): v for k, v in errors.items()}
            if not is_open(session):
                return see_other(f"/sesi/{session_id}")
            return session_page(request, session, site.regions, day, values=values, errors=errors,
                                status=400)
        if secret:
            return see_other(f"/saya/{secret}/tiket/{done.ticket_code}")
        return see_other(f"/tiket/{done.ticket_code}")

    async def post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        values = {k: form[k].strip() for k in FIELDS if k in form}
        return await run_in_threadpool(submit, request, request.path_params["session_id"],
                                       values)

    def ticket(request: Request) -> Response:
        code = request.path_params["code"]
        secret = request.path_params.get("secret")
        with database.reader() as db:
            try:
                reg = registration_by_ticket(db, code)
                owner = participant_by_page_secret(db, secret)[0] if secret else None
            except UserError:
                return not_found(request, private=True)
            if owner is not None and owner.id != reg.participant_id:
                return not_found(request, private=True)
            session = db.get(EduSession, reg.session_id)
            feed = calendar_url(settings, owner) if owner else None
        assert session is not None
        page = f"{settings.public_url}/sesi/{session.id}"
        return render(request, "registrations/ticket.html", headers=PRIVATE, private=True,
                      reg=reg, session=session, code=code.upper(), regions=site.regions,
                      segments=SEGMENTS, formats=FORMATS, secret=secret,
                      qr=qr_svg(code.upper(), f"QR {code.upper()}"),
                      google=google_link(session, page),
                      webcal=subscribe_links(feed, session.title).webcal if feed else None)

    def mine(request: Request, *, status: int = 200,
             language_error: str | None = None) -> Response:
        secret = request.path_params["secret"]
        with database.reader() as db:
            try:
                participant, principal = participant_by_page_secret(db, secret)
            except UserError:
                return not_found(request, private=True)
            _, regs = participant_registrations(db, principal, participant.id, 0,
                                                MAX_REGISTRATIONS)
            sessions = sessions_by_ids(db, (r.session_id for r in regs))
            certificates = certificates_of_participants(db, [participant.id])[participant.id]
            feed = calendar_url(settings, participant)
        rows = [(r, sessions[r.session_id], ticket_code(key, r.session_id, participant.id))
                for r in regs]
        certs = [(c, verification_code(key, c.id)) for c in certificates]
        return render(request, "registrations/mine.html", status, headers=PRIVATE,
                      private=True, participant=participant, rows=rows, certs=certs,
                      secret=secret, languages=MAIL_LANGUAGES,
                      statuses=STATUSES, feed_page=feed.removesuffix(".ics") if feed else None,
                      done=request.query_params.get("pesan", ""),
                      language_error=language_error)

    def mail_language(request: Request, secret: str, chosen: str) -> Response:
        try:
            with database.transaction() as db:
                _, principal = participant_by_page_secret(db, secret)
                choose_mail_language(db, principal, chosen)
        except UserError as err:
            if err.problems[0].code != "INVALID_LANGUAGE":
                return not_found(request, private=True)
            return mine(request, status=400,
                        language_error=N_("Choose Bahasa Indonesia or English."))
        return see_other(f"/saya/{secret}?pesan=bahasa")

    async def mail_language_post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        return await run_in_threadpool(mail_language, request, request.path_params["secret"],
                                       form.get("bahasa", ""))

    def cancel(request: Request, secret: str, registration_id: str) -> Response:
        try:
            with database.transaction() as db:
                _, principal = participant_by_page_secret(db, secret)
                cancel_registration(db, principal, int(registration_id))
        except (UserError, AuthError, ValueError):
            with database.reader() as db:
                try:
                    participant_by_page_secret(db, secret)
                except UserError:
                    return not_found(request, private=True)
            return see_other(f"/saya/{secret}?pesan=gagal")
        return see_other(f"/saya/{secret}?pesan=batal")

    async def cancel_post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        return await run_in_threadpool(cancel, request, request.path_params["secret"],
                                       form.get("pendaftaran", ""))

    return [
        Route("/sesi/{session_id:id}", post, methods=["POST"]),
        Route("/tiket/{code}", ticket),
        Route("/saya/{secret}", mine),
        Route("/saya/{secret}/tiket/{code}", ticket),
        Route("/saya/{secret}/batalkan", cancel_post, methods=["POST"]),
        Route("/saya/{secret}/bahasa", mail_language_post, methods=["POST"]),
    ]


