"""token lifecycle and idempotency keys (issue 8)

Revision ID: 0008
Revises: 0007

Reserved in the chain so that parallel work lands without renumbering; it changes nothing
until its work fills it.
"""

from __future__ import annotations

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
