"""Webhooks reach a real HTTP endpoint on a loopback port: signed per Standard Webhooks (checked
with the standard's reference verifier), retried after a 500 under the same webhook-id, logged,
ids only in the payload. On SQLite and PostgreSQL, in a database no live server's runner
polls."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from edu.auth.models import Role
from edu.db import Database, utcnow
from edu.errors import Forbidden, UserError
from edu.notifications import webhooks
from edu.notifications.models import NoticeStatus
from edu.sessions import service as sessions
from scheduler.notifications.delivery import deliver_due
from tests.edu.certificates_factory import staff as certificate_staff
from tests.edu.sessionkit import details, plan, sign_up, staff
from tests.support import settings_for_tests


class Receiver:
    """Records each POST (headers, body) and answers with the next queued status."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()},
                                          body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    thread = threading.Thread(target=r.server.serve_forever, daemon=True)
    thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


def test_events_are_signed_retried_after_a_500_and_carry_ids_only(
        own_database: Database, receiver: Receiver, tmp_path: Path) -> None:
    database = own_database
    settings = settings_for_tests(tmp_path, database.url)
    admin = certificate_staff(database, Role.ADMIN)
    with database.transaction() as db:
        endpoint, secret = webhooks.create_endpoint(
            db, admin, settings.secret_key, url=receiver.url,
            events=["registration.created", "session.cancelled"])
        endpoint_id = endpoint.id
    officer = staff(database)
    sid = plan(database, officer)
    done = sign_up(database, sid, details(email="private@example.id"))
    receiver.statuses = [500]
    now = utcnow()
    deliver_due(settings, database, None, now)  # no mail server: webhooks only
    deliver_due(settings, database, None, now + timedelta(seconds=61))  # the retry
    first, second = receiver.received
    assert first[0]["webhook-id"] == second[0]["webhook-id"]
    payload = Webhook(secret).verify(second[1], second[0])
    assert payload["type"] == "registration.created"
    assert payload["data"] == {"registration_id": done.registration.id, "session_id": sid}
    assert b"private@example.id" not in second[1]
    with pytest.raises(WebhookVerificationError):
        Webhook(webhooks.signing_secret(b"another key", endpoint_id)).verify(
            second[1], second[0])
    with database.reader() as db:
        total, log = webhooks.endpoint_deliveries(db, admin, endpoint_id, 0, 10)
    assert total == 1 and log[0].status is NoticeStatus.SENT and log[0].attempts == 2
    with database.transaction() as db:
        sessions.cancel_session(db, officer, sid, "Banjir")
    deliver_due(settings, database, None, now + timedelta(seconds=120))
    cancelled = Webhook(secret).verify(receiver.received[-1][1], receiver.received[-1][0])
    assert cancelled == {"type": "session.cancelled", "timestamp": cancelled["timestamp"],
                         "data": {"session_id": sid}}


def test_only_an_admin_registers_valid_endpoints_and_disabled_ones_get_nothing(
        own_database: Database, receiver: Receiver) -> None:
    database = own_database
    admin = certificate_staff(database, Role.ADMIN)
    with database.transaction() as db, pytest.raises(Forbidden):
        webhooks.create_endpoint(db, staff(database), b"k", url=receiver.url,
                                 events=["registration.created"])
    with database.transaction() as db, pytest.raises(UserError) as err:
        webhooks.create_endpoint(db, admin, b"k", url="ftp://x", events=["no.such"])
    assert {p.code for p in err.value.problems} == {"INVALID_URL", "INVALID_EVENT"}
    with database.transaction() as db:
        endpoint, _ = webhooks.create_endpoint(db, admin, b"k", url=receiver.url,
                                               events=["registration.created"])
        webhooks.disable_endpoint(db, admin, endpoint.id)
    sign_up(database, plan(database, staff(database)), details())
    with database.reader() as db:
        assert webhooks.endpoint_deliveries(db, admin, endpoint.id, 0, 10)[0] == 0

