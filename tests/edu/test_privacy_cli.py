"""`edu privacy …` at the office desk: real processes on the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import update

from edu.db import utcnow
from edu.participants.models import Participant
from tests.edu.test_privacy import A_NAME, B_NAME, _world


def edu(*args: str, database, data_dir) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EDU_DATA_DIR": str(data_dir), "EDU_DATABASE_URL": database.url}
    return subprocess.run([sys.executable, "-m", "edu.cli", "privacy", *args], check=False,
                          env=env, capture_output=True, text=True, timeout=120)


def test_export_retention_and_erase_commands(own_database, tmp_path):
    database = own_database
    _, _, a, b, _, _, _, _ = _world(database)
    with database.transaction() as db:
        db.execute(update(Participant).where(Participant.id == b).values(
            created_at=utcnow() - timedelta(days=1000)))
    exported = edu("export", str(a), "--out", str(tmp_path / "out"), database=database,
                   data_dir=tmp_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads((tmp_path / "out" / f"participant-{a}.json").read_text())
    assert data["person"]["full_name"] == A_NAME
    assert B_NAME not in (tmp_path / "out" / f"participant-{a}.html").read_text()
    # B's only session lies ahead, so B is not expired despite the old record.
    dry = edu("retention", "--dry-run", database=database, data_dir=tmp_path)
    assert dry.returncode == 0 and "0 would be erased" in dry.stderr, dry.stderr
    erased = edu("erase", str(a), "--reason", "Permintaan lewat surat", database=database,
                 data_dir=tmp_path)
    assert erased.returncode == 0 and "erased: now Terhapus" in erased.stderr, erased.stderr
    again = edu("erase", "999999", "--reason", "x", database=database, data_dir=tmp_path)
    assert again.returncode == 2 and "participant" in again.stderr.lower()
