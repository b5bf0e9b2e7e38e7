"""The console's door and first page: sign in, sign out (here or everywhere), what needs
attention. Sign-in failures are counted and audited by edu/accounts; this only translates."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.accounts.service import sign_in, sign_out
from edu.integrity.due_soon import due_soon
from edu.sessions.attention import needs_attention, sections
from web.i18n import N_
from web.site import Site, see_other
from web.staff.guard import (
    CHALLENGE_COOKIE,
    IDLE_SECONDS,
    PATH,
    SESSION_COOKIE,
    Visit,
    not_signed_in,
    page,
    set_cookie,
    signed_in,
    start_session,
)

REFUSALS = {
    "BAD_CREDENTIALS": N_("The username or password is wrong."),
    "ACCOUNT_LOCKED": N_("Too many wrong passwords: this account is locked until %(until)s."),
    "TOO_MANY_ATTEMPTS": N_("Too many failed sign-ins from this device: try again after "
                            "%(until)s."),
}


# Where a right password leads when a second step is due (web/account/signin.py).
SECOND_STEPS = {"CODE": f"{PATH}/masuk/kode", "ENROL": f"{PATH}/masuk/aktifkan-2fa"}


def client_of(request: Request) -> str:
    # uvicorn puts the address a trusted proxy names here (edu/proxies.py).
    return request.client.host if request.client else "unknown"


def routes(site: Site) -> list[Route]:
    database = site.database

    def form_page(request: Request) -> Response:
        return page(site, request, "staff/signin.html", values={}, refusal=None)

    def submit(request: Request, form: dict[str, str]) -> Response:
        username = form.get("username", "")
        with database.transaction() as db:
            result = sign_in(db, username=username, password=form.get("password", ""),
                             client=client_of(request),
                             user_agent=request.headers.get("user-agent"))
        if result.challenge is not None:  # the password was right; a second step is due
            response = see_other(SECOND_STEPS[result.step or "CODE"])
            set_cookie(site, response, CHALLENGE_COOKIE, result.challenge)
            return response
        if result.token is None:
            return page(site, request, "staff/signin.html", 401 if
                        result.refused == "BAD_CREDENTIALS" else 429,
                        values={"username": username}, refusal=REFUSALS[result.refused or ""],
                        until=result.until)
        response = see_other(PATH)
        start_session(site, response, result.token)
        return response

    def leave(request: Request, visit: Visit) -> Response:
        everywhere = bool(visit.form.get("everywhere"))
        with database.transaction() as db:
            sign_out(db, visit.principal, visit.token, everywhere=everywhere)
        response = see_other(f"{PATH}/masuk")
        response.delete_cookie(SESSION_COOKIE, path=PATH)
        return response

    def home(request: Request, visit: Visit) -> Response:
        with database.reader() as db:
            attention = needs_attention(db, visit.principal)
            due = due_soon(db, visit.principal)
        return page(site, request, "staff/home.html", principal=visit.principal,
                    attention=attention, due=due, sections=sections(visit.principal),
                    idle_minutes=IDLE_SECONDS // 60)

    return [
        Route(f"{PATH}/masuk", form_page, methods=["GET"]),
        Route(f"{PATH}/masuk", not_signed_in(site, submit), methods=["POST"]),
        Route(f"{PATH}/keluar", signed_in(site, leave), methods=["POST"]),
        Route(PATH, signed_in(site, home), methods=["GET"]),
    ]
