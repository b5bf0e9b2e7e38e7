"""deployment settings and signing keys (issue 8, set-up)

Revision ID: 0006
Revises: 0005

The public URL every process seals into certificates and feeds is stored once, not read from
each shell. Certificate signing keys become keys of their own: public halves here (every process
publishes them), private halves in the data folder. A deployment that sealed certificates with
the key once derived from its secret gets that key stored as its first, by the application on
its first use (the private half needs the secret and the data folder, which a migration lacks).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deployment_settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deployment_settings")),
    )
    op.create_table(
        "certificate_signing_keys",
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("public_pem", sa.Text(), nullable=False),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_certificate_signing_keys")),
    )


def downgrade() -> None:
    op.drop_table("certificate_signing_keys")
    op.drop_table("deployment_settings")
