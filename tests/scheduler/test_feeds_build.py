"""The feed builder: exact RFC 5545 text, proven by the parsers calendar clients use."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus
from scheduler.feeds.build import Feed, FeedEvent, build_feed, duration
from scheduler.feeds.events import session_event
from scheduler.feeds.ical import escape_text, fold
from tests.scheduler.feedcheck import check, instants, z

NASTY = [
    'Sosialisasi "Pemilu Damai"; hak, kewajiban & tata cara 🗳️✅',
    "Diskusi: Perempuan; Politik, dan \"Suara\" — 'Kartini' 👩🏽‍⚖️",
    "Gelar wicara\\pemilih pemula, SMAN 1; Mataram 🇮🇩 " + "é" * 40,
    "Pelatihan relawan demokrasi:\nbaris baru;\r\nkoma, titik koma; kutip \"ganda\"",
]
DESCRIPTION = (
    "Bawa KTP-el; datang 15 menit lebih awal, ya!\nNarasumber: Ibu Baiq \"Nurul\" Aini, S.IP.\r\n"
    "Jalur berkas: C:\\materi\\sesi-42.pdf — gratis 🎉🎉🎉 " + "ü" * 60 + "\n\nSelesai."
)
WITA = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)  # 09.00 WITA


def plain(text: str) -> str:
    """A text as a client shows it: every line break a plain newline."""
    return text.replace("\r\n", "\n")


def unfold(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def test_escape_text_escapes_exactly_what_rfc5545_asks() -> None:
    assert escape_text('a,b;c\\d\ne\r\nf"g:h') == 'a\\,b\\;c\\\\d\\ne\\nf"g:h'
    assert escape_text("bel\x07 tab\t") == "bel tab\t"
    assert escape_text("e\u0301") == "\u00e9"  # NFC: one character, not two


@pytest.mark.parametrize("text", ["x" * 200, "é" * 100, "🗳️" * 40, "a" + "€" * 80, "ab🇮🇩" * 30,
                                  "x" * 74 + "é" * 3])
def test_fold_keeps_lines_within_75_octets_and_characters_whole(text: str) -> None:
    line = ("SUMMARY:" + text).encode()
    physical = fold(line).split(b"\r\n")
    for n, part in enumerate(physical):
        assert len(part) <= 75
        assert n == 0 or part.startswith(b" ")
        part.decode()  # no character split across lines
    assert b"".join(p[1:] if n else p for n, p in enumerate(physical)) == line
    assert fold(b"x" * 75) == b"x" * 75


def test_duration_values() -> None:
    assert duration(timedelta(hours=1)) == "PT1H"
    assert duration(timedelta(days=1)) == "P1D"
    assert duration(timedelta(minutes=90)) == "PT90M"


def _session(n: int, **kw: object) -> EduSession:
    base = {
        "id": n, "title": NASTY[n % len(NASTY)], "description": DESCRIPTION,
        "segment": Segment.WOMEN, "format": SessionFormat.HYBRID,
        "venue_name": "Aula KPU Kota Mataram; Lt. 2", "venue_address": "Jl. Langko No. 72, Mataram",
        "online_url": "https://meet.example.id/a?b=1,2", "starts_at": WITA + timedelta(days=n),
        "ends_at": WITA + timedelta(days=n, hours=2), "status": SessionStatus.PUBLISHED,
        "sequence": n, "cancel_reason": None, "created_at": datetime(2026, 11, 1, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 2, 3, 4, 5, 678, tzinfo=UTC),
    }
    base.update(kw)
    return EduSession(**base)


def _feed(tmp_path, sessions: list[EduSession], waitlisted: Collection[int] = ()):
    events = [session_event(s, tzid="Asia/Makassar", domain="edu.example.id",
                            stamp=s.updated_at, waitlisted=s.id in waitlisted) for s in sessions]
    feed = Feed(name="Jadwal Saya; KPU, NTB 🗳️", tzid="Asia/Makassar", events=events,
                description="Sesi, \"pendidikan\"; pemilih", source_url="https://edu.example.id/x.ics")
    body = build_feed(feed)
    path = tmp_path / "feed.ics"
    path.write_bytes(body)
    return body, path


def test_feed_with_indonesian_text_passes_every_client_parser(tmp_path) -> None:
    sessions = [_session(n) for n in range(1, 9)]
    sessions[2].status = SessionStatus.CANCELLED
    sessions[2].cancel_reason = "Hujan deras; aula, banjir"
    _, path = _feed(tmp_path, sessions, waitlisted={4})
    occurrences = check(path)
    expected = {f"sesi-{s.id}@edu.example.id": (z(s.starts_at), z(s.ends_at)) for s in sessions}
    for parser, occ in occurrences.items():
        assert instants(occ) == expected, parser
    by_uid = {o["uid"]: o for o in occurrences["icalendar"]}
    assert by_uid["sesi-3@edu.example.id"]["status"] == "CANCELLED"
    assert by_uid["sesi-3@edu.example.id"]["summary"] == "DIBATALKAN: " + plain(sessions[2].title)
    assert by_uid["sesi-4@edu.example.id"]["status"] == "TENTATIVE"
    assert by_uid["sesi-1@edu.example.id"]["sequence"] == 1
    for s in sessions:
        if s.id not in (3, 4):
            assert by_uid[f"sesi-{s.id}@edu.example.id"]["summary"] == plain(s.title)
    assert by_uid["sesi-1@edu.example.id"]["description"].startswith(
        plain(DESCRIPTION))
    assert by_uid["sesi-1@edu.example.id"]["location"] == (
        "Aula KPU Kota Mataram; Lt. 2, Jl. Langko No. 72, Mataram")


def test_feed_carries_what_clients_need_and_nothing_that_invites_replies(tmp_path) -> None:
    body, _ = _feed(tmp_path, [_session(1)])
    lines = unfold(body)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0",
                         "PRODID:-//KPU Provinsi Nusa Tenggara Barat//edu kalender 1.0//ID"]
    for needed in ("NAME:Jadwal Saya\\; KPU\\, NTB 🗳️", "X-WR-CALNAME:Jadwal Saya\\; KPU\\, NTB 🗳️",
                   "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
                   "BEGIN:VTIMEZONE", "TZID:Asia/Makassar",
                   "DTSTART;TZID=Asia/Makassar:20261211T090000",
                   "DTSTAMP:20261102T030405Z", "LAST-MODIFIED:20261102T030405Z",
                   "UID:sesi-1@edu.example.id", "SEQUENCE:1"):
        assert needed in lines
    assert not any(line.startswith(("METHOD", "ORGANIZER", "ATTENDEE")) for line in lines)
    assert body.endswith(b"END:VCALENDAR\r\n") and b"\n" not in body.replace(b"\r\n", b"")


def test_same_records_give_the_same_bytes(tmp_path) -> None:
    one, _ = _feed(tmp_path, [_session(n) for n in range(5)])
    two, _ = _feed(tmp_path, [_session(n) for n in range(5)])
    assert one == two


def test_round_trip_through_icalendar_keeps_every_character(tmp_path) -> None:
    sessions = [_session(n) for n in range(4)]
    body, _ = _feed(tmp_path, sessions)
    cal = icalendar.Calendar.from_ical(body)
    got = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    for s in sessions:
        ev = got[f"sesi-{s.id}@edu.example.id"]
        assert str(ev["SUMMARY"]) == plain(s.title)
        assert ev.decoded("DTSTART") == s.starts_at
        assert ev["DTSTART"].params["TZID"] == "Asia/Makassar"


def test_other_office_zones_and_all_day_events(tmp_path) -> None:
    start = datetime(2027, 1, 5, 0, 30, tzinfo=UTC)
    events = [
        FeedEvent(uid="wit@x", summary="Sosialisasi di Jayapura", start=start,
                  end=start + timedelta(hours=1), tzid="Asia/Jayapura", stamp=start),
        FeedEvent(uid="wib@x", summary="Sosialisasi di Jakarta", start=start,
                  end=start + timedelta(hours=1), tzid="Asia/Jakarta", stamp=start),
        FeedEvent(uid="magang@x", summary="Magang: periode penempatan", start=date(2027, 1, 4),
                  end=date(2027, 2, 1), tzid="Asia/Makassar", stamp=start, transparent=True),
    ]
    body = build_feed(Feed(name="Zona", tzid="Asia/Makassar", events=events))
    path = tmp_path / "zones.ics"
    path.write_bytes(body)
    occurrences = check(path)
    for parser, occ in occurrences.items():
        got = instants(occ)
        assert got["wit@x"] == (z(start), z(start + timedelta(hours=1))), parser
        assert got["wib@x"] == got["wit@x"], parser
        assert got["magang@x"] == ("2027-01-04", "2027-02-01"), parser
    lines = unfold(body)
    assert "DTSTART;TZID=Asia/Jayapura:20270105T093000" in lines
    assert "DTSTART;TZID=Asia/Jakarta:20270105T073000" in lines
    assert lines.count("BEGIN:VTIMEZONE") == 3


def test_an_empty_feed_is_still_a_valid_calendar(tmp_path) -> None:
    path = tmp_path / "empty.ics"
    path.write_bytes(build_feed(Feed(name="Kosong", tzid="Asia/Makassar")))
    assert all(occ == [] for occ in check(path).values())
