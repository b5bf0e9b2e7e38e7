"""What every resolver reaches through `info.context`: who asks, the database, loaders."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session
from strawberry.dataloader import DataLoader

from edu.auth.principal import Principal
from edu.config import Settings
from edu.db import Database
from edu.participants.service import record_specific_reads
from schema.deadline import Deadline

BatchFn = Callable[[Session, Sequence[Any]], Sequence[Any]]


class Context:
    """One request: a read session opened on first use, and one write transaction per change."""

    def __init__(self, settings: Settings, database: Database, principal: Principal,
                 client: str = "", deadline: Deadline | None = None) -> None:
        self.settings = settings
        self.database = database
        self.principal = principal
        self.client = client  # the caller's address, for per-client limits (verification)
        self.deadline = deadline
        self._db: Session | None = None
        self._closed = False
        self._loaders: dict[BatchFn, DataLoader[Any, Any]] = {}
        self._expected: dict[BatchFn, dict[Any, None]] = {}
        self._batched: dict[BatchFn, dict[Any, Any]] = {}
        self.cache: dict[str, Any] = {}
        # (participant id, field) pairs of specific personal data that staff read.
        self.specific_reads: set[tuple[int, str]] = set()

    @property
    def db(self) -> Session:
        if self._closed:
            # A loader left pending when an error nulled its parent runs after the response:
            # a session opened now would never be closed (idle in transaction, holding locks).
            raise RuntimeError("this request has finished")
        if self._db is None:
            self._db = self.database.reader()
            if self.deadline is not None and self.database.dialect == "postgresql":
                # The database stops a statement that would outlast the request's deadline.
                self._db.execute(text("SELECT set_config('statement_timeout', :ms, true)"),
                                 {"ms": str(self.deadline.remaining_ms())})
        return self._db

    def loader(self, batch: BatchFn) -> DataLoader[Any, Any]:
        """The request's DataLoader for a batch function `(db, keys) -> values in key order`."""
        loader = self._loaders.get(batch)
        if loader is None:
            async def load(keys: list[Any]) -> Sequence[Any]:
                return batch(self.db, keys)

            loader = self._loaders[batch] = DataLoader(load_fn=load)
        return loader

    def expect(self, batch: BatchFn, keys: Iterable[Any]) -> None:
        """Keys that `batched` loads together with the first one it is asked for: the rows of
        a page, known before any of their fields resolves."""
        self._expected.setdefault(batch, {}).update(dict.fromkeys(keys))

    def batched(self, batch: BatchFn, key: Any) -> Any:
        """`batch`'s value for `key`, loaded with every expected key not loaded yet: what a
        DataLoader does, for a synchronous field (no coroutine, task or loop turn per field)."""
        values = self._batched.setdefault(batch, {})
        if key not in values:
            wanted = [key, *(k for k in self._expected.get(batch, ())
                             if k != key and k not in values)]
            values.update(zip(wanted, batch(self.db, wanted), strict=True))
        return values[key]

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction; reads after it start afresh and see what it wrote."""
        self.end_reads()
        with self.database.transaction() as db:
            yield db

    def end_reads(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._loaders.clear()
        self._expected.clear()
        self._batched.clear()
        self.cache.clear()

    def close(self) -> None:
        self.end_reads()
        if self.specific_reads:
            with self.database.transaction() as db:
                record_specific_reads(db, self.principal, self.specific_reads)
            self.specific_reads.clear()
        self._closed = True
