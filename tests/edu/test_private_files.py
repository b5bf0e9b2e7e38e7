"""The data folder and everything we write in it are private: folders 0700, files 0600."""

from __future__ import annotations

import os
import stat

from sqlalchemy import text

from edu.cli import main
from edu.config import load_settings
from edu.db import Database
from scheduler.certificates.parallel import write_atomically


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_folder_database_and_certificates_are_private(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    old_file = data / "left-by-an-older-version.txt"
    old_file.write_text("x")
    old_file.chmod(0o644)
    data.chmod(0o755)
    monkeypatch.setenv("EDU_DATA_DIR", str(data))
    for name in ("EDU_DATABASE_URL", "EDU_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    previous = os.umask(0o022)  # a usual login umask: world-readable unless we act
    try:
        assert main(["db", "upgrade"]) == 0
        settings = load_settings()
        database = Database(settings.database_url)
        try:
            with database.transaction() as db:  # WAL and SHM exist while it is open
                db.execute(text("UPDATE regions SET name = name WHERE code = '52'"))
            write_atomically(data / "certificates" / "ab" / "abc.pdf", b"%PDF-1.7")
            paths = [data, *data.rglob("*")]
            names = {p.name for p in paths}
            assert {"edu.sqlite3", "edu.sqlite3-wal", "edu.sqlite3-shm", "secret.key",
                    "abc.pdf"} <= names
            wrong = {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in paths
                     if _mode(p) != (0o700 if p.is_dir() else 0o600)}
            assert wrong == {}
        finally:
            database.dispose()
    finally:
        os.umask(previous)


def test_a_certificate_written_by_a_process_without_our_umask_is_private(tmp_path):
    previous = os.umask(0o022)
    try:
        target = tmp_path / "certificates" / "cd" / "cde.pdf"
        write_atomically(target, b"%PDF-1.7")
    finally:
        os.umask(previous)
    assert _mode(target) == 0o600 and _mode(target.parent) == 0o700
