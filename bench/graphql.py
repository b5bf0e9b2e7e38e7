"""GraphQL requests per second against a plain Starlette endpoint doing the same work.

Both run in one uvicorn process over the same SQLite demo database; a client in this
process sends keep-alive requests in alternating rounds, so machine noise hits both alike.
Prints requests per second and the ratio GraphQL / plain (1.0 would be no overhead).

    .venv/bin/python -m bench.graphql [--seconds 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import httpx

ONE = """query($id: ID!) { node(id: $id) { ... on Session { id title status segment startsAt
  endsAt capacity seatsLeft region { code name } venue { name address } } } }"""
PAGE = """query { sessions(first: 50) { totalCount edges { cursor node { id title status segment
  startsAt endsAt capacity confirmedCount waitlistCount seatsLeft region { code name }
  facilitators { id fullName } attendanceSummary { present late excused absent unmarked } } } } }"""

SESSION_SQL = """SELECT s.id, s.title, s.status, s.segment, s.starts_at, s.ends_at, s.capacity,
  s.confirmed_count, s.waitlist_count, s.venue_name, s.venue_address, r.code, r.name
  FROM sessions s JOIN regions r ON r.code = s.region_code"""


def _plain_routes(database):
    """The baseline: the same rows, hand-written SQL, orjson."""
    import orjson
    from sqlalchemy import text
    from starlette.responses import Response
    from starlette.routing import Route

    def row_json(r):
        return {"id": r[0], "title": r[1], "status": r[2], "segment": r[3],
                "startsAt": r[4], "endsAt": r[5], "capacity": r[6], "seatsLeft": r[6] - r[7],
                "region": {"code": r[11], "name": r[12]},
                "venue": {"name": r[9], "address": r[10]}}

    async def one(request):
        with database.engine.connect() as c:
            r = c.execute(text(SESSION_SQL + " WHERE s.id = :id"),
                          {"id": int(request.query_params["id"])}).one()
        return Response(orjson.dumps({"data": {"node": row_json(r)}}),
                        media_type="application/json")

    async def page(request):
        with database.engine.connect() as c:
            total = c.execute(text("SELECT count(*) FROM sessions")).scalar()
            rows = c.execute(text(SESSION_SQL + " ORDER BY s.starts_at, s.id LIMIT 50")).all()
            ids = [r[0] for r in rows]
            marks = ",".join(str(i) for i in ids)
            fac = c.execute(text(
                "SELECT f.session_id, st.id, st.full_name FROM session_facilitators f "
                f"JOIN staff st ON st.id = f.staff_id WHERE f.session_id IN ({marks})")).all()
            att = c.execute(text(
                "SELECT session_id, attendance_status, count(*) FROM registrations WHERE "
                f"session_id IN ({marks}) AND status = 'CONFIRMED' "
                "GROUP BY session_id, attendance_status")).all()
        facilitators: dict = {}
        for sid, fid, name in fac:
            facilitators.setdefault(sid, []).append({"id": fid, "fullName": name})
        summary: dict = {}
        for sid, status, n in att:
            summary.setdefault(sid, {})[(status or "unmarked").lower()] = n
        edges = []
        for r in rows:
            node = row_json(r)
            node["facilitators"] = facilitators.get(r[0], [])
            node["attendanceSummary"] = summary.get(r[0], {})
            edges.append({"cursor": str(r[0]), "node": node})
        return Response(orjson.dumps({"data": {"sessions": {"totalCount": total,
                                                           "edges": edges}}}),
                        media_type="application/json")

    return [Route("/plain/one", one), Route("/plain/page", page)]


def _serve(data_dir: str, port: int) -> None:
    os.environ["EDU_DATA_DIR"] = data_dir
    import logging

    import uvicorn

    from edu.app import create_app

    app = create_app()
    app.router.routes.extend(_plain_routes(app.state.database))
    logging.disable(logging.INFO)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


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
        token = create_staff_token(db, role=Role.ADMIN, name="Bench")
    database.dispose()
    return token


def _rate(client: httpx.Client, send, seconds: float) -> float:
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        response = send(client)
        assert response.status_code == 200 and b'"errors"' not in response.content, response.text
        n += 1
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="edu-bench-")
    token = _prepare(data_dir)
    port = 8700 + os.getpid() % 200
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(data_dir, port))
    server.start()
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
            for _ in range(200):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            sid = client.post("/graphql", json={"query": "{ sessions(first: 1) { edges { node "
                                                         "{ id } } } }"}).json()
            gid = sid["data"]["sessions"]["edges"][0]["node"]["id"]
            cases = {
                "one session": (
                    lambda c: c.post("/graphql", json={"query": ONE, "variables": {"id": gid}}),
                    lambda c: c.get("/plain/one", params={"id": 1})),
                "50-session page": (
                    lambda c: c.post("/graphql", json={"query": PAGE}),
                    lambda c: c.get("/plain/page")),
            }
            print(f"{'case':<18}{'graphql rps':>12}{'plain rps':>12}{'ratio':>8}")
            for name, (gql, plain) in cases.items():
                g = p = 0.0
                for _ in range(args.rounds):
                    g += _rate(client, gql, args.seconds / args.rounds)
                    p += _rate(client, plain, args.seconds / args.rounds)
                g, p = g / args.rounds, p / args.rounds
                print(f"{name:<18}{g:>12.0f}{p:>12.0f}{g / p:>8.2f}")
    finally:
        server.terminate()
        server.join()
        Path(data_dir, "edu.sqlite3").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
