"""A public feed reads its window, not the years of sessions before it.

A feed holds the sessions that end after its window starts (and start before it ends), so the
index range must begin at the window's start: bounded by `ends_at > start`, it reads the window
and what is planned after it however long the history grows. Bounded by `starts_at < end` (the
index led by starts_at before migration 0023) it read every session ever held. SQLite's
EXPLAIN QUERY PLAN names the conditions that bound each index search, so that is what is
checked; tests/perf/test_explain.py checks PostgreSQL's plans."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event

from edu.calendar import service as cal
from edu.db import Database

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@contextmanager
def _selects(database: Database) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM sessions" in statement:
            seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", capture)


def _plan(database: Database, statement: str, parameters: Any) -> str:
    with database.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
        return "\n".join(row[-1] for row in rows)


@pytest.mark.parametrize("scope", [{"region": "5271"}, {"office": "5271"}, {"region": "52"},
                                   {"segment": "WOMEN"}, {}])
def test_a_public_feed_searches_from_its_window_start(database: Database,
                                                      scope: dict[str, str]) -> None:
    if database.dialect != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    window = cal.Window.around(NOW)
    with _selects(database) as seen, database.reader() as db:
        feed = cal.public_scope(db, **scope)
        cal.public_feed_version(db, feed, window)
        cal.public_feed_sessions(db, feed, window)
        cal.public_last_change(db, feed)
    windowed, last_change = seen[:2], seen[2]
    for statement, parameters in windowed:
        plan = _plan(database, statement, parameters)
        assert "SEARCH sessions USING" in plan and "ends_at>?" in plan, plan
    # The latest change walks an index from the newest and stops: no sort of every session.
    plan = _plan(database, *last_change)
    assert "USING COVERING INDEX ix_sessions_" in plan and "TEMP B-TREE" not in plan, plan
