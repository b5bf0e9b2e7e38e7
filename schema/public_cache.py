"""Which GraphQL requests share one remembered answer (edu/perf/response_cache.py).

Only anonymous queries whose every root field is public data, the same for every caller:
the session list (`PublicSessions`) and the regions. Anything else (a token, `node`, a
verification lookup with its own per-client limits) runs every time."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import orjson
from graphql import FieldNode, OperationDefinitionNode, OperationType

PUBLIC_ROOTS = frozenset({"sessions", "regions", "__typename"})


def public_key(token: str | None, operation: OperationDefinitionNode, query: str,
               operation_name: str | None, variables: dict[str, Any] | None,
               media: str) -> Hashable | None:
    """The cache key of a request whose answer every anonymous caller shares, else None."""
    if token is not None or operation.operation is not OperationType.QUERY:
        return None
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.name.value not in PUBLIC_ROOTS:
            return None
    return (query, operation_name, orjson.dumps(variables, option=orjson.OPT_SORT_KEYS),
            media)
