"""Webhooks for other systems (a university's information system, the commission's portal):
administrators register endpoints and the events they want; every event becomes one outbox
row per endpoint, delivered and retried like mail, signed per Standard Webhooks
(`webhook-id`, `webhook-timestamp`, `webhook-signature`). Payloads carry the event and ids,
never personal data.

An endpoint's signing secret is derived from the server key and the endpoint's id, so the
database holds no secret; it is shown once, when the endpoint is registered."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from edu.audit import record
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.db import Base, UTCDateTime, utcnow
from edu.errors import NotFound, Problem, UserError
from edu.notifications.models import Notice, NoticeKind, notice_row
from edu.validation import is_web_url

EVENTS = ("registration.created", "registration.promoted", "session.rescheduled",
          "session.cancelled", "certificate.issued", "internship.decided")
URL_LEN = 500


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LEN))
    events: Mapped[list[str]] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def signing_secret(key: bytes, endpoint_id: int) -> str:
    """The endpoint's secret in the standard's form: whsec_ and base64 of 32 bytes."""
    raw = hmac.new(key, f"webhook\x1f{endpoint_id}".encode(), hashlib.sha256).digest()
    return "whsec_" + base64.b64encode(raw).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header: v1, HMAC-SHA256 of id.timestamp.body, base64."""
    raw = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(raw, signed, hashlib.sha256).digest()).decode()


_ACTIVE = select(WebhookEndpoint.id, WebhookEndpoint.events).where(
    WebhookEndpoint.disabled_at.is_(None))


def event_notices(db: Session, event: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The outbox rows of an event, one per active endpoint that wants it (not yet written)."""
    assert event in EVENTS and all(k.endswith("_id") for k in data)  # ids only
    wanting = db.connection().execute(_ACTIVE)
    now = utcnow()
    return [notice_row(NoticeKind.WEBHOOK, endpoint_id=endpoint_id, not_before=now,
                       details={"event": event, "data": data})
            for endpoint_id, events in wanting if event in events]


def emit(db: Session, event: str, data: dict[str, Any]) -> int:
    """One outbox row per active endpoint that wants `event`, in the caller's transaction."""
    rows = event_notices(db, event, data)
    db.add_all(Notice(**row) for row in rows)
    return len(rows)


def create_endpoint(db: Session, principal: Principal, key: bytes, *, url: str,
                    events: list[str], description: str | None = None
                    ) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint (ADMIN, audited); its signing secret, shown this once."""
    principal.require_staff(Role.ADMIN)
    problems = []
    url = (url or "").strip()
    if not is_web_url(url) or len(url) > URL_LEN:
        problems.append(Problem("INVALID_URL", "url",
                                "An http(s) URL of at most 500 characters."))
    if not events or set(events) - set(EVENTS):
        problems.append(Problem("INVALID_EVENT", "events",
                                f"Choose events among {', '.join(EVENTS)}."))
    if problems:
        raise UserError.many(problems)
    endpoint = WebhookEndpoint(url=url, events=sorted(set(events)),
                               description=(description or "").strip()[:200] or None)
    db.add(endpoint)
    db.flush()
    record(db, principal, "webhook.create", endpoint,
           after={"url": url, "events": endpoint.events})
    return endpoint, signing_secret(key, endpoint.id)


def disable_endpoint(db: Session, principal: Principal, endpoint_id: int) -> WebhookEndpoint:
    """Stop sending to an endpoint (ADMIN, audited); what is queued for it is dropped."""
    principal.require_staff(Role.ADMIN)
    endpoint = db.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if endpoint is None:
        raise NotFound("id", "webhook endpoint")
    if endpoint.disabled_at is None:
        endpoint.disabled_at = utcnow()
        record(db, principal, "webhook.disable", endpoint)
    return endpoint


def endpoint_deliveries(db: Session, principal: Principal, endpoint_id: int, offset: int,
                        limit: int) -> tuple[int, list[Notice]]:
    """The delivery log of an endpoint, newest first (ADMIN)."""
    principal.require_staff(Role.ADMIN)
    where = Notice.endpoint_id == endpoint_id
    total = db.scalar(select(func.count()).select_from(Notice).where(where)) or 0
    rows = db.scalars(select(Notice).where(where).order_by(Notice.id.desc())
                      .offset(offset).limit(limit))
    return total, list(rows)


def list_endpoints(db: Session, principal: Principal, offset: int,
                   limit: int) -> tuple[int, list[WebhookEndpoint]]:
    principal.require_staff(Role.ADMIN)
    total = db.scalar(select(func.count()).select_from(WebhookEndpoint)) or 0
    rows = db.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)
                      .offset(offset).limit(limit))
    return total, list(rows)

