"""Reading a `multipart/form-data` POST (a file input): the standard library's MIME parser,
so no extra package; the body is already bounded by edu/request_size.py (1 MiB)."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

from starlette.requests import Request

FILE = "upload_file"  # where the file's bytes wait in request.state for the handler


async def read_upload(request: Request) -> dict[str, str]:
    """The form's text fields; the first file's bytes in `request.state` (b'' if none)."""
    body = await request.body()
    kind = request.headers.get("content-type", "")
    fields: dict[str, str] = {}
    setattr(request.state, FILE, b"")
    if not kind.lower().startswith("multipart/form-data"):
        return fields
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + kind.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        if part.get_filename() is not None:
            if not getattr(request.state, FILE):
                setattr(request.state, FILE, payload)
        else:
            fields[name] = payload.decode("utf-8", "replace")
    return fields


def uploaded(request: Request) -> bytes:
    data = getattr(request.state, FILE, b"")
    return data if isinstance(data, bytes) else b""
