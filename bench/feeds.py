"""Calendar feed speed, as ratios measured in one run.

1. A cached feed request (one read of the data version, bytes from the cache) against uvicorn
   serving the same bytes as a static file (Starlette's StaticFiles), for a personal feed, a
   region's feed and a 2,000-event public feed.
2. A 304 answer to If-None-Match against the same static serving (200), and against the
   static server's own 304.
3. Building a 2,000-event public feed (our line writer) against the plain icalendar package
   building the same feed naively (Event objects, add_missing_timezones, to_ical); the built
   feed is then run through shared/tools/icalcheck.

Both servers are single uvicorn processes started here; one client in this process sends
keep-alive requests over a few connections in alternating rounds, so machine noise hits both.

    .venv/bin/python -m bench.feeds [--seconds 2] [--rounds 3] [--events 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from bench.load import get, one, rate, start

KEY = b"bench-secret-key"
TITLES = ['Sosialisasi "Pemilu Damai"; hak, kewajiban & tata cara 🗳️',
          "Diskusi: Perempuan; Politik, dan \"Suara\" — 'Kartini'",
          "Gelar wicara pemilih pemula, SMAN 1; Mataram"]
REGIONS = ["5201", "5202", "5203", "5204", "5205", "5206", "5207", "5208", "5271", "5272"]


# --- data -----------------------------------------------------------------------------------------


def seed(url: str, events: int) -> str:
    """A migrated database with `events` published sessions in the feed window and one
    participant registered in three; returns that participant's feed secret."""
    from edu.calendar.service import calendar_secret, ensure_calendar_secret
    from edu.db import Database
    from edu.migrations.runner import upgrade
    from edu.participants.models import Participant
    from edu.registrations.models import Registration, RegistrationStatus
    from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus

    db = Database(url)
    upgrade(db.engine)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    segments = list(Segment)
    with db.transaction() as s:
        rows = []
        for n in range(events):
            start = now + timedelta(days=n % 170, hours=n % 9)
            rows.append(EduSession(
                title=f"{TITLES[n % 3]} #{n}", description="Bawa KTP-el; datang 15 menit "
                "lebih awal, ya!\nNarasumber: Ibu Baiq \"Nurul\" Aini.",
                segment=segments[n % len(segments)], format=SessionFormat.IN_PERSON,
                venue_name="Aula KPU", venue_address="Jl. Langko No. 72, Mataram",
                starts_at=start, ends_at=start + timedelta(hours=2), capacity=100,
                status=SessionStatus.PUBLISHED, region_code=REGIONS[n % len(REGIONS)],
                sequence=n % 4))
        s.add_all(rows)
        p = Participant(full_name="Baiq", email="baiq@contoh.id", consent_at=now,
                        consent_purpose="bench", region_code="5271")
        s.add(p)
        s.flush()
        ensure_calendar_secret(KEY, p)
        for i, row in enumerate(rows[:3]):
            s.add(Registration(session_id=row.id, participant_id=p.id, ticket_hash=f"t{i}",
                               status=RegistrationStatus.CONFIRMED))
        secret = calendar_secret(KEY, p)
    db.dispose()
    return secret


# --- servers ----------------------------------------------------------------------------------


def app():
    """uvicorn factory: the real app on the bench database."""
    from edu.app import create_app
    from edu.config import Settings

    settings = Settings(data_dir=Path(os.environ["BENCH_DIR"]),
                        database_url=os.environ["BENCH_DB"],
                        public_url=f"http://127.0.0.1:{os.environ['BENCH_PORT']}",
                        secret_key=KEY, production=True)
    return create_app(settings)


def static_app():
    """uvicorn factory: the same bytes as static files (ETag, Last-Modified and 304 included)."""
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    return Starlette(routes=[Mount("/", StaticFiles(directory=os.environ["BENCH_STATIC"]))])


def rps(port: int, request: bytes, seconds: float, expect: int = 200) -> float:
    """Requests per second of one request over four keep-alive connections."""
    return rate(port, request, seconds, connections=4, expect=expect)


# --- building ---------------------------------------------------------------------------------


