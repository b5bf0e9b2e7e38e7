"""An API token as an administrator sees it: who it is for, and whether it still works."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from edu.auth.models import Role
from edu.auth.tokens import TokenInfo, get_token
from edu.db import utcnow
from schema.errors import UserErrorType


@strawberry.type
class ApiToken(relay.Node):
    """A bearer token; its secret is never stored, so it is never shown."""

    id: relay.NodeID[int]
    role: str = strawberry.field(description="A staff role, or PARTICIPANT.")
    name: str | None = strawberry.field(description="The staff member's name.")
    region_code: str | None
    university_code: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool = strawberry.field(description="Neither revoked nor expired.")

    @classmethod
    def from_info(cls, t: TokenInfo, now: datetime) -> ApiToken:
        return cls(id=t.id, role=t.role, name=t.name, region_code=t.region_code,
                   university_code=t.university_code, created_at=t.created_at,
                   expires_at=t.expires_at, revoked_at=t.revoked_at, active=t.active(now))

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        ctx = info.context
        if not ctx.principal.has_role(Role.ADMIN):
            return [None for _ in node_ids]
        now = utcnow()
        found = [get_token(ctx.db, ctx.principal, int(i)) for i in node_ids]
        return [cls.from_info(t, now) if t else None for t in found]


@strawberry.type
class ApiTokenPayload:
    api_token: ApiToken | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class RotateTokenPayload:
    token: str | None = strawberry.field(
        default=None, description="The new token, shown once; the old one stopped working.")
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)
