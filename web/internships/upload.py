"""Forms that carry a file (multipart/form-data), for signed-in staff: read with the standard
library's MIME parser, the CSRF field checked before any work, like every console form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from web.forms import FormTooLarge, read_form
from web.site import Site
from web.staff.guard import Visit, csrf_ok, forbidden
from web.staff.guard import _visit as visit_signed_in  # the one place sessions are read

# Far more than 200 students' rows, and below the 1 MiB every request is held to
# (edu/request_size.py), so a file too large is told so in words on its page.
MAX_UPLOAD = 512 * 1024
Files = dict[str, bytes]
# None: the file was larger than MAX_UPLOAD and was not read (nor its form's CSRF field, so
# the handler may only answer, never write).
UploadHandler = Callable[[Request, Visit, Files | None], Response]


async def read_upload(request: Request) -> tuple[dict[str, str], Files]:
    """The text fields and the files of a multipart form; a form posted without a file
    (url-encoded) gives its fields and no file."""
    ctype = request.headers.get("content-type", "")
    if not ctype.lower().startswith("multipart/form-data"):
        return await read_form(request), {}
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_UPLOAD:
            raise FormTooLarge()
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


def signed_in_upload(site: Site, handler: UploadHandler
                     ) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint taking a file from signed-in staff: a form without the CSRF field is
    refused (403) before the file is looked at; a file too large reaches the handler as None,
    to be told so in words."""

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
            visit_signed_in, site, lambda r, v: handler(r, v, files), request, fields)

    return endpoint
