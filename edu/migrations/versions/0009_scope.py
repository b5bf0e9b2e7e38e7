"""scope and privacy (issue 8)

Revision ID: 0009
Revises: 0008

Reserved in the chain so that parallel work lands without renumbering; it changes nothing
until its work fills it.
"""

from __future__ import annotations

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
