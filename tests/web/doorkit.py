"""Sessions whose door is open now, for the check-in tests (HTTP and browser)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from edu.db import Database
from edu.registrations.service import Registered
from tests.edu.sessionkit import details, plan, sign_up, staff

WITA = ZoneInfo("Asia/Makassar")


def today_start() -> datetime:
    """Half an hour from now if that is still today in WITA, else ten minutes ago: a session
    that starts then is today's, and its check-in is open."""
    now = datetime.now(UTC).replace(microsecond=0)
    soon = now + timedelta(minutes=30)
    if soon.astimezone(WITA).date() == now.astimezone(WITA).date():
        return soon
    return now - timedelta(minutes=10)


def door_open(database: Database, people: int = 2, region: str = "5271", **kw: object
              ) -> tuple[int, list[Registered]]:
    """A published session starting in half an hour (check-in is open) and its people,
    named `Peserta 0`, `Peserta 1` …"""
    sid = plan(database, staff(database, region="52"),
               start=datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30),
               region=region, **kw)
    done = [sign_up(database, sid, details(f"Peserta {i}")) for i in range(people)]
    return sid, [d for d in done if isinstance(d, Registered)]
