"""A counter that every committed write raises, in the write's own transaction.

Caches of public answers key on it: an answer computed after reading version v holds data at
least as new as v, so it may be served while the counter still reads v, by any process on the
same database. Reading it costs one small query on a connection kept for the purpose.

The version is the sum of SLOTS rows, and a write raises only the row of the connection it
runs on. One row for everybody was a queue: on PostgreSQL each writer held that row's lock
from its UPDATE to its COMMIT, so no two transactions of the whole site could commit at once.

Why the sum is as safe as one row (and a sequence is not):
- A writing transaction adds 1 to one row as its last statement, inside the transaction: a
  reader's snapshot sees that 1 exactly when it sees the transaction's data (atomic commit).
  A writer that has bumped but not committed is invisible: a reader reading the version
  then still gets the old sum, and caches what it computes under the old sum. As soon as
  the writer commits, every later read returns a larger sum, so that entry is never served
  again. (`nextval` of a sequence is visible before the commit: a reader could read the new
  number, compute from data without the write, and keep that stale answer under it.)
- Rows only grow, and later snapshots see everything earlier ones saw; so the sum never
  goes down, and two reads returning the same sum had no committed write between them.
- The reader reads the version before computing, on its own statement: what it computes
  holds every write that sum counts, and perhaps newer ones, which is harmless (any reader
  that reads that sum later reads it before those newer commits showed).
On SQLite there is one writer at a time anyway; the rows change nothing there."""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any

from sqlalchemy import BigInteger, Engine, Integer, bindparam, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from edu.db import Base

# Rows of the counter: writers on different rows never wait for each other.
SLOTS = 64


class DataVersion(Base):
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)


@event.listens_for(DataVersion.__table__, "after_create")
def _first_row(target: Any, connection: Any, **_: Any) -> None:
    connection.execute(target.insert(), [{"id": n, "version": 0} for n in range(1, SLOTS + 1)])


def _raise(row: Any) -> Any:
    return update(DataVersion).where(DataVersion.id == row).values(
        version=DataVersion.version + 1)


_RAISE = _raise(bindparam("slot"))
BUMP = _raise(1)  # for scripts writing outside the app's sessions
READ = "SELECT sum(version) FROM data_version"
_WROTE = "edu_wrote"
_SLOT = "edu_version_slot"
# The rows this process's connections take in turn, from a start that differs per process.
_slots = itertools.count(os.getpid() * 7)


def slot_of(connection: Any) -> int:
    """The counter row of a pooled connection (kept with it, so no two connections of a
    process that are open at once share a row until there are more than SLOTS)."""
    info = connection.info
    if _SLOT not in info:
        info[_SLOT] = next(_slots) % SLOTS + 1
    return int(info[_SLOT])


def track_writes(session_factory: Any) -> None:
    """Raise the version in every transaction of these sessions that wrote anything."""

    @event.listens_for(session_factory, "after_flush")
    def _flushed(session: Session, _: Any) -> None:
        session.info[_WROTE] = True

    @event.listens_for(session_factory, "do_orm_execute")
    def _executed(state: Any) -> None:
        if not state.is_select:  # bulk UPDATE/DELETE/INSERT, and text() we cannot see into
            state.session.info[_WROTE] = True

    @event.listens_for(session_factory, "before_commit")
    def _bump(session: Session) -> None:
        # Flushed here rather than by the commit after this hook: the bump is the last
        # statement, so its row stays locked (PostgreSQL) for no more than the COMMIT.
        session.flush()
        if session.info.pop(_WROTE, False):
            conn = session.connection()
            conn.execute(_RAISE, {"slot": slot_of(conn)})  # Core: not seen by do_orm_execute

    @event.listens_for(session_factory, "after_transaction_end")
    def _ended(session: Session, transaction: Any) -> None:
        if transaction.parent is None:
            session.info.pop(_WROTE, None)


def mark_written(session: Session) -> None:
    """For statements sent on the session's connection directly (no ORM events see them)."""
    session.info[_WROTE] = True


class VersionReader:
    """Reads the counter on one connection of its own, so a read never waits for the pool."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Any = None
        self._lock = threading.Lock()

    def read(self) -> int:
        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._conn is None:
                        conn = self._engine.raw_connection()
                        conn.detach()  # its settings below never reach the pool
                        if self._engine.dialect.name == "postgresql":
                            conn.dbapi_connection.autocommit = True  # type: ignore[union-attr]
                        self._conn = conn
                    cur = self._conn.cursor()
                    try:
                        cur.execute(READ)
                        row = cur.fetchone()
                    finally:
                        cur.close()
                    return int(row[0])
                except Exception:
                    # A dropped connection (server restart): one more try on a fresh one.
                    self._drop()
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()
            except Exception:  # noqa: S110  (already broken: nothing more to do)
                pass
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self._drop()
