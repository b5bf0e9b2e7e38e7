"""A large database for measuring cost as data grows: the demo, then by default 100,000
participants, 5,000 sessions, 200,000 registrations and 2,000 internships, in bulk.

Growth is accumulated history, so that is what is generated: a commission's ten kabupaten/kota
offices add sessions month by month, year after year. The demo covers about five months
around today (48 sessions from 60 days back to 84 ahead: one session every three days in the
province, about one per office a month). Here:

- CURRENT: 48 sessions spread over the demo's own span at its density, so that a month or a
  feed window of the big database holds about twice the demo's sessions (the demo's and as
  many again), not ten times: the tables grow about a hundredfold, a month does not.
- HISTORY: the rest (4,952 by default) start in the ten years before the demo's first day
  (HISTORY_YEARS): 120 months of ten offices, about four sessions per office a month (a
  busier commission than the demo's quiet months; election years are busier still).

Registrations (about forty a session, confirmed up to capacity and then waitlisted, attendance
marked on past sessions) were made in the weeks before their session; internships' placements
follow the same split (most of them finished in past years). Sessions and registrations go in
in the order they were made, as a table that grew over the years holds them.

Rows go in by Core `executemany` in chunks (no ORM objects, no per-row events), with ids
given here so that the links need no round trip; PostgreSQL's id sequences are moved past
them afterwards, so the app keeps inserting normally. The data version is raised once at the
end, and the database is analysed (and on PostgreSQL vacuumed) as one in service would be.

    .venv/bin/python -m bench.generate sqlite:///big.sqlite3 [--participants 100000 ...]
    .venv/bin/python -m bench.generate postgresql+psycopg://user@host/db
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time as clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text

CHUNK = 5000
HISTORY_YEARS = 10
DEMO_STARTS = timedelta(days=-60)  # the demo's sessions (edu/seed.py), from today: 48 of them
DEMO_ENDS = timedelta(days=84)  # over 144 days, one every three days in the province
CURRENT = 48  # generated sessions in the demo's span: as many again, at its density


@dataclass(frozen=True)
class Sizes:
    participants: int = 100_000
    sessions: int = 5_000
    registrations: int = 200_000
    internships: int = 2_000


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i:i + CHUNK]


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(table.insert(), chunk)


def _next_id(conn: Connection, table: Any) -> int:
    return (conn.scalar(select(func.max(table.c.id))) or 0) + 1


def _sessions(rng: random.Random, first: int, n: int, regions: list[str],
              now: datetime) -> list[dict[str, Any]]:
    from edu.sessions.models import Segment, SessionFormat, SessionStatus

    segments = list(Segment)
    current = min(n, CURRENT)
    first_day = now + DEMO_STARTS
    rows = []
    for k in range(n):
        if k < current:
            starts = first_day + (DEMO_ENDS - DEMO_STARTS) * rng.random()
        else:
            starts = first_day - timedelta(days=365 * HISTORY_YEARS) * rng.random()
        starts = starts.replace(minute=0, second=0, microsecond=0)
        made = min(now, starts - timedelta(days=rng.randint(14, 60)))
        past = starts < now
        roll = rng.random()
        if roll < 0.05:
            status = SessionStatus.CANCELLED
        elif past:
            status = SessionStatus.COMPLETED
        elif roll < 0.15:
            status = SessionStatus.DRAFT
        else:
            status = SessionStatus.PUBLISHED
        rows.append({
            "description": "Pendidikan pemilih; tanya jawab dan simulasi pencoblosan.",
            "segment": segments[k % len(segments)], "format": SessionFormat.IN_PERSON,
            "venue_name": "Aula Kantor", "venue_address": "Jl. Pejanggik No. 1",
            "starts_at": starts, "ends_at": starts + timedelta(hours=2),
            "capacity": rng.choice([25, 40, 60]), "confirmed_count": 0, "waitlist_count": 0,
            "status": status, "region_code": rng.choice(regions),
            "cancelled_at": min(now, starts - timedelta(days=2))
            if status is SessionStatus.CANCELLED else None,
            "cancel_reason": "Cuaca buruk" if status is SessionStatus.CANCELLED else None,
            "created_at": made, "updated_at": made,
        })
    return _in_order_made(rows, first, lambda row, rid: row.update(
        title=f"Sosialisasi Pemilih #{rid}"))


def _in_order_made(rows: list[dict[str, Any]], first: int,
                   name: Callable[[dict[str, Any], int], None]) -> list[dict[str, Any]]:
    """The rows in the order they were made, numbered so: a table that grew over years holds
    each period's rows together, not a session's registrations spread over all its pages."""
    rows.sort(key=lambda row: row["created_at"])
    for k, row in enumerate(rows):
        row["id"] = first + k
        name(row, first + k)
    return rows


def _participants(rng: random.Random, first: int, n: int, regions: list[str],
                  now: datetime) -> list[dict[str, Any]]:
    from edu.participants.models import Gender

    genders = [Gender.FEMALE, Gender.MALE, None]
    return [{
        "id": first + k, "full_name": f"Peserta Besar {first + k}",
        "email": f"besar{first + k}@contoh.id", "gender": rng.choice(genders),
        "birth_date": date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28)),
        "disability": rng.random() < 0.03, "region_code": rng.choice(regions),
        "consent_at": now, "consent_purpose": "Pendaftaran sesi pendidikan pemilih",
        "calendar_version": 1, "created_at": now,
    } for k in range(n)]


def _registrations(rng: random.Random, first: int, n: int, sessions: list[dict[str, Any]],
                   people: range, now: datetime) -> list[dict[str, Any]]:
    from edu.registrations.models import AttendanceStatus, RegistrationStatus
    from edu.sessions.models import SessionStatus

    open_ = [s for s in sessions if s["status"] is not SessionStatus.DRAFT]
    rows: list[dict[str, Any]] = []
    taken: set[tuple[int, int]] = set()
    attendance = list(AttendanceStatus)
    while len(rows) < n:
        s = open_[len(rows) % len(open_)]  # round robin: about n / len(open_) each
        pid = rng.choice(people)
        if (s["id"], pid) in taken:
            continue
        taken.add((s["id"], pid))
        made = min(now, s["starts_at"] - timedelta(days=rng.randint(1, 14)))
        row: dict[str, Any] = {
            "session_id": s["id"], "participant_id": pid, "source": "SELF",
            "created_at": made, "consent_at": made,
            "waitlist_position": None, "confirmed_at": None, "attendance_status": None,
            "attendance_recorded_at": None,
        }
        if s["confirmed_count"] < s["capacity"]:
            s["confirmed_count"] += 1
            row["status"], row["confirmed_at"] = RegistrationStatus.CONFIRMED, made
            if s["status"] is SessionStatus.COMPLETED:
                row["attendance_status"] = rng.choices(attendance, weights=[78, 9, 5, 8])[0]
                row["attendance_recorded_at"] = s["starts_at"]
        else:
            s["waitlist_count"] += 1
            row["status"] = RegistrationStatus.WAITLISTED
            row["waitlist_position"] = s["waitlist_count"]
        rows.append(row)
    return _in_order_made(rows, first, lambda row, rid: row.update(
        ticket_hash=hashlib.sha256(f"generated-{rid}".encode()).hexdigest()))


def _midday(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


def _internships(conn: Connection, rng: random.Random, n: int, regions: list[str],
                 now: datetime) -> None:
    from edu.internships.models import Internship, InternshipStatus, Placement, Student
    from edu.universities.models import University

    if n == 0:
        return
    uni = _next_id(conn, University.__table__)
    _insert(conn, University.__table__, [{
        "id": uni, "code": f"BESAR{uni}", "name": "Universitas Data Besar", "created_at": now}])
    places, first_place = max(1, n // 10), _next_id(conn, Placement.__table__)
    current = max(1, places // 20)  # as the sessions: most placements ended in past years
    today = now.date()
    starts = [today + DEMO_STARTS if k < current
              else today + DEMO_STARTS - timedelta(days=rng.randint(1, 365 * HISTORY_YEARS))
              for k in range(places)]
    _insert(conn, Placement.__table__, [{
        "id": first_place + k, "title": f"Magang Pendidikan Pemilih {k}",
        "unit": "Divisi Sosdiklih",
        "region_code": rng.choice(regions), "starts_on": starts[k],
        "ends_on": starts[k] + timedelta(days=120), "quota": 12, "required_hours": 120,
        "accepted_count": 0, "description": "", "created_at": now, "updated_at": now,
    } for k in range(places)])
    first_student = _next_id(conn, Student.__table__)
    _insert(conn, Student.__table__, [{
        "id": first_student + k, "university_id": uni, "full_name": f"Mahasiswa {k}",
        "email": f"mhs{first_student + k}@kampus.ac.id", "student_number": f"B{k:07d}",
        "study_program": "Ilmu Politik", "created_at": now, "updated_at": now,
    } for k in range(n)])
    statuses = list(InternshipStatus)
    ended = [InternshipStatus.COMPLETED] * 8 + [InternshipStatus.REJECTED,
                                                InternshipStatus.WITHDRAWN]
    _insert(conn, Internship.__table__, [{
        "placement_id": first_place + k % places, "student_id": first_student + k,
        "status": rng.choice(statuses if k % places < current else ended),
        "applied_at": min(now, _midday(starts[k % places] - timedelta(days=30))),
        "minutes_logged": 0, "minutes_approved": 0, "updated_at": now,
    } for k in range(n)])


def generate(url: str, sizes: Sizes, seed: int = 14) -> dict[str, float]:
    """Build the demo and the bulk rows on `url` (migrated here); seconds per step."""
    import edu.models  # noqa: F401
    from edu.config import Settings
    from edu.db import Database, utcnow
    from edu.migrations.runner import upgrade
    from edu.offices.models import Region
    from edu.participants.models import Participant
    from edu.perf.data_version import BUMP
    from edu.registrations.models import Registration
    from edu.seed import seed_demo
    from edu.sessions.models import EduSession

    took: dict[str, float] = {}
    started = clock.perf_counter()
    database = Database(url)
    upgrade(database.engine)
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="edu-generate-")),
                        database_url=url, public_url="https://edu.example.id",
                        secret_key=b"bench-secret-key", production=True)
    seed_demo(database, settings)
    took["demo"] = clock.perf_counter() - started
    rng = random.Random(seed)
    now = utcnow().replace(microsecond=0)
    with database.engine.begin() as conn:
        regions = list(conn.scalars(select(Region.code).where(Region.level != "PROVINCE")))
        step = clock.perf_counter()
        first_p = _next_id(conn, Participant.__table__)
        _insert(conn, Participant.__table__,
                _participants(rng, first_p, sizes.participants, regions, now))
        took["participants"] = clock.perf_counter() - step
        step = clock.perf_counter()
        sessions = _sessions(rng, _next_id(conn, EduSession.__table__), sizes.sessions,
                             regions, now)
        regs = _registrations(rng, _next_id(conn, Registration.__table__),
                              sizes.registrations, sessions,
                              range(first_p, first_p + sizes.participants), now)
        _insert(conn, EduSession.__table__, sessions)
        took["sessions"] = clock.perf_counter() - step
        step = clock.perf_counter()
        _insert(conn, Registration.__table__, regs)
        took["registrations"] = clock.perf_counter() - step
        step = clock.perf_counter()
        _internships(conn, rng, sizes.internships, regions, now)
        took["internships"] = clock.perf_counter() - step
        if conn.dialect.name == "postgresql":
            for table in ("participants", "sessions", "registrations", "universities",
                          "placements", "students", "internships"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
        conn.execute(BUMP)  # the caches of running processes see new data
    step = clock.perf_counter()
    # A database in service has been vacuumed (autovacuum) as well as analysed; the vacuum
    # also marks pages all-visible, which PostgreSQL's index-only scans need.
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
    took["analyze"] = clock.perf_counter() - step
    took["total"] = clock.perf_counter() - started
    database.dispose()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="an empty database (SQLAlchemy URL)")
    defaults = Sizes()
    for name in ("participants", "sessions", "registrations", "internships"):
        parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
    args = parser.parse_args()
    sizes = Sizes(args.participants, args.sessions, args.registrations, args.internships)
    began = datetime.now(UTC)
    took = generate(args.url, sizes)
    print(f"generated {sizes} in {took['total']:.0f} s (started {began:%H:%M} UTC)")
    for step, seconds in took.items():
        print(f"  {step:<14}{seconds:8.1f} s")


if __name__ == "__main__":
    main()
