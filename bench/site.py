"""Public site speed, as ratios measured in one run: requests/s of the home page (`/`, 50
upcoming sessions) and of a session page (with its registration form) against uvicorn serving
the same bytes as static files (Starlette's StaticFiles). Also each page's weight (HTML + CSS).

Both servers are single uvicorn processes started here; one client in this process sends
keep-alive requests over a few connections in alternating rounds, so machine noise hits both.

    .venv/bin/python -m bench.site [--seconds 2] [--rounds 3] [--sessions 50]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.feeds import REGIONS, TITLES, rps
from bench.load import get, one, start


def seed(url: str, sessions: int) -> int:
    """A migrated database with `sessions` upcoming published sessions; the first one's id."""
    from edu.db import Database
    from edu.migrations.runner import upgrade
    from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus

    db = Database(url)
    upgrade(db.engine)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    segments = list(Segment)
    with db.transaction() as s:
        rows = [EduSession(
            title=f"{TITLES[n % 3]} #{n}", description="Bawa KTP-el; datang 15 menit lebih awal.",
            segment=segments[n % len(segments)], format=SessionFormat.IN_PERSON,
            venue_name="Aula KPU", venue_address="Jl. Langko No. 72, Mataram",
            starts_at=now + timedelta(days=1 + n, hours=n % 9),
            ends_at=now + timedelta(days=1 + n, hours=n % 9 + 2), capacity=100,
            confirmed_count=n % 101, status=SessionStatus.PUBLISHED,
            region_code=REGIONS[n % len(REGIONS)]) for n in range(sessions)]
        s.add_all(rows)
        s.flush()
        first = rows[0].id
    db.dispose()
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_site_"))
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    first = seed(url, args.sessions)
    static = work / "static"
    static.mkdir()
    env = {"BENCH_DB": url, "BENCH_DIR": str(work), "BENCH_STATIC": str(static)}
    ours, plain = 18781, 18782
    # bench.feeds' factories: the real app, and StaticFiles over BENCH_STATIC.
    servers = [start("bench.feeds:app", ours, env), start("bench.feeds:static_app", plain, env)]
    try:
        cases = [(f"home page ({args.sessions} upcoming, first page shown)",
                  "/?halaman=1", "home.html"),
                 ("session page with its form", f"/sesi/{first}", "session.html")]
        print(f"HTTP, one uvicorn process each, {args.rounds} alternating rounds of "
              f"{args.seconds:.0f} s, 4 keep-alive connections (requests/s, best round):")
        for label, path, name in cases:
            status, _, body = asyncio.run(one(ours, get(path)))
            assert status == 200, (path, status)
            (static / name).write_bytes(body)
            css = re.search(rb'href="(/static/[^"]+\.css)"', body)
            assert css
            _, _, sheet = asyncio.run(one(ours, get(css.group(1).decode())))
            ours_rps, static_rps = [], []
            for _ in range(args.rounds):
                ours_rps.append(rps(ours, get(path), args.seconds))
                static_rps.append(rps(plain, get(f"/{name}"), args.seconds))
            a, b = max(ours_rps), max(static_rps)
            print(f"  {label}: {len(body):,} bytes HTML + {len(sheet):,} bytes CSS, no script")
            print(f"    page {a:8.0f}   static file {b:8.0f}   ratio {a / b:.2f}")
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
