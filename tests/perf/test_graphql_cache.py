"""Remembered GraphQL answers are sent before routing (schema/http.py RememberedGraphQL):
byte for byte, headers included, what the endpoint sent; and every rule the endpoint applies
to the request (body limit, media types, tokens) still applies to a request that could be
answered from memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import orjson
import pytest

from edu.request_size import MAX_BODY_BYTES
from tests.e2e.sessionkit import published
from tests.support import client_operation

PUBLIC = client_operation("PublicSessions")
ONE = "query($id: ID!) { node(id: $id) { ... on Session { id title capacity } } }"
RESPONSE = "application/graphql-response+json"


@pytest.fixture
def routed(live_server, monkeypatch, steady_clock) -> Callable[[], list[str]]:
    """Records every query that reaches the endpoint (routed) from the moment it is called."""
    seen: list[str] = []

    def watch() -> list[str]:
        preparer = live_server.app.state.graphql.preparer
        cached = preparer.cached

        def spy(query: str):
            seen.append(query)
            return cached(query)

        monkeypatch.setattr(preparer, "cached", spy)
        return seen

    return watch


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k != "date"}


def _requests(url: str, officer: str, sid: str) -> Iterator[Callable[[], httpx.Response]]:
    body = orjson.dumps({"query": PUBLIC, "variables": {"first": 50}})
    staff = {"Authorization": f"Bearer {officer}"}
    yield lambda: httpx.post(url, content=body, headers={"Content-Type": "application/json"})
    yield lambda: httpx.post(url, content=body, headers={"Content-Type": "application/json",
                                                         "Accept": RESPONSE})
    yield lambda: httpx.get(url, params={"query": PUBLIC, "variables": '{"first": 50}'})
    yield lambda: httpx.post(url, json={"query": ONE, "variables": {"id": sid}}, headers=staff)
    yield lambda: httpx.get(url, params={"query": ONE, "variables": orjson.dumps(
        {"id": sid}).decode()}, headers={**staff, "Accept": RESPONSE})


def test_a_remembered_answer_is_the_routed_answer_byte_for_byte(api, tokens, routed):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    url = f"{api.url}/graphql"
    sent = list(_requests(url, officer, sid))
    first = [send() for send in sent]
    seen = routed()
    for send, answer in zip(sent, first, strict=True):
        again = send()
        assert again.status_code == answer.status_code == 200
        assert b'"errors"' not in answer.content
        assert again.content == answer.content
        assert _headers(again) == _headers(answer)
    assert seen == []  # every one answered before routing
    assert first[1].headers["content-type"] == RESPONSE
    assert first[0].content != first[3].content


def test_a_remembered_request_still_meets_the_endpoints_rules(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    published(api, officer)
    url = f"{api.url}/graphql"
    body = orjson.dumps({"query": PUBLIC, "variables": {"first": 50}})
    assert httpx.post(url, content=body, headers={"Content-Type": "application/json"}
                      ).status_code == 200  # now remembered for anonymous callers
    plain = httpx.post(url, content=body, headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415
    for authorization in ("Basic eDp5", "Bearer", "Bearer edus_unknown"):
        refused = httpx.post(url, content=body, headers={"Content-Type": "application/json",
                                                         "Authorization": authorization})
        assert refused.status_code == 401, authorization

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield body[:-1]
        yield b" " * MAX_BODY_BYTES
        yield b"}"

    too_large = httpx.post(url, content=chunked(), headers={"Content-Type": "application/json"})
    assert too_large.status_code == 413
    assert too_large.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
