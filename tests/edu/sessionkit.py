"""Shared steps of the session service tests: principals, sessions, people, invariants."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from edu.auth.models import Role
from edu.auth.principal import ANONYMOUS, Principal
from edu.auth.service import authenticate, create_staff_token
from edu.db import Database
from edu.participants.models import Gender
from edu.participants.service import ParticipantDetails
from edu.registrations import service as registrations
from edu.registrations.models import Registration, RegistrationStatus
from edu.registrations.requests import Decoy
from edu.sessions import service as sessions
from edu.sessions.models import EduSession, Segment, SessionFormat
from edu.sessions.service import SessionDraft

KEY = b"test-secret-key-not-for-production"
_serial = itertools.count(1)


def at(days: float = 10, hours: float = 0) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days, hours=hours)).replace(microsecond=0)


def staff(database: Database, role: Role | str = Role.EDUCATION_OFFICER,
          region: str | None = "52", name: str | None = None) -> Principal:
    """A staff principal as a request would see it (token created, then authenticated)."""
    role = Role(role)
    with database.transaction() as db:
        token = create_staff_token(db, role=role, name=name or f"{role.value} {region}",
                                   region_code=region)
    with database.reader() as db:
        return authenticate(db, token)


def draft(region: str = "5271", capacity: int = 120, start: datetime | None = None,
          hours: float = 2, **extra: Any) -> SessionDraft:
    start = start or at(10)
    values: dict[str, Any] = {
        "title": "Pendidikan Pemilih Pemula", "segment": Segment.FIRST_TIME_VOTERS,
        "format": SessionFormat.IN_PERSON, "region_code": region, "starts_at": start,
        "ends_at": start + timedelta(hours=hours), "capacity": capacity,
        "venue_name": "Aula SMAN 1", **extra}
    return SessionDraft(**values)


def plan(database: Database, who: Principal, *, publish: bool = True, **kw: Any) -> int:
    """A new session (published unless asked not to); its id."""
    with database.transaction() as db:
        sid = sessions.create_session(db, who, draft(**kw)).id
    if publish:
        with database.transaction() as db:
            sessions.publish_session(db, who, sid)
    return sid


def details(name: str | None = None, *, email: str | None = None,
            birth: date | None = date(1999, 5, 17), **extra: Any) -> ParticipantDetails:
    n = next(_serial)
    return ParticipantDetails(full_name=name or f"Peserta {n}",
                              email=email or f"peserta{n}@example.id", phone="+62 812 3456 7890",
                              gender=Gender.FEMALE, birth_date=birth, region_code="5271", **extra)


def sign_up(database: Database, sid: int, who: ParticipantDetails | None = None, *,
            principal: Principal = ANONYMOUS, guardian: bool = False
            ) -> registrations.Registered | Decoy:
    """Register (as anonymous unless told) in its own transaction."""
    with database.transaction() as db:
        return registrations.register(db, principal, KEY, session_id=sid,
                                      details=who if who is not None or principal.participant_id
                                      else details(), consent=True, guardian_consent=guardian)


def participant_principal(participant_id: int) -> Principal:
    return Principal(name="participant", participant_id=participant_id)


def seats(database: Database, sid: int) -> tuple[list[int], list[int | None], EduSession]:
    """(ids of confirmed, waitlist positions in order, the session row) of a session."""
    with database.reader() as db:
        rows = list(db.scalars(select(Registration).where(Registration.session_id == sid)
                               .order_by(Registration.waitlist_position, Registration.id)))
        session = db.get(EduSession, sid)
    confirmed = [r.id for r in rows if r.status is RegistrationStatus.CONFIRMED]
    waiting = [r.waitlist_position for r in rows if r.status is RegistrationStatus.WAITLISTED]
    assert session is not None
    return confirmed, waiting, session


def assert_consistent(database: Database, sid: int) -> tuple[int, int]:
    """The invariants of seats: never oversold, counters equal rows, waitlist 1..N."""
    confirmed, waiting, session = seats(database, sid)
    assert len(confirmed) <= session.capacity
    assert session.confirmed_count == len(confirmed)
    assert session.waitlist_count == len(waiting)
    assert waiting == list(range(1, len(waiting) + 1))
    return len(confirmed), len(waiting)


def together(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` for i in 0..n-1 on n threads released at the same moment; each result
    or the exception it raised, in order."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as err:  # noqa: BLE001 (returned to the test, which checks it)
            results[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
