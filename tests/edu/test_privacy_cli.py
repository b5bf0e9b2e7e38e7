"""`edu privacy …` at the office desk, on the test database (in this process:
tests/edu/test_cli.py runs the entry point itself)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import update

from edu.db import utcnow
from edu.participants.models import Participant
from tests.edu.cli_run import Ran, in_shell
from tests.edu.test_privacy import A_NAME, B_NAME, _world


@pytest.fixture
def privacy(own_database, tmp_path, monkeypatch, capsys) -> Callable[..., Ran]:
    """`edu privacy …` on the test's own database, its data folder tmp_path."""
    run = in_shell(monkeypatch, capsys)
    env = {"EDU_DATA_DIR": str(tmp_path), "EDU_DATABASE_URL": own_database.url}
    return lambda *args: run(["privacy", *args], cwd=tmp_path, env=env)


def test_export_retention_and_erase_commands(own_database, tmp_path, privacy):
    database, edu = own_database, privacy
    _, _, a, b, _, _, _, _ = _world(database)
    with database.transaction() as db:
        db.execute(update(Participant).where(Participant.id == b).values(
            created_at=utcnow() - timedelta(days=1000)))
    exported = edu("export", str(a), "--out", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    data = json.loads((tmp_path / "out" / f"participant-{a}.json").read_text())
    assert data["person"]["full_name"] == A_NAME
    assert B_NAME not in (tmp_path / "out" / f"participant-{a}.html").read_text()
    # B's only session lies ahead, so B is not expired despite the old record.
    dry = edu("retention", "--dry-run")
    assert dry.returncode == 0 and "0 would be erased" in dry.stderr, dry.stderr
    erased = edu("erase", str(a), "--reason", "Permintaan lewat surat")
    assert erased.returncode == 0 and "erased: now Terhapus" in erased.stderr, erased.stderr
    again = edu("erase", "999999", "--reason", "x")
    assert again.returncode == 2 and "participant" in again.stderr.lower()
