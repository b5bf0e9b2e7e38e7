"""The in-process job runner of the embedded default: one thread that runs certificate batches.

It polls the database rather than an in-memory queue, so a batch queued by any process, or
left half-done by a process that died (its lease ran out), is picked up all the same. Several
app processes may each run one: claiming a batch is a locked, conditional update.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from edu.certificates.models import BatchStatus, CertificateBatch
from edu.config import Settings
from edu.db import Database, utcnow
from scheduler.certificates.batches import run_next_batch

log = logging.getLogger("edu.jobs")


class BatchJobs:
    """A daemon thread that runs claimable certificate batches until stopped."""

    def __init__(self, settings: Settings, database: Database, *,
                 poll_seconds: float = 0.5) -> None:
        self.settings = settings
        self.database = database
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="certificate-batches",
                                        daemon=True)

    def start(self) -> BatchJobs:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def _claimable(self) -> bool:
        # A cheap read first: on SQLite, claiming takes the write lock.
        with self.database.reader() as db:
            return db.scalar(select(CertificateBatch.id).where(
                CertificateBatch.status.in_([BatchStatus.QUEUED, BatchStatus.RUNNING]),
                CertificateBatch.lease_until.is_(None)
                | (CertificateBatch.lease_until < utcnow()),
            ).limit(1)) is not None

    def _loop(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                if self._claimable() and run_next_batch(self.settings, self.database):
                    continue  # there may be more
                failures = 0
            except OperationalError as exc:
                # The database is away (restarting, or dropped as a test ends): say so
                # quietly at first, loudly if it lasts.
                failures += 1
                (log.warning if failures > 4 else log.info)(
                    "certificate batch runner: database unavailable: %s", exc.orig)
            except Exception:  # the batch is marked FAILED; keep serving the others
                log.exception("certificate batch runner")
                failures += 1
            # Back off while the database is failing, up to 30 s, so the log stays readable.
            self._stop.wait(min(30.0, self.poll_seconds * 2 ** min(failures, 6)))
