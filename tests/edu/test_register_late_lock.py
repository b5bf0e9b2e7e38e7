"""A registration locks the session's row late (PostgreSQL), on condition that it is still as
checked before; a change in between is read again on the locked row and wins as if it came
first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select, text

from edu.errors import UserError
from edu.participants.models import Participant
from edu.sessions.models import EduSession
from edu.sessions.service import session_day
from tests.edu.sessionkit import details, plan, sign_up, staff
from tests.support import statements_on


def _count(database, model) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(model))


def _before_the_lock(database, sql: str):
    """Run `sql` on another connection, committed, just before the booking locks the row."""
    ran: list[bool] = []

    def hook(conn, cursor, statement, *_):
        if "FOR UPDATE" in statement and "FROM sessions" in statement and not ran:
            ran.append(True)
            with database.engine.begin() as other:
                other.execute(text(sql))

    event.listen(database.engine, "before_cursor_execute", hook)
    return ran, lambda: event.remove(database.engine, "before_cursor_execute", hook)


@pytest.fixture
def postgres_only(backend):
    if backend != "postgres":
        pytest.skip("on SQLite the transaction holds the database from its start: nothing "
                    "can change between the checks and the booking")


def test_a_session_closed_before_the_lock_books_nothing(database, postgres_only):
    sid = plan(database, staff(database))
    ran, done = _before_the_lock(database, f"UPDATE sessions SET status = 'CANCELLED' "
                                           f"WHERE id = {sid}")
    try:
        with pytest.raises(UserError) as refused:
            sign_up(database, sid, details("Lombok"))
    finally:
        done()
    assert ran == [True]
    assert refused.value.problems[0].code == "SESSION_NOT_OPEN"
    assert _count(database, Participant) == 0


def test_a_session_moved_before_the_lock_asks_again_for_a_guardian(database, postgres_only):
    sid = plan(database, staff(database))
    with database.reader() as db:
        session = db.get(EduSession, sid)
        day = session_day(db, session)
    # Eighteen on the session's day; the day before it, still seventeen.
    born = date(day.year - 18, day.month, day.day if (day.month, day.day) != (2, 29) else 28)
    assert sign_up(database, sid, details("Dewasa", birth=born)).registration is not None
    moved = session.starts_at - timedelta(days=1)
    ran, done = _before_the_lock(database, f"UPDATE sessions SET starts_at = "
                                           f"starts_at - interval '1 day', ends_at = "
                                           f"ends_at - interval '1 day' WHERE id = {sid}")
    try:
        with pytest.raises(UserError) as refused:
            sign_up(database, sid, details("Remaja", birth=born))
    finally:
        done()
    assert ran == [True]
    assert refused.value.problems[0].code == "GUARDIAN_CONSENT_REQUIRED"
    assert _count(database, Participant) == 1  # the first one only
    with database.reader() as db:
        assert db.get(EduSession, sid).starts_at == moved


def test_a_new_person_is_booked_with_the_lock_held_for_the_booking_alone(database):
    sid = plan(database, staff(database))
    with statements_on(database.engine) as seen:
        sign_up(database, sid, details("Sumbawa"))
    assert not [s for s in seen if s.startswith("SELECT") and "FROM registrations" in s]
    steps = [s.split(" (")[0].split(" SET")[0].split(",")[0] for s in seen
             if s.startswith(("INSERT", "UPDATE")) or "FOR UPDATE" in s]
    lock = ["SELECT sessions.capacity"] if database.dialect == "postgresql" else []
    # The person's rows come first; after the session's row is locked come the seat, the
    # registration, its notices and the version only.
    assert steps == ["INSERT INTO participants", "UPDATE participants", "INSERT INTO api_tokens",
                     *lock, "UPDATE sessions", "INSERT INTO registrations",
                     "INSERT INTO notices", "UPDATE data_version"], steps
