"""One counter that every committed write raises, in the write's own transaction.

Caches of public answers key on it: an answer computed after reading version v holds data at
least as new as v, so it may be served while the counter still reads v, by any process on the
same database. Reading it costs one primary-key lookup on a connection kept for the purpose."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import BigInteger, Engine, Integer, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from edu.db import Base

ROW_ID = 1


class DataVersion(Base):
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)


@event.listens_for(DataVersion.__table__, "after_create")
def _first_row(target: Any, connection: Any, **_: Any) -> None:
    connection.execute(target.insert().values(id=ROW_ID, version=0))


BUMP = update(DataVersion).where(DataVersion.id == ROW_ID).values(
    version=DataVersion.version + 1)
_WROTE = "edu_wrote"


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
        # The commit's own flush comes after this hook: pending objects count as writes.
        if session.info.pop(_WROTE, False) or session.new or session.dirty or session.deleted:
            session.connection().execute(BUMP)  # Core: not seen by do_orm_execute

    @event.listens_for(session_factory, "after_transaction_end")
    def _ended(session: Session, transaction: Any) -> None:
        if transaction.parent is None:
            session.info.pop(_WROTE, None)


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
                        cur.execute("SELECT version FROM data_version WHERE id = 1")
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
