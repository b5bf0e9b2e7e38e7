"""Signing keys of their own: stored, published, rotated, migrated, and an offline verifier
that needs no data folder and creates nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from edu.auth.models import Role
from edu.certificates import service
from edu.certificates.keys import current_key, rotate, trusted_keys
from edu.certificates.signing import (
    key_id,
    legacy_signing_key,
    seal_key_id,
    sign,
    verify_signed,
)
from edu.db import Database
from scheduler.certificates.batches import BatchRunner
from scheduler.certificates.store import pdf_path
from tests.edu.certificates_factory import (
    CONFIRMED,
    PRESENT,
    certificates,
    issue,
    session_with,
    settings_for,
    staff,
)
from tests.edu.cli_run import Cli, in_shell


@pytest.fixture
def database(own_database: Database) -> Database:
    """These tests' own database (see tests/edu/certificates_factory.py)."""
    return own_database


def deployment(database: Database, data_dir: Path, secret: str) -> dict[str, str]:
    return {"EDU_DATABASE_URL": database.url, "EDU_DATA_DIR": str(data_dir),
            "EDU_SECRET_KEY": secret, "EDU_PUBLIC_URL": "https://sertifikat.example.id"}


def issued_pdf(run: Cli, database: Database, env: dict[str, str], cwd: Path) -> Path:
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    out = run(["certificates", "issue", "--session", str(session_id), "--workers", "1"],
              cwd=cwd, env=env)
    assert out.returncode == 0, out.stderr
    cert = certificates(database, subject_id=session_id)[0]
    return pdf_path(Path(env["EDU_DATA_DIR"]), cert)


def test_verifying_elsewhere_needs_the_published_keys_and_creates_nothing(
        database, tmp_path, monkeypatch, capsys):
    run = in_shell(monkeypatch, capsys)
    data = tmp_path / "data"
    env = deployment(database, data, "first-secret")
    pdf = issued_pdf(run, database, env, tmp_path)
    keys = tmp_path / "keys.json"
    listing = run(["certificates", "key", "list", "--json"], cwd=tmp_path, env=env)
    keys.write_text(listing.stdout)
    pem = tmp_path / "edu-certificates.pub"
    pem.write_text(run(["certificates", "key"], cwd=tmp_path, env=env).stdout)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for key in (keys, pem):
        ok = run(["certificates", "verify", str(pdf), "--key", str(key)], cwd=elsewhere, env={})
        assert ok.returncode == 0, ok.stderr
        assert f"VALID: signed by key {seal_key_id(pdf.read_bytes())}" in ok.stdout
    lost = run(["certificates", "verify", str(pdf)], cwd=elsewhere, env={})
    assert lost.returncode == 2, lost.stderr
    assert seal_key_id(pdf.read_bytes()) in lost.stderr
    assert "/.well-known/edu-certificates.keys" in lost.stderr
    assert list(elsewhere.iterdir()) == []  # no ./data, no secret.key


def test_certificates_survive_a_new_secret_and_a_rotation(database, tmp_path, monkeypatch,
                                                           capsys):
    run = in_shell(monkeypatch, capsys)
    data = tmp_path / "data"
    pdf = issued_pdf(run, database, deployment(database, data, "first-secret"), tmp_path)
    old_kid = seal_key_id(pdf.read_bytes())
    moved = deployment(database, data, "a-new-secret-after-moving-to-postgresql")

    ok = run(["certificates", "verify", str(pdf)], cwd=tmp_path, env=moved)
    assert ok.returncode == 0, ok.stderr

    rotated = run(["certificates", "key", "rotate"], cwd=tmp_path, env=moved)
    assert rotated.returncode == 0, rotated.stderr
    new_kid = rotated.stdout.strip()
    assert new_kid != old_kid
    newer = issued_pdf(run, database, moved, tmp_path)
    assert seal_key_id(newer.read_bytes()) == new_kid
    for sealed in (pdf, newer):
        assert run(["certificates", "verify", str(sealed)], cwd=tmp_path, env=moved).returncode == 0
    listing = run(["certificates", "key", "list"], cwd=tmp_path, env=moved).stdout
    assert f"{new_kid}  created" in listing and "signs" in listing
    assert f"{old_kid}  created" in listing and "retired" in listing
    assert stat.S_IMODE((data / "keys").stat().st_mode) == 0o700
    for private in (data / "keys").iterdir():
        assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_a_deployment_that_sealed_with_the_derived_key_keeps_it_as_its_first(database,
                                                                             tmp_path):
    settings = settings_for(database, tmp_path)
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    batch_id = issue(database, staff(database, Role.ADMIN), session_id=session_id)
    with database.transaction() as db:  # sealed before keys were stored: no key row yet
        service.issue_next_chunk(db, batch_id, key=settings.secret_key,
                                 public_url=settings.public_url, limit=10)
    assert certificates(database, batch_id=batch_id)
    derived = key_id(legacy_signing_key(settings.secret_key).public_key())
    assert current_key(settings.data_dir, settings.secret_key, database).key_id == derived


def test_a_new_deployment_starts_with_a_random_key(database, tmp_path):
    settings = settings_for(database, tmp_path)
    derived = key_id(legacy_signing_key(settings.secret_key).public_key())
    assert current_key(settings.data_dir, settings.secret_key, database).key_id != derived


def test_sign_uses_the_current_key_and_names_it(database, tmp_path):
    settings = settings_for(database, tmp_path)
    signed = sign(settings, database, b"audit anchor 42")
    with database.reader() as db:
        keys = [k.public_key for k in trusted_keys(db)]
    assert verify_signed(keys, signed, b"audit anchor 42")
    assert not verify_signed(keys, signed, b"audit anchor 43")
    rotate(settings.data_dir, database)
    later = sign(settings, database, b"audit anchor 43")
    assert later.key_id != signed.key_id
    with database.reader() as db:
        keys = [k.public_key for k in trusted_keys(db)]
    assert verify_signed(keys, signed, b"audit anchor 42")  # the retired key still verifies


def test_a_batch_signs_with_the_rotated_key(database, tmp_path):
    settings = settings_for(database, tmp_path)
    rotate(settings.data_dir, database)
    kid = current_key(settings.data_dir, settings.secret_key, database).key_id
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)])
    batch_id = issue(database, staff(database, Role.ADMIN), session_id=session_id)
    BatchRunner(settings, database, workers=1).run(batch_id)
    cert = certificates(database, batch_id=batch_id)[0]
    assert seal_key_id(pdf_path(tmp_path, cert).read_bytes()) == kid

