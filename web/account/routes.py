"""My account, for every staff person: two-factor sign-in on or off, and the browsers signed
in to the account, each of which can be ended."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.accounts.service import (
    end_my_session,
    is_current,
    my_sessions,
    wrong_code_signed_in,
)
from edu.accounts.totp import begin_totp, confirm_totp, disable_totp, totp_status
from edu.errors import UserError
from web.account.words import code_error
from web.i18n import N_
from web.qr import draw_qr
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in
from web.staff.routes import client_of

MINE = f"{PATH}/akun"
DONE = {"mati": N_("Two-factor sign-in is off."),
        "diakhiri": N_("The session has ended.")}


def routes(site: Site) -> list[Route]:
    database = site.database
    key = site.settings.secret_key

    def mine(request: Request, visit: Visit, error: str | None = None,
             status: int = 200) -> Response:
        with database.reader() as db:
            totp = totp_status(db, visit.principal)
            sessions = my_sessions(db, visit.principal)
        return page(site, request, "account/mine.html", status, principal=visit.principal,
                    totp=totp, sessions=sessions, error=error,
                    current=lambda s: is_current(s, visit.token),
                    done=DONE.get(request.query_params.get("selesai", "")))

    def enrol(request: Request, visit: Visit) -> Response:
        error = None
        if request.method == "POST":
            try:
                with database.transaction() as db:
                    codes = confirm_totp(db, visit.principal, key=key,
                                         code=visit.form.get("code", ""))
            except UserError as err:
                error = code_error(err)
            else:
                return page(site, request, "account/recovery.html", principal=visit.principal,
                            codes=codes, next_url=MINE)
        try:
            with database.transaction() as db:  # the waiting secret is written on first visit
                enrolment = begin_totp(db, visit.principal, key=key)
        except UserError:  # already on
            return see_other(MINE)
        return page(site, request, "account/enrol.html", 400 if error else 200,
                    principal=visit.principal, enrolment=enrolment,
                    qr=draw_qr(enrolment.uri, "QR otpauth"), action=f"{MINE}/2fa",
                    error=error, first_time=False)

    def disable(request: Request, visit: Visit) -> Response:
        try:
            with database.transaction() as db:
                disable_totp(db, visit.principal, key=key, code=visit.form.get("code", ""))
        except UserError as err:
            if err.problems[0].code in ("BAD_CODE", "CODE_USED"):
                with database.transaction() as db:
                    locked = wrong_code_signed_in(db, visit.principal, client=client_of(request))
                if locked is not None:  # the sessions have ended: to the (locked) sign-in
                    return see_other(f"{PATH}/masuk")
            return mine(request, visit, code_error(err), 400)
        return see_other(f"{MINE}?selesai=mati")

    def end(request: Request, visit: Visit) -> Response:
        try:
            with database.transaction() as db:
                end_my_session(db, visit.principal, request.path_params["session_id"])
        except UserError:
            return not_found(request, private=True)
        # Ending this very browser's session: the guard sends it on to the sign-in page.
        return see_other(f"{MINE}?selesai=diakhiri")

    return [
        Route(MINE, signed_in(site, mine), methods=["GET"]),
        Route(f"{MINE}/2fa", signed_in(site, enrol), methods=["GET", "POST"]),
        Route(f"{MINE}/2fa/matikan", signed_in(site, disable), methods=["POST"]),
        Route(f"{MINE}/sesi/{{session_id:id}}/akhiri", signed_in(site, end), methods=["POST"]),
    ]
