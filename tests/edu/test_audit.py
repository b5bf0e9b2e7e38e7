"""The audit log: every staff change leaves an event, and events are never changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.service import create_staff_token


def test_events_cannot_be_rewritten(database):
    with database.transaction() as db:
        create_staff_token(db, role=Role.ADMIN, name="Auditor")
    with pytest.raises(DBAPIError, match="append-only"), database.transaction() as db:
        db.execute(update(AuditEvent).values(actor_name="someone else"))
    with database.reader() as db:
        assert db.scalar(select(AuditEvent.actor_name)) == "system"
        event = db.scalar(select(AuditEvent))
        assert event.action == "token.create" and event.after["role"] == "ADMIN"
