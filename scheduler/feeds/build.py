"""VCALENDAR bytes from plain event records: the same records always give the same bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from scheduler.feeds.ical import (
    CRLF,
    date_stamp,
    escape_text,
    fold,
    local_stamp,
    utc_stamp,
    vtimezone,
    zone,
)

PRODID = "-//KPU Provinsi Nusa Tenggara Barat//edu kalender 1.0//ID"


@dataclass(frozen=True)
class FeedEvent:
    """One VEVENT. `start`/`end` are aware datetimes shown in `tzid`, or dates (all day, end
    exclusive). `stamp` is the last change (DTSTAMP and LAST-MODIFIED): deterministic."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    tzid: str
    stamp: datetime
    sequence: int = 0
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED
    created: datetime | None = None
    description: str = ""
    location: str = ""
    url: str | None = None
    categories: tuple[str, ...] = ()
    transparent: bool = False


@dataclass(frozen=True)
class Feed:
    """A whole calendar: its name, refresh hints and events."""

    name: str
    tzid: str
    events: list[FeedEvent] = field(default_factory=list)
    description: str = ""
    source_url: str | None = None
    refresh: timedelta = timedelta(hours=1)


def duration(value: timedelta) -> str:
    """An RFC 5545 DURATION of whole minutes or more (PT1H, P1D, PT90M)."""
    minutes = int(value.total_seconds()) // 60
    if minutes % 1440 == 0:
        return f"P{minutes // 1440}D"
    if minutes % 60 == 0:
        return f"PT{minutes // 60}H"
    return f"PT{minutes}M"


def _when(name: str, value: datetime | date, tzid: str) -> str:
    if isinstance(value, datetime):
        return f"{name};TZID={tzid}:{local_stamp(value, zone(tzid))}"
    return f"{name};VALUE=DATE:{date_stamp(value)}"


def _event_lines(ev: FeedEvent) -> list[str]:
    stamp = utc_stamp(ev.stamp)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{ev.uid}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
    ]
    if ev.created is not None:
        lines.append(f"CREATED:{utc_stamp(ev.created)}")
    lines += [
        f"SEQUENCE:{ev.sequence}",
        _when("DTSTART", ev.start, ev.tzid),
        _when("DTEND", ev.end, ev.tzid),
        f"SUMMARY:{escape_text(ev.summary)}",
        f"STATUS:{ev.status}",
        "TRANSP:TRANSPARENT" if ev.transparent else "TRANSP:OPAQUE",
    ]
    if ev.location:
        lines.append(f"LOCATION:{escape_text(ev.location)}")
    if ev.description:
        lines.append(f"DESCRIPTION:{escape_text(ev.description)}")
    if ev.url:
        lines.append(f"URL:{_uri(ev.url)}")
    if ev.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in ev.categories))
    lines.append("END:VEVENT")
    return lines


def _uri(value: str) -> str:
    # A URI value is not TEXT-escaped; characters that may not appear in one are encoded.
    return value.replace(" ", "%20").replace("\r", "").replace("\n", "")


def build_feed(feed: Feed) -> bytes:
    """The feed as UTF-8 bytes: CRLF, 75-octet folds, one VTIMEZONE per zone used, no METHOD
    and no ORGANIZER (either makes clients treat the feed as an invitation to answer)."""
    refresh = duration(feed.refresh)
    name = escape_text(feed.name)
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
    ]
    if feed.description:
        head += [
            f"DESCRIPTION:{escape_text(feed.description)}",
            f"X-WR-CALDESC:{escape_text(feed.description)}",
        ]
    head += [
        f"X-WR-TIMEZONE:{feed.tzid}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
    ]
    if feed.source_url:
        head.append(f"SOURCE;VALUE=URI:{_uri(feed.source_url)}")
    zones = sorted({feed.tzid} | {ev.tzid for ev in feed.events})
    for tzid in zones:
        head += vtimezone(tzid)
    out = [fold(line.encode()) for line in head]
    for ev in feed.events:
        out += [fold(line.encode()) for line in _event_lines(ev)]
    out.append(b"END:VCALENDAR")
    return CRLF.join(out) + CRLF
