from __future__ import annotations

from collections.abc import Iterator

import pytest

from edu.config import normalise_database_url
from edu.db import Database


@pytest.fixture
def migrated_other(database: Database, database_url: str) -> Iterator[Database]:
    """A second engine and pool on the same database, as another process has."""
    other = Database(normalise_database_url(database_url))
    yield other
    other.dispose()


@pytest.fixture
def steady_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold the remembered answers' clock step still: a step passing between a request and
    its repeat would rightly make the repeat computed afresh, and a test asserting that it
    was remembered would fail by the clock."""
    from edu.perf import response_cache

    monkeypatch.setattr(response_cache, "CLOCK_STEP", 10**12)
