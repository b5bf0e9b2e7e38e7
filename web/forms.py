"""Reading a posted form, and turning a service's problems into words beside their fields."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

from edu.errors import Problem
from web.i18n import N_

MAX_FORM = 64 * 1024


class FormTooLarge(Exception):
    """More than a form of ours can hold."""


async def read_form(request: Request) -> dict[str, str]:
    """An url-encoded form (what our plain HTML forms send); the last value of a name wins."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise FormTooLarge()
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


# The service's codes, as sentences (msgids; the catalogue gives the Indonesian words).
CODE_MESSAGES = {
    "REQUIRED": N_("Please fill this in."),
    "TOO_LONG": N_("This is too long."),
    "INVALID_EMAIL": N_("This is not an email address, e.g. nama@contoh.id."),
    "INVALID_PHONE": N_("This is not a phone number, e.g. 0812 3456 7890."),
    "INVALID_DATE": N_("This date is not valid."),
    "UNKNOWN_REGION": N_("Choose a kabupaten/kota from the list."),
    "INVALID": N_("Choose one of the options."),
    "CONSENT_REQUIRED": N_("We can only register you with your consent."),
    "GUARDIAN_CONSENT_REQUIRED": N_("Under 18 on the day of the session: a parent or guardian "
                                 "must agree."),
    "ALREADY_REGISTERED": N_("This email is already registered for this session."),
    "SESSION_NOT_OPEN": N_("This session no longer takes registrations."),
    "SESSION_STARTED": N_("This session has already started."),
    "SESSION_FULL": N_("This session is full."),
    "NOT_FOUND": N_("Not found."),
    "EMAIL_TAKEN": N_("Another person is registered with this email."),
}
FALLBACK = N_("This could not be accepted.")


def field_errors(problems: list[Problem], prefix: str = "") -> dict[str, str]:
    """Problems by field name (the input path without `prefix`), as msgids; problems of no
    field of the form land under ''."""
    out: dict[str, str] = {}
    for p in problems:
        name = (p.field or "").removeprefix(prefix)
        out.setdefault(name, CODE_MESSAGES.get(p.code, FALLBACK))
    return out
