"""Daily backups by the runner: one archive per WITA day into EDU_BACKUP_DIR, keeping the
newest EDU_BACKUP_KEEP. Several app processes may run it: a lock file per day lets one win."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from edu.backup.archive import create_backup
from edu.config import DISPLAY_TZ, Settings
from edu.db import utcnow

log = logging.getLogger("edu.backups")
PREFIX = "edu-backup-"


def take_due_backup(settings: Settings, now: datetime) -> Path | None:
    """Today's backup if it is not taken yet (then prune); the new archive or None."""
    folder = settings.backup_dir
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{PREFIX}{now.astimezone(ZoneInfo(DISPLAY_TZ)).date().isoformat()}.tar.gz"
    lock = path.with_name(path.name + ".lock")
    if path.exists():
        return None
    try:
        lock.open("x").close()
    except FileExistsError:
        return None  # another process is taking it
    try:
        create_backup(settings, path)
    finally:
        lock.unlink()
    for old in sorted(folder.glob(f"{PREFIX}*.tar.gz"))[:-settings.backup_keep]:
        old.unlink()
    return path


class DailyBackups:
    """A daemon thread that checks every `check_seconds` whether today's backup is due."""

    def __init__(self, settings: Settings, *, check_seconds: float = 600) -> None:
        self.settings = settings
        self.check_seconds = check_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="daily-backups", daemon=True)

    def start(self) -> DailyBackups:
        if self.settings.backup_dir is not None:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(60)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                made = take_due_backup(self.settings, utcnow())
                if made:
                    log.info("daily backup written to %s", made)
            except Exception:  # a failed backup must not stop the service; try again later
                log.exception("daily backup")
            self._stop.wait(self.check_seconds)
