"""two-factor sign-in and administration (issue 10): TOTP, recovery codes, half sign-ins

Revision ID: 0016
Revises: 0015

A staff account may carry a sealed TOTP secret, the step of its last accepted code and a set
of single-use recovery codes (HMACs only). A sign-in whose password was right but whose second
step is still due is a short-lived challenge row, not a session. Browser sessions remember the
client and browser that opened them, so a person can tell them apart.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_accounts") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("totp_enabled_at", edu.db.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("browser_sessions") as batch:
        batch.add_column(sa.Column("client", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("user_agent", sa.String(length=200), nullable=True))
    op.create_table(
        "totp_recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["staff_accounts.id"], ondelete="CASCADE",
                                name=op.f("fk_totp_recovery_codes_account_id_staff_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_totp_recovery_codes")),
    )
    op.create_index(op.f("ix_totp_recovery_codes_account_id"), "totp_recovery_codes",
                    ["account_id"])
    op.create_table(
        "sign_in_challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=True),
        sa.Column("expires_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["staff_accounts.id"], ondelete="CASCADE",
                                name=op.f("fk_sign_in_challenges_account_id_staff_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_challenges")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_challenges_token_hash")),
    )
    op.create_index(op.f("ix_sign_in_challenges_account_id"), "sign_in_challenges",
                    ["account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_challenges_account_id"), table_name="sign_in_challenges")
    op.drop_table("sign_in_challenges")
    op.drop_index(op.f("ix_totp_recovery_codes_account_id"), table_name="totp_recovery_codes")
    op.drop_table("totp_recovery_codes")
    with op.batch_alter_table("browser_sessions") as batch:
        batch.drop_column("user_agent")
        batch.drop_column("client")
    with op.batch_alter_table("staff_accounts") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_enabled_at")
        batch.drop_column("totp_secret")
