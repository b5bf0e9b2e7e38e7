"""Resending a notice (planners; audited)."""

from __future__ import annotations

import strawberry
from sqlalchemy.orm import Session

from edu.notifications.service import resend_notice
from edu.notifications.webhooks import create_endpoint, disable_endpoint
from schema.errors import mutate
from schema.ids import decode_id
from schema.notifications.types import Notice, NoticePayload
from schema.notifications.webhooks import WebhookEndpoint, WebhookEndpointPayload


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

    @strawberry.mutation(description="Register an endpoint for events (ADMIN; audited). "
                                     "The answer holds its signing secret, shown once.")
    def create_webhook_endpoint(self, info: strawberry.Info, url: str, events: list[str],
                                description: str | None = None) -> WebhookEndpointPayload:
        def change(db: Session) -> WebhookEndpointPayload:
            endpoint, secret = create_endpoint(
                db, info.context.principal, info.context.settings.secret_key, url=url,
                events=events, description=description)
            return WebhookEndpointPayload(endpoint=WebhookEndpoint.from_model(endpoint),
                                          secret=secret)

        return mutate(info, change, lambda e: WebhookEndpointPayload(user_errors=e))

    @strawberry.mutation(description="Stop sending to an endpoint (ADMIN; audited).")
    def disable_webhook_endpoint(self, info: strawberry.Info,
                                 id: strawberry.ID) -> WebhookEndpointPayload:
        return mutate(
            info,
            lambda db: WebhookEndpointPayload(endpoint=WebhookEndpoint.from_model(
                disable_endpoint(db, info.context.principal,
                                 decode_id(id, "WebhookEndpoint", "id")))),
            lambda e: WebhookEndpointPayload(user_errors=e))
