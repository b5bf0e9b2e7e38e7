"""Builders for the integrity tests: sessions that took place, with people of known gender,
birth date and disability, and tokens for them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from edu.auth.service import issue_participant_token
from edu.db import Database, utcnow
from edu.participants.models import Gender, Participant
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus

_seq = itertools.count(1)


@dataclass(frozen=True)
class Person:
    gender: Gender = Gender.FEMALE
    birth: date | None = date(1990, 1, 1)
    disability: bool = False
    attendance: AttendanceStatus | None = AttendanceStatus.PRESENT
    status: RegistrationStatus = RegistrationStatus.CONFIRMED


def held(database: Database, people: list[Person], *, region: str = "5271",
         segment: Segment = Segment.FIRST_TIME_VOTERS,
         starts: datetime | None = None,
         status: SessionStatus = SessionStatus.COMPLETED) -> tuple[int, list[int]]:
    """A session that took place (yesterday unless told) and its people; their ids."""
    starts = starts or (utcnow() - timedelta(days=1)).replace(microsecond=0)
    with database.transaction() as db:
        session = EduSession(title=f"Sosialisasi {next(_seq)}", segment=segment,
                             format=SessionFormat.IN_PERSON, starts_at=starts,
                             ends_at=starts + timedelta(hours=2), capacity=max(len(people), 1),
                             region_code=region, status=status)
        db.add(session)
        db.flush()
        ids = []
        for p in people:
            n = next(_seq)
            person = Participant(full_name=f"Peserta {n}", email=f"i{n}@example.id",
                                 gender=p.gender, birth_date=p.birth, disability=p.disability,
                                 consent_at=utcnow(), consent_purpose="pendidikan pemilih")
            db.add(person)
            db.flush()
            db.add(Registration(session_id=session.id, participant_id=person.id,
                                status=p.status, ticket_hash=f"k{n:063d}",
                                attendance_status=p.attendance))
            ids.append(person.id)
        session.confirmed_count = sum(p.status is RegistrationStatus.CONFIRMED for p in people)
        return session.id, ids


def token_of(database: Database, participant_id: int) -> str:
    with database.transaction() as db:
        return issue_participant_token(db, participant_id)


def page_secret(database: Database, key: bytes, participant_id: int) -> str:
    """The secret of a participant's own page (Pendaftaran saya)."""
    from edu.participants.own_page import ensure_own_page_secret

    with database.transaction() as db:
        person = db.get(Participant, participant_id)
        assert person is not None
        return ensure_own_page_secret(key, person)


def wita_today() -> date:
    """Today in WITA: the date answers are stored under."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Makassar")).date()
