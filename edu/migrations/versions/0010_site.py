"""the public site (issue 9)

Revision ID: 0010
Revises: 0009

Reserved in the chain so that parallel work lands without renumbering; it changes nothing
until its work fills it.
"""

from __future__ import annotations

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
