"""Resending a notice (planners; audited); a participant's own mail preferences."""

from __future__ import annotations

import strawberry
from sqlalchemy.orm import Session

from edu.notifications.preferences import set_mail_preferences
from edu.notifications.service import resend_notice
from edu.notifications.webhooks import create_endpoint, disable_endpoint
from schema.errors import mutate
from schema.ids import decode_id
from schema.notifications.types import (
    MailPreferences,
    MailPreferencesPayload,
    Notice,
    NoticePayload,
)
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

    @strawberry.mutation(description="The participant's own mail preferences (their token): "
                                     "the language of our mails and whether reminders come; "
                                     "what is not given stays.")
    def set_mail_preferences(self, info: strawberry.Info, language: str | None = None,
                             reminders: bool | None = None) -> MailPreferencesPayload:
        def change(db: Session) -> MailPreferencesPayload:
            person = set_mail_preferences(db, info.context.principal, language=language,
                                          reminders=reminders)
            return MailPreferencesPayload(preferences=MailPreferences(
                language=person.language, reminders=person.reminders))

        return mutate(info, change, lambda e: MailPreferencesPayload(user_errors=e))

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
