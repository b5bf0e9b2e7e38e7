"""The database layer: SQLite tuned for concurrent writers, aware datetimes only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from edu.db import Database
from edu.sessions.models import EduSession, Segment, SessionFormat


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with database.reader() as db:
        conn = db.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()


def _session(starts_at: datetime) -> EduSession:
    return EduSession(title="Sesi", segment=Segment.WOMEN, format=SessionFormat.IN_PERSON,
                      starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), capacity=5,
                      region_code="5271")


def test_datetimes_come_back_aware_in_utc(database):
    wita = timezone(timedelta(hours=8))
    with database.transaction() as db:
        db.add(_session(datetime(2026, 12, 10, 9, 0, tzinfo=wita)))
    with database.reader() as db:
        stored = db.scalar(select(EduSession.starts_at))
    assert stored == datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(database):
    with pytest.raises(StatementError, match="naive"), database.transaction() as db:
        db.add(_session(datetime(2026, 12, 10, 9, 0)))
        db.flush()


def test_the_database_refuses_an_oversold_session(database):
    from sqlalchemy.exc import IntegrityError

    start = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError), database.transaction() as db:
        s = _session(start)
        s.confirmed_count = 6
        db.add(s)
        db.flush()
