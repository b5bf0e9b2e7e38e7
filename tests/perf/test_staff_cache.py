"""Staff answers remembered per principal (schema/public_cache.py staff_key): never served to
another principal, fresh after any write in another app on the same database, never stored
when they read audited personal data, and gone with the token."""

from __future__ import annotations

from sqlalchemy import update

from edu.auth.models import ApiToken
from edu.auth.tokens import revoke_token
from edu.perf.tokens import authenticate_cached
from edu.secrets import hash_secret
from edu.sessions.models import EduSession
from tests.e2e.sessionkit import create, published, registered
from tests.e2e.test_specific_data import ROSTER, _reads
from tests.support import statements_on

ONE = "query($id: ID!) { node(id: $id) { ... on Session { id title capacity } } }"


def _one(api, token, sid):
    out = api.gql(ONE, {"id": sid}, token=token)
    assert "errors" not in out, out
    return out["data"]["node"]


def test_a_remembered_staff_answer_is_fresh_after_a_write_elsewhere(api, tokens, database,
                                                                    migrated_other, steady_clock):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=10)
    assert _one(api, officer, sid)["capacity"] == 10
    with statements_on(database.engine) as seen:
        assert _one(api, officer, sid)["capacity"] == 10
    assert seen == []  # remembered: not one statement on the pool
    with migrated_other.transaction() as db:  # another engine, as another process
        db.execute(update(EduSession).values(capacity=30))
    assert _one(api, officer, sid)["capacity"] == 30


def test_a_remembered_answer_is_never_served_to_another_principal(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="5271")
    elsewhere = tokens("EDUCATION_OFFICER", region="5272")
    sid = create(api, officer, region="5271")  # a draft: only its planners see it
    for _ in range(2):
        assert _one(api, officer, sid)["id"] == sid
        assert _one(api, elsewhere, sid) is None  # outside that officer's region


def test_an_answer_that_read_audited_data_is_never_remembered(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    registered(api, sid)
    for _ in range(2):
        out = api.gql(ROSTER, {"id": sid, "fields": True}, token=officer)
        assert "errors" not in out, out
    assert len(_reads(database)) == 2  # each request read it, each read is on record


def test_a_revoked_token_gets_no_remembered_answer(api, tokens, database):
    admin = tokens("ADMIN")
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    _one(api, officer, sid)
    _one(api, officer, sid)
    with database.reader() as db:
        token_id = db.query(ApiToken.id).filter(
            ApiToken.token_hash == hash_secret(officer)).scalar()
    with database.transaction() as db:
        revoke_token(db, authenticate_cached(database, admin), token_id)
    refused = api.post(ONE, {"id": sid}, token=officer)
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
