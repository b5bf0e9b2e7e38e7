"""GraphQL over HTTP, as the spec asks: status codes, media types, GET for queries only.

A request passes, in order: the query's length, parsing (bounded in tokens) and validation
(bounded in expanded size), both in worker threads and cached for short texts; its cost
(`schema.cost`); and for queries a deadline while it runs. The limits are in schema/limits.py
and schema/cost.py."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Hashable
from typing import Any

import anyio
import anyio.to_thread
import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from edu.auth.principal import Principal
from edu.config import Settings
from edu.db import Database
from edu.errors import AuthError
from edu.perf.response_cache import Cached, ResponseCache
from edu.perf.tokens import authenticate_cached, remembered
from schema import graphiql
from schema.context import Context
from schema.cost import MAX_COST, QueryCost
from schema.deadline import Deadline
from schema.errors import format_error
from schema.idempotency import Idempotent
from schema.limits import MAX_QUERY_LENGTH, PREPARING_AT_ONCE
from schema.prepare import Preparer, validation_rules
from schema.public_cache import (
    GRAPHQL_RESPONSE,
    JSON,
    PUBLIC_ROOTS,
    STAFF_ROOTS,
    header,
    media_type,
    only,
    request_key,
)
from schema.text_rule import MESSAGE as NUL_MESSAGE
from schema.text_rule import has_nul


class _RequestError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


_threads = threading.local()


def _thread_loop() -> asyncio.AbstractEventLoop:
    loop = getattr(_threads, "loop", None)
    if loop is None:
        loop = _threads.loop = asyncio.new_event_loop()
    return loop


def _media_type(request: Request) -> str:
    return media_type(header(request.scope["headers"], b"accept"))


def _params(request: Request, body: bytes) -> dict[str, Any]:
    if request.method == "GET":
        q = request.query_params
        params: dict[str, Any] = {"query": q.get("query"), "operationName": q.get("operationName")}
        if q.get("variables"):
            try:
                params["variables"] = orjson.loads(q["variables"])
            except orjson.JSONDecodeError:
                raise _RequestError(400, "`variables` is not JSON.") from None
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in (JSON, GRAPHQL_RESPONSE):
        raise _RequestError(415, "Send GraphQL requests as application/json.")
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise _RequestError(400, "The request body is not JSON.") from None
    if not isinstance(params, dict):
        raise _RequestError(400, "The request body must be a JSON object.")
    return params


def _key(request: Request, body: bytes, media: str, principal: Principal | None) -> Hashable:
    return request_key(principal, request.method, request.scope["query_string"], body,
                       header(request.scope["headers"], b"content-type"), media)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _RequestError(401, "Use `Authorization: Bearer <token>`.")
    return token.strip()


class GraphQLEndpoint:
    """The `/graphql` route: GraphiQL for browsers, queries by GET, everything by POST."""

    def __init__(self, schema: GraphQLSchema, settings: Settings, database: Database) -> None:
        self.schema = schema
        self.settings = settings
        self.database = database
        self.preparer = Preparer(schema, validation_rules(introspection=settings.introspection))
        # Parsing and validation are CPU-bound: a few at a time, beside the event loop.
        self.preparing = anyio.CapacityLimiter(PREPARING_AT_ONCE)
        self.cost = QueryCost(schema)
        self.public = ResponseCache()
        self.staff = ResponseCache()  # keyed on the principal too (schema/public_cache.py)

    def routes(self) -> list[BaseRoute]:
        """`/graphql`, and GraphiQL's own files when it is turned on."""
        handle = Idempotent(self.handle, self.settings, self.database).handle
        endpoint = Route("/graphql", handle, methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
        return [endpoint, graphiql.assets()] if self.settings.graphiql else [endpoint]

    def _reply(self, media: str, payload: dict[str, Any], status: int = 200,
               headers: dict[str, str] | None = None) -> Response:
        return Response(orjson.dumps(payload), status_code=status, media_type=media,
                        headers=headers)

    def _failure(self, media: str, err: _RequestError, code: str) -> Response:
        payload = {"errors": [{"message": str(err), "extensions": {"code": code}}]}
        return self._reply(media, payload, err.status, err.headers)

    async def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return Response(status_code=405, headers={"Allow": "GET, POST"})
        media = _media_type(request)
        if (self.settings.graphiql and request.method == "GET"
                and "query" not in request.query_params
                and "text/html" in request.headers.get("accept", "")):
            return graphiql.page()
        body = await request.body()
        try:
            params = _params(request, body)
            token = _bearer(request)
        except _RequestError as err:
            return self._failure(media, err, "UNAUTHENTICATED" if err.status == 401
                                 else "BAD_REQUEST")
        query = params.get("query")
        variables = params.get("variables")
        operation_name = params.get("operationName")
        if not isinstance(query, str) or not query.strip():
            return self._failure(media, _RequestError(400, "No `query` in the request."),
                                 "BAD_REQUEST")
        if variables is not None and not isinstance(variables, dict):
            return self._failure(media, _RequestError(400, "`variables` must be an object."),
                                 "BAD_REQUEST")
        if has_nul(variables):  # as variables that do not coerce: never ran
            return self._request_errors(media, [GraphQLError(NUL_MESSAGE)])
        if len(query) > MAX_QUERY_LENGTH:
            return self._failure(media, _RequestError(
                413, f"The query is {len(query)} characters long; at most {MAX_QUERY_LENGTH} "
                "are allowed."), "QUERY_TOO_LARGE")
        prepared = self.preparer.cached(query)
        if prepared is None:
            prepared = await anyio.to_thread.run_sync(self.preparer.prepare, query,
                                                      limiter=self.preparing)
        document, errors = prepared
        if errors or document is None:
            return self._request_errors(media, list(errors))
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return self._failure(
                media, _RequestError(400, "Name the operation to run with `operationName`."),
                "BAD_REQUEST")
        if request.method == "GET" and operation.operation is not OperationType.QUERY:
            return self._failure(
                media,
                _RequestError(405, "Mutations are sent by POST.", {"Allow": "POST"}),
                "BAD_REQUEST")
        cost = self.cost(document, operation, variables)
        if cost > MAX_COST:
            return self._reply(media, {"errors": [{
                "message": f"This request would cost {cost} points; at most {MAX_COST} are "
                           "allowed. Ask for fewer items (`first`) or fewer nested lists.",
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": cost, "maxCost": MAX_COST},
            }]}, 400 if media == GRAPHQL_RESPONSE else 200)
        # Remembered answers are served before routing (RememberedGraphQL); here they are
        # stored, under the request's bytes, once they passed every check above.
        cache = (self.public if token is None and only(operation, PUBLIC_ROOTS)
                 else self.staff if token is not None and only(operation, STAFF_ROOTS)
                 else None)
        asker: Principal | None = None
        if cache is not None:
            version = self.database.data_version()  # read before the answer is computed
        if cache is self.staff:
            # Not remembered before routing: this process had forgotten the token. One lookup,
            # and the answer may be remembered all the same.
            try:
                asker = remembered(token) or await anyio.to_thread.run_sync(
                    authenticate_cached, self.database, token)
            except AuthError as err:
                return self._unauthenticated(media, err)
            hit = cache.get(version, _key(request, body, media, asker))
            if hit is not None:
                return Response(hit.body, hit.status, media_type=hit.media_type)
        # Mutations run to their end: stopping one after it committed would hide its result.
        deadline = (Deadline(self.settings.request_timeout)
                    if operation.operation is OperationType.QUERY else None)
        try:
            client = request.client.host if request.client else ""
            result, principal, audited = await anyio.to_thread.run_sync(
                self._execute, document, asker or token, variables, operation_name, client,
                deadline)
        except AuthError as err:
            return self._unauthenticated(media, err)
        if deadline is not None and result.errors and deadline.passed():
            return self._reply(media, {"data": None, "errors": [{
                "message": f"The query ran longer than {self.settings.request_timeout:g} s and "
                           "was stopped; ask for less at once.",
                "extensions": {"code": "TIMEOUT"}}]}, 504 if media == GRAPHQL_RESPONSE else 200)
        if result.data is None and result.errors and all(e.path is None for e in result.errors):
            return self._request_errors(media, result.errors)  # variables that do not coerce
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [format_error(e, mask=self.settings.production)
                                 for e in result.errors]
        response = self._reply(media, payload)
        # Stored for the principal it was computed for, and never when it read audited data.
        if cache is not None and not result.errors and not audited and (
                cache is self.public or principal.is_staff):
            cache.put(version, _key(request, body, media,
                                    principal if cache is self.staff else None),
                      Cached(200, media, bytes(response.body)),
                      key_bytes=len(body) + len(request.scope["query_string"]))
        return response

    def _unauthenticated(self, media: str, err: AuthError) -> Response:
        return self._failure(
            media, _RequestError(401, str(err), {"WWW-Authenticate": "Bearer"}), err.code)

    def _execute(self, document: DocumentNode, asker: Principal | str | None,
                 variables: dict[str, Any] | None, operation_name: str | None,
                 client: str, deadline: Deadline | None,
                 ) -> tuple[ExecutionResult, Principal, bool]:
        """Run one operation in a worker thread, on that thread's own event loop; with the
        principal it ran for (`asker`, or whom its token belongs to) and whether it read
        specific personal data (audited).

        The database calls are blocking: on the server's loop, a request waiting for a pooled
        connection would stall the very requests that hold them. In a worker thread it waits
        alone, and DataLoaders still batch on the thread's loop."""
        principal = (asker if isinstance(asker, Principal)
                     else authenticate_cached(self.database, asker))
        context = Context(self.settings, self.database, principal, client, deadline)
        try:
            result = execute(self.schema, document, context_value=context,
                             variable_values=variables, operation_name=operation_name,
                             middleware=[deadline] if deadline else None)
            if not isinstance(result, ExecutionResult):
                result = _thread_loop().run_until_complete(result)
            audited = bool(context.specific_reads)
        finally:
            context.close()
        return result, principal, audited

    def _request_errors(self, media: str, errors: list[GraphQLError]) -> Response:
        """A request that never ran: 400 under the GraphQL media type, 200 for legacy JSON."""
        payload = {"errors": [format_error(e, mask=self.settings.production) for e in errors]}
        return self._reply(media, payload, 400 if media == GRAPHQL_RESPONSE else 200)


class RememberedGraphQL:
    """ASGI layer before routing: a GraphQL request whose remembered answer is current is
    answered here after one version read, on the event loop: no routing, no request object,
    no JSON or GraphQL parsing, no worker thread. Anything else goes on to the app.

    It sits inside BodySizeLimit (edu/app.py), so a body it reads is bounded as the
    endpoint's is. A staff answer is looked for only while this process remembers the token
    (edu/perf/tokens.py): a revoked token gets none later than it would be refused."""

    def __init__(self, app: ASGIApp, endpoint: GraphQLEndpoint) -> None:
        self.app, self.endpoint = app, endpoint

    def _cache(self, headers: list[tuple[bytes, bytes]],
               ) -> tuple[ResponseCache | None, Principal | None]:
        authorization = header(headers, b"authorization")
        if not authorization:
            return self.endpoint.public, None
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        principal = remembered(token.strip()) if scheme.lower() == "bearer" else None
        return (self.endpoint.staff, principal) if principal is not None else (None, None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"] != "/graphql"
                or scope["method"] not in ("GET", "POST")):
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        cache, principal = self._cache(headers)
        if cache is None or not len(cache):
            await self.app(scope, receive, send)
            return
        body: bytes | None = b""
        if scope["method"] == "POST":
            messages, body = await _read_body(receive)
            receive = _replay(messages, receive)
        if body is not None:
            key = request_key(principal, scope["method"], scope["query_string"], body,
                              header(headers, b"content-type"),
                              media_type(header(headers, b"accept")))
            hit = cache.get(self.endpoint.database.data_version(), key)
            if hit is not None:
                await Response(hit.body, hit.status, media_type=hit.media_type)(
                    scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The messages received and the whole body; None for the body if the client left."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return messages, b"".join(chunks)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives the app the messages already read, then whatever comes next."""
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed
