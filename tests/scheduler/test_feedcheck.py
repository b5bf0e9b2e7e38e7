"""The project's own feed check rejects what calendar clients stumble on, without ../shared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduler.feeds.build import Feed, FeedEvent, build_feed
from tests.scheduler.feedcheck import check, raw_problems

START = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)


def _good() -> bytes:
    event = FeedEvent(uid="a@x", summary="Sosialisasi pemilih pemula " * 6, start=START,
                      end=START + timedelta(hours=2), tzid="Asia/Makassar", stamp=START)
    return build_feed(Feed(name="Uji", tzid="Asia/Makassar", events=[event]))


def test_a_feed_we_build_passes(tmp_path) -> None:
    path = tmp_path / "good.ics"
    path.write_bytes(_good())
    assert set(check(path)) >= {"icalendar", "ical"}


@pytest.mark.parametrize(("damage", "problem"), [
    (lambda b: b.replace(b"\r\n", b"\n"), "CRLF"),
    (lambda b: b"\xef\xbb\xbf" + b, "byte order mark"),
    (lambda b: b.replace(b"\r\n ", b""), "octets"),
    (lambda b: b.replace(b"SUMMARY:", b"SUMMARY:\xc3\r\n \xa9"), "inside a UTF-8 character"),
    (lambda b: b.replace(b"END:VEVENT\r\n", b"END:VEVENT\r\n\r\n"), "empty"),
])
def test_the_byte_check_flags_what_parsers_forgive(damage, problem) -> None:
    assert problem in "; ".join(raw_problems(damage(_good())))


def test_a_zone_without_its_vtimezone_is_rejected(tmp_path) -> None:
    body = _good()
    start = body.index(b"BEGIN:VTIMEZONE")
    end = body.index(b"END:VTIMEZONE\r\n") + len(b"END:VTIMEZONE\r\n")
    path = tmp_path / "no-zone.ics"
    path.write_bytes(body[:start] + body[end:])
    with pytest.raises(AssertionError):
        check(path)
