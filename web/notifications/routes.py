"""Pages that mail reaches people through: asking for one's lost Pendaftaran saya link
(the same answer whatever the email), confirming a registration made with one's email, and
the reminder's unsubscribe link (one click from the mail client, or a button)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from edu.errors import UserError
from edu.notifications.links import request_own_page_link
from edu.notifications.preferences import choose_reminders
from edu.participants.models import Participant
from edu.participants.own_page import ensure_own_page_secret, participant_by_page_secret
from edu.registrations.service import confirm_registration_request, ticket_code
from web.forms import FormTooLarge, read_form
from web.i18n import N_
from web.pages import render
from web.site import PRIVATE, Site, not_found, see_other

MAX_EMAIL = 254


def routes(site: Site) -> list[Route]:
    database, key = site.database, site.settings.secret_key

    def lost_form(request: Request) -> Response:
        return render(request, "notifications/lost_link.html", sent=False, typed="")

    def lost(request: Request, email: str) -> Response:
        if len(email) <= MAX_EMAIL:
            with database.transaction() as db:
                request_own_page_link(db, email)
        # Known or not, the same page: the form tells nobody whose email is on record.
        return render(request, "notifications/lost_link.html", sent=True, typed=email)

    async def lost_post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        return await run_in_threadpool(lost, request, form.get("email", "").strip())

    def confirm_form(request: Request) -> Response:
        # A GET only shows the button: mail scanners that follow links book nothing.
        return render(request, "notifications/confirm.html", headers=PRIVATE, private=True,
                      token=request.path_params["token"], error=None)

    def confirm(request: Request, token: str) -> Response:
        try:
            with database.transaction() as db:
                registration = confirm_registration_request(db, key, token)
                person = db.get(Participant, registration.participant_id)
                assert person is not None
                # The link reached the person's mailbox: they may see their own page.
                secret = ensure_own_page_secret(key, person)
        except UserError as err:
            error = (N_("This link was already used.") if err.problems[0].code ==
                     "ALREADY_CONFIRMED" else N_("This link does not work (any more)."))
            return render(request, "notifications/confirm.html", 400, headers=PRIVATE,
                          private=True, token=token, error=error)
        code = ticket_code(key, registration.session_id, registration.participant_id)
        return see_other(f"/saya/{secret}/tiket/{code}")

    async def confirm_post(request: Request) -> Response:
        try:
            await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        return await run_in_threadpool(confirm, request, request.path_params["token"])

    def reminders(request: Request, wanted: bool | None, one_click: bool = False) -> Response:
        """Show (wanted None) or set whether reminders come."""
        secret = request.path_params["secret"]
        try:
            with database.reader() if wanted is None else database.transaction() as db:
                participant, principal = participant_by_page_secret(db, secret)
                if wanted is not None:
                    choose_reminders(db, principal, wanted)
        except UserError:
            return not_found(request, private=True)
        if wanted is None or one_click:  # a mail client's POST is answered, not redirected
            return render(request, "notifications/reminders.html", headers=PRIVATE,
                          private=True, participant=participant, secret=secret)
        return see_other(f"/saya/{secret}?pesan=" + ("pengingat-hidup" if wanted
                                                      else "pengingat-mati"))

    def reminders_form(request: Request) -> Response:
        # A GET only shows the button: mail scanners that follow links change nothing.
        return reminders(request, None)

    async def reminders_post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link.
        return await run_in_threadpool(reminders, request, form.get("pengingat") == "ya",
                                       "List-Unsubscribe" in form)

    return [
        Route("/saya/{secret}/pengingat", reminders_form),
        Route("/saya/{secret}/pengingat", reminders_post, methods=["POST"]),
        Route("/saya", lost_form),
        Route("/saya", lost_post, methods=["POST"]),
        Route("/konfirmasi/{token}", confirm_form),
        Route("/konfirmasi/{token}", confirm_post, methods=["POST"]),
    ]
