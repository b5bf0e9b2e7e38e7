"""A webhook notice as the signed HTTP request its endpoint receives (Standard Webhooks)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from edu.config import Settings
from edu.notifications.models import Notice
from edu.notifications.webhooks import WebhookEndpoint, sign, signing_secret
from edu.secrets import derive_code
from scheduler.notifications.compose import Obsolete

TIMEOUT = 10.0  # seconds an endpoint may take to answer


@dataclass(frozen=True)
class HookRequest:
    url: str
    body: bytes
    headers: dict[str, str]


Poster = Callable[[HookRequest], None]


def webhook_id(settings: Settings, notice: Notice) -> str:
    """The same for every attempt: receivers drop a delivery they have seen (idempotency)."""
    return "msg_" + derive_code(settings.secret_key, "webhook", notice.id,
                                notice.created_at.isoformat(), length=24).lower()


def webhook_request(db: Session, settings: Settings, notice: Notice,
                    now: datetime) -> HookRequest:
    """The signed request; Obsolete once its endpoint is disabled or gone."""
    endpoint = db.get(WebhookEndpoint, notice.endpoint_id) if notice.endpoint_id else None
    if endpoint is None or endpoint.disabled_at is not None:
        raise Obsolete("the endpoint is disabled")
    body = json.dumps({"type": notice.details["event"],
                       "timestamp": notice.created_at.isoformat(),
                       "data": notice.details["data"]}, separators=(",", ":")).encode()
    msg_id, stamp = webhook_id(settings, notice), int(now.timestamp())
    secret = signing_secret(settings.secret_key, endpoint.id)
    return HookRequest(endpoint.url, body, {
        "content-type": "application/json", "webhook-id": msg_id,
        "webhook-timestamp": str(stamp), "webhook-signature": sign(secret, msg_id, stamp, body),
        "user-agent": "edu-webhooks/1"})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect is an answer other than 2xx: it fails the attempt rather than re-send the
    # signed body somewhere the administrator did not register.
    def redirect_request(self, *_: object, **__: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http_post(request: HookRequest) -> None:
    """POST it; anything but 2xx raises (urllib's HTTPError is an OSError)."""
    req = urllib.request.Request(request.url, data=request.body, headers=request.headers,
                                 method="POST")
    with _opener.open(req, timeout=TIMEOUT) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")
