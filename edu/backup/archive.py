"""One archive per backup: a consistent copy of the database (SQLite's online backup API, or
`pg_dump -Fc` inside an exported snapshot), the data folder's keys and certificate files, and
a manifest with every file's hash and every table's row count in that copy."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from edu.config import Settings
from edu.db import Base, Database, utcnow
from edu.errors import UserError

KIND = "edu.backup.v1"
BACKUPS_FOLDER = "backups"  # inside the data folder: never backed up itself
# Rows every migrated database holds: they do not make a database "live".
REFERENCE_TABLES = frozenset({"regions", "offices", "alembic_version", "data_version"})


@dataclass(frozen=True)
class Backup:
    path: Path
    dialect: str
    counts: dict[str, int]
    files: int


def _stream_sha256(f: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: f.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return _stream_sha256(f)


def _tables() -> list[str]:
    return [t.name for t in Base.metadata.sorted_tables] + ["alembic_version"]


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "").resolve()


def libpq_url(url: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def require_tool(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise UserError("MISSING_TOOL", tool, f"{tool} is not installed: install the "
                        "PostgreSQL client (postgresql-client-15) to back up PostgreSQL.")
    return found


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise UserError("BROKEN_BACKUP", "file", f"{path} fails SQLite's integrity check.")
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in _tables() if t in present}


def _copy_sqlite(url: str, target: Path) -> dict[str, int]:
    """A consistent copy while the service writes, through SQLite's online backup API."""
    source = sqlite3.connect(sqlite_path(url), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return sqlite_counts(target)


def _dump_postgres(url: str, target: Path) -> dict[str, int]:
    """pg_dump of a snapshot we hold open, so the counts are those of the dump."""
    pg_dump = require_tool("pg_dump")
    database = Database(url)
    try:
        with database.engine.connect().execution_options(
                isolation_level="REPEATABLE READ") as conn, conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = {t: conn.execute(select(func.count()).select_from(text(f'"{t}"')))
                      .scalar_one() for t in _tables()}
            subprocess.run([pg_dump, "-Fc", "--no-owner", f"--snapshot={snapshot}",
                            "-f", str(target), "-d", libpq_url(url)],
                           check=True, capture_output=True, timeout=3600)
    finally:
        database.dispose()
    listing = subprocess.run([require_tool("pg_restore"), "--list", str(target)], check=True,
                             capture_output=True, text=True, timeout=600).stdout
    missing = [t for t in counts if f"TABLE DATA public {t} " not in listing]
    if missing:
        raise UserError("BROKEN_BACKUP", "file", f"the dump lacks the data of {missing}.")
    return counts


def data_files(settings: Settings) -> list[Path]:
    """The data folder's keys, certificates and anchors (not the database, not backups)."""
    skip = {settings.data_dir / BACKUPS_FOLDER, *([settings.backup_dir] if settings.backup_dir
                                                else [])}
    if settings.database_url.startswith("sqlite"):
        db = sqlite_path(settings.database_url)
        skip |= {db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))}
    return sorted(p for p in settings.data_dir.rglob("*") if p.is_file()
                  and not any(p == s or s in p.parents for s in skip))


def create_backup(settings: Settings, path: Path) -> Backup:
    """Write one verified archive of the database and the data folder to `path`."""
    postgres = not settings.database_url.startswith("sqlite")
    with tempfile.TemporaryDirectory(prefix="edu-backup-") as tmp:
        dump = Path(tmp) / ("database.pgdump" if postgres else "database.sqlite3")
        counts = (_dump_postgres if postgres else _copy_sqlite)(settings.database_url, dump)
        data = data_files(settings)
        names = {dump.name: dump} | {
            f"data/{p.relative_to(settings.data_dir).as_posix()}": p for p in data}
        manifest: dict[str, Any] = {
            "kind": KIND, "dialect": "postgresql" if postgres else "sqlite",
            "created_at": utcnow().isoformat(timespec="seconds"), "counts": counts,
            "files": {name: _sha256(p) for name, p in names.items()},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
            for name, p in names.items():
                archive.add(p, arcname=name)
        partial.replace(path)
    read_manifest(path)  # what we wrote opens and every hash holds
    return Backup(path, manifest["dialect"], counts, len(data))


def read_manifest(path: Path, into: Path | None = None) -> dict[str, Any]:
    """The archive's manifest, after checking every file against it (extracted to `into`)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
            if manifest.get("kind") != KIND:
                raise ValueError("not an edu backup")
            for name, digest in manifest["files"].items():
                member = archive.getmember(name)
                f = archive.extractfile(member)
                if f is None or _stream_sha256(f) != digest:
                    raise ValueError(f"{name} does not match the manifest")
            if into is not None:
                archive.extractall(into, members=[archive.getmember(n)
                                                  for n in manifest["files"]], filter="data")
    except (OSError, KeyError, ValueError, tarfile.TarError) as err:
        raise UserError("BROKEN_BACKUP", "file", f"{path} is not a sound backup: {err}") from None
    return manifest
