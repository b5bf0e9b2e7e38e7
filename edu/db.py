"""Engine, sessions and the column types every model shares."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, DateTime, Engine, Executable, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def changed_rows(db: Session, statement: Executable) -> int:
    """How many rows an UPDATE or DELETE changed (its result is a cursor's)."""
    return cast(CursorResult[Any], db.execute(statement)).rowcount


def utcnow() -> datetime:
    return datetime.now(UTC)


# Worker threads that may hold a connection at once: the app bounds anyio's thread limiter
# (GraphQL execution, the site's and the feeds' sync routes) to this, and the pool keeps as many
# connections, so no request opens and throws away a connection of its own.
REQUEST_THREADS = 24
# Beyond the threads: the process's other users (start-up, a CLI command in-process, tests).
POOL_OVERFLOW = 8


def make_engine(url: str, **kwargs: Any) -> Engine:
    # SQL parameters are personal data (names, emails, birth dates): never in error messages.
    kwargs.setdefault("hide_parameters", True)
    if ":memory:" not in url and url not in ("sqlite://", "sqlite+pysqlite://"):
        kwargs.setdefault("pool_size", REQUEST_THREADS)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _tune_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (the driver's implicit BEGIN is always DEFERRED).
        dbapi_conn.isolation_level = None
        # Once per connection, not per checkout: the pool keeps its connections.
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    # The writers of this process queue here before BEGIN IMMEDIATE. Waiting in SQLite's busy
    # handler means sleeping in steps of up to 100 ms while the lock is free most of the
    # time: with two dozen request threads, a registration rush committed 12 a second. A
    # thread lock hands the database over the moment the writer before commits. Other
    # processes (and a writer that waited 30 s here) still meet at SQLite's busy handler.
    writer = _WRITERS[engine] = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer takes the write lock up front: a deferred transaction that reads first
        # and writes later fails with SQLITE_BUSY instead of waiting its turn.
        write = conn.get_execution_options().get("edu_write", False)
        if write and _WRITER not in conn.info and writer.acquire(timeout=30):
            conn.info[_WRITER] = True
        # On the driver's connection: SQLAlchemy's statement machinery (events, a result
        # object) for a bare BEGIN was a fifth of a cached officer's read.
        try:
            conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except BaseException:
            _release(conn.info)
            raise

    def _release(info: dict[Any, Any]) -> None:
        if info.pop(_WRITER, None):
            writer.release()

    def _end(conn: Any, statement: str) -> None:
        # The transaction ends here, then the next writer goes: SQLAlchemy's own COMMIT
        # (or ROLLBACK) after this hook finds none open and does nothing. A COMMIT that
        # fails leaves the transaction open: SQLAlchemy's then raises it as usual.
        if _WRITER in conn.info:
            driver = conn.connection.driver_connection
            try:
                with contextlib.suppress(sqlite3.Error):
                    if driver.in_transaction:
                        driver.execute(statement)
            finally:
                _release(conn.info)

    event.listen(engine, "commit", lambda conn: _end(conn, "COMMIT"))
    event.listen(engine, "rollback", lambda conn: _end(conn, "ROLLBACK"))

    # Never back in the pool (or gone) still holding it.
    @event.listens_for(engine, "reset")
    def _on_reset(_dbapi: Any, record: Any, _state: Any) -> None:
        _release(record.info)

    @event.listens_for(engine, "invalidate")
    def _on_invalidate(_dbapi: Any, record: Any, _exc: Any) -> None:
        _release(record.info)

    @event.listens_for(engine, "close")
    def _on_close(_dbapi: Any, record: Any) -> None:
        _release(record.info)


_WRITER = "edu_sqlite_writer"
_WRITERS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


def sqlite_writer(engine: Engine) -> threading.Lock | None:
    """The lock this process's writers to an SQLite engine queue on (None on PostgreSQL)."""
    return _WRITERS.get(engine)


class Database:
    """One engine and the two kinds of session the app uses: reads and one-shot writes."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        from edu.perf.data_version import VersionReader, track_writes

        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.dialect = self.engine.dialect.name
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(edu_write=True), expire_on_commit=False
        )
        for factory in (self._reader, self._writer):
            track_writes(factory)
            event.listen(factory, "after_commit", _run_after_commit)
            event.listen(factory, "after_transaction_end", _forget_after_commit)
        self.versions = VersionReader(self.engine)

    def data_version(self) -> int:
        """The counter every committed write raises (edu/perf/data_version.py)."""
        return self.versions.read()

    def reader(self) -> Session:
        return self._reader()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._writer() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.versions.close()
        self.engine.dispose()


_AFTER_COMMIT = "edu_after_commit"


def after_commit(db: Session, action: Callable[[], None]) -> None:
    """Run `action` once the session's transaction has committed (never if it rolls back)."""
    db.info.setdefault(_AFTER_COMMIT, []).append(action)


def _run_after_commit(session: Session) -> None:
    for action in session.info.pop(_AFTER_COMMIT, []):
        action()


def _forget_after_commit(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_AFTER_COMMIT, None)
