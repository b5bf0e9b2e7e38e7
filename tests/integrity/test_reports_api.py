"""The additions to the API over HTTP: the internship report per period with its totals, and
requests for a session (the answers against the standard, the queue, answering one)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from edu.audit import AuditEvent
from edu.db import Database
from edu.integrity import session_requests as requests
from edu.integrity.models import SessionRequest
from edu.internships.models import Internship, InternshipStatus
from edu.sessions.models import Segment
from tests.edu.certificates_factory import placement_with
from tests.support import Api, Tokens

BY_PERIOD = """query($year: Int!) { internshipReportByPeriod(year: $year, period: SEMESTER) {
  label startsOn endsOn applications accepted completed approvedHours
  rows { university applications accepted completed } } }"""
REPORT = """query($from: Date!, $to: Date!) { sessionRequestReport(from: $from, to: $to) {
  answered withinStandard shareWithin breaches { requestId organisation lateBy } } }"""
QUEUE = "{ sessionRequestQueue { requestId organisation workingDays dueOn breached } }"
ANSWER = """mutation($id: Int!, $reply: String!) { answerSessionRequest(requestId: $id,
  outcome: ACCEPTED, reply: $reply) { requestId outcome userErrors { field code } } }"""


def test_internships_per_semester_with_totals(api: Api, tokens: Tokens,
                                              database: Database) -> None:
    S = InternshipStatus
    _, ids = placement_with(database, [S.COMPLETED, S.ACCEPTED, S.REJECTED])
    with database.transaction() as db:
        db.execute(update(Internship).where(Internship.id == ids[2]).values(
            applied_at=datetime(2026, 7, 1, 1, tzinfo=UTC)))
        db.execute(update(Internship).where(Internship.id.in_(ids[:2])).values(
            applied_at=datetime(2026, 6, 30, 15, 0, tzinfo=UTC)))  # 30 June, 23.00 WITA
    officer = tokens("INTERNSHIP_OFFICER", region="52")
    data = api.gql(BY_PERIOD, {"year": 2026}, token=officer)["data"]["internshipReportByPeriod"]
    assert [(p["label"], p["startsOn"], p["endsOn"]) for p in data] == [
        ("2026 S1", "2026-01-01", "2026-06-30"), ("2026 S2", "2026-07-01", "2026-12-31")]
    first, second = data
    assert (first["applications"], first["accepted"], first["completed"]) == (2, 2, 1)
    assert (second["applications"], second["accepted"]) == (1, 0)
    for p in data:
        assert p["applications"] == sum(r["applications"] for r in p["rows"])
    anonymous = api.gql(BY_PERIOD, {"year": 2026})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_requests_for_a_session_through_the_api(api: Api, tokens: Tokens,
                                                database: Database) -> None:
    with database.transaction() as db:
        rid = requests.submit_session_request(db, requests.RequestDraft(
            region_code="5271", organisation="Karang Taruna Ampenan", contact_name="Lalu",
            email="kt@ampenan.id", segment=Segment.YOUNG_VOTERS, consent=True),
            now=datetime(2026, 12, 1, 1, tzinfo=UTC)).id  # Tuesday 1 December, 09.00 WITA
    officer = tokens("EDUCATION_OFFICER", region="5271")
    (waiting,) = api.gql(QUEUE, token=officer)["data"]["sessionRequestQueue"]
    assert waiting["requestId"] == rid and waiting["dueOn"] == "2026-12-08"
    elsewhere = tokens("EDUCATION_OFFICER", region="5272")
    assert api.gql(QUEUE, token=elsewhere)["data"]["sessionRequestQueue"] == []
    refused = api.gql(ANSWER, {"id": rid, "reply": "  "}, token=officer)["data"][
        "answerSessionRequest"]
    assert refused["userErrors"] == [{"field": "reply", "code": "REQUIRED"}]
    with database.reader() as db:
        assert db.get(SessionRequest, rid).answered_at is None
    hidden = api.gql(ANSWER, {"id": rid, "reply": "Ya"}, token=elsewhere)["data"][
        "answerSessionRequest"]
    assert hidden["userErrors"][0]["code"] == "NOT_FOUND"
    done = api.gql(ANSWER, {"id": rid, "reply": "Kami datang."}, token=officer)["data"][
        "answerSessionRequest"]
    assert done == {"requestId": rid, "outcome": "ACCEPTED", "userErrors": []}
    with database.reader() as db:
        assert db.scalar(select(AuditEvent.entity_id).where(
            AuditEvent.action == "session_request.answer")) == str(rid)
    report = api.gql(REPORT, {"from": "2026-12-01", "to": "2099-12-31"},
                     token=officer)["data"]["sessionRequestReport"]
    assert report["answered"] == 1
    assert report["withinStandard"] + len(report["breaches"]) == 1
    assert api.gql(QUEUE, token=officer)["data"]["sessionRequestQueue"] == []
