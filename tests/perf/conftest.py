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
