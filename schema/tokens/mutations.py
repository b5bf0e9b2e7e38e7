"""Revoking a token (ADMIN) and rotating one's own (participants)."""

from __future__ import annotations

import strawberry

from edu.auth.tokens import get_token, revoke_token, rotate_participant_token
from edu.db import utcnow
from schema.errors import mutate
from schema.ids import decode_id
from schema.tokens.types import ApiToken, ApiTokenPayload, RotateTokenPayload


@strawberry.type
class TokenMutations:
    @strawberry.mutation(description="Stop a token at once (ADMIN; audited).")
    def revoke_api_token(self, info: strawberry.Info, id: strawberry.ID) -> ApiTokenPayload:
        who = info.context.principal

        def change(db):
            token = revoke_token(db, who, decode_id(id, "ApiToken", "id"))
            found = get_token(db, who, token.id)
            return ApiTokenPayload(api_token=ApiToken.from_info(found, utcnow())
                                   if found else None)

        return mutate(info, change, lambda e: ApiTokenPayload(user_errors=e))

    @strawberry.mutation(description="A participant's new token; the one used (and any other "
                                     "they had) stops working at once.")
    def rotate_my_token(self, info: strawberry.Info) -> RotateTokenPayload:
        return mutate(
            info,
            lambda db: RotateTokenPayload(
                token=rotate_participant_token(db, info.context.principal)),
            lambda e: RotateTokenPayload(user_errors=e))