def naive_icalendar(sessions, zones: dict[str, str], domain: str) -> bytes:
    """What the plain icalendar package does when used the obvious way."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//naive//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Pendidikan Pemilih")
    for s in sessions:
        tz = ZoneInfo(zones.get(s.region_code, "Asia/Makassar"))
        ev = icalendar.Event()
        ev.add("uid", f"sesi-{s.id}@{domain}")
        ev.add("dtstamp", s.updated_at)
        ev.add("last-modified", s.updated_at)
        ev.add("sequence", s.sequence)
        ev.add("dtstart", s.starts_at.astimezone(tz))
        ev.add("dtend", s.ends_at.astimezone(tz))
        ev.add("summary", s.title)
        ev.add("location", f"{s.venue_name}, {s.venue_address}")
        ev.add("description", s.description)
        ev.add("status", "CONFIRMED")
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()


T = TypeVar("T")


def best(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def bench_build(url: str, events: int, rounds: int) -> Path:
    from edu.calendar import service as cal
    from edu.config import Settings
    from edu.db import Database, utcnow
    from scheduler.feeds.build import Feed, build_feed
    from scheduler.feeds.events import session_event
    from scheduler.feeds.feeds import public_feed
    from scheduler.feeds.http import FeedCache

    db = Database(url)
    settings = Settings(data_dir=Path("."), database_url=url, public_url="https://edu.example.id",
                        secret_key=KEY, production=True)
    with db.reader() as s:
        scope = cal.public_scope(s)
        window = cal.Window.around(utcnow())
        sessions = cal.public_feed_sessions(s, scope, window)
        zones = cal.office_timezones(s)
        assert len(sessions) == events, len(sessions)

        stamps = cal.session_stamps(s, [x.id for x in sessions])

        def ours() -> bytes:
            evs = [session_event(x, tzid=zones[x.region_code], domain="edu.example.id",
                                 stamp=stamps.get(x.id, x.created_at)) for x in sessions]
            return build_feed(Feed(name="Pendidikan Pemilih", tzid="Asia/Makassar", events=evs))

        t_ours, body = best(ours, 3 * rounds + 2)
        t_naive, _ = best(lambda: naive_icalendar(sessions, zones, "edu.example.id"), rounds + 2)
        cache = FeedCache()
        t_full, _ = best(lambda: public_feed(s, settings, FeedCache(), scope), rounds)
        public_feed(s, settings, cache, scope)
        t_cached, _ = best(lambda: public_feed(s, settings, cache, scope), rounds + 5)
    db.dispose()
    print(f"\nbuilding a {events}-event public feed ({len(body) / 1e6:.2f} MB), best of runs:")
    print(f"  ours (records -> bytes)          {t_ours * 1e3:8.1f} ms")
    print(f"  plain icalendar, naive           {t_naive * 1e3:8.1f} ms")
    print(f"  ratio icalendar / ours           {t_naive / t_ours:8.1f} x")
    print(f"  whole uncached feed (query+build){t_full * 1e3:8.1f} ms")
    print(f"  inner cache (its version query) {t_cached * 1e3:8.2f} ms"
          f"   ratio uncached / cached {t_full / t_cached:.0f} x")
    path = Path(tempfile.mkdtemp()) / "public.ics"
    path.write_bytes(body)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_feeds_"))
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    secret = seed(url, args.events)
    ics = bench_build(url, args.events, args.rounds)
    check = Path(__file__).resolve().parents[2] / "shared" / "tools" / "icalcheck" / "check"
    if check.exists():
        run = subprocess.run([str(check), str(ics)], capture_output=True, text=True, check=False)
        verdict = "clean" if run.returncode == 0 else "FLAGGED\n" + run.stdout
        print(f"  icalcheck on the {args.events}-event feed: {verdict}")

    static = work / "static"
    static.mkdir()
    env = {"BENCH_DB": url, "BENCH_DIR": str(work), "BENCH_STATIC": str(static)}
    ours, plain = 18771, 18772
    servers = [start("bench.feeds:app", ours, env), start("bench.feeds:static_app", plain, env)]
    try:
        cases = [("personal feed (3 events)", f"/calendar/p/{secret}.ics", "personal.ics"),
                 (f"a region's feed ({args.events // len(REGIONS)} events)",
                  "/calendar/sessions.ics?region=5271", "region.ics"),
                 (f"public feed ({args.events} events)", "/calendar/sessions.ics", "public.ics")]
        print(f"\nHTTP, one uvicorn process each, {args.rounds} alternating rounds of "
              f"{args.seconds:.0f} s, 4 keep-alive connections (requests/s, best round):")
        for label, path, name in cases:
            _, headers, body = asyncio.run(one(ours, get(path)))
            (static / name).write_bytes(body)
            _, static_headers, _ = asyncio.run(one(plain, get(f"/{name}")))
            inm = {"If-None-Match": headers["etag"]}
            static_inm = {"If-None-Match": static_headers["etag"]}
            results: dict[str, list[float]] = {k: [] for k in ("ours", "static", "304",
                                                                "static304")}
            for _ in range(args.rounds):
                results["ours"].append(rps(ours, get(path), args.seconds))
                results["static"].append(rps(plain, get(f"/{name}"), args.seconds))
                results["304"].append(rps(ours, get(path, inm), args.seconds, expect=304))
                results["static304"].append(rps(plain, get(f"/{name}", static_inm),
                                                args.seconds, expect=304))
            r = {k: max(v) for k, v in results.items()}
            print(f"  {label}, {len(body):,} bytes")
            print(f"    cached feed 200 {r['ours']:8.0f}   static file 200 {r['static']:8.0f}"
                  f"   ratio {r['ours'] / r['static']:.2f}")
            print(f"    feed 304        {r['304']:8.0f}   static file 200 {r['static']:8.0f}"
                  f"   ratio {r['304'] / r['static']:.2f}")
            print(f"    feed 304        {r['304']:8.0f}   static file 304 {r['static304']:8.0f}"
                  f"   ratio {r['304'] / r['static304']:.2f}")
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
