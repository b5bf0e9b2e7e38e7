"""The public URL is the deployment's, stored once: a shell without (or with another)
EDU_PUBLIC_URL still seals the deployment's own into certificates, and says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from edu.app import create_app
from edu.audit import AuditEvent
from edu.db import Database
from edu.settings.service import set_public_url, stored_public_url
from tests.edu.certificates_factory import CONFIRMED, PRESENT, session_with
from tests.edu.cli_run import Ran, in_shell

STORED = "https://sertifikat.kpu-ntb.go.id"


@pytest.fixture
def database(own_database: Database) -> Database:
    return own_database


def shell(database: Database, data_dir: Path, monkeypatch, capsys) -> Callable[..., Ran]:
    """`edu …` from a shell with this deployment's variables and, maybe, an EDU_PUBLIC_URL."""
    run = in_shell(monkeypatch, capsys)
    env = {"EDU_DATABASE_URL": database.url, "EDU_DATA_DIR": str(data_dir),
           "EDU_SECRET_KEY": "settings-test"}

    def edu(*args: str, public_url: str | None = None) -> Ran:
        return run(list(args), cwd=data_dir,
                   env={**env, **({"EDU_PUBLIC_URL": public_url} if public_url else {})})

    return edu


def test_db_upgrade_stores_the_url_once_and_every_command_uses_the_stored_one(
        database, tmp_path, monkeypatch, capsys):
    edu = shell(database, tmp_path, monkeypatch, capsys)
    assert edu("db", "upgrade", public_url=STORED).returncode == 0
    again = edu("db", "upgrade", public_url="http://127.0.0.1:9999")
    assert again.returncode == 0
    assert "EDU_PUBLIC_URL=http://127.0.0.1:9999 differs" in again.stderr and STORED in again.stderr
    with database.reader() as db:
        assert stored_public_url(db) == STORED

    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    out = edu("certificates", "issue", "--session", str(session_id),
              "--workers", "1")  # a shell without EDU_PUBLIC_URL
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"{STORED}/certificates/batches/")
    other = edu("certificates", "issue", "--session", str(session_id),
                public_url="http://127.0.0.1:8000")  # a shell with another one
    assert other.stdout.startswith(f"{STORED}/certificates/batches/")
    shown = edu("settings", "public-url", public_url="http://localhost:1")
    assert shown.stdout.strip() == STORED and "differs" in shown.stderr


def test_the_url_is_changed_only_on_purpose_and_checked(database, tmp_path, monkeypatch,
                                                        capsys):
    edu = shell(database, tmp_path, monkeypatch, capsys)
    with database.transaction() as db:
        set_public_url(db, STORED)
    bad = edu("settings", "public-url", "javascript:alert(1)")
    assert bad.returncode == 2 and "Not a public URL" in bad.stderr
    changed = edu("settings", "public-url", "https://edu.example.id/")
    assert changed.returncode == 0, changed.stderr
    with database.reader() as db:
        assert stored_public_url(db) == "https://edu.example.id"
        event = db.query(AuditEvent).filter_by(action="deployment.public_url.set").order_by(
            AuditEvent.id.desc()).first()
        assert event.before == {"value": STORED}


def test_the_app_uses_the_stored_url_not_its_environment(database, tmp_path, monkeypatch,
                                                         caplog):
    with database.transaction() as db:
        set_public_url(db, STORED)
    monkeypatch.setenv("EDU_DATABASE_URL", database.url)
    monkeypatch.setenv("EDU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EDU_SECRET_KEY", "settings-test")
    monkeypatch.setenv("EDU_PUBLIC_URL", "http://127.0.0.1:8000")
    app = create_app(database=database)
    assert app.state.settings.public_url == STORED
    assert "EDU_PUBLIC_URL=http://127.0.0.1:8000 differs" in caplog.text
