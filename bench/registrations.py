"""A registration rush: registrations committed per second, 50 clients into 10 sessions.

The app's `Register` mutation (anonymous, a new person each time; most land on waitlists)
against a plain Starlette endpoint doing the same transaction in hand-written SQL on the same
database: lock the session row, insert the participant and the registration, update the
session's counts. SQLite with one process; PostgreSQL (EDU_TEST_PG, default the local test
server) with one and with two processes.

    .venv/bin/python -m bench.registrations [--seconds 5] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from bench.load import one, post, rate, start

SESSIONS = 10
REGISTER = """mutation Register($input: RegisterInput!) { register(input: $input) {
  registration { id status waitlistPosition ticketCode } participantToken
  userErrors { field code message } } }"""


def seed(url: str) -> list[int]:
    """A migrated database with SESSIONS published sessions of 20 seats next month."""
    from edu.db import Database
    from edu.migrations.runner import upgrade
    from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus

    database = Database(url)
    upgrade(database.engine)
    start_at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    with database.transaction() as db:
        rows = [EduSession(title=f"Sosialisasi {n}", segment=Segment.GENERAL_PUBLIC,
                           format=SessionFormat.IN_PERSON, venue_name="Aula KPU",
                           starts_at=start_at, ends_at=start_at + timedelta(hours=2),
                           capacity=20, status=SessionStatus.PUBLISHED, region_code="5271")
                for n in range(SESSIONS)]
        db.add_all(rows)
        db.flush()
        ids = [r.id for r in rows]
    database.dispose()
    return ids


def app() -> Any:
    """uvicorn factory: the real app on $BENCH_DB."""
    from edu.app import create_app
    from edu.config import Settings

    settings = Settings(data_dir=Path(os.environ["BENCH_DIR"]),
                        database_url=os.environ["BENCH_DB"],
                        public_url=f"http://127.0.0.1:{os.environ['BENCH_PORT']}",
                        secret_key=b"bench-secret-key", production=True)
    return create_app(settings)


def plain_app() -> Any:
    """uvicorn factory: the same transaction in hand-written SQL, on the app's engine setup."""
    from sqlalchemy import text
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from edu.db import make_engine

    url = os.environ["BENCH_DB"]
    engine = make_engine(url)
    postgres = engine.dialect.name == "postgresql"
    lock = " FOR UPDATE" if postgres else ""

    def register(request_body: bytes) -> bytes:
        p = orjson.loads(request_body)["variables"]["input"]
        person, now = p["participant"], datetime.now(UTC)
        stamp = now if postgres else now.replace(tzinfo=None)
        with engine.connect().execution_options(edu_write=True) as conn, conn.begin():
            seats, confirmed, waiting = conn.execute(text(
                "SELECT capacity, confirmed_count, waitlist_count FROM sessions WHERE id = :id"
                + lock), {"id": p["sessionId"]}).one()
            pid = conn.execute(text(
                "INSERT INTO participants (full_name, email, region_code, disability, "
                "consent_at, consent_purpose, calendar_version, created_at) VALUES (:n, :e, "
                ":r, false, :t, 'register', 0, :t) RETURNING id"),
                {"n": person["fullName"], "e": person["email"], "r": person["regionCode"],
                 "t": stamp}).scalar_one()
            seat = confirmed < seats
            rid = conn.execute(text(
                "INSERT INTO registrations (session_id, participant_id, status, "
                "waitlist_position, ticket_hash, source, created_at, consent_at) VALUES "
                "(:s, :p, :st, :w, :h, 'SELF', :t, :t) RETURNING id"),
                {"s": p["sessionId"], "p": pid, "st": "CONFIRMED" if seat else "WAITLISTED",
                 "w": None if seat else waiting + 1, "h": secrets.token_hex(32),
                 "t": stamp}).scalar_one()
            column = "confirmed_count" if seat else "waitlist_count"
            conn.execute(text(f"UPDATE sessions SET {column} = {column} + 1 WHERE id = :id"),
                         {"id": p["sessionId"]})
        return orjson.dumps({"data": {"register": {"registration": {"id": rid}}}})

    async def endpoint(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        body = await request.body()
        return Response(await run_in_threadpool(register, body),
                        media_type="application/json")

    async def ok(_: Request) -> Response:
        return Response(b"ok")

    return Starlette(routes=[Route("/", ok), Route("/graphql", endpoint, methods=["POST"])])


def _requests(session_ids: list[int] | list[str], tag: str) -> Callable[[int], bytes]:
    def make(n: int) -> bytes:
        body = orjson.dumps({"query": REGISTER, "variables": {"input": {
            "sessionId": str(session_ids[n % len(session_ids)]), "consent": True,
            "participant": {"fullName": f"Peserta {tag} {n}", "email": f"p{tag}{n}@contoh.id",
                            "regionCode": "5271", "birthDate": "1999-05-17"}}}})
        return post("/graphql", body)
    return make


def _global_ids(port: int, ids: list[int]) -> list[str]:
    query = orjson.dumps({"query": "{ sessions(first: 50) { edges { node { id } } } }"})
    _, _, body = asyncio.run(one(port, post("/graphql", query)))
    return [e["node"]["id"] for e in orjson.loads(body)["data"]["sessions"]["edges"]]


def _ok(body: bytes) -> bool:
    out = orjson.loads(body)
    return "errors" not in out and not (out["data"]["register"].get("userErrors") or [])


def measure(url: str, work: Path, workers: int, seconds: float, clients: int) -> None:
    ids = seed(url)
    env = {"BENCH_DB": url, "BENCH_DIR": str(work)}
    port = 18790 + workers
    edu = start("bench.registrations:app", port, env, workers)
    try:
        gids = _global_ids(port, ids)
        ours = rate(port, _requests(gids, f"e{workers}"), seconds, connections=clients,
                    check=_ok)
    finally:
        edu.terminate()
        edu.wait(20)
    plain = start("bench.registrations:plain_app", port, env, workers)
    try:
        hand = rate(port, _requests(ids, f"h{workers}"), seconds, connections=clients)
    finally:
        plain.terminate()
        plain.wait(20)
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"{kind:<11}{workers:>3} proc{ours:>10.0f}{hand:>13.0f}{ours / hand:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.clients} clients, {SESSIONS} sessions of 20 seats, {args.seconds:g} s each; "
          "registrations committed per second")
    print(f"{'database':<11}{'':>8}{'edu':>10}{'hand SQL':>13}{'ratio':>8}")
    work = Path(tempfile.mkdtemp(prefix="edu-bench-reg-"))
    measure(f"sqlite:///{work / 'bench.sqlite3'}", work, 1, args.seconds, args.clients)
    from tests.support import create_postgres_database, drop_postgres_database

    for workers in (1, 2):
        url = create_postgres_database(f"bench{workers}")
        pg = url.replace("postgresql://", "postgresql+psycopg://", 1)
        try:
            measure(pg, work, workers, args.seconds, args.clients)
        finally:
            drop_postgres_database(url)


if __name__ == "__main__":
    main()
