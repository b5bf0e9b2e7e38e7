"""Resending a notice (planners; audited)."""

from __future__ import annotations

import strawberry

from edu.notifications.service import resend_notice
from schema.errors import mutate
from schema.ids import decode_id
from schema.notifications.types import Notice, NoticePayload


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(description="Send a notice again now: a failed one, or one that "
                                     "never arrived (audited).")
    def resend_notice(self, info: strawberry.Info, id: strawberry.ID) -> NoticePayload:
        return mutate(
            info,
            lambda db: NoticePayload(notice=Notice.from_model(resend_notice(
                db, info.context.principal, decode_id(id, "Notice", "id")))),
            lambda e: NoticePayload(user_errors=e))
