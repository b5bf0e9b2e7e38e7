"""Offline verification of a certificate PDF: `edu certificates verify FILE.pdf`."""

from __future__ import annotations

import io

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from edu.certificates.content import CertificateContent, nfc
from edu.certificates.signing import InvalidCertificate, SealCheck, check_seal


def page_text(pdf: bytes) -> str:
    """The text of a one-page PDF, NFC and with whitespace collapsed (lines joined)."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if len(reader.pages) != 1:
            raise InvalidCertificate("a certificate has exactly one page")
        return nfc(reader.pages[0].extract_text())
    except PdfReadError as exc:
        raise InvalidCertificate("not a readable PDF") from exc


def verify_pdf(pdf: bytes, public_keys: list[Ed25519PublicKey]) -> SealCheck:
    """The signed content of an untouched certificate, else InvalidCertificate.

    The seal already covers every byte; reading the page back also proves that what a person
    sees carries the signed name, number, title, date and code.
    """
    check = check_seal(pdf, public_keys)
    text = page_text(pdf)
    missing = [t for t in check.content.printed_texts() if t not in text]
    if missing:
        raise InvalidCertificate(f"signed text not on the page: {', '.join(missing)}")
    return check


def describe(content: CertificateContent) -> list[tuple[str, str]]:
    """The signed fields as (label, value) lines for a person (Bahasa Indonesia labels)."""
    return [
        ("Nomor", content.number),
        ("Nama", content.recipient_name),
        ("Kegiatan", content.subject_title),
        ("Tanggal", content.subject_date),
        ("Diterbitkan", f"{content.place}, {content.issued_on_text}"),
        ("Penerbit", content.office_name),
        ("Kode verifikasi", content.code),
        ("Verifikasi daring", content.verification_url),
    ]
