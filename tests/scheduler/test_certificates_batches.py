"""Batches on SQLite and PostgreSQL: three batch processes at once share no number; a batch
process killed mid-way (SIGKILL) and resumed issues each eligible person exactly once with
gap-free numbers; the ZIP holds one sealed PDF per certificate; the in-process job runner
picks up queued and abandoned batches."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from edu.auth.models import Role
from edu.certificates import service
from edu.certificates.keys import trusted_keys
from edu.certificates.models import BatchStatus, CertificateBatch
from edu.certificates.verify import verify_pdf
from edu.db import Database
from scheduler.certificates.archive import batch_zip
from scheduler.certificates.batches import BatchRunner, run_next_batch
from scheduler.certificates.store import pdf_path
from tests.edu.certificates_factory import (
    CONFIRMED,
    LATE,
    PRESENT,
    batch,
    certificates,
    issue,
    session_with,
    settings_for,
    staff,
)

ROOT = Path(__file__).resolve().parents[2]

# The child runs a batch and, once the chosen counter reaches the mark, says so and waits to
# be killed: the parent then SIGKILLs it, so nothing of the runner gets to clean up.
CHILD = """
import sys, time
from pathlib import Path
from edu.db import Database
from scheduler.certificates.batches import BatchRunner
from tests.edu.certificates_factory import settings_for

url, data_dir, batch_id, counter, mark = sys.argv[1:]
database = Database(url)

def progress(batch):
    if getattr(batch, counter) >= int(mark):
        print("KILL ME", flush=True)
        time.sleep(600)

BatchRunner(settings_for(database, Path(data_dir)), database, chunk_size=5, workers=1,
            progress=progress).run(int(batch_id))
"""

@pytest.fixture
def database(own_database: Database) -> Database:
    """These tests' own database (see tests/edu/certificates_factory.py)."""
    return own_database



def run_until_killed(database: Database, data_dir: Path, batch_id: int, counter: str,
                     mark: int) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, database.url, str(data_dir), str(batch_id), counter,
         str(mark)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "KILL ME"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize(("counter", "mark"), [("issued", 20), ("rendered", 50)])
def test_a_batch_killed_mid_way_resumes_and_issues_each_person_once(
        database, tmp_path, counter, mark):
    admin = staff(database, Role.ADMIN)
    session_id, people = session_with(database, [(CONFIRMED, PRESENT), (CONFIRMED, LATE)] * 30)
    batch_id = issue(database, admin, session_id=session_id)
    run_until_killed(database, tmp_path, batch_id, counter, mark)
    stopped = batch(database, batch_id)
    assert stopped.status is BatchStatus.RUNNING and stopped.issued >= 20
    assert stopped.rendered < 60

    done = BatchRunner(settings_for(database, tmp_path), database, chunk_size=7,
                       workers=1).run(batch_id)
    assert (done.status, done.total, done.issued, done.skipped, done.rendered) == (
        BatchStatus.COMPLETED, 60, 60, 0, 60)
    certs = certificates(database, subject_id=session_id)
    assert [c.recipient_id for c in certs] == people
    assert sorted(c.sequence for c in certs) == list(range(1, 61))
    assert all(c.pdf_sha256 for c in certs)


def test_two_batch_processes_at_once_share_no_number_and_skip_none(database, tmp_path):
    admin = staff(database, Role.ADMIN)
    a, people_a = session_with(database, [(CONFIRMED, PRESENT)] * 40)
    b, people_b = session_with(database, [(CONFIRMED, LATE)] * 35)
    batch_ids = [issue(database, admin, session_id=s) for s in (a, b, a)]
    children = [subprocess.Popen(
        [sys.executable, "-c", CHILD, database.url, str(tmp_path), str(batch_id), "issued",
         str(10**9)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        for batch_id in batch_ids]
    assert [child.wait(300) for child in children] == [0, 0, 0]
    assert [c.recipient_id for c in certificates(database, subject_id=a)] == people_a
    assert [c.recipient_id for c in certificates(database, subject_id=b)] == people_b
    assert sorted(c.sequence for c in certificates(database)) == list(range(1, 76))
    assert sum(batch(database, i).issued for i in batch_ids) == 75


def test_the_zip_holds_one_sealed_pdf_per_certificate(database, tmp_path):
    admin = staff(database, Role.ADMIN)
    settings = settings_for(database, tmp_path)
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)] * 7)
    batch_id = issue(database, admin, session_id=session_id)
    BatchRunner(settings, database, workers=1).run(batch_id)
    certs = certificates(database, batch_id=batch_id)
    pdf_path(tmp_path, certs[0]).unlink()  # a lost file is rendered again, identically

    archive = zipfile.ZipFile(io.BytesIO(b"".join(batch_zip(settings, database, batch_id))))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == [f"{c.number.replace('/', '-')}.pdf" for c in certs]
    with database.reader() as db:
        keys = [k.public_key for k in trusted_keys(db)]
    for cert, name in zip(certs, names, strict=True):
        data = archive.read(name)
        assert verify_pdf(data, keys).content.number == cert.number
        assert __import__("hashlib").sha256(data).hexdigest() == cert.pdf_sha256


def test_the_zip_holds_only_valid_certificates(database, tmp_path):
    admin = staff(database, Role.ADMIN)
    settings = settings_for(database, tmp_path)
    session_id, _ = session_with(database, [(CONFIRMED, PRESENT)] * 4)
    batch_id = issue(database, admin, session_id=session_id)
    BatchRunner(settings, database, workers=1).run(batch_id)
    revoked, replaced, *kept = certificates(database, batch_id=batch_id)
    with database.transaction() as db:
        service.revoke_certificate(db, admin, certificate_id=revoked.id, reason="Salah catat")
        service.reissue_certificate(db, admin, settings.secret_key, settings.public_url,
                                    certificate_id=replaced.id, reason="Nama salah ketik")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(batch_zip(settings, database, batch_id))))
    # The re-issued certificate belongs to no batch: it is handed out on its own.
    assert archive.namelist() == [f"{c.number.replace('/', '-')}.pdf" for c in kept]


def test_the_runner_takes_queued_batches_and_abandoned_ones(database, tmp_path):
    from datetime import timedelta

    admin = staff(database, Role.ADMIN)
    settings = settings_for(database, tmp_path)
    first, _ = session_with(database, [(CONFIRMED, PRESENT)] * 2)
    second, _ = session_with(database, [(CONFIRMED, PRESENT)] * 3)
    queued = issue(database, admin, session_id=first)
    abandoned = issue(database, admin, session_id=second)
    with database.transaction() as db:  # a worker took it, then died: its lease runs out
        service.claim_batch(db, lease=timedelta(seconds=-1), batch_id=abandoned)
    assert run_next_batch(settings, database, workers=1) == queued
    assert run_next_batch(settings, database, workers=1) == abandoned
    assert run_next_batch(settings, database, workers=1) is None
    with database.reader() as db:
        batches = db.query(CertificateBatch).order_by(CertificateBatch.id)
        assert [b.issued for b in batches] == [2, 3]
