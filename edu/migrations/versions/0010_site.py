"""the public site (issue 9): the hashed secret of each person's own page

Revision ID: 0010
Revises: 0009

`Pendaftaran saya` is reached by a secret link, derived from the server key like the calendar
feed's; only its SHA-256 is stored, unique so a lookup is one index probe.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("own_page_secret_hash", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_participants_own_page_secret_hash"), ["own_page_secret_hash"])


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_constraint(op.f("uq_participants_own_page_secret_hash"), type_="unique")
        batch.drop_column("own_page_secret_hash")
