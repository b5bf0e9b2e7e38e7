"""An internship's notices over GraphQL: to the student and to the university's coordinators,
seen by internship officers (not by session planners), and sent again after a failure."""

from __future__ import annotations

from pathlib import Path

from strawberry.relay.utils import to_base64

from edu.accounts.service import create_user
from edu.auth.models import Role
from edu.db import Database, utcnow
from edu.notifications.outbox import MAX_ATTEMPTS, retry_delay
from scheduler.notifications.delivery import deliver_due
from tests.edu.test_internships_service import apply, decide, placement, university
from tests.edu.test_internships_service import staff as intern_staff
from tests.schema.test_notices import RESEND, refuse
from tests.support import Api, Tokens, settings_for_tests

NOTICES = """query ($i: ID) { notices(internshipId: $i) {
  totalCount edges { node { id kind status attempts lastError } } } }"""


def test_internship_officers_see_and_resend_an_internships_notices(
        api: Api, database: Database, tokens: Tokens, tmp_path: Path) -> None:
    admin = intern_staff(database, Role.ADMIN)
    officer = intern_staff(database, Role.INTERNSHIP_OFFICER)
    code = university(database, admin)
    with database.transaction() as db:
        create_user(db, None, username="koord", password="a-long-pass-phrase-77",
                    role=Role.UNIVERSITY_COORDINATOR, name="Koordinator",
                    university_code=code, email="koord@unram.example")
    coordinator = intern_staff(database, Role.UNIVERSITY_COORDINATOR, university=code)
    [taken] = apply(database, coordinator, placement(database, officer).id)
    decide(database, officer, taken)
    internship = to_base64("Internship", taken)
    reader = tokens("INTERNSHIP_OFFICER")
    listed = api.gql(NOTICES, {"i": internship}, token=reader)["data"]["notices"]
    assert sorted(e["node"]["kind"] for e in listed["edges"]) == \
        ["COORDINATOR_DECIDED", "INTERNSHIP_DECIDED"]
    planner = api.gql(NOTICES, {"i": internship}, token=tokens("EDUCATION_OFFICER"))
    assert planner["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    settings = settings_for_tests(tmp_path, database.url)
    now = utcnow()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver_due(settings, database, refuse, now)
        now += retry_delay(attempt)
    failed = api.gql(NOTICES, {"i": internship}, token=reader)["data"]["notices"]["edges"]
    assert {e["node"]["status"] for e in failed} == {"FAILED"}
    again = api.gql(RESEND, {"id": failed[0]["node"]["id"]},
                    token=reader)["data"]["resendNotice"]
    assert again == {"notice": {"status": "PENDING", "attempts": 0}, "userErrors": []}
