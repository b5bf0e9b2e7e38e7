"""`edu audit verify|anchor|export` as an operator runs them: real processes, real database."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import zipfile

from sqlalchemy import select, update

from edu.audit import AuditEvent
from edu.certificates.signing import Signed, load_key_set, verify_signed
from tests.edu.test_audit_chain import _events, trigger_lifted


def edu(*args: str, database, data_dir) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EDU_DATA_DIR": str(data_dir), "EDU_DATABASE_URL": database.url}
    return subprocess.run([sys.executable, "-m", "edu.cli", *args], check=False, env=env,
                          capture_output=True, text=True, timeout=120)


def test_verify_anchor_and_a_break(database, tmp_path):
    _events(database, 3)
    anchored = edu("audit", "anchor", database=database, data_dir=tmp_path)
    assert anchored.returncode == 0, anchored.stderr
    anchor = json.loads(anchored.stdout)
    anchor_file = tmp_path / "audit-anchors" / "anchor-000000003.json"
    ok = edu("audit", "verify", "--anchor", str(anchor_file), database=database,
             data_dir=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert f"head 3 {anchor['hash']}" in ok.stdout and "1 anchors match" in ok.stdout
    with trigger_lifted(database), database.transaction() as db:
        db.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(actor_name="x"))
    broken = edu("audit", "verify", database=database, data_dir=tmp_path)
    assert broken.returncode == 1 and "BROKEN at event 2" in broken.stdout
    assert f"head 3 {anchor['hash']}" in broken.stdout


def test_export_is_a_signed_pack_of_the_period(database, tmp_path):
    _events(database, 3)
    pack = tmp_path / "pack.zip"
    done = edu("audit", "export", "--from", "2020-01-01", "--to", "2099-12-31", str(pack),
               database=database, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(pack) as z:
        manifest_bytes = z.read("manifest.json")
        manifest = json.loads(manifest_bytes)
        for name, digest in manifest["files"].items():
            assert hashlib.sha256(z.read(name)).hexdigest() == digest
        sig = json.loads(z.read("manifest.sig"))
        keys = load_key_set(z.read("public-keys.json"))
        assert verify_signed(keys, Signed(sig["key_id"], base64.b64decode(sig["signature"])),
                             manifest_bytes)
        lines = [json.loads(line) for line in z.read("events.jsonl").splitlines()]
        assert any(n.startswith("anchors/") for n in manifest["files"])
        assert json.loads(z.read("service_time.json"))["decided"] == 0
        assert json.loads(z.read("chain.json"))["intact"] is True
    with database.reader() as db:
        assert [e["hash"] for e in lines] == list(
            db.scalars(select(AuditEvent.hash).order_by(AuditEvent.seq)))
    empty = tmp_path / "empty.zip"
    edu("audit", "export", "--from", "2020-01-01", "--to", "2020-01-31", str(empty),
        database=database, data_dir=tmp_path)
    with zipfile.ZipFile(empty) as z:
        assert z.read("events.jsonl") == b""
    bad = edu("audit", "export", "--from", "yesterday", "--to", "2020-01-31", str(empty),
              database=database, data_dir=tmp_path)
    assert bad.returncode == 2 and "Not a date" in bad.stderr
