"""Internships by university and unit, and the survey link of a completed intern, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import update
from strawberry.relay import to_base64

from edu.db import Database, utcnow
from edu.internships.models import Evaluation, Internship, InternshipStatus
from tests.edu.certificates_factory import placement_with
from tests.integrity.kit import wita_today
from tests.support import Api, Tokens

REPORT = """query($from: Date!, $to: Date!) { internshipReport(from: $from, to: $to) {
  unit applications accepted completed approvedHours meanScore meanWorkingDays } }"""
URL = "query($id: ID!) { internshipSurveyUrl(internshipId: $id) }"


def test_the_report_by_university_and_unit(api: Api, tokens: Tokens,
                                           database: Database) -> None:
    S = InternshipStatus
    _, ids = placement_with(database, [S.COMPLETED, S.ACCEPTED, S.REJECTED, S.APPLIED])
    # Applied Friday 4 December 2026 (WITA); decided Monday 7 (1 working day) or Tuesday 8.
    applied = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
    with database.transaction() as db:
        db.execute(update(Internship).where(Internship.id.in_(ids))
                   .values(applied_at=applied))
        for iid, day in ((ids[0], 7), (ids[1], 8), (ids[2], 8)):
            db.execute(update(Internship).where(Internship.id == iid).values(
                decided_at=datetime(2026, 12, day, 2, 0, tzinfo=UTC)))
        db.execute(update(Internship).where(Internship.id == ids[0]).values(
            minutes_logged=990, minutes_approved=990))
        db.add(Evaluation(internship_id=ids[0], score=Decimal("87.50"), grade="A"))
    officer = tokens("INTERNSHIP_OFFICER", region="52")
    rows = api.gql(REPORT, {"from": "2026-12-01", "to": "2026-12-31"},
                   token=officer)["data"]["internshipReport"]
    assert rows == [{"unit": "Divisi Sosdiklih", "applications": 4, "accepted": 2,
                     "completed": 1, "approvedHours": 16.5, "meanScore": 87.5,
                     "meanWorkingDays": 1.67}]
    assert api.gql(REPORT, {"from": "2027-01-01", "to": "2027-01-31"},
                   token=officer)["data"]["internshipReport"] == []


def test_a_completed_intern_answers_through_their_link(api: Api, tokens: Tokens,
                                                       database: Database) -> None:
    _, (done, active) = placement_with(database, [InternshipStatus.COMPLETED,
                                                  InternshipStatus.ACTIVE])
    with database.transaction() as db:
        db.execute(update(Internship).where(Internship.id == done)
                   .values(completed_at=utcnow()))
    officer = tokens("INTERNSHIP_OFFICER", region="52")
    url = api.gql(URL, {"id": to_base64("Internship", done)}, token=officer)
    link = url["data"]["internshipSurveyUrl"]
    assert link.startswith(f"{api.url}/survei/magang/{done}/")
    assert api.gql(URL, {"id": to_base64("Internship", active)},
                   token=officer)["data"]["internshipSurveyUrl"] is None
    assert api.gql(URL, {"id": to_base64("Internship", done)})["errors"][0]["extensions"][
        "code"] == "UNAUTHENTICATED"
    scores = {f"u{i}": "3" for i in range(1, 10)}
    assert api.http.get(link).status_code == 200
    assert api.http.post(link, data=scores).status_code == 303
    assert api.http.post(link, data=scores).status_code == 400
    assert api.http.post(link[:-3] + "AAA", data=scores).status_code == 400
    index = api.op("Satisfaction", {"filter": {"service": "INTERNSHIP",
                                               "from": str(wita_today())}},
                   token=officer)["data"]["satisfaction"]
    assert index["responses"] == 1 and index["ikm"] == 75.0 and index["grade"] == "C"
