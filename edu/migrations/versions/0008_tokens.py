"""token lifecycle and idempotency keys (issue 8)

Revision ID: 0008
Revises: 0007

API tokens get an expiry (staff tokens expire; revoking sets `revoked_at`), and a
participant's tokens are found by participant when they rotate. Idempotency keys are kept
hashed, per principal, with the response of their first request.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", edu.db.UTCDateTime(timezone=True),
                                   nullable=True))
    op.create_index("ix_api_tokens_participant_id", "api_tokens", ["participant_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.String(length=40), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("media_type", sa.String(length=64), nullable=True),
        sa.Column("response", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("principal", "key_hash",
                            name=op.f("uq_idempotency_keys_principal_key_hash")),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_expires_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index("ix_api_tokens_participant_id", table_name="api_tokens")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
