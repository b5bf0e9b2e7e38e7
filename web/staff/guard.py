"""Who is signed in to the console, and the CSRF check every staff form passes.

The browser session is a server-side row (edu/accounts): its cookie carries a random token of
which only the hash is stored. CSRF: a second random cookie, and every form carries an HMAC of
it under the server key; a POST whose field does not match is refused (403) before any work.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from edu.accounts.service import IDLE, session_principal
from edu.auth.principal import Principal
from edu.secrets import derive_code
from web.forms import MAX_FORM, Files, FormTooLarge, read_form, read_upload
from web.pages import render
from web.site import Site, see_other

SESSION_COOKIE = "edu_staf"
CHALLENGE_COOKIE = "edu_staf_2"  # half signed in: the second step is due
CSRF_COOKIE = "edu_csrf"
PATH = "/staf"
# Staff pages carry personal data: never cached, never sent on as a referrer, not indexed.
PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "same-origin",
           "X-Robots-Tag": "noindex, nofollow"}


def csrf_token(site: Site, request: Request) -> tuple[str, str | None]:
    """The form field's value, and a new cookie value when the browser had none yet."""
    cookie = request.cookies.get(CSRF_COOKIE)
    fresh = None
    if not cookie:
        cookie = fresh = secrets.token_urlsafe(32)
    return derive_code(site.settings.secret_key, "csrf", cookie, length=40), fresh


def csrf_ok(site: Site, request: Request, form: dict[str, str]) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie:
        return False
    expected = derive_code(site.settings.secret_key, "csrf", cookie, length=40)
    return hmac.compare_digest(expected, form.get("csrf", ""))


def set_cookie(site: Site, response: Response, name: str, value: str,
               max_age: int | None = None) -> None:
    """HttpOnly, SameSite=Lax, only under /staf, and Secure when the service is on https."""
    response.set_cookie(name, value, max_age=max_age, path=PATH, httponly=True, samesite="lax",
                        secure=site.settings.public_url.startswith("https://"))


def start_session(site: Site, response: Response, token: str) -> None:
    """Give the browser its session cookie; the half sign-in and the CSRF secret end."""
    # The session's own cookie lives as long as the browser; the row's idle clock ends it.
    set_cookie(site, response, SESSION_COOKIE, token)
    response.delete_cookie(CHALLENGE_COOKIE, path=PATH)
    # A new CSRF secret per session: one seen before signing in is worth nothing after.
    response.delete_cookie(CSRF_COOKIE, path=PATH)


def page(site: Site, request: Request, template: str, status: int = 200,
         principal: Principal | None = None, **context: object) -> Response:
    """A console page: private headers, the CSRF field's value (and its cookie if new)."""
    token, fresh = csrf_token(site, request)
    response = render(request, template, status, headers=PRIVATE, private=True, csrf=token,
                      me=principal, **context)
    if fresh:
        set_cookie(site, response, CSRF_COOKIE, fresh)
    return response


def too_large(site: Site, request: Request, principal: Principal | None = None) -> Response:
    """The 413 page of a plain form posted larger than any of ours can be: nothing saved."""
    return page(site, request, "staff/too_large.html", 413, principal=principal,
                limit_kb=MAX_FORM // 1024)


def forbidden(site: Site, request: Request, principal: Principal | None = None,
              reason: str | None = None) -> Response:
    """The 403 page: a form without its CSRF field (the default), or `reason` (a msgid)."""
    return page(site, request, "staff/refused.html", 403, principal=principal, reason=reason)


@dataclass(frozen=True)
class Visit:
    """A signed-in request: who, their cookie, and the posted form (empty for a GET)."""

    principal: Principal
    token: str
    form: dict[str, str]


Handler = Callable[[Request, Visit], Response]
FormHandler = Callable[[Request, dict[str, str]], Response]


def not_signed_in(site: Site, handler: FormHandler) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint before a full session (the sign-in steps): a POST without the CSRF field
    is refused before the handler runs; the handler gets the form (empty for a GET)."""
    from starlette.concurrency import run_in_threadpool

    async def endpoint(request: Request) -> Response:
        form: dict[str, str] = {}
        if request.method == "POST":
            try:
                form = await read_form(request)
            except FormTooLarge:
                return await run_in_threadpool(too_large, site, request)
            if not csrf_ok(site, request, form):
                return await run_in_threadpool(forbidden, site, request)
        return await run_in_threadpool(handler, request, form)

    return endpoint


def signed_in(site: Site, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint for signed-in staff: others go to the sign-in page, a POST without the
    CSRF field is refused before the handler runs, a form too large gets the 413 page."""
    from starlette.concurrency import run_in_threadpool

    async def endpoint(request: Request) -> Response:
        form: dict[str, str] = {}
        if request.method == "POST":
            try:
                form = await read_form(request)
            except FormTooLarge:
                return await run_in_threadpool(_visit, site, _too_large, request, {})
            if not csrf_ok(site, request, form):
                return await run_in_threadpool(forbidden, site, request)
        return await run_in_threadpool(_visit, site, handler, request, form)

    def _too_large(request: Request, visit: Visit) -> Response:
        return too_large(site, request, visit.principal)

    return endpoint


# None: the file was larger than MAX_UPLOAD (or the app-wide limit) and was not read, nor
# its form's CSRF field, so the handler may only answer, never write.
UploadHandler = Callable[[Request, Visit, Files | None], Response]


def signed_in_upload(site: Site, handler: UploadHandler
                     ) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint taking a file (multipart form) from signed-in staff: a form without the
    CSRF field is refused (403) before the file is looked at; a file too large reaches the
    handler as None, to be told so in words beside its field (413)."""
    from starlette.concurrency import run_in_threadpool

    async def endpoint(request: Request) -> Response:
        fields: dict[str, str] = {}
        files: Files | None = {}
        if request.method == "POST":
            try:
                fields, files = await read_upload(request)
            except FormTooLarge:
                files = None
            if files is not None and not csrf_ok(site, request, fields):
                return await run_in_threadpool(forbidden, site, request)
        return await run_in_threadpool(
            _visit, site, lambda r, v: handler(r, v, files), request, fields)

    return endpoint


def _visit(site: Site, handler: Handler, request: Request, form: dict[str, str]) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    with site.database.transaction() as db:  # a transaction: the visit renews the idle clock
        principal = session_principal(db, token)
    if principal is None:
        response = see_other(f"{PATH}/masuk")
        if token:
            response.delete_cookie(SESSION_COOKIE, path=PATH)
        return response
    response = handler(request, Visit(principal, token, form))
    response.headers.update(PRIVATE)
    return response


IDLE_SECONDS = int(IDLE.total_seconds())
