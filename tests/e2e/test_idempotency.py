"""`Idempotency-Key`: a retried mutation answers its first result and writes nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

import orjson
from sqlalchemy import select, update

from edu.audit import AuditEvent
from edu.auth.service import authenticate
from edu.db import utcnow
from edu.idempotency import service as keys
from edu.idempotency.models import IdempotencyKey
from edu.sessions.models import EduSession
from tests.e2e.sessionkit import at, count, session_input
from tests.support import client_operation

START = at(10)  # the same request every time it is sent, whatever the clock says


def _create(api, token, key, **changes):
    body = {"query": client_operation("CreateSession"),
            "variables": {"input": session_input(start=START, **changes)}}
    headers = {"Idempotency-Key": key, **({"Authorization": f"Bearer {token}"} if token else {})}
    return api.http.post(f"{api.url}/graphql", json=body, headers=headers)


def _rows(database):
    return count(database, EduSession), count(database, AuditEvent)


def _code(response):
    return [e["extensions"]["code"] for e in response.json()["errors"]]


def test_a_retried_key_answers_the_first_result_and_writes_nothing(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    first = _create(api, officer, "c0ffee-1")
    assert first.status_code == 200 and first.json()["data"]["createSession"]["session"]
    after_first = _rows(database)
    again = _create(api, officer, "c0ffee-1")
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _rows(database) == after_first == (1, after_first[1])
    # Another principal's key is another key; a new key is a new request.
    other = tokens("EDUCATION_OFFICER", region="52", name="Other")
    assert _create(api, other, "c0ffee-1").json()["data"]["createSession"]["session"]
    assert _create(api, officer, "c0ffee-2").json()["data"]["createSession"]["session"]
    assert count(database, EduSession) == 3


def test_the_same_key_with_another_request_is_refused(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    _create(api, officer, "k-1")
    before = _rows(database)
    changed = _create(api, officer, "k-1", capacity=99)
    assert changed.status_code == 422 and _code(changed) == ["IDEMPOTENCY_KEY_REUSED"]
    assert _rows(database) == before


def test_a_key_still_running_is_not_run_twice(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    variables = {"input": session_input(start=START)}
    # The first request with the key has claimed it and not finished yet.
    with database.reader() as db:
        who = authenticate(db, officer)
    claim = keys.make_claim(b"test-secret-key-not-for-production", who, "k-run", orjson.dumps(
        [client_operation("CreateSession"), variables, None], option=orjson.OPT_SORT_KEYS))
    with database.transaction() as db:
        assert keys.claim_key(db, claim) is None
    before = _rows(database)
    running = _create(api, officer, "k-run")
    assert running.status_code == 409 and _code(running) == ["IDEMPOTENCY_KEY_IN_USE"]
    assert _rows(database) == before


def test_concurrent_duplicates_run_once(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    statuses: list[int] = []

    def send() -> None:
        statuses.append(_create(api, officer, "same-key").status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count(database, EduSession) == 1
    assert set(statuses) <= {200, 409} and 200 in statuses


def test_keys_and_responses_are_stored_sealed_and_expire(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    first = _create(api, officer, "secret-key-123", title="Sosialisasi Rahasia")
    with database.reader() as db:
        row = db.scalar(select(IdempotencyKey))
    assert "secret-key-123" not in row.key_hash and b"Rahasia" not in row.response
    assert timedelta(hours=23) < row.expires_at - utcnow() <= timedelta(hours=24)
    assert first.json()["data"]["createSession"]["session"]["title"] == "Sosialisasi Rahasia"
    with database.transaction() as db:
        db.execute(update(IdempotencyKey).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert _create(api, officer, "secret-key-123", title="Sosialisasi Rahasia").status_code == 200
    assert count(database, EduSession) == 2  # an expired key is a new key


def test_a_key_needs_a_token_and_a_sane_value(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    anonymous = _create(api, None, "k")
    assert anonymous.status_code == 400 and _code(anonymous) == ["IDEMPOTENCY_KEY_NEEDS_TOKEN"]
    huge = _create(api, officer, "x" * 256)
    assert huge.status_code == 400 and _code(huge) == ["INVALID_IDEMPOTENCY_KEY"]
    assert count(database, EduSession) == 0
    # Queries write nothing: a key on them changes nothing.
    response = api.http.post(f"{api.url}/graphql", json={"query": "{ regions { code } }"},
                             headers={"Idempotency-Key": "q"})
    assert response.status_code == 200 and "Idempotent-Replayed" not in response.headers
    assert count(database, IdempotencyKey) == 0
