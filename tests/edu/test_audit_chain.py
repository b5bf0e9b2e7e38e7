"""The audit hash chain: what a database owner changes behind the service's back is found at
the event it touched; concurrent writers leave one unbroken chain."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import delete, insert, select, text, update

from edu.audit import AuditChainHead, AuditEvent, event_digest, payload_digest
from edu.auth.models import Role
from edu.auth.service import create_staff_token
from edu.db import Database, utcnow
from edu.errors import UserError
from edu.evidence.anchors import make_anchor, read_anchor
from edu.evidence.chain import verify_chain
from edu.migrations.runner import upgrade
from tests.support import create_postgres_database, drop_postgres_database, settings_for_tests


def _events(database: Database, n: int) -> None:
    for i in range(n):
        with database.transaction() as db:
            create_staff_token(db, role=Role.ADMIN, name=f"Admin {i}")


@contextlib.contextmanager
def trigger_lifted(database: Database) -> Iterator[None]:
    """What a database owner can do: drop the append-only trigger (put back afterwards)."""
    postgres = database.dialect == "postgresql"
    # One connection drops and restores: on SQLite another pooled connection may still read
    # the schema as it was before the drop.
    with database.engine.connect() as conn:
        definition = conn.execute(text(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgname = 'audit_events_append_only'" if postgres else
            "SELECT sql FROM sqlite_master WHERE name = 'audit_events_append_only'")).scalar_one()
        conn.execute(text("DROP TRIGGER audit_events_append_only"
                          + (" ON audit_events" if postgres else "")))
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text(definition))
            conn.commit()


def _verify(database: Database, anchors=()):
    with database.reader() as db:
        return verify_chain(db, anchors)


def _rehash_from(database: Database, seq: int) -> None:
    """A careful forger: recompute every hash from `seq` on, and the head."""
    with database.transaction() as db:
        previous = cast(str, db.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq - 1)))
        for event in db.scalars(select(AuditEvent).where(AuditEvent.seq >= seq)
                                .order_by(AuditEvent.seq)):
            event.prev_hash = previous
            event.payload_hash = payload_digest(event)
            event.hash = previous = event_digest(event)
        db.flush()
        db.execute(update(AuditChainHead).values(hash=previous))


def test_every_event_is_chained_and_the_head_follows(database):
    _events(database, 4)
    report = _verify(database)
    assert report.intact and report.events == 4 and report.head_seq == 4
    with database.reader() as db:
        chain = db.execute(select(AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.hash)
                           .order_by(AuditEvent.seq)).all()
    assert [seq for seq, _, _ in chain] == [1, 2, 3, 4]
    assert all(chain[i][1] == chain[i - 1][2] for i in range(1, 4))
    assert report.head_hash == chain[-1][2]


def test_an_edited_event_is_found_where_it_was_edited(database):
    _events(database, 5)
    with trigger_lifted(database), database.transaction() as db:
        db.execute(update(AuditEvent).where(AuditEvent.seq == 3)
                   .values(after={"role": "FACILITATOR"}))
    found = _verify(database).first_break
    assert (found.seq, found.kind) == (3, "edited")


def test_an_edit_with_its_hash_recomputed_is_found_by_the_next_link(database):
    _events(database, 5)
    with trigger_lifted(database):
        with database.transaction() as db:
            db.execute(update(AuditEvent).where(AuditEvent.seq == 2)
                       .values(actor_name="someone else"))
        with database.transaction() as db:
            event = db.scalar(select(AuditEvent).where(AuditEvent.seq == 2))
            event.payload_hash = payload_digest(event)
            event.hash = event_digest(event)
    found = _verify(database).first_break
    assert (found.seq, found.kind) == (2, "rewritten")


def test_deleted_events_are_found_in_the_middle_and_at_the_end(database):
    _events(database, 5)
    with database.transaction() as db:
        db.execute(delete(AuditEvent).where(AuditEvent.seq == 3))
    found = _verify(database).first_break
    assert (found.seq, found.kind) == (3, "missing")
    with database.transaction() as db:
        db.execute(delete(AuditEvent).where(AuditEvent.seq >= 3))
    found = _verify(database).first_break
    assert (found.seq, found.kind) == (3, "missing")


def test_an_event_inserted_directly_is_found(database):
    _events(database, 3)
    with database.transaction() as db:
        last = db.scalar(select(AuditEvent).where(AuditEvent.seq == 3))
        forged = AuditEvent(at=utcnow(), actor_name="ghost", action="token.create",
                            entity_type="Staff", entity_id="99", after={"role": "ADMIN"},
                            seq=4, prev_hash=last.hash)
        forged.payload_hash = payload_digest(forged)
        forged.hash = event_digest(forged)
        columns = {c.key: getattr(forged, c.key) for c in AuditEvent.__table__.columns
                   if c.key != "id"}
        db.execute(insert(AuditEvent).values(columns))
    found = _verify(database).first_break
    assert (found.seq, found.kind) == (4, "inserted")


def test_an_anchor_finds_a_history_rewritten_to_the_end(database, tmp_path):
    settings = settings_for_tests(tmp_path, database.url)
    _events(database, 4)
    with database.reader() as db:
        anchor = make_anchor(db, settings, database)
    _events(database, 2)
    anchor_file = tmp_path / "audit-anchors" / "anchor-000000004.json"
    assert json.loads(anchor_file.read_text()) == anchor and anchor["seq"] == 4
    with trigger_lifted(database):
        with database.transaction() as db:
            db.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(actor_name="x"))
        _rehash_from(database, 2)
    assert _verify(database).intact  # the chain alone cannot tell
    found = _verify(database, [read_anchor(settings, database, anchor_file)]).first_break
    assert (found.seq, found.kind) == (4, "rewritten")


def test_an_anchor_not_signed_by_the_deployment_is_refused(database, tmp_path):
    settings = settings_for_tests(tmp_path, database.url)
    _events(database, 1)
    with database.reader() as db:
        anchor = make_anchor(db, settings, database)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**anchor, "hash": "f" * 64}))
    with pytest.raises(UserError, match="not signed"):
        read_anchor(settings, database, forged)


def test_twenty_concurrent_writers_leave_one_unbroken_chain(database):
    start = threading.Barrier(20)
    failures: list[BaseException] = []

    def write(i: int) -> None:
        try:
            start.wait()
            with database.transaction() as db:
                create_staff_token(db, role=Role.ADMIN, name=f"Writer {i}")
        except BaseException as exc:  # noqa: BLE001  (reported by the test)
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    report = _verify(database)
    assert report.intact and report.events == 20 and report.head_seq == 20


def test_the_migration_chains_events_written_before_it(backend, tmp_path: Path):
    if backend == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'old.sqlite3'}", None
    else:
        url = create_postgres_database("chain")
        drop = url
    database = Database(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        upgrade(database.engine, "0010")
        with database.engine.begin() as conn:
            for i, at in enumerate(["2026-01-02 10:00:00", "2026-01-01 09:00:00"]):
                conn.execute(text(
                    "INSERT INTO audit_events (at, actor_name, action, entity_type, entity_id,"
                    " after) VALUES (:at, 'old', 'x.y', 'Staff', :id, :after)"),
                    {"at": at, "id": str(i), "after": json.dumps({"n": i})})
        upgrade(database.engine)
        report = _verify(database)
        assert report.intact and report.events == 2 and report.head_seq == 2
        with database.reader() as db:
            assert db.scalar(select(AuditEvent.entity_id).where(AuditEvent.seq == 1)) == "1"
        _events(database, 1)
        assert _verify(database).head_seq == 3
    finally:
        database.dispose()
        if drop:
            drop_postgres_database(drop)
