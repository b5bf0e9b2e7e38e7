"""`notices`: what was sent to a session's people or to one person, and what failed."""

from __future__ import annotations

import strawberry

from edu.notifications.service import list_notices
from edu.notifications.webhooks import list_endpoints
from schema.connections import Connection, connection, page_window
from schema.ids import decode_id
from schema.notifications.types import Notice
from schema.notifications.webhooks import WebhookEndpoint


@strawberry.type
class NotificationQueries:
    @strawberry.field(description="Notices of a session or of a participant (their planners), "
                                  "or of an internship: to the student and to the "
                                  "university's coordinators (internship officers); ADMIN "
                                  "all. Newest first.")
    def notices(self, info: strawberry.Info, session_id: strawberry.ID | None = None,
                participant_id: strawberry.ID | None = None,
                internship_id: strawberry.ID | None = None, first: int | None = None,
                after: str | None = None) -> Connection[Notice]:
        offset, limit = page_window(first, after)
        total, rows = list_notices(
            info.context.db, info.context.principal,
            session_id=decode_id(session_id, "Session", "sessionId") if session_id else None,
            participant_id=decode_id(participant_id, "Participant", "participantId")
            if participant_id else None,
            internship_id=decode_id(internship_id, "Internship", "internshipId")
            if internship_id else None, offset=offset, limit=limit)
        return connection(total, offset, rows, Notice.from_model)

    @strawberry.field(description="Webhook endpoints (ADMIN).")
    def webhook_endpoints(self, info: strawberry.Info, first: int | None = None,
                          after: str | None = None) -> Connection[WebhookEndpoint]:
        offset, limit = page_window(first, after)
        total, rows = list_endpoints(info.context.db, info.context.principal, offset, limit)
        return connection(total, offset, rows, WebhookEndpoint.from_model)
