"""Every example in the README returns data on a freshly seeded demo, as a newcomer runs it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from edu.auth.models import Role
from edu.db import Database
from edu.seed import seed_demo
from tests.support import Api, LiveServer, Tokens, reset

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
QUERIES = re.findall(r"```graphql\n(.*?)```", README, re.DOTALL)
FEEDS = sorted(set(re.findall(r"`(/calendar/(?:sessions|offices)[^`\s]*\.ics[^`\s]*)`", README)))


def _empty_lists(value: Any, path: str = "") -> list[str]:
    """Where a list in the answer is empty (an example that shows nothing)."""
    if isinstance(value, list):
        return [path] if not value else [p for i, v in enumerate(value)
                                         for p in _empty_lists(v, f"{path}.{i}")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _empty_lists(v, f"{path}.{k}")]
    return []


@pytest.fixture(scope="module")
def demo(backend: str, _private_migrated: Database, base_settings) -> Any:
    if backend != "sqlite":
        pytest.skip("the demo runs on SQLite; the examples do not depend on the database")
    reset(_private_migrated)
    seed_demo(_private_migrated, base_settings)
    with LiveServer(base_settings, _private_migrated) as server:
        yield server, Api(server.url), Tokens(_private_migrated)(Role.ADMIN)


def test_the_readme_has_examples() -> None:
    assert len(QUERIES) >= 3 and len(FEEDS) >= 2


@pytest.mark.parametrize("number", range(len(QUERIES)), ids=lambda n: f"graphql{n}")
def test_each_graphql_example_returns_data(demo, number) -> None:
    _, api, admin = demo
    # The tour's first example is the anonymous one; the README adds a token after it.
    answer = api.gql(QUERIES[number], token=admin if number else None)
    assert "errors" not in answer, answer["errors"]
    assert not _empty_lists(answer["data"]), (QUERIES[number], _empty_lists(answer["data"]))


@pytest.mark.parametrize("feed", FEEDS)
def test_each_feed_example_has_sessions(demo, feed) -> None:
    server, api, _ = demo
    response = api.http.get(server.url + feed)
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in response.content, feed
