"""Daily backups by the runner: one archive per WITA day into EDU_BACKUP_DIR, keeping the
newest EDU_BACKUP_KEEP. Several app processes may run it: a lock file per day lets one win."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from edu.backup.archive import create_backup
from edu.config import DISPLAY_TZ, Settings

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
