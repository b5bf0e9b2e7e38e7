"""Administrators only: anyone else signed in gets the refusal page (403), by link or by URL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from edu.auth.models import Role
from edu.errors import Problem
from web.forms import CODE_MESSAGES, FALLBACK
from web.i18n import N_
from web.site import Site
from web.staff.guard import Handler, Visit, forbidden, signed_in

NOT_ADMIN = N_("Only an administrator may open this page.")
# The services' codes on the admin pages, as sentences (msgids).
MESSAGES = {
    **CODE_MESSAGES,
    "USERNAME_TAKEN": N_("This username is taken."),
    "INVALID_USERNAME": N_("A username has 3 to 64 letters, digits, dots, dashes or "
                           "underscores."),
    "PASSWORD_TOO_SHORT": N_("A password has at least 12 characters."),
    "PASSWORD_TOO_COMMON": N_("This password is among the most common ones, or contains the "
                              "username: choose another."),
    "INVALID_ROLE": N_("Choose one of the roles."),
    "UNKNOWN_UNIVERSITY": N_("Choose a university from the list."),
    "UNKNOWN_USER": N_("There is no such user."),
    "SELF": N_("Ask another administrator to do this to your own account."),
    "DUPLICATE": N_("This code is taken."),
    "INVALID_DATE_RANGE": N_("The end date is before the start date."),
}


def errors_of(problems: list[Problem], fields: dict[str, str] | None = None,
              messages: dict[str, str] | None = None) -> dict[str, str]:
    """Problems as msgids by form field (`fields` renames the service's field names;
    `messages` words a page's own codes)."""
    out: dict[str, str] = {}
    for p in problems:
        name = (fields or {}).get(p.field or "", p.field or "")
        out.setdefault(name, (messages or {}).get(p.code) or MESSAGES.get(p.code, FALLBACK))
    return out


def admin_only(site: Site, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """signed_in, and then only for administrators."""

    def check(request: Request, visit: Visit) -> Response:
        if visit.principal.role is not Role.ADMIN:
            return forbidden(site, request, visit.principal, NOT_ADMIN)
        return handler(request, visit)

    return signed_in(site, check)
