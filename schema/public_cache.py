"""Which GraphQL requests share one remembered answer (edu/perf/response_cache.py).

Public: anonymous queries whose every root field is public data, the same for every caller:
the session list (`PublicSessions`) and the regions.

Staff: a staff member's queries over sessions, nodes, regions, facilitators, universities and
the participation report are remembered per principal (role, scope, person), never shared
between two principals, and only while the token itself is remembered (edu/perf/tokens.py):
an answer that read specific personal data is never stored (each such read is audited).
Anything else (participants' own data, tokens, webhooks, a verification lookup with its own
per-client limits) runs every time."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import orjson
from graphql import FieldNode, OperationDefinitionNode, OperationType

from edu.auth.principal import Principal

PUBLIC_ROOTS = frozenset({"sessions", "regions", "__typename"})
STAFF_ROOTS = PUBLIC_ROOTS | {"node", "nodes", "facilitators", "universities", "participation"}


def _only(operation: OperationDefinitionNode, roots: frozenset[str]) -> bool:
    if operation.operation is not OperationType.QUERY:
        return False
    return all(isinstance(selection, FieldNode) and selection.name.value in roots
               for selection in operation.selection_set.selections)


def public_key(token: str | None, operation: OperationDefinitionNode, query: str,
               operation_name: str | None, variables: dict[str, Any] | None,
               media: str) -> Hashable | None:
    """The cache key of a request whose answer every anonymous caller shares, else None."""
    if token is not None or not _only(operation, PUBLIC_ROOTS):
        return None
    return (query, operation_name, orjson.dumps(variables, option=orjson.OPT_SORT_KEYS),
            media)


def staff_key(principal: Principal | None, operation: OperationDefinitionNode, query: str,
              operation_name: str | None, variables: dict[str, Any] | None,
              media: str) -> Hashable | None:
    """The cache key of a staff member's request that may be answered again to the very same
    principal, else None."""
    if principal is None or not principal.is_staff or not _only(operation, STAFF_ROOTS):
        return None
    return (principal, query, operation_name,
            orjson.dumps(variables, option=orjson.OPT_SORT_KEYS), media)
