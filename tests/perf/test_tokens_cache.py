"""The token cache: a revoked token lives at most TOKEN_TTL seconds in another process, and
not at all in the process that revoked it (the clock is injected: nothing is timed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from edu.auth.models import ApiToken, Role
from edu.auth.principal import ANONYMOUS
from edu.auth.service import create_staff_token
from edu.auth.tokens import revoke_token
from edu.db import utcnow
from edu.errors import Unauthenticated
from edu.perf.tokens import TOKEN_TTL, TOKENS, TokenCache, authenticate_cached
from edu.secrets import hash_secret


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _staff(database, role=Role.ADMIN):
    with database.transaction() as db:
        return create_staff_token(db, role=role, name="Rina")


def test_a_token_revoked_elsewhere_stops_within_the_ttl(database):
    token = _staff(database)
    clock = Clock()
    cache = TokenCache(ttl=TOKEN_TTL, clock=clock)
    assert authenticate_cached(database, token, cache).name == "Rina"
    with database.transaction() as db:  # another process revokes it, straight in the database
        db.execute(update(ApiToken).values(revoked_at=utcnow()))
    clock.now += TOKEN_TTL - 0.1
    assert authenticate_cached(database, token, cache).name == "Rina"  # still trusted here
    clock.now += 0.1
    with pytest.raises(Unauthenticated):
        authenticate_cached(database, token, cache)


def test_an_entry_never_outlives_its_token(database):
    token = _staff(database)
    with database.transaction() as db:
        db.execute(update(ApiToken).values(expires_at=utcnow() + timedelta(seconds=2)))
    clock = Clock()
    cache = TokenCache(ttl=60, clock=clock)
    authenticate_cached(database, token, cache)
    expiry = cache.expiry(hash_secret(token))
    assert expiry is not None and expiry <= clock.now + 2


def test_the_revoking_process_forgets_the_token_when_the_revocation_commits(database):
    admin, token = _staff(database), _staff(database)
    boss = authenticate_cached(database, admin)
    assert authenticate_cached(database, token).name == "Rina"
    with database.reader() as db:
        token_id = db.query(ApiToken.id).filter(
            ApiToken.token_hash == hash_secret(token)).scalar()
    with pytest.raises(RuntimeError), database.transaction() as db:
        revoke_token(db, boss, token_id)
        raise RuntimeError("rolled back")
    assert TOKENS.get(hash_secret(token)) is not None  # nothing committed: still good
    with database.transaction() as db:
        revoke_token(db, boss, token_id)
    assert TOKENS.get(hash_secret(token)) is None
    with pytest.raises(Unauthenticated):
        authenticate_cached(database, token)


def test_no_token_is_anonymous_and_a_bad_one_is_refused(database):
    assert authenticate_cached(database, None) is ANONYMOUS
    with pytest.raises(Unauthenticated):
        authenticate_cached(database, "edus_nonsense")
