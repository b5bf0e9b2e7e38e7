"""Webhook endpoints as administrators see them, with their delivery log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from edu.notifications.webhooks import WebhookEndpoint as EndpointModel
from edu.notifications.webhooks import endpoint_deliveries
from schema.connections import Connection, connection, page_window
from schema.errors import UserErrorType
from schema.notifications.types import Notice


@strawberry.type
class WebhookEndpoint(relay.Node):
    """Where events are POSTed, signed per Standard Webhooks."""

    id: relay.NodeID[int]
    url: str
    events: list[str]
    description: str | None
    created_at: datetime
    disabled_at: datetime | None

    @classmethod
    def from_model(cls, e: EndpointModel) -> WebhookEndpoint:
        return cls(id=e.id, url=e.url, events=list(e.events), description=e.description,
                   created_at=e.created_at, disabled_at=e.disabled_at)

    @strawberry.field(description="Deliveries to this endpoint, newest first: status, "
                                  "attempts, last error.")
    def deliveries(self, info: strawberry.Info, first: int | None = None,
                   after: str | None = None) -> Connection[Notice]:
        offset, limit = page_window(first, after)
        total, rows = endpoint_deliveries(info.context.db, info.context.principal, self.id,
                                          offset, limit)
        return connection(total, offset, rows, Notice.from_model)

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        return [None for _ in node_ids]  # listed by webhookEndpoints (ADMIN)


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = None
    secret: str | None = strawberry.field(
        default=None, description="The signing secret (whsec_…), shown once at creation.")
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)
