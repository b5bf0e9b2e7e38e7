"""tamper-evident audit and personal data (issue 13)

Revision ID: 0011
Revises: 0010

Reserved in the chain so that parallel work lands without renumbering; it changes nothing
until its work fills it.
"""

from __future__ import annotations

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
