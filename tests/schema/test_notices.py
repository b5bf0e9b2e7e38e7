"""Staff see the outbox over GraphQL: per session and per person, what was sent, when, what
failed (an unset mail server leaves notices shown as not sent); a planner resends."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from strawberry.relay.utils import to_base64

from edu.db import Database, utcnow
from edu.notifications.outbox import MAX_ATTEMPTS, retry_delay
from scheduler.notifications.delivery import deliver_due, smtp_sender
from tests.edu.sessionkit import details, plan, sign_up, staff
from tests.edu.smtpkit import smtp_server, with_smtp
from tests.support import Api, Tokens, settings_for_tests

NOTICES = """query ($s: ID, $p: ID) { notices(sessionId: $s, participantId: $p) {
  totalCount edges { node { id kind status attempts lastError sentAt } } } }"""
RESEND = """mutation ($id: ID!) { resendNotice(id: $id) {
  notice { status attempts } userErrors { code } } }"""


def refuse(_: EmailMessage) -> None:
    raise OSError("connection refused")


def test_staff_see_unsent_and_failed_notices_and_resend(
        api: Api, database: Database, tokens: Tokens, tmp_path: Path) -> None:
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = plan(database, staff(database, region="52"))
    done = sign_up(database, sid, details(email="ani@example.id"))
    session = to_base64("Session", sid)
    answer = api.gql(NOTICES, {"s": session}, token=officer)["data"]["notices"]
    kinds = {e["node"]["kind"]: e["node"] for e in answer["edges"]}
    assert set(kinds) == {"REGISTERED", "REMINDER"}
    assert kinds["REGISTERED"]["status"] == "PENDING"  # no mail server: kept, not sent
    settings = settings_for_tests(tmp_path, database.url)
    now = utcnow()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver_due(settings, database, refuse, now)
        now += retry_delay(attempt) + timedelta(seconds=1)
    person = to_base64("Participant", done.participant.id)
    mine = api.gql(NOTICES, {"p": person}, token=officer)["data"]["notices"]["edges"]
    failed = next(e["node"] for e in mine if e["node"]["kind"] == "REGISTERED")
    assert failed["status"] == "FAILED" and failed["attempts"] == MAX_ATTEMPTS
    assert "connection refused" in failed["lastError"]
    outsider = tokens("EDUCATION_OFFICER", region="5201")
    refused = api.gql(RESEND, {"id": failed["id"]}, token=outsider)["data"]["resendNotice"]
    assert refused["userErrors"][0]["code"] == "NOT_FOUND"
    again = api.gql(RESEND, {"id": failed["id"]}, token=officer)["data"]["resendNotice"]
    assert again == {"notice": {"status": "PENDING", "attempts": 0}, "userErrors": []}
    for catcher, url in smtp_server():
        mail = with_smtp(settings, url)
        sender = smtp_sender(mail)
        assert sender is not None
        deliver_due(mail, database, sender)
        assert len(catcher.to("ani@example.id")) == 1
    sent = api.gql(NOTICES, {"p": person}, token=officer)["data"]["notices"]["edges"]
    assert {e["node"]["status"] for e in sent if e["node"]["kind"] == "REGISTERED"} == {"SENT"}


CREATE_HOOK = """mutation ($url: String!, $events: [String!]!) {
  createWebhookEndpoint(url: $url, events: $events) {
    secret endpoint { id url events } userErrors { code field } } }"""
HOOKS = "{ webhookEndpoints { totalCount edges { node { url deliveries { totalCount } } } } }"


def test_an_admin_registers_a_webhook_endpoint_and_sees_its_log(
        api: Api, tokens: Tokens) -> None:
    admin = tokens("ADMIN")
    made = api.gql(CREATE_HOOK, {"url": "https://siakad.example.ac.id/hooks",
                                 "events": ["session.cancelled"]},
                   token=admin)["data"]["createWebhookEndpoint"]
    assert made["secret"].startswith("whsec_") and made["userErrors"] == []
    bad = api.gql(CREATE_HOOK, {"url": "javascript:alert(1)", "events": ["x"]},
                  token=admin)["data"]["createWebhookEndpoint"]
    assert {e["code"] for e in bad["userErrors"]} == {"INVALID_URL", "INVALID_EVENT"}
    listed = api.gql(HOOKS, token=admin)["data"]["webhookEndpoints"]
    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"] == {"url": "https://siakad.example.ac.id/hooks",
                                          "deliveries": {"totalCount": 0}}
    officer = api.gql(HOOKS, token=tokens("EDUCATION_OFFICER"))
    assert officer["data"] is None and officer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
