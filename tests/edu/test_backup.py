"""Backups taken while people register restore to a consistent database; restore refuses a
live target; the runner keeps one archive a day and the newest N."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from edu.backup.archive import create_backup
from edu.backup.restore import restore_backup
from edu.config import Settings
from edu.db import Database
from edu.errors import UserError
from edu.evidence.chain import verify_chain
from edu.participants.models import Participant
from edu.registrations.models import Registration, RegistrationStatus
from edu.sessions.models import EduSession
from scheduler.backups import take_due_backup
from tests.edu.cli_run import Ran, in_shell
from tests.edu.sessionkit import plan, sign_up, staff
from tests.support import create_postgres_database, drop_postgres_database, settings_for_tests


@contextlib.contextmanager
def empty_target(backend: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a database that does not exist yet (SQLite) or is empty (PostgreSQL)."""
    if backend == "sqlite":
        yield settings_for_tests(tmp_path / "target", f"sqlite:///{tmp_path / 'restored.db'}")
        return
    url = create_postgres_database("restore")
    try:
        yield settings_for_tests(tmp_path / "target",
                                 url.replace("postgresql://", "postgresql+psycopg://"))
    finally:
        drop_postgres_database(url)


def _source(database: Database, tmp_path: Path) -> Settings:
    settings = settings_for_tests(tmp_path / "source", database.url)
    pdf = settings.data_dir / "certificates" / "ab" / "ab12.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 sealed")
    (settings.data_dir / "secret.key").write_text("the deployment's key")
    return settings


def _consistent(database: Database) -> tuple[int | None, int | None]:
    """Every session's counters equal its rows; (registrations, participants)."""
    with database.reader() as db:
        for session in db.scalars(select(EduSession)):
            rows = dict(db.execute(select(Registration.status, func.count())
                                   .where(Registration.session_id == session.id)
                                   .group_by(Registration.status)).all())
            assert session.confirmed_count == rows.get(RegistrationStatus.CONFIRMED, 0)
            assert session.waitlist_count == rows.get(RegistrationStatus.WAITLISTED, 0)
    with database.reader() as db:
        assert verify_chain(db).intact
        return (db.scalar(select(func.count()).select_from(Registration)),
                db.scalar(select(func.count()).select_from(Participant)))


def test_a_backup_during_registrations_restores_consistently(database, backend, tmp_path):
    officer = staff(database)
    sessions = [plan(database, officer, capacity=15) for _ in range(2)]
    settings = _source(database, tmp_path)
    started, stop = threading.Barrier(5), threading.Event()
    registered = [0] * 4

    def register(i: int) -> None:
        started.wait()
        while not stop.is_set() or registered[i] < 3:
            sign_up(database, sessions[i % 2])
            registered[i] += 1

    writers = [threading.Thread(target=register, args=(i,)) for i in range(4)]
    for w in writers:
        w.start()
    started.wait()  # the writers are registering while the backup runs
    try:
        backup = create_backup(settings, tmp_path / "backup.tar.gz")
    finally:
        stop.set()
        for w in writers:
            w.join()
    with empty_target(backend, tmp_path) as target:
        restore_backup(target, backup.path)
        restored = Database(target.database_url)
        try:
            registrations, participants = _consistent(restored)
        finally:
            restored.dispose()
        assert registrations == participants == backup.counts["registrations"]
        assert (target.data_dir / "certificates" / "ab" / "ab12.pdf").read_bytes() \
            == b"%PDF-1.7 sealed"
        assert (target.data_dir / "secret.key").read_text() == "the deployment's key"
    assert sum(registered) >= registrations  # nothing invented; later rows simply not in it


def test_restore_refuses_a_live_target_unless_forced(database, tmp_path):
    sign_up(database, plan(database, staff(database)))
    settings = _source(database, tmp_path)
    backup = create_backup(settings, tmp_path / "backup.tar.gz")
    sign_up(database, plan(database, staff(database)))
    with pytest.raises(UserError, match="not empty") as refused:
        restore_backup(settings, backup.path)
    assert refused.value.problems[0].code == "LIVE_TARGET"
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(Registration)) == 2
    restore_backup(settings, backup.path, force=True)
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(Registration)) == 1


def test_a_damaged_archive_is_refused(database, tmp_path):
    settings = _source(database, tmp_path)
    backup = create_backup(settings, tmp_path / "backup.tar.gz")
    data = bytearray(backup.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.path.write_bytes(bytes(data))
    with pytest.raises(UserError, match="not a sound backup"):
        restore_backup(settings, backup.path, force=True)


def test_the_runner_takes_one_backup_a_day_and_keeps_the_newest(database, tmp_path):
    settings = replace(_source(database, tmp_path), backup_dir=tmp_path / "daily",
                       backup_keep=2)
    day = datetime(2026, 3, 1, 2, tzinfo=UTC)
    made = [take_due_backup(settings, day + timedelta(days=d)) for d in range(4)]
    assert all(made) and take_due_backup(settings, day + timedelta(days=3, hours=5)) is None
    assert sorted(p.name for p in (tmp_path / "daily").iterdir()) == [
        "edu-backup-2026-03-03.tar.gz", "edu-backup-2026-03-04.tar.gz"]


def test_the_commands(database, tmp_path, monkeypatch, capsys):
    settings = _source(database, tmp_path)
    env = {"EDU_DATA_DIR": str(settings.data_dir), "EDU_DATABASE_URL": database.url}
    run = in_shell(monkeypatch, capsys)

    def edu(*args: str) -> Ran:
        return run(["db", *args], cwd=tmp_path, env=env)

    sign_up(database, plan(database, staff(database)))
    made = edu("backup", str(tmp_path / "b.tar.gz"))
    assert made.returncode == 0 and "verified" in made.stderr, made.stderr
    refused = edu("restore", str(tmp_path / "b.tar.gz"))
    assert refused.returncode == 2 and "--force" in refused.stderr
