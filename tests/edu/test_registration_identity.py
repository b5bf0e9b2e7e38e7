"""Who may act on a person's record through Register: never someone who only knows the email."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from edu.auth.models import ApiToken, Role
from edu.auth.principal import ANONYMOUS, Principal
from edu.errors import UserError
from edu.participants.models import Participant
from edu.participants.service import ParticipantDetails
from edu.registrations import service as registrations
from edu.registrations.requests import Decoy
from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus

KEY = b"k" * 32


def _sessions(database, n: int) -> list[int]:
    start = datetime.now(UTC) + timedelta(days=5)
    with database.transaction() as db:
        rows = [EduSession(title=f"Sesi {i}", segment=Segment.FIRST_TIME_VOTERS,
                           format=SessionFormat.IN_PERSON, venue_name="Aula", capacity=10,
                           starts_at=start, ends_at=start + timedelta(hours=2),
                           status=SessionStatus.PUBLISHED, region_code="5271")
                for i in range(n)]
        db.add_all(rows)
        db.flush()
        return [r.id for r in rows]


def _register(database, principal, sid, details, guardian=False):
    with database.transaction() as db:
        return registrations.register(db, principal, KEY, session_id=sid, details=details,
                                      consent=True, guardian_consent=guardian)


def _minor(email: str) -> ParticipantDetails:
    today = date.today()
    return ParticipantDetails(full_name="Baiq Pelajar", email=email,
                              birth_date=today.replace(year=today.year - 16))


def test_staff_registering_someone_get_no_token(database):
    (sid,) = _sessions(database, 1)
    officer = Principal(name="Petugas", role=Role.EDUCATION_OFFICER, staff_id=999,
                        region_code="52")
    done = _register(database, officer, sid, ParticipantDetails(
        full_name="Lalu Ahmad", email="lalu@contoh.id", birth_date=date(1990, 4, 2)))
    assert done.participant_token is None
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_an_anonymous_caller_cannot_add_guardian_consent_to_someone_elses_record(database):
    first, second = _sessions(database, 2)
    with pytest.raises(UserError) as refused:
        _register(database, ANONYMOUS, first, _minor("pelajar@contoh.id"))
    assert refused.value.problems[0].code == "GUARDIAN_CONSENT_REQUIRED"
    created = _register(database, ANONYMOUS, first, _minor("pelajar@contoh.id"), guardian=True)
    assert created.participant_token
    with database.transaction() as db:  # as if the guardian later withdrew consent
        db.get(Participant, created.participant.id).guardian_consent_at = None
    # Knowing the email books nothing and consents to nothing: a decoy, the record as it was.
    again = _register(database, ANONYMOUS, second, _minor("pelajar@contoh.id"), guardian=True)
    assert isinstance(again, Decoy)
    with database.reader() as db:
        assert db.get(Participant, created.participant.id).guardian_consent_at is None
    own = Principal(name="participant", participant_id=created.participant.id)
    booked = _register(database, own, second, None, guardian=True)
    assert booked.registration.status.value == "CONFIRMED"
