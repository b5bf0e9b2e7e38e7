"""Which GraphQL requests share one remembered answer (edu/perf/response_cache.py), and the key
they share it under.

Public: anonymous queries whose every root field is public data, the same for every caller:
the session list (`PublicSessions`) and the regions.

Staff: a staff member's queries over sessions, nodes, regions, facilitators, universities and
the participation report are remembered per principal (role, scope, person), never shared
between two principals, and only while the token itself is remembered (edu/perf/tokens.py):
an answer that read specific personal data is never stored (each such read is audited).
Anything else (participants' own data, tokens, webhooks, a verification lookup with its own
per-client limits) runs every time.

The key is the request as it came, not as parsed: its method, query string, body, content
type and the media type it accepts, with the principal. So the layer before routing
(schema/http.py RememberedGraphQL) finds an answer from the bytes alone, without parsing
JSON or GraphQL; what the endpoint decides from those bytes (limits, validation, cost, which
roots) it decides the same way every time, and it stores only answers that passed. Two
requests that mean the same but are spelt differently are remembered twice: memory, never
correctness."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from graphql import FieldNode, OperationDefinitionNode, OperationType

from edu.auth.principal import Principal

PUBLIC_ROOTS = frozenset({"sessions", "regions", "__typename"})
STAFF_ROOTS = PUBLIC_ROOTS | {"node", "nodes", "facilitators", "universities", "participation"}
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def only(operation: OperationDefinitionNode, roots: frozenset[str]) -> bool:
    """Whether the operation is a query asking for these roots and nothing else."""
    if operation.operation is not OperationType.QUERY:
        return False
    return all(isinstance(selection, FieldNode) and selection.name.value in roots
               for selection in operation.selection_set.selections)


def header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of a header in ASGI form (lower-case names), as Starlette reads it."""
    for key, value in headers:
        if key == name:
            return value
    return None


def media_type(accept: bytes | None) -> str:
    """The media type of the answer: GraphQL's own when the client accepts it."""
    return GRAPHQL_RESPONSE if accept and GRAPHQL_RESPONSE.encode() in accept else JSON


def request_key(principal: Principal | None, method: str, query_string: bytes, body: bytes,
                content_type: bytes | None, media: str) -> Hashable:
    """The key of a remembered answer: the principal (None: anonymous) and the request's
    bytes (a GET's body is not read)."""
    if method == "GET":
        return principal, method, query_string, media
    return principal, method, query_string, body, content_type, media
