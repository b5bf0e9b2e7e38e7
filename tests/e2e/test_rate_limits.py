"""Per-client limits: a refused client costs no write transaction, and the client is the real
one behind a trusted proxy (and only behind a trusted one)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from edu.certificates.models import CertificateLookup
from edu.certificates.service import LOOKUP_LIMIT
from edu.db import utcnow
from edu.proxies import proxy_options
from edu.secrets import hash_secret
from tests.support import LiveServer, statements_on

CODE = "B" * 26
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


def client_hash(address: str) -> str:
    return hash_secret(f"certificate-lookup\x1f{address}")


def used_up(database, address: str) -> None:
    """The client looked up LOOKUP_LIMIT codes in the last seconds."""
    with database.transaction() as db:
        db.add_all(CertificateLookup(at=utcnow() - timedelta(seconds=5), channel="PAGE",
                                     client_hash=client_hash(address), code_hash="x",
                                     result="UNKNOWN") for _ in range(LOOKUP_LIMIT))


def test_a_refused_lookup_writes_nothing(api, database):
    used_up(database, "127.0.0.1")
    with statements_on(database.engine) as seen:
        page = api.http.get(f"{api.url}/verify/{CODE}")
        pdf = api.http.get(f"{api.url}/certificates/{CODE}.pdf")
        query = "query($c: String!) { verifyCertificate(code: $c) { status } }"
        graphql = api.post(query, {"c": CODE}).json()
    assert page.status_code == 429 and pdf.status_code == 429
    assert "Too many" in graphql["errors"][0]["message"]
    assert seen, "the limit is read from the database"
    assert [s for s in seen if s.lstrip().upper().startswith(WRITES)] == []
    with database.reader() as db:
        assert len(db.scalars(select(CertificateLookup)).all()) == LOOKUP_LIMIT


def test_lookups_under_the_limit_are_still_logged(api, database):
    assert api.http.get(f"{api.url}/verify/{CODE}").status_code == 404
    with database.reader() as db:
        logged = db.scalars(select(CertificateLookup)).all()
    assert [(row.channel, row.client_hash) for row in logged] == [
        ("PAGE", client_hash("127.0.0.1"))]


@pytest.mark.parametrize(("trusted", "seen_as"), [
    ("127.0.0.1", "203.0.113.9"),  # the proxy on this host names the client
    ("10.0.0.1", "127.0.0.1"),  # a peer that is not a trusted proxy names nobody
    ("", "127.0.0.1"),  # no proxy trusted
])
def test_forwarded_for_is_honoured_only_from_trusted_proxies(base_settings, database, trusted,
                                                             seen_as):
    with LiveServer(base_settings, database, **proxy_options(trusted)) as server:
        got = httpx.get(f"{server.url}/verify/{CODE}",
                        headers={"X-Forwarded-For": "203.0.113.9"})
    assert got.status_code == 404
    with database.reader() as db:
        assert db.scalars(select(CertificateLookup.client_hash)).all() == [client_hash(seen_as)]


def test_serve_takes_the_trusted_proxies(monkeypatch):
    from edu.cli import build_parser

    args = build_parser().parse_args(["serve", "--forwarded-allow-ips", "10.0.0.1, 10.0.0.2"])
    assert proxy_options(args.forwarded_allow_ips) == {
        "proxy_headers": True, "forwarded_allow_ips": "10.0.0.1,10.0.0.2"}
    assert build_parser().parse_args(["serve"]).forwarded_allow_ips is None
