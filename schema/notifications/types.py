"""A notice as staff see it: what, to whom, its state; never the message's text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from edu.notifications.models import Notice as NoticeModel
from schema.errors import UserErrorType


@strawberry.type
class Notice(relay.Node):
    """One notice of the outbox: PENDING (waiting for its time, a runner or a mail server),
    SENT, FAILED after every retry, or OBSOLETE (no longer true when its time came)."""

    id: relay.NodeID[int]
    kind: str = strawberry.field(description="REGISTERED, PROMOTED, RESCHEDULED, CANCELLED, "
                                             "REMINDER, CONFIRM_REQUEST, LOST_LINK, "
                                             "CERTIFICATE_READY, SURVEY; an intern's "
                                             "INTERNSHIP_DECIDED, LOGBOOK_RETURNED, "
                                             "INTERNSHIP_EVALUATED, INTERN_SURVEY, "
                                             "INTERN_CERTIFICATE_READY; a coordinator's "
                                             "COORDINATOR_DECIDED.")
    status: str
    session_id: relay.GlobalID | None = strawberry.field(description="The session's id.")
    participant_id: relay.GlobalID | None = strawberry.field(
        description="The person's id.")
    not_before: datetime = strawberry.field(description="Not sent before this time.")
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def from_model(cls, n: NoticeModel) -> Notice:
        return cls(id=n.id, kind=n.kind.value, status=n.status.value,
                   session_id=relay.GlobalID("Session", str(n.session_id))
                   if n.session_id else None,
                   participant_id=relay.GlobalID("Participant", str(n.participant_id))
                   if n.participant_id else None,
                   not_before=n.not_before, attempts=n.attempts, last_error=n.last_error,
                   created_at=n.created_at, sent_at=n.sent_at)

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        # Notices are reached through their session or person; not as bare nodes.
        return [None for _ in node_ids]


@strawberry.type
class NoticePayload:
    notice: Notice | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)



@strawberry.type
class MailPreferences:
    language: str = strawberry.field(description="id (Bahasa Indonesia) or en (English).")
    reminders: bool = strawberry.field(description="Whether a reminder comes before each "
                                                   "session.")


@strawberry.type
class MailPreferencesPayload:
    preferences: MailPreferences | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)
