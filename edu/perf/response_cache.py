"""Public answers remembered per data version, bounded in bytes.

An answer computed after reading data version v is served again while the version still reads
v (edu/perf/data_version.py): any committed write, by any process on the database, makes the
next read fresh. Answers that also depend on the clock (which sessions are still upcoming,
whether a form is still open) are keyed on the current CLOCK_STEP as well, so they are at most
that many seconds behind the clock, never behind the data."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

CLOCK_STEP = 30
MAX_BYTES = 32 * 2**20


@dataclass(frozen=True)
class Cached:
    """A response's parts: status, media type, headers and body."""

    status: int
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default=())


class ResponseCache:
    """The answers of the latest data version seen; older versions are dropped at once, and
    the least recently used answers once their bodies (and the key bytes their callers
    count) pass `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_BYTES,
                 clock: Callable[[], float] = time.time) -> None:
        self.max_bytes, self._clock = max_bytes, clock
        self._items: OrderedDict[Hashable, tuple[Cached, int]] = OrderedDict()
        self._version = -1
        self._bytes = 0
        self._lock = threading.Lock()

    def _full_key(self, key: Hashable) -> Hashable:
        return key, int(self._clock() // CLOCK_STEP)

    def get(self, version: int, key: Hashable) -> Cached | None:
        full = self._full_key(key)
        with self._lock:
            if version != self._version:
                return None
            hit = self._items.get(full)
            if hit is None:
                return None
            self._items.move_to_end(full)
            return hit[0]

    def put(self, version: int, key: Hashable, value: Cached, key_bytes: int = 0) -> None:
        """Remember `value`; `key_bytes` counts a key that may be large (a request's body)
        against the bound as well."""
        weight = len(value.body) + key_bytes
        if weight > self.max_bytes:
            return
        full = self._full_key(key)
        with self._lock:
            if version < self._version:
                return  # computed before a write this cache has already seen
            if version > self._version:
                self._items.clear()
                self._bytes, self._version = 0, version
            old = self._items.pop(full, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[full] = (value, weight)
            self._bytes += weight
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    @property
    def size(self) -> int:
        """The bytes held: bodies, and the keys' counted bytes."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)
