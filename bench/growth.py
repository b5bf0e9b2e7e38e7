"""Cost as data grows: the same requests on the demo database and on a large one
(bench/generate.py), as a ratio big / demo measured in one process.

Both apps run in this process and are called through ASGI (no network), in alternating
rounds; each GraphQL request carries an extra, unused variable that changes every time, so
no remembered answer is served and every answer is computed. The feed is built afresh by its
service (a new feed cache each time). Cases: the public list (PublicSessions, 50), the
contract's 50-session staff page (an education officer of the province), a roster page (50
of the fullest session), a kabupaten's public feed, and a one-month participation report of
that kabupaten.

Each line shows the rows the answer holds on either database (sessions of a page, events of a
feed, registrations added up by a report): a page of 50 of the demo's public sessions holds
only the 26 it has, so a page of 25, full on both, is measured too. A feed or a report returns
every row of its window, so its cost grows with those rows and no index avoids that: a second
table shows it on the big database, Kota Mataram's feed and month beside the whole
province's (about ten times the rows), with the cost per row returned.

    .venv/bin/python -m bench.growth [--big sqlite:///big.sqlite3] [--demo sqlite:///...]
        [--rounds 3] [--calls 20]

Without --big (or --demo) the database is generated here first (minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable, MutableMapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson

from bench.generate import Sizes, generate
from bench.graphql import PAGE

KEY = b"bench-secret-key"
REGION = "5271"
PROVINCE = "52"  # ten kabupaten/kota: about ten times Kota Mataram's rows
PARTICIPATION = """query($f: ParticipationFilter!) { participation(filter: $f) {
  totals { sessions registered attended } rows { regionCode segment gender registered } } }"""


class Target:
    """One database, its app and what the requests need (a token, the fullest session)."""

    def __init__(self, url: str) -> None:
        from strawberry.relay.utils import to_base64

        from edu.app import create_app
        from edu.auth.models import Role
        from edu.auth.service import create_staff_token
        from edu.config import Settings
        from edu.db import Database, utcnow
        from edu.sessions.models import EduSession

        self.settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="edu-growth-")),
                                 database_url=url, public_url="https://edu.example.id",
                                 secret_key=KEY, production=True)
        self.database = Database(url)
        with self.database.transaction() as db:
            self.token = create_staff_token(db, role=Role.EDUCATION_OFFICER, name="Bench",
                                            region_code="52")
            fullest = db.query(EduSession.id).order_by(
                (EduSession.confirmed_count + EduSession.waitlist_count).desc()).first()
        assert fullest is not None
        self.roster_id = to_base64("Session", fullest[0])
        self.today = utcnow().date()
        self.app = create_app(self.settings, self.database)
        self.n = 0

    async def graphql(self, query: str, variables: dict[str, Any], token: bool) -> bytes:
        self.n += 1
        params = urlencode({"query": query,
                            "variables": orjson.dumps({**variables, "n": self.n}).decode()})
        headers = [(b"host", b"bench")]
        if token:
            headers.append((b"authorization", f"Bearer {self.token}".encode()))
        scope = {"type": "http", "method": "GET", "path": "/graphql", "raw_path": b"/graphql",
                 "root_path": "", "query_string": params.encode(), "headers": headers,
                 "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 9),
                 "http_version": "1.1", "state": {}}
        sent: list[MutableMapping[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(message)

        await self.app(scope, receive, send)
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        assert sent[0]["status"] == 200 and b'"errors"' not in body, body[:300]
        return body

    def feed(self, region: str = REGION) -> int:
        """Build a region's public feed afresh; its number of events."""
        from edu.calendar import service as cal
        from scheduler.feeds.feeds import public_feed
        from scheduler.feeds.http import FeedCache

        with self.database.reader() as db:
            built = public_feed(db, self.settings, FeedCache(), cal.public_scope(db, region=region))
        return built.body.count(b"BEGIN:VEVENT")

    def month(self, region: str = REGION) -> dict[str, Any]:
        return {"from": (self.today - timedelta(days=30)).isoformat(),
                "to": self.today.isoformat(), "regionCode": region}

    async def page(self, query: str, variables: dict[str, Any], token: bool) -> int:
        """A GraphQL page; its number of edges."""
        return _edges(orjson.loads(await self.graphql(query, variables, token)))

    async def report(self, region: str) -> int:
        """A month's participation report of a region; the registrations it adds up."""
        body = await self.graphql(PARTICIPATION, {"f": self.month(region)}, True)
        return int(orjson.loads(body)["data"]["participation"]["totals"]["registered"])

    def cases(self) -> dict[str, Callable[[], Any]]:
        from tests.support import client_operation

        public, roster = client_operation("PublicSessions"), client_operation("SessionRoster")
        return {
            "public list (50)": lambda: self.page(public, {"first": 50}, False),
            "public list (25)": lambda: self.page(public, {"first": 25}, False),
            "staff 50-session page": lambda: self.page(PAGE, {}, True),
            "roster page (50)": lambda: self.page(roster, {"id": self.roster_id, "first": 50},
                                                  True),
            f"feed of {REGION} (built)": self.feed,
            "participation, a month": lambda: self.report(REGION),
        }

    def busier(self) -> dict[str, Callable[[], Any]]:
        """Kota Mataram's feed and month beside the province's: each returns its rows."""
        return {f"feed of {REGION} (built)": self.feed,
                f"feed of {PROVINCE} (built)": lambda: self.feed(PROVINCE),
                f"participation, {REGION}": lambda: self.report(REGION),
                f"participation, {PROVINCE}": lambda: self.report(PROVINCE)}


