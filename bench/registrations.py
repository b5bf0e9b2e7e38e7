"""A registration rush: registrations committed per second, 50 clients into 10 sessions.

The app's `Register` mutation (anonymous, a new person each time; most land on waitlists)
against a plain Starlette endpoint doing the same transaction in hand-written SQL on the same
database: lock the session row, insert the participant and the registration, update the
session's counts. SQLite with one process; PostgreSQL (EDU_TEST_PG, default the local test
server) with one and with two processes. Each side has its own ten sessions; the client
alternates between the sides round by round (each round a fresh server, a second's warm-up
not counted), so the machine's noise hits both alike; the figure is each side's best round.
Then, for SQLite, the server's own CPU time per registration with one client sending one
request after another: the figure that other work on a shared machine moves least.

    .venv/bin/python -m bench.registrations [--seconds 3] [--rounds 3] [--clients 50]
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
    """A migrated database with 2 × SESSIONS published sessions of 20 seats next month: the
    first half for edu, the second for the hand-written endpoint."""
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
                for n in range(2 * SESSIONS)]
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


def _global_ids(port: int) -> list[str]:
    """Global ids of edu's half: listed soonest first, then by id, so the first SESSIONS."""
    query = orjson.dumps({"query": "{ sessions(first: 50) { edges { node { id } } } }"})
    _, _, body = asyncio.run(one(port, post("/graphql", query)))
    edges = orjson.loads(body)["data"]["sessions"]["edges"]
    return [e["node"]["id"] for e in edges][:SESSIONS]


def _ok(body: bytes) -> bool:
    out = orjson.loads(body)
    return "errors" not in out and not (out["data"]["register"].get("userErrors") or [])


def measure(url: str, work: Path, workers: int, args: argparse.Namespace) -> None:
    ids = seed(url)
    env = {"BENCH_DB": url, "BENCH_DIR": str(work)}
    port = 18790 + workers
    edu = start("bench.registrations:app", port, env, workers)
    gids = _global_ids(port)
    edu.terminate()
    edu.wait(20)
    sides = {"edu": ("bench.registrations:app", _requests(gids, f"e{workers}"), _ok),
             "hand": ("bench.registrations:plain_app", _requests(ids[SESSIONS:], f"h{workers}"),
                      None)}
    best = dict.fromkeys(sides, 0.0)
    offset = 0
    for _ in range(args.rounds):
        for side, (factory, make, check) in sides.items():
            # One server at a time (two sides of two processes would need more PostgreSQL
            # connections than a default server allows), a second's warm-up not counted.
            server = start(factory, port, env, workers)
            try:
                for seconds in (1.0, args.seconds):
                    # A new block of numbers each time: every request registers a new person.
                    def numbered(n: int, make: Callable[[int], bytes] = make,
                                 at: int = offset) -> bytes:
                        return make(at + n)
                    got = rate(port, numbered, seconds, connections=args.clients, check=check)
                    offset += 10**6
                best[side] = max(best[side], got)
            finally:
                server.terminate()
                server.wait(20)
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"{kind:<11}{workers:>3} proc{best['edu']:>10.0f}{best['hand']:>13.0f}"
          f"{best['edu'] / best['hand']:>8.2f}", flush=True)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_per_registration(work: Path, seconds: float) -> None:
    """Server CPU milliseconds per registration, one client in sequence, each side twice."""
    spent: dict[str, list[float]] = {"edu": [], "hand": []}
    for n, side in enumerate(("edu", "hand") * 2):
        url = f"sqlite:///{work / f'cpu{n}.sqlite3'}"
        ids = seed(url)
        env = {"BENCH_DB": url, "BENCH_DIR": str(work)}
        factory = "bench.registrations:app" if side == "edu" else "bench.registrations:plain_app"
        server = start(factory, 18880, env)
        try:
            targets: list[int] | list[str] = _global_ids(18880) if side == "edu" \
                else ids[SESSIONS:]
            rate(18880, _requests(targets, f"w{n}"), 1.0, connections=1)  # warm-up
            before = _cpu_seconds(server.pid)
            done = rate(18880, _requests(targets, f"c{n}"), seconds, connections=1) * seconds
            spent[side].append(1000 * (_cpu_seconds(server.pid) - before) / done)
        finally:
            server.terminate()
            server.wait(20)
    edu, hand = min(spent["edu"]), min(spent["hand"])
    print(f"SQLite, server CPU per registration (one client in sequence): edu {edu:.2f} ms, "
          f"hand SQL {hand:.2f} ms, ratio {hand / edu:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.clients} clients, {SESSIONS} sessions of 20 seats a side, {args.rounds} "
          f"alternating rounds of {args.seconds:g} s after a warm-up; registrations committed "
          "per second, best round", flush=True)
    print(f"{'database':<11}{'':>8}{'edu':>10}{'hand SQL':>13}{'ratio':>8}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="edu-bench-reg-"))
    measure(f"sqlite:///{work / 'bench.sqlite3'}", work, 1, args)
    cpu_per_registration(work, args.seconds)
    from tests.support import create_postgres_database, drop_postgres_database

    for workers in (1, 2):
        url = create_postgres_database(f"bench{workers}")
        pg = url.replace("postgresql://", "postgresql+psycopg://", 1)
        try:
            measure(pg, work, workers, args)
        finally:
            drop_postgres_database(url)


if __name__ == "__main__":
    main()
