"""Fixtures: every test that takes `database` runs on an SQLite file and on PostgreSQL.

PostgreSQL tests are skipped when no server is reachable, except under CI (CI=true), where
an unreachable server fails the run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from edu.accounts import passwords
from edu.config import Settings
from edu.db import Database
from tests.edu.smtpkit import Catcher, smtp_server, with_smtp
from tests.support import (
    Api,
    LiveServer,
    Tokens,
    create_postgres_database,
    drop_postgres_database,
    migrated_database,
    postgres_reachable,
    reset,
    settings_for_tests,
)

IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashes() -> Iterator[None]:
    """Argon2id with the smallest cost for every password the tests hash and check (in this
    process, the live servers' too). The deployment's cost (RFC 9106 low memory: 64 MiB,
    three passes, four lanes) takes about a second a hash on a busy test machine, and the
    staff tests hash and check hundreds of passwords; tests/edu/test_accounts.py checks that
    cost on the real hasher."""
    patch = pytest.MonkeyPatch()
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    patch.setattr(passwords, "_hasher", quick)
    patch.setattr(passwords, "_DUMMY", quick.hash("not a password of anyone"))
    yield
    patch.undo()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres",
                                                                  marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not postgres_reachable():
        if IN_CI:
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is unreachable under CI")
        pytest.skip("PostgreSQL is not reachable")
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'edu.sqlite3'}"
        return
    url = create_postgres_database(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    yield url
    drop_postgres_database(url)


@pytest.fixture(scope="session")
def migrated(database_url: str) -> Iterator[Database]:
    database = migrated_database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def database(migrated: Database) -> Database:
    """The migrated database of this backend, emptied of everything but reference data."""
    reset(migrated)
    return migrated


@pytest.fixture(scope="session")
def _private_migrated(backend: str, tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[Database]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('private') / 'edu.sqlite3'}"
    else:
        url = create_postgres_database(f"p_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")
    database = migrated_database(url)
    yield database
    database.dispose()
    if backend != "sqlite":
        drop_postgres_database(url)


@pytest.fixture
def own_database(_private_migrated: Database) -> Database:
    """A database no live server uses (SQLite and PostgreSQL), emptied for each test: the
    server's background batch runner would take batches from under tests that run them."""
    reset(_private_migrated)
    return _private_migrated


@pytest.fixture(scope="session")
def base_settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return settings_for_tests(tmp_path_factory.mktemp("data"), database_url)


@pytest.fixture(scope="session")
def live_server(base_settings: Settings, migrated: Database) -> Iterator[LiveServer]:
    server = LiveServer(base_settings, migrated).start()
    yield server
    server.stop()


@pytest.fixture
def settings(live_server: LiveServer) -> Settings:
    """The settings the live server runs with (its public URL is the server's own)."""
    return live_server.settings


@pytest.fixture
def api(live_server: LiveServer, database: Database) -> Iterator[Api]:
    """A client of the live app, on an emptied database."""
    client = Api(live_server.url)
    yield client
    client.http.close()


@pytest.fixture
def tokens(database: Database) -> Tokens:
    return Tokens(database)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def smtp() -> Iterator[tuple[Catcher, str]]:
    """A real SMTP server on a loopback port (aiosmtpd) and its URL."""
    yield from smtp_server()


@pytest.fixture
def mail_settings(database: Database, smtp: tuple[Catcher, str], tmp_path: Path) -> Settings:
    """Settings that send mail to the `smtp` server."""
    return with_smtp(settings_for_tests(tmp_path, database.url), smtp[1])
