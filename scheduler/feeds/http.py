"""Serving built feeds: a cache keyed by the data's version, strong ETags and 304 answers.

Polling is a feed's main load: every subscribed client asks every few hours. An unchanged feed
is answered from the cache (or with 304) after one cheap version query; nothing is rebuilt.
The cache only saves work: a process that misses it builds the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.responses import Response

MEDIA_TYPE = "text/calendar; charset=utf-8"


@dataclass
class BuiltFeed:
    """A feed's bytes with their validators; the gzip form is made once, on first demand."""

    body: bytes
    last_modified: datetime
    etag: str = field(init=False)
    _gzipped: bytes | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.etag = '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'
        self.last_modified = self.last_modified.astimezone(UTC).replace(microsecond=0)

    @property
    def gzip_etag(self) -> str:
        # A different content coding is a different representation: its own strong ETag.
        return self.etag[:-1] + '-gz"'

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


class FeedCache:
    """The latest built version of each feed, least recently used dropped first once there are
    more than `max_feeds` or their bodies pass `max_bytes`."""

    def __init__(self, max_feeds: int = 4096, max_bytes: int = 128 * 2**20) -> None:
        self._items: OrderedDict[object, tuple[str, BuiltFeed]] = OrderedDict()
        self._max, self._max_bytes, self._bytes = max_feeds, max_bytes, 0
        self._lock = threading.Lock()

    def current(self, key: object, version: str) -> BuiltFeed | None:
        """The cached feed when its version is current, else None."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version:
                self._items.move_to_end(key)
                return hit[1]
        return None

    def get_or_build(self, key: object, version: str, build: Callable[[], BuiltFeed]) -> BuiltFeed:
        """The cached feed when its version is current, else a fresh build (then cached)."""
        hit = self.current(key, version)
        if hit is not None:
            return hit
        built = build()
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1].body)
            self._items[key] = (version, built)
            self._bytes += len(built.body)
            while len(self._items) > 1 and (len(self._items) > self._max
                                            or self._bytes > self._max_bytes):
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)
        return built

    def __len__(self) -> int:
        return len(self._items)


def _etags(header: str) -> list[str]:
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def not_modified(headers: Mapping[str, str], etags: tuple[str, ...],
                 last_modified: datetime) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; else If-Modified-Since."""
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = _etags(inm)
        return "*" in tags or any(t in etags for t in tags)
    ims = headers.get("if-modified-since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified <= since
    return False


def feed_response(headers: Mapping[str, str], feed: BuiltFeed, *,
                  cache_control: str) -> Response:
    """200 with the feed (gzip when the client takes it) or 304, with the validators."""
    use_gzip = "gzip" in headers.get("accept-encoding", "").lower()
    etag = feed.gzip_etag if use_gzip else feed.etag
    common = {
        "ETag": etag,
        "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
        "Cache-Control": cache_control,
        "Vary": "Accept-Encoding",
    }
    if not_modified(headers, (feed.etag, feed.gzip_etag), feed.last_modified):
        return Response(status_code=304, headers=common)
    body = feed.gzipped if use_gzip else feed.body
    if use_gzip:
        common["Content-Encoding"] = "gzip"
    return Response(body, media_type=MEDIA_TYPE, headers=common)
