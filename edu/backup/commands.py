"""`edu db backup FILE` and `edu db restore FILE [--force]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from edu.backup.archive import create_backup
from edu.backup.restore import restore_backup
from edu.config import Settings


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    backup = create_backup(settings, Path(args.file))
    rows = sum(backup.counts.values())
    print(f"{backup.path}: {backup.dialect} database ({rows} rows in {len(backup.counts)} "
          f"tables) and {backup.files} data files, verified", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    manifest = restore_backup(settings, Path(args.file), force=args.force)
    print(f"restored the backup of {manifest['created_at']}: row counts match; run "
          "`edu db upgrade` if this release is newer", file=sys.stderr)
    return 0


def add_commands(db: Any) -> None:
    backup = db.add_parser("backup", help="a consistent backup while the service runs")
    backup.add_argument("file", help="the archive to write (.tar.gz)")
    backup.set_defaults(handler=cmd_backup)
    restore = db.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true",
                         help="overwrite a database and data folder that hold data")
    restore.set_defaults(handler=cmd_restore)
