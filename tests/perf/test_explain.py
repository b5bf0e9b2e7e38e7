"""The big pages' queries are driven by an index on PostgreSQL, checked with EXPLAIN.

The requests of the public list, the contract's 50-session staff page, a roster page, a
region's and a person's feed and the participation report run through the app; every SELECT
they send is then EXPLAINed with the same parameters. The test database is small, and on a
small table the planner rightly prefers a sequential scan, so the plans are taken with
`enable_seqscan = off`: the planner then avoids a Seq Scan whenever any index can serve, and
what we assert is stronger than "no Seq Scan": every scan of a big table (sessions,
registrations, participants, internships) must search an index by a condition of the query
(`Index Cond`, or a bitmap's `Recheck Cond`), not read a whole index and filter it. A filter
no index serves (a new WHERE or ORDER BY without its index) therefore fails here, whatever the
table's size. The participation report of one kabupaten must find that region's sessions by
the index on (region_code, starts_at), not read the whole province's month and filter it.
bench/growth.py measures the same pages on 100,000 participants."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from bench.graphql import PAGE
from edu.db import utcnow
from tests.e2e.sessionkit import published, registered

BIG = {"sessions", "registrations", "participants", "internships"}
PARTICIPATION = """query($f: ParticipationFilter!) { participation(filter: $f) {
  totals { sessions registered attended } } }"""


def _nodes(plan: dict[str, Any], limited: bool = False
           ) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every plan node, and whether a Limit above it stops the reading."""
    limited = limited or plan["Node Type"] == "Limit"
    yield plan, limited
    for child in plan.get("Plans", []):
        yield from _nodes(child, limited)


def _unindexed(plan: dict[str, Any]) -> list[str]:
    """Scans of big tables that no index condition drives. An index walked in the query's
    order under a Limit is driven too: the page stops after its rows (a list of 50)."""
    bad = []
    for node, limited in _nodes(plan):
        table = node.get("Relation Name")
        if table not in BIG:
            continue
        if node["Node Type"] == "Seq Scan" or (
                node["Node Type"] in ("Index Scan", "Index Only Scan")
                and "Index Cond" not in node and not limited):
            bad.append(f"{node['Node Type']} on {table} {node.get('Filter', '')}")
    return bad


def _index_conds(plan: dict[str, Any], table: str) -> list[str]:
    return [node.get("Index Cond", "") for node, _ in _nodes(plan)
            if node.get("Relation Name") == table]


def test_the_big_pages_search_indexes(api, tokens, database):
    if database.dialect != "postgresql":
        pytest.skip("EXPLAIN's plans are PostgreSQL's")
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, region="5271")
    person = registered(api, sid)
    for _ in range(3):  # the month holds other regions' sessions, which the report must skip
        published(api, officer, region="5272")
    today = utcnow().date()
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    try:
        operations: list[tuple[str, dict[str, Any], str | None]] = [
            ("PublicSessions", {"first": 50}, None),
            ("SessionRoster", {"id": sid, "first": 50}, officer)]
        for name, variables, token in operations:
            out = api.op(name, variables, token=token)
            assert "errors" not in out, out
        month = {"from": (today - timedelta(days=30)).isoformat(),
                 "to": (today + timedelta(days=30)).isoformat(), "regionCode": "5271"}
        assert "errors" not in api.gql(PAGE, {}, token=officer)
        before = len(seen)
        assert "errors" not in api.gql(PARTICIPATION, {"f": month}, token=officer)
        report = [(s, p) for s, p in seen[before:] if "FROM sessions" in s]
        for url in (f"{api.url}/calendar/sessions.ics?region=5271", person["calendarUrl"]):
            assert httpx.get(url).status_code == 200
    finally:
        event.remove(database.engine, "before_cursor_execute", capture)
    big = [(s, p) for s, p in seen if any(f" {t}" in s for t in BIG)]
    assert len(big) >= 8, seen  # every page's queries were seen
    assert report, seen
    problems = {}
    with database.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("SET enable_seqscan = off")
        for statement, parameters in big:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            bad = _unindexed(cursor.fetchone()[0][0]["Plan"])
            if bad:
                problems[statement] = bad
        # With statistics, the planner knows Kota Mataram's share of the month is small.
        cursor.execute("ANALYZE sessions")
        for statement, parameters in report:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            plan = cursor.fetchone()[0][0]["Plan"]
            if not any("region_code" in cond for cond in _index_conds(plan, "sessions")):
                problems[statement] = [f"the report's sessions not searched by region: {plan}"]
        conn.rollback()
    assert problems == {}
