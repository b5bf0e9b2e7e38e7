"""The runner's daily duties, checked every few minutes in one daemon thread: today's backup
(when EDU_BACKUP_DIR is set), retention (erasing participants and interns past
EDU_RETENTION_DAYS) and forgetting class-list previews nobody confirmed."""

from __future__ import annotations

import logging
import threading

from edu.config import Settings
from edu.db import Database, utcnow
from edu.registrations.held_imports import sweep_held_imports
from scheduler.backups import take_due_backup
from scheduler.privacy import run_retention, run_student_retention

log = logging.getLogger("edu.daily")


class DailyJobs:
    """A daemon thread that runs what is due every `check_seconds`."""

    def __init__(self, settings: Settings, database: Database, *,
                 check_seconds: float = 600) -> None:
        self.settings = settings
        self.database = database
        self.check_seconds = check_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="daily-jobs", daemon=True)

    def start(self) -> DailyJobs:
        if self.settings.backup_dir is not None or self.settings.retention_days:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(60)

    def run_due(self) -> None:
        """One round: each duty on its own, so one failing does not skip the other."""
        now = utcnow()
        try:
            made = take_due_backup(self.settings, now)
            if made:
                log.info("daily backup written to %s", made)
        except Exception:  # a failed backup must not stop the service; the next round retries
            log.exception("daily backup")
        try:
            run_retention(self.settings, self.database, now)
            run_student_retention(self.settings, self.database, now)
        except Exception:
            log.exception("retention")
        try:
            with self.database.transaction() as db:
                sweep_held_imports(db, now)
        except Exception:
            log.exception("held imports")

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_due()
            self._stop.wait(self.check_seconds)
