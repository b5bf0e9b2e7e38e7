"""A limit on the size of every request body, for every route, before any handler reads it.

A declared Content-Length over the limit is refused at once; a body sent without one (chunked)
is counted as it arrives and refused as soon as it passes the limit. Either way the client
gets 413 and the handler never sees more than the limit.

Form posts under the `worded` path prefixes (the console's) reach their route all the same,
whose reader then gets BodyTooLarge instead of the body: the page tells the person in words
which field is too large, where a raw JSON 413 would leave them on a blank page. Any other
route (the API, /graphql) still gets the JSON 413, and no handler ever sees the body."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024  # 1 MiB: a 200-row import is about 60 KB


FORMS = (b"multipart/form-data", b"application/x-www-form-urlencoded")


class BodyTooLarge(Exception):
    """Raised from `receive` once the body passes the limit (at once for a declared length)."""


class BodySizeLimit:
    """ASGI middleware answering 413 to request bodies over `limit` bytes."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES,
                 worded: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limit = limit
        self.worded = worded

    def _answered_in_words(self, scope: Scope) -> bool:
        kind = dict(scope["headers"]).get(b"content-type", b"").lower()
        return kind.startswith(FORMS) and scope["path"].startswith(self.worded)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        over = declared.isdigit() and int(declared) > self.limit
        if over and not self._answered_in_words(scope):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            if over:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:  # pragma: no cover  (no handler answers before reading its body)
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = orjson.dumps({"errors": [{
            "message": f"The request body is larger than {self.limit} bytes.",
            "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]})
        headers: list[Any] = [(b"content-type", b"application/json"),
                              (b"content-length", str(len(body)).encode()),
                              (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
