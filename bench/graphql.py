"""GraphQL requests per second as a ratio of uvicorn serving the very same bytes from memory.

One uvicorn process runs the app on the SQLite demo database, another serves each case's
response bytes from memory (bench/load.py); one client process sends keep-alive GET requests
over 16 connections, alternating between the two servers round by round, so machine noise hits
both alike. Cases: one session by `node(id:)` with an education officer's token, the contract's
50-session page with that token, and the anonymous `PublicSessions` query (first 50). While no
write happens the first two are answered from the officer's remembered answers and the third
from the public ones, before routing (schema/http.py RememberedGraphQL); the "computed" cases
send an extra, unused variable that changes with every request, so every answer is computed
afresh (the worst case: each request after a write).

    .venv/bin/python -m bench.graphql [--seconds 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson

from bench.load import get, one, rate, start

ONE = """query($id: ID!) { node(id: $id) { ... on Session { id title status segment startsAt
  endsAt capacity seatsLeft region { code name } venue { name address } } } }"""
PAGE = """query { sessions(first: 50) { totalCount edges { cursor node { id title status segment
  startsAt endsAt capacity confirmedCount waitlistCount seatsLeft region { code name }
  facilitators { id fullName } attendanceSummary { present late excused absent unmarked } } } } }"""


def app() -> Any:
    """uvicorn factory: the real app on the bench's data folder."""
    from edu.app import create_app

    return create_app()


def _prepare(data_dir: str) -> str:
    os.environ["EDU_DATA_DIR"] = data_dir
    import edu.models  # noqa: F401
    from edu.auth.models import Role
    from edu.auth.service import create_staff_token
    from edu.config import load_settings
    from edu.db import Database
    from edu.migrations.runner import upgrade
    from edu.seed import seed_demo

    settings = load_settings()
    database = Database(settings.database_url)
    upgrade(database.engine)
    seed_demo(database, settings)
    with database.transaction() as db:
        token = create_staff_token(db, role=Role.EDUCATION_OFFICER, name="Bench",
                                   region_code="52")
    database.dispose()
    return token


def graphql_get(query: str, variables: dict[str, Any] | None = None,
                token: str | None = None) -> bytes:
    params = {"query": query}
    if variables:
        params["variables"] = orjson.dumps(variables).decode()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return get("/graphql?" + urlencode(params), headers)


def _public_query() -> str:
    from tests.support import client_operation

    return client_operation("PublicSessions")


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="edu-bench-")
    token = _prepare(data_dir)
    static = Path(data_dir, "static")
    static.mkdir()
    env = {"EDU_DATA_DIR": data_dir, "BENCH_STATIC": str(static)}
    ours, plain = 18781, 18782
    edu = start("bench.graphql:app", ours, env)
    try:
        _, _, body = asyncio.run(one(ours, graphql_get(
            "{ sessions(first: 1) { edges { node { id } } } }", token=token)))
        gid = orjson.loads(body)["data"]["sessions"]["edges"][0]["node"]["id"]
        cases: dict[str, Any] = {
            "one session, officer": graphql_get(ONE, {"id": gid}, token),
            "  computed each time": lambda n: graphql_get(ONE, {"id": gid, "n": n}, token),
            "50-session page, officer": graphql_get(PAGE, token=token),
            "  computed each time ": lambda n: graphql_get(PAGE, {"n": n}, token),
            "PublicSessions, anonymous": graphql_get(_public_query(), {"first": 50}),
        }
        for n, request in enumerate(cases.values()):
            status, _, body = asyncio.run(one(ours, request(-1) if callable(request)
                                              else request))
            assert status == 200 and b'"errors"' not in body, body[:500]
            (static / f"case{n}.json").write_bytes(body)
        server = start("bench.load:memory_app", plain, env)
        try:
            print(f"{args.rounds} alternating rounds of {args.seconds:g} s, "
                  f"{args.connections} keep-alive connections; requests/s, best round; "
                  f"load average {_load()}")
            print(f"{'case':<28}{'edu':>8}{'same bytes':>12}{'ratio':>8}")
            for n, (name, request) in enumerate(cases.items()):
                same = get(f"/case{n}.json")
                edu_best = static_best = 0.0
                for _ in range(args.rounds):
                    edu_best = max(edu_best, rate(ours, request, args.seconds,
                                                  connections=args.connections))
                    static_best = max(static_best, rate(plain, same, args.seconds,
                                                        connections=args.connections))
                print(f"{name:<28}{edu_best:>8.0f}{static_best:>12.0f}"
                      f"{edu_best / static_best:>8.3f}")
            print(f"load average {_load()}")
        finally:
            server.terminate()
            server.wait(10)
    finally:
        edu.terminate()
        edu.wait(10)


if __name__ == "__main__":
    main()
