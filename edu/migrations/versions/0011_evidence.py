"""evidence: the audit log becomes a hash chain; erasure and consent records

Revision ID: 0011
Revises: 0010

Every event gets its place in the chain (seq), the hash of its payload, the hash of the event
before it and its own hash; one head row is what concurrent writers lock. Events already
written are chained in the order they happened. The append-only trigger is lifted for the
backfill and comes back allowing one update only: erasure blanking an event's payload (marked
redacted_at), with every hash and fact of the event unchanged. Participants get erased_at;
registrations keep the consent given with them (what, when, which notice).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db
from edu.audit import GENESIS, AuditEvent, event_digest, payload_digest

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

MESSAGE = "audit events are append-only"
CHAIN_COLUMNS = ("seq", "payload_hash", "prev_hash", "hash")

events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer), sa.column("at", edu.db.UTCDateTime(timezone=True)),
    sa.column("actor_staff_id", sa.Integer), sa.column("actor_participant_id", sa.Integer),
    sa.column("actor_name", sa.String), sa.column("action", sa.String),
    sa.column("entity_type", sa.String), sa.column("entity_id", sa.String),
    sa.column("before", sa.JSON), sa.column("after", sa.JSON),
    *(sa.column(name, sa.String) for name in CHAIN_COLUMNS[1:]), sa.column("seq", sa.Integer),
)


def _drop_trigger(postgres: bool) -> None:
    op.execute("DROP TRIGGER audit_events_append_only" + (" ON audit_events" if postgres else ""))


# Only a redaction may touch an event: its facts and hashes stay, redacted_at gets set once.
KEPT = ["id", "seq", "at", "action", "entity_type", "entity_id", "actor_staff_id",
        "actor_participant_id", "payload_hash", "prev_hash", "hash"]


def _create_trigger(postgres: bool, *, redaction: bool = True) -> None:
    same = " AND ".join(f"NEW.{c} IS {'NOT DISTINCT FROM' if postgres else ''} OLD.{c}"
                        for c in KEPT)
    allowed = f"OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND {same}"
    if postgres:
        check = f"IF NOT ({allowed}) THEN RAISE EXCEPTION '{MESSAGE}'; END IF; RETURN NEW;" \
            if redaction else f"RAISE EXCEPTION '{MESSAGE}';"
        op.execute(f"""
            CREATE OR REPLACE FUNCTION audit_events_refuse_update() RETURNS trigger AS $$
            BEGIN {check} END $$ LANGUAGE plpgsql""")
        op.execute("""
            CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_update()""")
    else:
        when = f"WHEN NOT ({allowed})" if redaction else ""
        op.execute(f"""
            CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events {when}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")


def _chain_existing() -> tuple[int, str]:
    bind = op.get_bind()
    rows = bind.execute(sa.select(events).order_by(events.c.at, events.c.id)).mappings().all()
    seq, previous = 0, GENESIS
    for row in rows:
        seq += 1
        event = AuditEvent(**{k: row[k] for k in row if k not in CHAIN_COLUMNS},
                           seq=seq, prev_hash=previous)
        event.payload_hash = payload_digest(event)
        event.hash = event_digest(event)
        bind.execute(events.update().where(events.c.id == row["id"]).values(
            seq=seq, prev_hash=previous, payload_hash=event.payload_hash, hash=event.hash))
        previous = event.hash
    return seq, previous


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_trigger(postgres)
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        for name in CHAIN_COLUMNS[1:]:
            batch.add_column(sa.Column(name, sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("redacted_at", edu.db.UTCDateTime(timezone=True)))
    seq, head = _chain_existing()
    with op.batch_alter_table("audit_events") as batch:
        for name in CHAIN_COLUMNS:
            batch.alter_column(name, existing_type=sa.Integer() if name == "seq"
                               else sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_audit_events_seq"), ["seq"])
    _create_trigger(postgres)
    head_table = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.bulk_insert(head_table, [{"id": 1, "seq": seq, "hash": head}])
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("erased_at", edu.db.UTCDateTime(timezone=True)))
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("consent_at", edu.db.UTCDateTime(timezone=True)))
        batch.add_column(sa.Column("consent_text", sa.String(length=300)))
        batch.add_column(sa.Column("notice_version", sa.String(length=16)))


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("registrations") as batch:
        for name in ("consent_at", "consent_text", "notice_version"):
            batch.drop_column(name)
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("erased_at")
    op.drop_table("audit_chain_head")
    _drop_trigger(postgres)
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(batch.f("uq_audit_events_seq"), type_="unique")
        for name in (*CHAIN_COLUMNS, "redacted_at"):
            batch.drop_column(name)
    _create_trigger(postgres, redaction=False)
