"""SQLite writers of one process queue on a thread lock, held exactly while they write."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from edu.db import sqlite_writer, utcnow
from edu.participants.models import Participant


def _person(n: int) -> Participant:
    return Participant(full_name=f"Peserta {n}", email=f"p{n}@contoh.id", consent_at=utcnow(),
                       consent_purpose="test", region_code="5271")


def test_the_lock_is_held_by_a_write_and_given_back_by_its_end(database, backend):
    lock = sqlite_writer(database.engine)
    if backend == "postgres":
        assert lock is None  # rows are locked one by one there
        return
    assert lock is not None and not lock.locked()
    with database.reader() as db:
        db.scalar(select(func.count(Participant.id)))
        assert not lock.locked()  # readers never queue
    with database.transaction() as db:
        db.add(_person(1))
        db.flush()
        assert lock.locked()
    assert not lock.locked()
    with pytest.raises(RuntimeError), database.transaction() as db:
        db.add(_person(2))
        db.flush()
        raise RuntimeError("rolled back")
    assert not lock.locked()
    with pytest.raises(IntegrityError), database.transaction() as db:
        db.add(_person(1))  # the same email: refused by the database
    assert not lock.locked()
    with database.reader() as db:  # the first was committed, the others not
        assert db.scalars(select(Participant.email)).all() == ["p1@contoh.id"]


def test_writers_in_many_threads_all_commit(database):
    with database.transaction() as db:
        db.add(_person(0))

    def write(n: int) -> None:
        for _ in range(5):
            with database.transaction() as db:
                db.execute(update(Participant).values(
                    calendar_version=Participant.calendar_version + 1))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with database.reader() as db:
        assert db.scalar(select(Participant.calendar_version)) == 1 + 60
    lock = sqlite_writer(database.engine)
    assert lock is None or not lock.locked()
