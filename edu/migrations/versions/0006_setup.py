"""deployment settings and signing keys (issue 8, set-up)

Revision ID: 0006
Revises: 0005

Reserved in the chain so that parallel work lands without renumbering; it changes nothing
until its work fills it.
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
