"""`Idempotency-Key` on mutations: a retried key answers the first response, writing nothing.

It wraps the `/graphql` endpoint: a POSTed mutation with the header claims the key (per
principal, in the database) before it runs, and its response is kept for the key's retries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
import orjson
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import Response

from edu.auth.service import authenticate
from edu.config import Settings
from edu.db import Database
from edu.errors import AuthError, UserError
from edu.idempotency import service as keys
from edu.idempotency.service import Claim, KeyInUse, KeyReused
from edu.idempotency.service import Response as Stored

HEADER = "idempotency-key"
# A mutation's text is short (its data travels in variables): a longer one is not parsed
# here, and runs without a key.
MAX_TOKENS = 5000
Handler = Callable[[Request], Awaitable[Response]]


def _mutation(body: bytes) -> bool:
    """Whether the body asks for a mutation; anything else is the endpoint's to answer."""
    try:
        params = orjson.loads(body)
        query, name = params["query"], params.get("operationName")
        operation = get_operation_ast(parse(query, no_location=True, max_tokens=MAX_TOKENS),
                                      name)
    except (orjson.JSONDecodeError, TypeError, KeyError, GraphQLError):
        return False
    return operation is not None and operation.operation is OperationType.MUTATION


def _canonical(body: bytes) -> bytes:
    """The request as it would run: the same operation with the same variables."""
    params: dict[str, Any] = orjson.loads(body)
    return orjson.dumps([params.get("query"), params.get("variables") or {},
                         params.get("operationName")], option=orjson.OPT_SORT_KEYS)


def _error(status: int, err: UserError) -> Response:
    problem = err.problems[0]
    payload = {"errors": [{"message": problem.message, "extensions": {"code": problem.code}}]}
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


class Idempotent:
    """The GraphQL endpoint, with idempotency keys on mutations."""

    def __init__(self, handle: Handler, settings: Settings, database: Database) -> None:
        self.inner = handle
        self.settings = settings
        self.database = database

    async def handle(self, request: Request) -> Response:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST":
            return await self.inner(request)
        body = await request.body()  # starlette keeps it: the endpoint reads it again
        if not _mutation(body):
            return await self.inner(request)
        try:
            claim = await anyio.to_thread.run_sync(self._claim, request, key, body)
        except AuthError:
            return await self.inner(request)  # the endpoint answers 401 as always
        except KeyInUse as err:
            return _error(409, err)
        except KeyReused as err:
            return _error(422, err)
        except UserError as err:
            return _error(400, err)
        if isinstance(claim, Stored):
            return Response(claim.body, status_code=claim.status, media_type=claim.media_type,
                            headers={"Idempotent-Replayed": "true"})
        try:
            response = await self.inner(request)
        except BaseException:
            await anyio.to_thread.run_sync(self._release, claim)
            raise
        if response.status_code >= 500:
            await anyio.to_thread.run_sync(self._release, claim)
            return response
        stored = Stored(response.status_code, response.media_type or "application/json",
                        bytes(response.body))
        await anyio.to_thread.run_sync(self._store, claim, stored)
        return response

    def _claim(self, request: Request, key: str, body: bytes) -> Claim | Stored:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        with self.database.reader() as db:
            principal = authenticate(db, token.strip() if scheme.lower() == "bearer" else None)
        claim = keys.make_claim(self.settings.secret_key, principal, key, _canonical(body))
        with self.database.transaction() as db:
            replay = keys.claim_key(db, claim)
        return claim if replay is None else replay

    def _store(self, claim: Claim, response: Stored) -> None:
        with self.database.transaction() as db:
            keys.store_response(db, claim, response)

    def _release(self, claim: Claim) -> None:
        with self.database.transaction() as db:
            keys.release_key(db, claim)
