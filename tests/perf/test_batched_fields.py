"""A session's facilitators and attendance are synchronous fields (schema/context.py
`batched`): the sessions of a list still load them in one statement each, whether the list
is a page of sessions (tests/schema/test_batching.py) or a person's registrations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from edu.auth.models import Role, Staff
from edu.auth.service import issue_participant_token
from edu.participants.models import Participant
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import (
    EduSession,
    Segment,
    SessionFacilitator,
    SessionFormat,
    SessionStatus,
)
from tests.support import statements_on

THROUGH_REGISTRATIONS = """query($first: Int) { me { participant { registrations(first: $first) {
  edges { node { session { title facilitators { fullName } attendanceSummary { present } }
  } } } } } }"""


def _plant(database, n: int) -> str:
    """One person registered in `n` sessions, each with its own facilitator; their token."""
    start = datetime.now(UTC) + timedelta(days=3)
    with database.transaction() as db:
        person = Participant(full_name="Baiq Nurul", email="baiq@contoh.id", consent_at=start,
                             consent_purpose="uji")
        db.add(person)
        db.flush()
        for i in range(n):
            staff = Staff(full_name=f"Fasilitator {i}", role=Role.FACILITATOR, region_code="52")
            session = EduSession(title=f"Sesi {i}", segment=Segment.FIRST_TIME_VOTERS,
                                 format=SessionFormat.IN_PERSON, venue_name="Aula",
                                 starts_at=start + timedelta(hours=i), capacity=5,
                                 ends_at=start + timedelta(hours=i + 1), confirmed_count=1,
                                 status=SessionStatus.PUBLISHED, region_code="5271")
            db.add_all([staff, session])
            db.flush()
            db.add(SessionFacilitator(session_id=session.id, staff_id=staff.id))
            db.add(Registration(session_id=session.id, participant_id=person.id,
                                ticket_hash=f"t{i}", status=RegistrationStatus.CONFIRMED,
                                attendance_status=AttendanceStatus.PRESENT))
        db.flush()
        return issue_participant_token(db, person.id)


def _statements(database, api, token: str, first: int) -> int:
    with statements_on(database.engine) as seen:
        out = api.gql(THROUGH_REGISTRATIONS, {"first": first}, token=token)
    assert "errors" not in out, out
    edges = out["data"]["me"]["participant"]["registrations"]["edges"]
    assert len(edges) == first
    # Not theirs to see; loaded all the same (facilitators, then filtered) or not at all.
    assert all(e["node"]["session"]["facilitators"] == [] for e in edges)
    assert all(e["node"]["session"]["attendanceSummary"] is None for e in edges)
    return len(seen)


def test_sessions_reached_through_registrations_load_their_fields_together(api, database):
    token = _plant(database, 6)
    _statements(database, api, token, 1)  # the token is looked up once
    assert _statements(database, api, token, 2) == _statements(database, api, token, 6)
