"""The site's HTTP tests talk to the live app (SQLite and PostgreSQL) like a browser without
JavaScript: plain GETs and form POSTs, redirects seen as they come."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support import Api


@pytest.fixture
def site(api: Api) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, follow_redirects=False, timeout=30) as client:
        yield client
