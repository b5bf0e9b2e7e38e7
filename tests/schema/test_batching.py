"""Lists resolve through DataLoaders: the statements of a page do not grow with its size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graphql import GraphQLError

from edu.auth.models import Role, Staff
from edu.participants.models import Participant
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import (
    EduSession,
    Segment,
    SessionFacilitator,
    SessionFormat,
    SessionStatus,
)
from schema.errors import format_error
from tests.support import statements_on

PAGE = """query($first: Int) { sessions(first: $first) { totalCount edges { cursor node {
  id title status segment startsAt endsAt capacity confirmedCount waitlistCount seatsLeft
  region { code name } venue { name } facilitators { id fullName }
  attendanceSummary { present late excused absent unmarked } } } } }"""


def _plant(database, n: int) -> None:
    start = datetime.now(UTC) + timedelta(days=3)
    with database.transaction() as db:
        staff = [Staff(full_name=f"Fasilitator {i}", role=Role.FACILITATOR, region_code="52")
                 for i in range(3)]
        db.add_all(staff)
        db.flush()
        for i in range(n):
            s = EduSession(title=f"Sesi {i}", segment=list(Segment)[i % 11],
                           format=SessionFormat.IN_PERSON, venue_name="Aula",
                           starts_at=start + timedelta(hours=i), capacity=5,
                           ends_at=start + timedelta(hours=i + 1), confirmed_count=1,
                           status=SessionStatus.PUBLISHED, region_code=["5271", "5201"][i % 2])
            db.add(s)
            db.flush()
            db.add(SessionFacilitator(session_id=s.id, staff_id=staff[i % 3].id))
            p = Participant(full_name=f"Peserta {i}", email=f"p{i}@contoh.id", consent_at=start,
                            consent_purpose="uji")
            db.add(p)
            db.flush()
            db.add(Registration(session_id=s.id, participant_id=p.id, ticket_hash=f"t{i}",
                                status=RegistrationStatus.CONFIRMED,
                                attendance_status=AttendanceStatus.PRESENT))


def _statements(database, api, token, first: int) -> int:
    with statements_on(database.engine) as seen:
        out = api.gql(PAGE, {"first": first}, token=token)
    assert "errors" not in out, out
    assert len(out["data"]["sessions"]["edges"]) == first
    return len(seen)


def test_a_page_of_50_costs_what_a_page_of_5_costs(api, database, tokens):
    _plant(database, 50)
    admin = tokens(Role.ADMIN)
    _statements(database, api, admin, 1)  # the token is looked up once, then cached a moment
    small = _statements(database, api, admin, 5)
    large = _statements(database, api, admin, 50)
    assert 3 <= large == small <= 8  # count, page, two loaders (+ BEGINs on SQLite)


def test_unexpected_errors_are_masked_and_coded():
    err = GraphQLError("boom", path=["sessions"], original_error=RuntimeError("password=xyz"))
    masked = format_error(err, mask=True)
    assert masked["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "xyz" not in masked["message"] and "boom" not in masked["message"]
    assert format_error(err, mask=False)["message"] == "boom"