def _time(fn: Callable[[], Any], calls: int) -> float:
    """Mean seconds per call over `calls` calls."""
    async def run() -> float:
        began = time.perf_counter()
        for _ in range(calls):
            await _result(fn)
        return (time.perf_counter() - began) / calls
    return asyncio.run(run())


def _edges(answer: Any) -> int:
    """The length of the first `edges` list in a GraphQL answer."""
    if isinstance(answer, dict):
        if isinstance(answer.get("edges"), list):
            return len(answer["edges"])
        return next((n for n in map(_edges, answer.values()) if n >= 0), -1)
    return -1


async def _result(fn: Callable[[], Any]) -> Any:
    out = fn()
    return await out if asyncio.iscoroutine(out) else out


def _busier(big: Target, rounds: int, calls: int) -> None:
    """Cost per row returned, on the big database: the province's window beside one city's."""
    cases = big.busier()
    rows = {name: asyncio.run(_result(case)) for name, case in cases.items()}
    best = {name: min(_time(case, calls) for _ in range(rounds)) for name, case in cases.items()}
    print(f"\nbig database, cost as a window's rows grow (best of {rounds} rounds)")
    print(f"{'request':<28}{'rows':>9}{'ms':>9}{'ms/row':>10}")
    for name in cases:
        print(f"{name:<28}{rows[name]:>9}{best[name] * 1e3:>9.2f}"
              f"{best[name] * 1e3 / max(rows[name], 1):>10.3f}")


def _counts(url: str) -> str:
    from sqlalchemy import func, select

    from edu.db import Database
    from edu.participants.models import Participant
    from edu.registrations.models import Registration
    from edu.sessions.models import EduSession

    database = Database(url)
    with database.reader() as db:
        out = (f"{db.scalar(select(func.count()).select_from(Participant)):,} participants, "
               f"{db.scalar(select(func.count()).select_from(EduSession)):,} sessions, "
               f"{db.scalar(select(func.count()).select_from(Registration)):,} registrations")
    database.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", help="a database holding the demo only")
    parser.add_argument("--big", help="a database made by bench.generate")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="edu-growth-"))
    demo_url = args.demo or f"sqlite:///{work / 'demo.sqlite3'}"
    big_url = args.big or f"sqlite:///{work / 'big.sqlite3'}"
    if not args.demo:
        generate(demo_url, Sizes(0, 0, 0, 0))
    if not args.big:
        generate(big_url, Sizes())
    print(f"demo: {_counts(demo_url)}\nbig:  {_counts(big_url)}")
    demo, big = Target(demo_url), Target(big_url)
    names = list(demo.cases())
    best: dict[tuple[str, str], float] = {}
    for fn in (demo.cases(), big.cases()):  # warm both: prepared queries, loaded regions
        for case in fn.values():
            _time(case, 2)
    for _ in range(args.rounds):
        for label, target in (("demo", demo), ("big", big)):
            for name, case in target.cases().items():
                t = _time(case, args.calls)
                best[(label, name)] = min(best.get((label, name), t), t)
    rows = {(label, name): asyncio.run(_result(case))
            for label, target in (("demo", demo), ("big", big))
            for name, case in target.cases().items()}
    print(f"best of {args.rounds} rounds of {args.calls} calls, ms per call")
    print(f"{'request':<28}{'rows':>11}{'demo':>9}{'big':>9}{'big/demo':>10}")
    for name in names:
        d, b = best[("demo", name)], best[("big", name)]
        counted = f"{rows[('demo', name)]}/{rows[('big', name)]}"
        print(f"{name:<28}{counted:>11}{d * 1e3:>9.2f}{b * 1e3:>9.2f}{b / d:>10.2f}")
    _busier(big, args.rounds, args.calls)


if __name__ == "__main__":
    main()
