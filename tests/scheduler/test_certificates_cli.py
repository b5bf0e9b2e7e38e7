"""`edu certificates issue | verify | key` as a person runs them (in this process:
tests/edu/test_cli.py runs the entry point itself)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from edu.certificates.models import Certificate
from edu.db import Database
from scheduler.certificates.store import pdf_path
from tests.edu.certificates_factory import (
    CONFIRMED,
    LATE,
    PRESENT,
    certificates,
    session_with,
)
from tests.edu.cli_run import Ran, in_shell


@pytest.fixture
def database(own_database: Database) -> Database:
    """These tests' own database (see tests/edu/certificates_factory.py)."""
    return own_database


@pytest.fixture
def edu(database: Database, tmp_path, monkeypatch, capsys) -> Callable[..., Ran]:
    """`edu …` in a shell with this deployment's variables (its data folder: tmp_path)."""
    run = in_shell(monkeypatch, capsys)
    env = {"EDU_DATABASE_URL": database.url, "EDU_DATA_DIR": str(tmp_path),
           "EDU_SECRET_KEY": "cli-test-secret", "EDU_PUBLIC_URL": "https://sertifikat.example.id"}
    return lambda *args: run(list(args), cwd=tmp_path, env=env)


def test_issue_then_verify_offline_and_catch_an_altered_copy(database, tmp_path, edu):
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT), (CONFIRMED, LATE)])
    out = edu("certificates", "issue", "--session", str(session_id),
              "--workers", "1")
    assert out.returncode == 0, out.stderr
    assert "2 issued, 0 skipped, 0 failed" in out.stderr and "[####" in out.stderr
    assert out.stdout.startswith("https://sertifikat.example.id/certificates/batches/")
    cert = certificates(database, subject_id=session_id)[0]
    pdf = pdf_path(tmp_path, cert)

    key = tmp_path / "edu-certificates.pub"
    printed = edu("certificates", "key")
    key.write_text(printed.stdout)
    ok = edu("certificates", "verify", str(pdf), "--key", str(key))
    assert ok.returncode == 0, ok.stderr
    assert "VALID" in ok.stdout and cert.number in ok.stdout and cert.recipient_name in ok.stdout

    altered = tmp_path / "altered.pdf"
    number = cert.number.encode()
    altered.write_bytes(pdf.read_bytes().replace(number, b"999" + number[3:]))
    bad = edu("certificates", "verify", str(altered), "--key", str(key))
    assert bad.returncode == 1 and "NOT VALID" in bad.stderr

    again = edu("certificates", "issue", "--session", str(session_id))
    assert "0 issued, 2 skipped" in again.stderr
    with database.reader() as db:
        assert db.query(Certificate).count() == 2


def test_issue_reports_a_user_error_with_exit_code_2(edu):
    out = edu("certificates", "issue", "--session", "999999")
    assert out.returncode == 2 and "No session with this id" in out.stderr


def test_office_settings_from_the_command_line(edu):
    out = edu("certificates", "office", "5271", "--signer-name",
              "Dr. H. Lalu Ahmad Fauzi, M.Si.", "--accent", "#123456")
    assert out.returncode == 0, out.stderr
    assert "signer_name: Dr. H. Lalu Ahmad Fauzi, M.Si." in out.stdout
    assert "signer_title: Ketua KPU Kota Mataram" in out.stdout
    bad = edu("certificates", "office", "5271", "--number-template", "{x}")
    assert bad.returncode == 2 and "placeholder" in bad.stderr
