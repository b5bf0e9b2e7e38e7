"""Personal data over GraphQL and HTTP: the person with their own token, staff on a request."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import func, select
from strawberry import relay

from edu.audit import AuditEvent
from edu.participants.models import Participant
from tests.e2e.test_calendar_feeds import create_session, register

EXPORT = """mutation ($id: ID) { exportPersonalData(participantId: $id) {
  json html userErrors { code field } } }"""
CORRECT = """mutation ($id: ID, $phone: String) { correctContactData(participantId: $id,
  phone: $phone) { corrected userErrors { code field } } }"""
ERASE = """mutation ($id: ID, $reason: String) { erasePersonalData(participantId: $id,
  reason: $reason) { pseudonym redactedEvents userErrors { code field } } }"""


def test_a_person_and_staff_use_their_rights(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER")
    sid = create_session(api, officer)
    mine = register(api, sid, "baiq.privasi@example.id")
    other = register(api, sid, "lalu.lain@example.id")
    with database.reader() as db:
        pid = db.scalar(select(Participant.id).where(
            Participant.email == "baiq.privasi@example.id"))
    gid = str(relay.GlobalID("Participant", str(pid)))

    own = api.gql(EXPORT, token=mine["participantToken"])["data"]["exportPersonalData"]
    data = json.loads(own["json"])
    assert data["person"]["email"] == "baiq.privasi@example.id"
    assert "lalu.lain" not in own["json"] and "baiq.privasi@example.id" in own["html"]
    refused = api.gql(EXPORT, {"id": gid}, token=other["participantToken"])
    assert refused["data"]["exportPersonalData"]["userErrors"][0]["code"] == "NOT_FOUND"
    by_staff = api.gql(EXPORT, {"id": gid}, token=officer)["data"]["exportPersonalData"]
    assert json.loads(by_staff["json"])["person"]["id"] == pid
    with database.reader() as db:
        assert db.scalar(select(func.count()).where(
            AuditEvent.action == "privacy.access_export")) == 2  # the person's, and staff's

    fixed = api.gql(CORRECT, {"phone": "+62 812 0000 1111"}, token=mine["participantToken"])
    assert fixed["data"]["correctContactData"] == {"corrected": True, "userErrors": []}
    bad = api.gql(CORRECT, {"id": gid, "phone": "call me"}, token=officer)
    assert bad["data"]["correctContactData"]["userErrors"][0]["code"] == "INVALID_PHONE"

    no_reason = api.gql(ERASE, {"id": gid}, token=officer)["data"]["erasePersonalData"]
    assert no_reason["userErrors"][0]["field"] == "reason"
    assert httpx.get(mine["calendarUrl"].replace("webcal://", "http://")).status_code == 200
    erased = api.gql(ERASE, token=mine["participantToken"])["data"]["erasePersonalData"]
    assert erased["pseudonym"].startswith("Terhapus ") and erased["userErrors"] == []
    assert httpx.get(mine["calendarUrl"].replace("webcal://", "http://")).status_code == 404
    gone = api.post(EXPORT, token=mine["participantToken"])  # the token is gone too
    assert gone.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
