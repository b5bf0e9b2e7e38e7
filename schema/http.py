"""GraphQL over HTTP, as the spec asks: status codes, media types, GET for queries only.

Parsing and validation are cached by query text, with the depth and alias rules built once,
so a repeated query costs only its execution."""

from __future__ import annotations

import asyncio
import threading
from functools import lru_cache
from typing import Any

import anyio.to_thread
import orjson
from graphql import (
    DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, OperationType, execute,
    get_operation_ast, parse, specified_rules, validate,
)
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.http.ides import get_graphql_ide_html

from edu.auth.service import authenticate
from edu.config import Settings
from edu.db import Database
from edu.errors import AuthError
from schema.context import Context
from schema.errors import format_error
from schema.limits import RULES
from schema.pagination_rule import PageArguments
from schema.text_rule import MESSAGE as NUL_MESSAGE
from schema.text_rule import NoNulStrings, has_nul

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
RULE_SET = (*specified_rules, *RULES, PageArguments, NoNulStrings)


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


def make_prepare(schema: GraphQLSchema, size: int = 512):
    @lru_cache(maxsize=size)
    def prepare(query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
        """Parse and validate once per distinct query text."""
        try:
            document = parse(query)
        except GraphQLError as err:
            return None, (err,)
        return document, tuple(validate(schema, document, RULE_SET))

    return prepare


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
        self.prepare = make_prepare(schema)
        self.ide = get_graphql_ide_html()

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
        if (request.method == "GET" and "query" not in request.query_params
                and "text/html" in request.headers.get("accept", "")):
            return HTMLResponse(self.ide)
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
        document, errors = self.prepare(query)
        if errors:
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
        try:
            client = request.client.host if request.client else ""
            result = await anyio.to_thread.run_sync(
                self._execute, document, token, variables, operation_name, client)
        except AuthError as err:
            return self._failure(
                media, _RequestError(401, str(err), {"WWW-Authenticate": "Bearer"}), err.code)
        if result.data is None and result.errors and all(e.path is None for e in result.errors):
            return self._request_errors(media, result.errors)  # variables that do not coerce
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [format_error(e, mask=self.settings.production)
                                 for e in result.errors]
        return self._reply(media, payload)

    def _execute(self, document: DocumentNode, token: str | None,
                 variables: dict[str, Any] | None, operation_name: str | None,
                 client: str) -> ExecutionResult:
        """Run one operation in a worker thread, on that thread's own event loop.

        The database calls are blocking: on the server's loop, a request waiting for a pooled
        connection would stall the very requests that hold them. In a worker thread it waits
        alone, and DataLoaders still batch on the thread's loop."""
        with self.database.reader() as db:
            principal = authenticate(db, token)
        context = Context(self.settings, self.database, principal, client)
        try:
            result = execute(self.schema, document, context_value=context,
                             variable_values=variables, operation_name=operation_name)
            if isinstance(result, ExecutionResult):
                return result
            return _thread_loop().run_until_complete(result)
        finally:
            context.close()

    def _request_errors(self, media: str, errors: list[GraphQLError]) -> Response:
        """A request that never ran: 400 under the GraphQL media type, 200 for legacy JSON."""
        payload = {"errors": [format_error(e, mask=self.settings.production) for e in errors]}
        return self._reply(media, payload, 400 if media == GRAPHQL_RESPONSE else 200)
