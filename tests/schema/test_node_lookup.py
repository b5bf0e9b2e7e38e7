"""`node(id:)` of a session: resolved synchronously (no coroutine or event-loop turn) from a
row of the columns it is shown with, with get_session's rule of who may see what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graphql import ExecutionResult, execute, parse
from strawberry.relay import to_base64

from edu.auth.models import Role
from edu.perf.tokens import authenticate_cached
from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus
from schema import schema
from schema.context import Context

NODE = parse("""query($id: ID!) { node(id: $id) { ... on Session { id title status seatsLeft
  capacity confirmedCount venue { name address } onlineUrl region { code } } } }""")


def _plant(database, status: SessionStatus) -> int:
    start = datetime.now(UTC) + timedelta(days=3)
    with database.transaction() as db:
        session = EduSession(title=f"Sesi {status.value}", segment=Segment.FIRST_TIME_VOTERS,
                             format=SessionFormat.IN_PERSON, venue_name="Aula Desa",
                             starts_at=start, ends_at=start + timedelta(hours=2), capacity=3,
                             confirmed_count=2, status=status, region_code="5271")
        db.add(session)
        db.flush()
        return session.id


def _node(database, settings, token: str, session_id: int) -> dict | None:
    # `settings` comes with the live app, which loaded the regions a Session shows.
    context = Context(settings, database, authenticate_cached(database, token))
    try:
        result = execute(schema._schema, NODE, context_value=context,
                         variable_values={"id": to_base64("Session", session_id)})
    finally:
        context.close()
    assert isinstance(result, ExecutionResult), "node(id:) ran on an event loop"
    assert result.errors is None, result.errors
    return result.data["node"]


def test_a_session_node_resolves_synchronously_with_the_rule_of_who_sees_it(
        database, settings, tokens):
    published = _plant(database, SessionStatus.PUBLISHED)
    draft = _plant(database, SessionStatus.DRAFT)
    in_scope, elsewhere = tokens(Role.EDUCATION_OFFICER), tokens(Role.EDUCATION_OFFICER,
                                                                 region="5272")
    assert _node(database, settings, in_scope, published) == {
        "id": to_base64("Session", published), "title": "Sesi PUBLISHED",
        "status": "PUBLISHED", "seatsLeft": 1, "capacity": 3, "confirmedCount": 2,
        "venue": {"name": "Aula Desa", "address": None}, "onlineUrl": None,
        "region": {"code": "5271"},
    }
    assert _node(database, settings, elsewhere, published)["status"] == "PUBLISHED"
    assert _node(database, settings, in_scope, draft)["status"] == "DRAFT"
    assert _node(database, settings, elsewhere, draft) is None
    assert _node(database, settings, in_scope, draft + 1000) is None
