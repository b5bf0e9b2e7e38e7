"""perf rush: the data version's rows, so that writers do not queue on one row

Revision ID: 0022
Revises: 0021

The version is the sum of the rows (edu/perf/data_version.py); a write raises the row of its
connection. New rows start at 0: the sum, and so every cached answer's key, stays the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

SLOTS = 64  # as edu.perf.data_version.SLOTS when this was written
TABLE = sa.table("data_version", sa.column("id", sa.Integer), sa.column("version", sa.BigInteger))


def upgrade() -> None:
    op.bulk_insert(TABLE, [{"id": n, "version": 0} for n in range(2, SLOTS + 1)])


def downgrade() -> None:
    # One row again, holding the sum: the version never goes back.
    op.execute("UPDATE data_version SET version = (SELECT sum(version) FROM data_version) "
               "WHERE id = 1")
    op.execute("DELETE FROM data_version WHERE id > 1")
