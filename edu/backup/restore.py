"""Restoring a backup archive into an empty database and data folder (or, with force, over a
live one), then checking that every table holds the rows the backup counted."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from edu.backup.archive import (
    REFERENCE_TABLES,
    data_files,
    libpq_url,
    read_manifest,
    require_tool,
    sqlite_counts,
    sqlite_path,
)
from edu.config import Settings
from edu.db import Database
from edu.errors import UserError

# Made by `load_settings` on every start: its presence alone does not make a folder live.
SECRET_FILE = "secret.key"


def _row_counts(url: str) -> dict[str, int]:
    database = Database(url)
    try:
        with database.engine.connect() as conn:
            return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
                    for t in inspect(conn).get_table_names()}
    finally:
        database.dispose()


def live_content(settings: Settings) -> list[str]:
    """What the target already holds: tables with rows, and data files (empty when none)."""
    url = settings.database_url
    held: list[str] = []
    if not url.startswith("sqlite") or sqlite_path(url).exists():
        held += [f"{t} ({n} rows)" for t, n in sorted(_row_counts(url).items())
                 if n and t not in REFERENCE_TABLES]
    held += [p.relative_to(settings.data_dir).as_posix() for p in data_files(settings)
             if p.name != SECRET_FILE or p.parent != settings.data_dir]
    return held


def _restore_sqlite(dump: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    copy = sqlite3.connect(target, timeout=30)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _restore_postgres(dump: Path, url: str) -> None:
    done = subprocess.run([require_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                           "--single-transaction", "-d", libpq_url(url), str(dump)],
                          check=False, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise UserError("RESTORE_FAILED", "file", f"pg_restore failed: {done.stderr.strip()}")


def restore_backup(settings: Settings, path: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore `path`; refuses a target that holds data unless `force`. The manifest."""
    postgres = not settings.database_url.startswith("sqlite")
    with tempfile.TemporaryDirectory(prefix="edu-restore-") as tmp:
        manifest = read_manifest(path, into=Path(tmp))
        if manifest["dialect"] != ("postgresql" if postgres else "sqlite"):
            raise UserError("WRONG_DATABASE", "file", f"This is a {manifest['dialect']} "
                            "backup; EDU_DATABASE_URL names another kind of database.")
        held = live_content(settings)
        if held and not force:
            raise UserError("LIVE_TARGET", "force", "The target is not empty (" +
                            ", ".join(held[:5]) + (", …" if len(held) > 5 else "") +
                            "): restore over it only with --force.")
        if postgres:
            _restore_postgres(Path(tmp) / "database.pgdump", settings.database_url)
            counts = _row_counts(settings.database_url)
        else:
            target = sqlite_path(settings.database_url)
            _restore_sqlite(Path(tmp) / "database.sqlite3", target)
            counts = sqlite_counts(target)
        data = Path(tmp) / "data"
        if data.exists():
            shutil.copytree(data, settings.data_dir, dirs_exist_ok=True)
    wrong = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
    if wrong:
        raise UserError("RESTORE_FAILED", "file", f"restored row counts differ: {wrong}")
    return manifest
