"""certificates: certificates, batches, number sequences

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import edu.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _kind() -> sa.Enum:
    return sa.Enum("SESSION", "INTERNSHIP", name="certificatekind", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "certificate_offices",
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("number_template", sa.String(120), nullable=False),
        sa.Column("signer_name", sa.String(160), nullable=False),
        sa.Column("signer_title", sa.String(160), nullable=True),
        sa.Column("place", sa.String(80), nullable=True),
        sa.Column("accent", sa.String(9), nullable=True),
        sa.Column("background_path", sa.String(500), nullable=True),
        sa.Column("logo_path", sa.String(500), nullable=True),
        sa.ForeignKeyConstraint(["region_code"], ["offices.region_code"],
                                name=op.f("fk_certificate_offices_region_code_offices")),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_certificate_offices")),
    )
    op.create_table(
        "certificate_sequences",
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["offices.region_code"],
                                name=op.f("fk_certificate_sequences_region_code_offices")),
        sa.PrimaryKeyConstraint("region_code", "year", name=op.f("pk_certificate_sequences")),
    )
    op.create_table(
        "certificate_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("status", sa.Enum("QUEUED", "RUNNING", "COMPLETED", "FAILED",
                                    name="batchstatus", native_enum=False, length=16),
                  nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("rendered", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("lease_until", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["region_code"], ["offices.region_code"],
                                name=op.f("fk_certificate_batches_region_code_offices")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff.id"],
                                name=op.f("fk_certificate_batches_created_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_batches")),
    )
    op.create_index("ix_certificate_batches_status", "certificate_batches",
                    ["status", "lease_until"])
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(80), nullable=False),
        sa.Column("recipient_name", sa.String(160), nullable=False),
        sa.Column("subject_title", sa.String(200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("printed", sa.JSON(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=True),
        sa.Column("status", sa.Enum("VALID", "REVOKED", "REPLACED", name="certificatestatus",
                                    native_enum=False, length=16), nullable=False),
        sa.Column("revoked_at", edu.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["certificate_batches.id"],
                                name=op.f("fk_certificates_batch_id_certificate_batches")),
        sa.ForeignKeyConstraint(["region_code"], ["offices.region_code"],
                                name=op.f("fk_certificates_region_code_offices")),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["staff.id"],
                                name=op.f("fk_certificates_revoked_by_id_staff")),
        sa.ForeignKeyConstraint(["replaced_by_id"], ["certificates.id"],
                                name=op.f("fk_certificates_replaced_by_id_certificates")),
        sa.ForeignKeyConstraint(["replaces_id"], ["certificates.id"],
                                name=op.f("fk_certificates_replaces_id_certificates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("kind", "subject_id", "recipient_id", "generation",
                            name=op.f("uq_certificates_kind_subject_id_recipient_id_generation")),
        sa.UniqueConstraint("region_code", "year", "sequence",
                            name=op.f("uq_certificates_region_code_year_sequence")),
        sa.UniqueConstraint("number", name=op.f("uq_certificates_number")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_certificates_code_hash")),
    )
    op.create_index("ix_certificates_recipient", "certificates", ["kind", "recipient_id"])
    op.create_index("ix_certificates_batch", "certificates", ["batch_id", "id"])
    op.create_table(
        "certificate_lookups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", edu.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("client_hash", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_certificate_lookups_certificate_id_certificates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_lookups")),
    )
    op.create_index("ix_certificate_lookups_client_at", "certificate_lookups",
                    ["client_hash", "at"])


def downgrade() -> None:
    op.drop_table("certificate_lookups")
    op.drop_table("certificates")
    op.drop_table("certificate_batches")
    op.drop_table("certificate_sequences")
    op.drop_table("certificate_offices")
