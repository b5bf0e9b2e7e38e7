"""HTTP caching of feeds: strong ETags, Last-Modified, 304 answers and the version cache."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from scheduler.feeds.http import BuiltFeed, FeedCache, feed_response

BODY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
CHANGED = datetime(2026, 12, 1, 8, 30, 15, 999, tzinfo=UTC)


def _feed(body: bytes = BODY) -> BuiltFeed:
    return BuiltFeed(body, CHANGED)


def test_200_has_the_calendar_type_validators_and_no_attachment() -> None:
    r = feed_response({}, _feed(), cache_control="public, max-age=300")
    assert r.status_code == 200 and r.body == BODY
    assert r.headers["content-type"] == "text/calendar; charset=utf-8"
    assert r.headers["etag"].startswith('"') and not r.headers["etag"].startswith('W/')
    assert r.headers["last-modified"] == "Tue, 01 Dec 2026 08:30:15 GMT"
    assert r.headers["content-length"] == str(len(BODY))
    assert "content-disposition" not in r.headers


def test_etag_is_over_the_body() -> None:
    assert _feed().etag == _feed().etag
    assert _feed().etag != _feed(BODY + b"X").etag


def test_if_none_match_gives_304_for_any_listed_or_weak_match_or_star() -> None:
    tag = _feed().etag
    for header in (tag, f'"nope", {tag}', f"W/{tag}", "*"):
        r = feed_response({"if-none-match": header}, _feed(), cache_control="x")
        assert r.status_code == 304 and r.body == b"", header
        assert r.headers["etag"] == tag
    assert feed_response({"if-none-match": '"nope"'}, _feed(), cache_control="x").status_code == 200


def test_if_modified_since_counts_only_without_if_none_match() -> None:
    same = format_datetime(CHANGED.replace(microsecond=0), usegmt=True)
    before = format_datetime(CHANGED - timedelta(seconds=1), usegmt=True)
    assert feed_response({"if-modified-since": same}, _feed(), cache_control="x").status_code == 304
    for since in (before, "garbage"):
        response = feed_response({"if-modified-since": since}, _feed(), cache_control="x")
        assert response.status_code == 200
    both = {"if-modified-since": same, "if-none-match": '"other"'}
    assert feed_response(both, _feed(), cache_control="x").status_code == 200


def test_gzip_is_its_own_representation() -> None:
    feed = _feed()
    r = feed_response({"accept-encoding": "gzip, br"}, feed, cache_control="x")
    assert r.headers["content-encoding"] == "gzip" and gzip.decompress(r.body) == BODY
    assert r.headers["etag"] == feed.gzip_etag != feed.etag
    assert r.headers["vary"] == "Accept-Encoding"
    again = feed_response({"accept-encoding": "gzip", "if-none-match": feed.gzip_etag}, feed,
                          cache_control="x")
    assert again.status_code == 304
    assert feed.gzipped is feed.gzipped  # compressed once


def test_cache_builds_once_per_version_and_forgets_the_least_recent() -> None:
    cache, builds = FeedCache(max_feeds=2), []

    def build(tag: str):
        def run() -> BuiltFeed:
            builds.append(tag)
            return _feed(tag.encode())
        return run

    first = cache.get_or_build("a", "v1", build("a1"))
    assert cache.get_or_build("a", "v1", build("a1 again")) is first
    assert cache.get_or_build("a", "v2", build("a2")).body == b"a2"
    cache.get_or_build("b", "v1", build("b1"))
    cache.get_or_build("c", "v1", build("c1"))  # evicts a
    cache.get_or_build("a", "v2", build("a2 again"))
    assert builds == ["a1", "a2", "b1", "c1", "a2 again"]
    assert len(cache) == 2


def test_cache_keeps_within_its_byte_budget() -> None:
    cache = FeedCache(max_bytes=10)
    cache.get_or_build("a", "v1", lambda: _feed(b"123456"))
    cache.get_or_build("b", "v1", lambda: _feed(b"123456"))  # 12 bytes: a goes
    assert len(cache) == 1
    big = cache.get_or_build("c", "v1", lambda: _feed(b"x" * 50))  # alone over budget: kept
    assert len(cache) == 1 and cache.get_or_build("c", "v1", lambda: _feed(b"y")) is big
