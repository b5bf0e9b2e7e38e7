"""Migration 0004 builds what the calendar models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import edu.models  # noqa: F401 - every table
from edu.db import Base, Database


def test_student_calendars_match_the_model(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert [d for d in diff if "student_calendars" in repr(d)] == []


def test_the_feed_version_query_has_its_covering_index(database: Database) -> None:
    indexes = {i["name"]: i["column_names"] for i in inspect(database.engine).get_indexes("sessions")}
    assert indexes["ix_sessions_feed_version"][:2] == ["status", "starts_at"]
    assert {"updated_at", "sequence", "id", "ends_at"} <= set(indexes["ix_sessions_feed_version"])


def test_audit_events_are_found_by_entity(database: Database) -> None:
    indexes = {i["name"]: i["column_names"]
               for i in inspect(database.engine).get_indexes("audit_events")}
    assert indexes["ix_audit_events_entity"] == ["entity_type", "entity_id", "at"]
