"""Running a certificate batch: issue in chunks, then render the PDFs in parallel.

Every step is a database transaction that records its own progress (the batch's cursor, each
certificate's PDF hash), so a batch killed at any point and run again continues where it
stopped: it issues nobody twice and loses nobody. Numbers and uniqueness are the database's
job (see edu/certificates/service.py); this module only drives the steps.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError, OperationalError

from edu.certificates import service
from edu.certificates.keys import current_key
from edu.certificates.models import CertificateBatch
from edu.config import Settings
from edu.db import Database
from edu.logsafe import describe
from scheduler.certificates.parallel import RenderJob, render_to_files
from scheduler.certificates.store import pdf_path, template_for

log = logging.getLogger("edu.certificates")
Progress = Callable[[CertificateBatch], None]
LEASE = timedelta(minutes=2)
# Below this many PDFs, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


@dataclass
class BatchRunner:
    settings: Settings
    database: Database
    chunk_size: int = 200
    workers: int | None = None
    progress: Progress | None = None

    def run(self, batch_id: int) -> CertificateBatch:
        """Run (or resume) one batch to the end; a failure marks it FAILED and re-raises."""
        try:
            self._issue(batch_id)
            self._render(batch_id)
        except Exception as exc:
            log.exception("certificate batch %s failed", batch_id)
            with self.database.transaction() as db:
                service.finish_batch(db, batch_id, error=describe(exc))
            raise
        with self.database.transaction() as db:
            batch = service.finish_batch(db, batch_id)
        self._report(batch)
        return batch

    def _report(self, batch: CertificateBatch) -> None:
        if self.progress is not None:
            self.progress(batch)

    def _issue(self, batch_id: int) -> None:
        conflicts = 0
        while True:
            try:
                with self.database.transaction() as db:
                    more = service.issue_next_chunk(
                        db, batch_id, key=self.settings.secret_key,
                        public_url=self.settings.public_url, limit=self.chunk_size)
                    service.renew_lease(db, batch_id, LEASE)
                    batch = db.get(CertificateBatch, batch_id)
                    assert batch is not None
            except (IntegrityError, OperationalError):
                # A concurrent batch for the same people won a unique constraint (or, on
                # PostgreSQL, a deadlock was broken): nothing was written, so try again; the
                # retry sees the other batch's certificates and skips those people.
                conflicts += 1
                if conflicts > 20:
                    raise
                continue
            self._report(batch)
            if not more:
                return

    def _pending(self, batch_id: int) -> Iterator[RenderJob]:
        """The batch's certificates without a PDF, read a page at a time as workers need them."""
        after = 0
        while True:
            with self.database.reader() as db:
                rows = service.certificates_to_render(db, batch_id, after_id=after,
                                                      limit=self.chunk_size)
                jobs = [
                    RenderJob(c.id, service.certificate_content(c, self.settings.secret_key,
                                                                self.settings.public_url),
                              pdf_path(self.settings.data_dir, c))
                    for c in rows
                ]
            if not jobs:
                return
            yield from jobs
            after = jobs[-1].certificate_id

    def _render(self, batch_id: int) -> None:
        with self.database.reader() as db:
            batch = db.get(CertificateBatch, batch_id)
            assert batch is not None
            style = service.office_style(db, batch.region_code)
            todo = batch.issued - batch.rendered
        workers = self.workers or (os.cpu_count() or 1)
        if todo < PARALLEL_FROM:
            workers = 1
        key = current_key(self.settings.data_dir, self.settings.secret_key, self.database)
        for done in render_to_files(self._pending(batch_id), signing_key=key.private_key,
                                    template=template_for(style), workers=workers,
                                    chunk_size=50):
            with self.database.transaction() as db:
                service.record_rendered(db, batch_id, {r.certificate_id: r.sha256 for r in done})
                service.renew_lease(db, batch_id, LEASE)
                batch = db.get(CertificateBatch, batch_id)
                assert batch is not None
            self._report(batch)


def run_next_batch(settings: Settings, database: Database, **runner: object) -> int | None:
    """Claim one batch that is queued, or whose worker died (lease expired), and run it."""
    with database.transaction() as db:
        batch = service.claim_batch(db, lease=LEASE)
        batch_id = batch.id if batch else None
    if batch_id is not None:
        BatchRunner(settings, database, **runner).run(batch_id)  # type: ignore[arg-type]
    return batch_id
