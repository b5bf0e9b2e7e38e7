"""An intern's rights over GraphQL: staff who see the internship export, correct and erase
on the intern's request (`internshipId`); another university's coordinator learns nothing;
after erasure the intern's feed stops and the internship keeps its figures."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import func, select

from edu.audit import AuditEvent
from tests.e2e.test_internships import Kit, ok

EXPORT = """mutation ($id: ID) { exportPersonalData(internshipId: $id) {
  json html userErrors { code field } } }"""
CORRECT = """mutation ($id: ID, $name: String, $email: String) { correctContactData(
  internshipId: $id, fullName: $name, email: $email) { corrected userErrors { code field } } }"""
ERASE = """mutation ($id: ID, $reason: String) { erasePersonalData(internshipId: $id,
  reason: $reason) { pseudonym redactedEvents userErrors { code field } } }"""
FEED = """mutation ($id: ID!) { internCalendarUrl(internshipId: $id) { calendarUrl } }"""
STATE = """query ($id: ID!) { node(id: $id) { ... on Internship { status
  student { fullName email studentNumber } } } }"""


def test_staff_use_an_interns_rights_on_their_request(api, tokens, database):
    kit = Kit(api, tokens)
    unram, ummat = kit.university("UNRAM"), kit.university("UMMAT")
    placement = kit.placement()
    mine = kit.accepted(unram, placement["id"])
    kit.accepted(ummat, placement["id"])

    fixed = api.gql(CORRECT, {"id": mine, "name": "Baiq Sri Wahyuni",
                              "email": "sri.wahyuni@unram.example.ac.id"}, token=unram)
    assert fixed["data"]["correctContactData"] == {"corrected": True, "userErrors": []}
    bad = api.gql(CORRECT, {"id": mine, "email": "sri@"}, token=kit.officer)
    assert bad["data"]["correctContactData"]["userErrors"] == [
        {"code": "INVALID_EMAIL", "field": "email"}]
    exported = ok(api.gql(EXPORT, {"id": mine}, token=kit.officer), "exportPersonalData")
    data = json.loads(exported["json"])
    assert data["person"]["full_name"] == "Baiq Sri Wahyuni"
    assert [i["status"] for i in data["internships"]] == ["ACCEPTED"]
    assert "Mahasiswa 2" not in exported["json"] and "Baiq Sri Wahyuni" in exported["html"]
    stranger = api.gql(EXPORT, {"id": mine}, token=ummat)["data"]["exportPersonalData"]
    assert stranger["userErrors"] == [{"code": "NOT_FOUND", "field": "internshipId"}]

    feed = api.gql(FEED, {"id": mine}, token=unram)["data"]["internCalendarUrl"]["calendarUrl"]
    assert httpx.get(feed.replace("webcal://", "http://")).status_code == 200
    no_reason = api.gql(ERASE, {"id": mine}, token=unram)["data"]["erasePersonalData"]
    assert no_reason["userErrors"] == [{"code": "REQUIRED", "field": "reason"}]
    erased = ok(api.gql(ERASE, {"id": mine, "reason": "Surat permohonan 2 Des 2026"},
                        token=unram), "erasePersonalData")
    assert erased["pseudonym"].startswith("Terhapus ") and erased["redactedEvents"] > 0
    assert httpx.get(feed.replace("webcal://", "http://")).status_code == 404
    state = api.gql(STATE, {"id": mine}, token=kit.officer)["data"]["node"]
    assert state["status"] == "ACCEPTED" and state["student"]["fullName"] == erased["pseudonym"]
    assert state["student"]["email"] == "" and state["student"]["studentNumber"].startswith("X")
    with database.reader() as db:
        assert db.scalar(select(func.count()).where(
            AuditEvent.action == "privacy.erase", AuditEvent.entity_type == "Student")) == 1
