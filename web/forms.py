"""Reading a posted form (plain or with a file), and turning a service's problems into words
beside their fields."""

from __future__ import annotations

from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

from starlette.requests import Request

from edu.errors import Problem
from edu.request_size import BodyTooLarge
from web.i18n import N_

MAX_FORM = 64 * 1024
# A file's form: far more than a class of 500 or 200 students' rows, and below the 1 MiB
# every request is held to (edu/request_size.py).
MAX_UPLOAD = 512 * 1024
Files = dict[str, bytes]


class FormTooLarge(Exception):
    """More than a form of ours can hold (the body was not read further)."""


async def _body(request: Request, most: int) -> bytes:
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > most:
                raise FormTooLarge()
    except BodyTooLarge as err:  # past the app-wide limit: the middleware stopped it
        raise FormTooLarge() from err
    return body


async def read_form(request: Request) -> dict[str, str]:
    """An url-encoded form (what our plain HTML forms send); the last value of a name wins."""
    body = await _body(request, MAX_FORM)
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


async def read_upload(request: Request) -> tuple[dict[str, str], Files]:
    """The text fields and the files (by field name) of a multipart form, read with the
    standard library's MIME parser; a form posted without a file (url-encoded) gives its
    fields and no file."""
    ctype = request.headers.get("content-type", "")
    if not ctype.lower().startswith("multipart/form-data"):
        return await read_form(request), {}
    body = await _body(request, MAX_UPLOAD)
    head = f"Content-Type: {ctype}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(_class=EmailMessage, policy=HTTP).parsebytes(head + body)
    fields: dict[str, str] = {}
    files: Files = {}
    if not message.is_multipart():
        return fields, files
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if part.get_filename() is not None:
            files[name] = data
        else:
            fields[name] = data.decode("utf-8", "replace")
    return fields, files


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
