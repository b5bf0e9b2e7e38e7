"""`edu privacy … --intern` at the office desk, on the test database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import update

from edu.internships.models import Internship, Placement, Student
from tests.edu.test_privacy_cli import privacy  # noqa: F401  (a fixture)
from tests.edu.test_privacy_interns import A_NAME, B_NAME, _intern_world, pdf_text


def test_export_correct_retention_and_erase_an_intern(own_database, tmp_path,
                                                      privacy):  # noqa: F811
    database, edu = own_database, privacy
    *_, (sa, sb), _, _ = _intern_world(database, tmp_path)
    out = tmp_path / "out"
    exported = edu("export", str(sa), "--intern", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    data = json.loads((out / f"intern-{sa}.json").read_text())
    assert data["person"]["full_name"] == A_NAME
    assert B_NAME not in (out / f"intern-{sa}.html").read_text()
    assert A_NAME in pdf_text((out / f"intern-{sa}.pdf").read_bytes())
    refused = edu("correct", str(sa), "--intern", "--email", "bukan-email")
    assert refused.returncode == 2 and "email" in refused.stderr.lower()
    dry = edu("retention", "--dry-run")
    assert dry.returncode == 0 and "0 would be erased" in dry.stderr, dry.stderr
    with database.transaction() as db:  # as if both had finished in January 2020
        db.execute(update(Placement).values(starts_on=date(2020, 1, 1),
                                            ends_on=date(2020, 1, 31)))
        db.execute(update(Internship).values(completed_at=datetime(2020, 1, 31, tzinfo=UTC)))
        db.execute(update(Student).values(created_at=datetime(2019, 12, 1, tzinfo=UTC)))
    dry = edu("retention", "--dry-run")
    assert dry.returncode == 0 and "2 would be erased" in dry.stderr, dry.stderr
    assert f"intern {sa}: last activity 2020-01-31" in dry.stdout
    erased = edu("erase", str(sa), "--intern", "--reason", "Surat mahasiswa")
    assert erased.returncode == 0 and "erased: now Terhapus" in erased.stderr, erased.stderr
    again = edu("export", str(sa), "--intern", "--out", str(out))
    assert again.returncode == 0
    assert A_NAME not in (out / f"intern-{sa}.json").read_text()
