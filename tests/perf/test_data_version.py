"""Every committed write raises the data version; reads and rolled-back writes do not."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event, func, select, text, update

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


def _person(name: str) -> Participant:
    return Participant(full_name=name, email=f"{name.lower()}@contoh.id", consent_at=utcnow(),
                       consent_purpose="test", region_code="5271")


@contextlib.contextmanager
def _between_bump_and_commit(database, action):
    """Run `action` once, when a writer of `database` has raised the version but not committed."""
    done: list[object] = []
    started: list[bool] = []

    def hook(conn, cursor, statement, *_):
        if statement.startswith("UPDATE data_version") and not started:
            started.append(True)  # the action's own writes bump too
            done.append(action())

    event.listen(database.engine, "after_cursor_execute", hook)
    try:
        yield done
    finally:
        event.remove(database.engine, "after_cursor_execute", hook)


def test_a_version_read_before_a_commit_is_never_read_after_it(database, migrated_other):
    """Another process reads the version while a write is bumped but not committed: it gets
    the old version and old data (a cache keeps that answer under the old version). After
    the commit it never reads that version again, so the old answer is never served."""
    before = migrated_other.data_version()

    def reader():
        with migrated_other.reader() as db:
            return migrated_other.data_version(), db.scalar(select(func.count(Participant.id)))

    with _between_bump_and_commit(database, reader) as seen, database.transaction() as db:
        db.add(_person("Sasak"))
    assert seen == [(before, 0)]
    after = migrated_other.data_version()
    assert after == before + 1
    with migrated_other.reader() as db:
        assert db.scalar(select(func.count(Participant.id))) == 1


@pytest.mark.postgres
def test_two_writers_do_not_wait_for_each_others_version_row(database, backend):
    """While one transaction holds its bumped (uncommitted) version row, another one writes
    and commits in full: they raise different rows. On one shared row the second would wait
    for the first, here for ever (the first waits for it): lock_timeout turns that into an
    error instead."""
    if backend != "postgres":
        pytest.skip("SQLite has one writer at a time")
    before = database.data_version()

    def second():
        with database.transaction() as db:
            db.execute(text("SET LOCAL lock_timeout = '5s'"))
            db.add(_person("Bima"))
        return database.data_version()

    with _between_bump_and_commit(database, second) as seen, database.transaction() as db:
        db.add(_person("Mbojo"))
    assert seen == [before + 1]  # the second committed; the first not yet
    assert database.data_version() == before + 2
