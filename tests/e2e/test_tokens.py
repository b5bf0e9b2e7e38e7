"""Token lifecycle over HTTP: an administrator lists and revokes, a participant rotates."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select, update

from edu.audit import AuditEvent
from edu.auth.models import ApiToken
from edu.db import utcnow
from edu.perf.tokens import TOKEN_TTL, TOKENS
from edu.secrets import hash_secret
from tests.e2e.sessionkit import person, published, register

LIST = """query($participants: Boolean! = false) { apiTokens(participants: $participants) {
  totalCount edges { node { id role name regionCode createdAt expiresAt revokedAt active } } } }"""
REVOKE = """mutation($id: ID!) { revokeApiToken(id: $id) {
  apiToken { id revokedAt active } userErrors { field code } } }"""
ROTATE = "mutation { rotateMyToken { token userErrors { code } } }"
ME = "{ me { staffName participant { fullName } } }"


def _codes(out):
    return [e["extensions"]["code"] for e in out.get("errors", [])]


def test_an_admin_lists_and_revokes_a_token(api, tokens, database):
    admin = tokens("ADMIN", name="Admin")
    officer = tokens("EDUCATION_OFFICER", region="5271", name="Siti")
    listed = api.gql(LIST, token=admin)["data"]["apiTokens"]
    assert listed["totalCount"] == 2
    siti = next(e["node"] for e in listed["edges"] if e["node"]["name"] == "Siti")
    assert siti["role"] == "EDUCATION_OFFICER" and siti["regionCode"] == "5271"
    assert siti["active"] and siti["revokedAt"] is None and siti["expiresAt"].endswith("+08:00")
    assert api.gql(ME, token=officer)["data"]["me"]["staffName"] == "Siti"

    out = api.gql(REVOKE, {"id": siti["id"]}, token=admin)["data"]["revokeApiToken"]
    assert out["userErrors"] == [] and out["apiToken"]["active"] is False
    assert api.post(ME, token=officer).status_code == 401
    again = api.gql(REVOKE, {"id": siti["id"]}, token=admin)["data"]["revokeApiToken"]
    assert again["userErrors"] == [{"field": "id", "code": "ALREADY_REVOKED"}]
    with database.reader() as db:
        assert db.scalar(select(AuditEvent.actor_name)
                         .where(AuditEvent.action == "token.revoke")) == "Admin"
    node = api.gql('query($id: ID!) { node(id: $id) { ... on ApiToken { active } } }',
                   {"id": siti["id"]}, token=admin)
    assert node["data"]["node"] == {"active": False}


def test_only_an_admin_sees_or_revokes_tokens(api, tokens):
    admin = tokens("ADMIN")
    officer = tokens("EDUCATION_OFFICER", region="52")
    token_id = api.gql(LIST, token=admin)["data"]["apiTokens"]["edges"][0]["node"]["id"]
    assert _codes(api.gql(LIST, token=officer)) == ["FORBIDDEN"]
    assert _codes(api.gql(LIST)) == ["UNAUTHENTICATED"]
    assert _codes(api.gql(REVOKE, {"id": token_id}, token=officer)) == ["FORBIDDEN"]
    node = api.gql('query($id: ID!) { node(id: $id) { id } }', {"id": token_id}, token=officer)
    assert node["data"]["node"] is None
    assert api.gql(LIST, token=admin)["data"]["apiTokens"]["edges"][0]["node"]["active"]


def test_an_expired_token_is_unauthenticated(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    assert api.post(ME, token=officer).status_code == 200
    with database.transaction() as db:
        db.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(minutes=1)))
    # Changed behind the server's back: it trusts what it saw for TOKEN_TTL seconds at most.
    token_hash = hash_secret(officer)
    expiry = TOKENS.expiry(token_hash)
    assert expiry is not None and expiry <= time.monotonic() + TOKEN_TTL
    TOKENS.forget(token_hash)  # as when those seconds have passed
    response = api.post(ME, token=officer)
    assert response.status_code == 401
    assert _codes(response.json()) == ["UNAUTHENTICATED"]


def test_a_participant_rotates_their_token(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    old = register(api, sid, person("Baiq Nuraini"))["participantToken"]
    out = api.gql(ROTATE, token=old)["data"]["rotateMyToken"]
    new = out["token"]
    assert out["userErrors"] == [] and new.startswith("edup_") and new != old
    assert api.post(ME, token=old).status_code == 401
    assert api.gql(ME, token=new)["data"]["me"]["participant"]["fullName"] == "Baiq Nuraini"
    assert _codes(api.gql(ROTATE)) == ["UNAUTHENTICATED"]
    assert _codes(api.gql(ROTATE, token=officer)) == ["FORBIDDEN"]
