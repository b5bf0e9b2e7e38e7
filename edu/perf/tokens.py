"""Who a bearer token belongs to, remembered for a few seconds per process.

A lookup on every request was a third of an authenticated request's time. A remembered token
is trusted for at most TOKEN_TTL seconds (never past its own expiry): a token revoked by
another process keeps working here at most that long; the process that revokes it forgets it
as soon as the revocation commits (edu/auth/tokens.py)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from edu.auth.principal import ANONYMOUS, Principal
from edu.auth.service import lookup_token
from edu.db import Database, after_commit, utcnow
from edu.errors import Unauthenticated
from edu.secrets import hash_secret

TOKEN_TTL = 5.0
MAX_TOKENS = 10_000


class TokenCache:
    """Principals by token hash, each until a monotonic deadline; the oldest dropped first."""

    def __init__(self, ttl: float = TOKEN_TTL, max_items: int = MAX_TOKENS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self._max, self._clock = ttl, max_items, clock
        self._items: OrderedDict[str, tuple[float, Principal]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> Principal | None:
        with self._lock:
            hit = self._items.get(token_hash)
            if hit is None:
                return None
            if hit[0] <= self._clock():
                del self._items[token_hash]
                return None
            return hit[1]

    def expiry(self, token_hash: str) -> float | None:
        """When the entry stops being trusted (on the cache's clock), if there is one."""
        with self._lock:
            hit = self._items.get(token_hash)
            return hit[0] if hit else None

    def put(self, token_hash: str, principal: Principal, expires_at: datetime | None) -> None:
        until = self._clock() + self.ttl
        if expires_at is not None:  # never trusted past the token's own expiry
            until = min(until, self._clock() + (expires_at - utcnow()).total_seconds())
        with self._lock:
            self._items[token_hash] = (until, principal)
            self._items.move_to_end(token_hash)
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def forget(self, token_hash: str) -> None:
        with self._lock:
            self._items.pop(token_hash, None)


TOKENS = TokenCache()


def authenticate_cached(database: Database, token: str | None,
                        cache: TokenCache = TOKENS) -> Principal:
    """As edu.auth.service.authenticate, from the cache when the token was seen recently."""
    if not token:
        return ANONYMOUS
    token_hash = hash_secret(token)
    principal = cache.get(token_hash)
    if principal is not None:
        return principal
    with database.reader() as db:
        found = lookup_token(db, token_hash)
    if found is None:
        raise Unauthenticated("This token is unknown, revoked or expired.")
    cache.put(token_hash, *found)
    return found[0]


def remembered(token: str | None, cache: TokenCache = TOKENS) -> Principal | None:
    """Whom the token belongs to if this process remembers it now; no database read."""
    return cache.get(hash_secret(token)) if token else None


def forget_on_commit(db: Session, token_hash: str) -> None:
    """This process stops trusting a revoked or deleted token as soon as that commits."""
    after_commit(db, lambda: TOKENS.forget(token_hash))
