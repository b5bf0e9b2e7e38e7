"""`edu audit verify|anchor|export` as an operator runs them, on the real database (in this
process: tests/edu/test_cli.py runs the entry point itself)."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Callable

import pytest
from sqlalchemy import select, update

from edu.audit import AuditEvent
from edu.certificates.signing import Signed, load_key_set, verify_signed
from tests.edu.cli_run import Ran, in_shell
from tests.edu.test_audit_chain import _events, trigger_lifted


@pytest.fixture
def edu(database, tmp_path, monkeypatch, capsys) -> Callable[..., Ran]:
    """`edu …` with this deployment's database and data folder (tmp_path)."""
    run = in_shell(monkeypatch, capsys)
    env = {"EDU_DATA_DIR": str(tmp_path), "EDU_DATABASE_URL": database.url}
    return lambda *args: run(list(args), cwd=tmp_path, env=env)


def test_verify_anchor_and_a_break(database, tmp_path, edu):
    _events(database, 3)
    anchored = edu("audit", "anchor")
    assert anchored.returncode == 0, anchored.stderr
    anchor = json.loads(anchored.stdout)
    anchor_file = tmp_path / "audit-anchors" / "anchor-000000003.json"
    ok = edu("audit", "verify", "--anchor", str(anchor_file))
    assert ok.returncode == 0, ok.stderr
    assert f"head 3 {anchor['hash']}" in ok.stdout and "1 anchors match" in ok.stdout
    with trigger_lifted(database), database.transaction() as db:
        db.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(actor_name="x"))
    broken = edu("audit", "verify")
    assert broken.returncode == 1 and "BROKEN at event 2" in broken.stdout
    assert f"head 3 {anchor['hash']}" in broken.stdout


def test_export_is_a_signed_pack_of_the_period(database, tmp_path, edu):
    _events(database, 3)
    pack = tmp_path / "pack.zip"
    done = edu("audit", "export", "--from", "2020-01-01", "--to", "2099-12-31", str(pack))
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
    edu("audit", "export", "--from", "2020-01-01", "--to", "2020-01-31", str(empty))
    with zipfile.ZipFile(empty) as z:
        assert z.read("events.jsonl") == b""
    bad = edu("audit", "export", "--from", "yesterday", "--to", "2020-01-31", str(empty))
    assert bad.returncode == 2 and "Not a date" in bad.stderr
