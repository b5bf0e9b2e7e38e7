"""Suggestions as a list staff act on (the reply audited), standards and the IKM per period,
over HTTP."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from strawberry.relay import to_base64

from edu.audit import AuditEvent
from edu.db import Database
from tests.integrity.kit import Person, held, token_of, wita_today
from tests.support import Api, Tokens

LIST = """query($status: SuggestionStatus) {
  surveySuggestions(service: VOTER_EDUCATION, status: $status) {
    totalCount edges { node { id text status reply regionCode answeredOn } } } }"""
ANSWER = """mutation($input: AnswerSuggestionInput!) { answerSuggestion(input: $input) {
  suggestion { id status reply } userErrors { code field } } }"""


def _answer(api: Api, token: str, sid: str, status: str, reply: str | None = None
            ) -> dict[str, Any]:
    return api.gql(ANSWER, {"input": {"id": sid, "service": "VOTER_EDUCATION",
                                      "status": status, "reply": reply}},
                   token=token)["data"]["answerSuggestion"]


def test_suggestions_are_answered_then_closed(api: Api, tokens: Tokens,
                                              database: Database) -> None:
    sid, people = held(database, [Person(), Person(), Person()])
    for person, text in zip(people, ["Ruangan panas", "", "Tambah sesi"], strict=True):
        api.op("SubmitSurvey", {"input": {"sessionId": to_base64("Session", sid),
                                          "scores": [3] * 9, "suggestion": text}},
               token=token_of(database, person))
    officer = tokens("EDUCATION_OFFICER", region="5271")
    listed = api.gql(LIST, {"status": "NEW"}, token=officer)["data"]["surveySuggestions"]
    assert listed["totalCount"] == 2  # an empty suggestion is none
    first = listed["edges"][0]["node"]
    assert first["regionCode"] == "5271" and first["answeredOn"] == str(wita_today())
    assert _answer(api, officer, first["id"], "ANSWERED")["userErrors"][0]["code"] == \
        "REPLY_REQUIRED"
    done = _answer(api, officer, first["id"], "ANSWERED", "AC dipasang bulan depan")
    assert done["suggestion"] == {"id": first["id"], "status": "ANSWERED",
                                  "reply": "AC dipasang bulan depan"}
    assert _answer(api, officer, first["id"], "CLOSED")["userErrors"] == []
    assert _answer(api, officer, first["id"], "ANSWERED", "lagi")["userErrors"][0]["code"] \
        == "INVALID_STATUS"
    with database.reader() as db:
        events = db.scalars(select(AuditEvent).where(AuditEvent.action == "suggestion.answer")
                            .order_by(AuditEvent.seq)).all()
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("NEW", "ANSWERED"), ("ANSWERED", "CLOSED")]
    assert events[0].after["reply"] == "AC dipasang bulan depan"
    # Another region's officer neither sees nor touches them.
    bima = tokens("EDUCATION_OFFICER", region="5272")
    assert api.gql(LIST, {}, token=bima)["data"]["surveySuggestions"]["totalCount"] == 0
    other = listed["edges"][1]["node"]["id"]
    assert _answer(api, bima, other, "CLOSED")["userErrors"][0]["code"] == "NOT_FOUND"


def test_standards_and_the_index_per_quarter(api: Api, tokens: Tokens,
                                             database: Database) -> None:
    admin = tokens("ADMIN")
    set_it = api.gql("""mutation { setServiceStandard(regionCode: "5271", service: INTERNSHIP,
        workingDays: 7) { standard { workingDays } userErrors { code } } }""", token=admin)
    assert set_it["data"]["setServiceStandard"]["standard"] == {"workingDays": 7}
    published = api.gql('{ serviceStandards(regionCode: "5271") { service workingDays } }')
    assert {"service": "INTERNSHIP", "workingDays": 7} in \
        published["data"]["serviceStandards"]
    leave = api.gql("""mutation { addCollectiveLeaveDay(day: "2026-12-24", name: "Natal") {
        day userErrors { code } } }""", token=tokens("INTERNSHIP_OFFICER", region="52"))
    assert leave["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    sid, (person,) = held(database, [Person()])
    api.op("SubmitSurvey", {"input": {"sessionId": to_base64("Session", sid),
                                      "scores": [4] * 9}}, token=token_of(database, person))
    quarters = api.gql("""query($y: Int!) { satisfactionByPeriod(service: VOTER_EDUCATION,
        year: $y, period: QUARTER) { label satisfaction { responses ikm grade } } }""",
                       {"y": wita_today().year}, token=admin)["data"]["satisfactionByPeriod"]
    this = (wita_today().month - 1) // 3
    assert [q["satisfaction"]["responses"] for q in quarters] == [
        int(i == this) for i in range(4)]
    assert quarters[this]["satisfaction"]["ikm"] == 100.0
    assert quarters[this]["label"] == f"{wita_today().year} TW{this + 1}"
