"""The second step of signing in: a code from the app (or a recovery code), or, for an admin
who has none yet, enrolling first. Until it passes, the browser holds only a short-lived
challenge cookie (edu/accounts), never a session."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.accounts.service import answer_challenge, challenge_principal, finish_enrolment
from edu.accounts.totp import begin_totp
from edu.errors import UserError
from web.account.words import CODE_REFUSALS, code_error
from web.qr import draw_qr
from web.site import Site, see_other
from web.staff.guard import CHALLENGE_COOKIE, PATH, not_signed_in, page, start_session
from web.staff.routes import SECOND_STEPS, client_of

START = f"{PATH}/masuk"


def routes(site: Site) -> list[Route]:
    database = site.database
    key = site.settings.secret_key

    def back_to_start() -> Response:
        # The cookie may stay: its row is gone or expires by itself, and a visit to the
        # other step's page must not end a half sign-in that is still good.
        return see_other(START)

    def code_page(request: Request, form: dict[str, str]) -> Response:
        token = request.cookies.get(CHALLENGE_COOKIE)
        if request.method == "GET":
            with database.reader() as db:
                if challenge_principal(db, token, "CODE") is None:
                    return back_to_start()
            return page(site, request, "account/code.html", refusal=None)
        with database.transaction() as db:
            result = answer_challenge(db, token=token, code=form.get("code", ""), key=key,
                                      client=client_of(request))
        if result.refused == "CHALLENGE_EXPIRED":
            return back_to_start()
        if result.token is None:
            locked = result.refused in ("ACCOUNT_LOCKED", "TOO_MANY_ATTEMPTS")
            return page(site, request, "account/code.html", 429 if locked else 401,
                        refusal=CODE_REFUSALS[result.refused or "BAD_CODE"], until=result.until,
                        locked=locked)
        response = see_other(PATH)
        start_session(site, response, result.token)
        return response

    def enrol_page(request: Request, form: dict[str, str]) -> Response:
        token = request.cookies.get(CHALLENGE_COOKIE)
        error = None
        if request.method == "POST":
            try:
                with database.transaction() as db:
                    result, codes = finish_enrolment(db, token=token,
                                                     code=form.get("code", ""), key=key)
            except UserError as err:
                error = code_error(err)
            else:
                if result.token is None:
                    return back_to_start()
                response = page(site, request, "account/recovery.html", codes=codes,
                                next_url=PATH)
                start_session(site, response, result.token)
                return response
        with database.transaction() as db:  # the waiting secret is written on the first visit
            principal = challenge_principal(db, token, "ENROL")
            if principal is None:
                return back_to_start()
            enrolment = begin_totp(db, principal, key=key)
        return page(site, request, "account/enrol.html", 400 if error else 200,
                    enrolment=enrolment, qr=draw_qr(enrolment.uri, "QR otpauth"),
                    action=SECOND_STEPS["ENROL"], error=error, first_time=True)

    return [
        Route(SECOND_STEPS["CODE"], not_signed_in(site, code_page), methods=["GET", "POST"]),
        Route(SECOND_STEPS["ENROL"], not_signed_in(site, enrol_page), methods=["GET", "POST"]),
    ]
