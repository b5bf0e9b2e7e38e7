"""Every committed write raises the data version; reads and rolled-back writes do not."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from edu.db import utcnow
from edu.offices.models import Region
from edu.participants.models import Participant


def test_writes_raise_the_version_and_reads_do_not(database):
    start = database.data_version()
    with database.reader() as db:
        db.scalars(select(Region)).all()
    with database.transaction() as db:
        db.scalars(select(Region)).all()
    assert database.data_version() == start
    with database.transaction() as db:  # an object flushed by the commit itself
        db.add(Participant(full_name="Baiq", email="baiq@contoh.id", consent_at=utcnow(),
                           consent_purpose="test", region_code="5271"))
    assert database.data_version() == start + 1
    with database.transaction() as db:  # a bulk statement, no objects
        db.execute(update(Participant).values(full_name="Baiq N"))
    assert database.data_version() == start + 2
    with pytest.raises(RuntimeError), database.transaction() as db:
        db.execute(update(Participant).values(full_name="Lost"))
        raise RuntimeError("rolled back")
    assert database.data_version() == start + 2
    with database.transaction() as db:  # the flag does not leak into the next transaction
        db.execute(text("SELECT 1")).all()
    assert database.data_version() == start + 3  # text() we cannot see into counts as a write
    with database.transaction() as db:
        db.scalars(select(Region)).all()
    assert database.data_version() == start + 3


def test_another_engine_sees_the_new_version(database, migrated_other):
    before = migrated_other.data_version()
    with database.transaction() as db:
        db.add(Participant(full_name="Lalu", email="lalu@contoh.id", consent_at=utcnow(),
                           consent_purpose="test", region_code="5271"))
    assert migrated_other.data_version() == before + 1
