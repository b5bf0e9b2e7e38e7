"""`apiTokens`: every token in use, for administrators."""

from __future__ import annotations

import strawberry

from edu.auth.tokens import list_tokens
from edu.db import utcnow
from schema.connections import Connection, connection, page_window
from schema.tokens.types import ApiToken


@strawberry.type
class TokenQueries:
    @strawberry.field(description="API tokens, newest first (ADMIN): staff tokens, and "
                                  "participants' too with `participants: true`.")
    def api_tokens(self, info: strawberry.Info, participants: bool = False,
                   first: int | None = None, after: str | None = None) -> Connection[ApiToken]:
        offset, limit = page_window(first, after)
        total, rows = list_tokens(info.context.db, info.context.principal,
                                  participants=participants, offset=offset, limit=limit)
        now = utcnow()
        return connection(total, offset, rows, lambda t: ApiToken.from_info(t, now))
