"""GraphQL over HTTP, as the spec asks: status codes, media types, GET for queries only.

A request passes, in order: the query's length, parsing (bounded in tokens) and validation
(bounded in expanded size), both in worker threads and cached for short texts; its cost
(`schema.cost`); and for queries a deadline while it runs. The limits are in schema/limits.py
and schema/cost.py."""

from __future__ import annotations

import asyncio
import threading
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
from schema.public_cache import public_key, staff_key
from schema.text_rule import MESSAGE as NUL_MESSAGE
from schema.text_rule import has_nul

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


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
    accept = request.headers.get("accept", "")
    return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else JSON


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
        try:
            params = _params(request, await request.body())
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
        cache, asker = self.public, None
        shared = public_key(token, operation, query, operation_name, variables, media)
        if shared is None and token is not None:
            cache, asker = self.staff, remembered(token)
            shared = staff_key(asker, operation, query, operation_name, variables, media)
        if shared is not None:
            version = self.database.data_version()  # read before the answer is computed
            hit = cache.get(version, shared)
            if hit is not None:
                return Response(hit.body, hit.status, media_type=hit.media_type)
        # Mutations run to their end: stopping one after it committed would hide its result.
        deadline = (Deadline(self.settings.request_timeout)
                    if operation.operation is OperationType.QUERY else None)
        try:
            client = request.client.host if request.client else ""
            result, principal, audited = await anyio.to_thread.run_sync(
                self._execute, document, token, variables, operation_name, client, deadline)
        except AuthError as err:
            return self._failure(
                media, _RequestError(401, str(err), {"WWW-Authenticate": "Bearer"}), err.code)
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
        if shared is not None and not result.errors and not audited and asker in (None, principal):
            cache.put(version, shared, Cached(200, media, bytes(response.body)))
        return response

    def _execute(self, document: DocumentNode, token: str | None,
                 variables: dict[str, Any] | None, operation_name: str | None,
                 client: str, deadline: Deadline | None,
                 ) -> tuple[ExecutionResult, Principal, bool]:
        """Run one operation in a worker thread, on that thread's own event loop; with the
        principal it ran for and whether it read specific personal data (audited).

        The database calls are blocking: on the server's loop, a request waiting for a pooled
        connection would stall the very requests that hold them. In a worker thread it waits
        alone, and DataLoaders still batch on the thread's loop."""
        principal = authenticate_cached(self.database, token)
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
