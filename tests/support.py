"""Test helpers: throwaway databases, a live server and a GraphQL client over real HTTP."""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import psycopg
import uvicorn
from graphql import OperationDefinitionNode, parse
from sqlalchemy import Engine, event, text

import edu.models  # noqa: F401  (every table, for reset)
from edu.accounts import passwords
from edu.auth.models import Role
from edu.auth.service import create_staff_token
from edu.config import Settings, normalise_database_url
from edu.db import Base, Database
from edu.migrations.runner import upgrade

PG_ADMIN = os.environ.get("EDU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
# The operations the project's own tests send, kept in the project so a lone clone runs them.
# The shared contract beside a checkout (../shared/clients) is compared with these copies by
# tests/schema/test_contract.py when it is there.
CLIENTS = Path(__file__).resolve().parent / "clients"
SHARED = Path(__file__).resolve().parents[2] / "shared"
# Reference data shipped by migrations: kept when a test resets the database.
REFERENCE_TABLES = {"regions", "offices", "alembic_version", "data_version"}
# The app's own password hasher, before tests/conftest.py gives the tests a quick one.
PRODUCTION_PASSWORD_HASHER = passwords._hasher


@contextlib.contextmanager
def statements_on(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements sent on an engine inside the block (the app's requests: its
    background jobs run on an engine of their own)."""
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def create_postgres_database(tag: str) -> str:
    """A fresh, empty PostgreSQL database for this test run; returns its URL."""
    name = f"edu_t_{tag}_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrated_database(url: str) -> Database:
    database = Database(normalise_database_url(url))
    upgrade(database.engine)
    return database


def reset(database: Database) -> None:
    """Empty every table but the reference data, so each test starts from the same state."""
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    with database.transaction() as db:
        if database.dialect == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            db.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                db.execute(t.delete())


def settings_for_tests(data_dir: Path, database_url: str, public_url: str = "") -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        public_url=public_url or "http://127.0.0.1:8000",
        secret_key=b"test-secret-key-not-for-production",
        production=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real ASGI app under uvicorn on a free local port, in a background thread."""

    def __init__(self, settings: Settings, database: Database, **uvicorn_options: Any) -> None:
        from edu.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = replace(settings, public_url=self.url)
        self.app = app = create_app(self.settings, database)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on", **uvicorn_options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@functools.cache
def client_operation(name: str) -> str:
    """The exact text of one client operation (tests/clients), as the client sends it."""
    for path in sorted(CLIENTS.rglob("*.graphql")):
        source = path.read_text()
        for definition in parse(source).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name and \
                    definition.name.value == name:
                return source[definition.loc.start:definition.loc.end]
    raise KeyError(f"no operation {name} in {CLIENTS}")


@dataclass
class Api:
    """A GraphQL client over HTTP that speaks like the real clients."""

    url: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def post(self, query: str, variables: dict[str, Any] | None = None, *,
             token: str | None = None, operation: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation:
            body["operationName"] = operation
        return self.http.post(f"{self.url}/graphql", json=body, headers=headers)

    def gql(self, query: str, variables: dict[str, Any] | None = None, *,
            token: str | None = None) -> dict[str, Any]:
        """Run a query; the whole JSON answer (data and errors)."""
        response = self.post(query, variables, token=token)
        assert response.status_code == 200, response.text
        return response.json()

    def op(self, name: str, variables: dict[str, Any] | None = None, *,
           token: str | None = None) -> dict[str, Any]:
        """Run a client operation from tests/clients unchanged, by its name."""
        response = self.post(client_operation(name), variables, token=token)
        assert response.status_code == 200, response.text
        return response.json()


@dataclass
class Tokens:
    """Staff tokens made straight in the database, as `edu token create` makes them."""

    database: Database

    def __call__(self, role: Role | str, *, region: str | None = None,
                 university: str | None = None, name: str | None = None) -> str:
        role = Role(role)
        if region is None and role in (Role.EDUCATION_OFFICER, Role.FACILITATOR):
            region = "52"
        with self.database.transaction() as db:
            return create_staff_token(db, role=role, name=name or f"{role.value.title()} Test",
                                      region_code=region, university_code=university)
