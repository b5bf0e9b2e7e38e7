"""The public verification page, in Bahasa Indonesia: what a verifier needs and nothing more.

No contact data, NIK, birth date or school; the name only as printed; `noindex` so search
engines never list who holds which certificate.
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from edu.certificates.content import format_date_id
from edu.certificates.models import Certificate, CertificateStatus
from edu.config import DISPLAY_TZ

_STATUS = {
    CertificateStatus.VALID: ("SAH", "Sertifikat ini sah dan diterbitkan oleh {issuer}.", "ok"),
    CertificateStatus.REVOKED: ("DICABUT", "Sertifikat ini telah dicabut dan tidak berlaku.",
                                "bad"),
    CertificateStatus.REPLACED: ("DIGANTI", ("Sertifikat ini telah diganti dengan sertifikat "
                                             "baru dan tidak berlaku lagi."), "bad"),
}

_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem;
  color: #1d1d1b }}
.badge {{ display: inline-block; padding: .3rem .8rem; border-radius: .3rem; color: #fff;
  font-weight: bold; letter-spacing: .05em }}
.ok {{ background: #1e7a3a }} .bad {{ background: #a11d1d }} .unknown {{ background: #6b6b6b }}
dt {{ font-weight: bold; margin-top: .8rem }} dd {{ margin: .2rem 0 0 }}
code {{ word-break: break-all }}
footer {{ margin-top: 2rem; font-size: .85rem; color: #555 }}
</style></head><body>
<h1>Verifikasi Sertifikat</h1>
{body}
<footer>Keaslian berkas PDF juga dapat diperiksa tanpa koneksi dengan kunci publik penerbit:
<a href="/.well-known/edu-certificates.pub">/.well-known/edu-certificates.pub</a>.</footer>
</body></html>
"""


def certificate_page(cert: Certificate, replacement_number: str | None = None) -> str:
    """The page for a known code."""
    issuer = cert.printed.get("office_name", "")
    label, sentence, css = _STATUS[cert.status]
    rows = [
        ("Status", f'<span class="badge {css}">{label}</span>'),
        ("Nomor", escape(cert.number)),
        ("Nama (sebagaimana tercetak)", escape(cert.recipient_name)),
        ("Kegiatan", escape(cert.subject_title)),
        ("Tanggal kegiatan", escape(cert.printed.get("subject_date", ""))),
        ("Penerbit", escape(issuer)),
        ("Tanggal terbit", escape(format_date_id(cert.issued_on))),
    ]
    if cert.revoked_at is not None:
        rows.append(("Dicabut pada", escape(_revoked_on(cert))))
        rows.append(("Alasan", escape(cert.revocation_reason or "")))
    if replacement_number:
        rows.append(("Diganti dengan nomor", escape(replacement_number)))
    if cert.pdf_sha256:
        rows.append(("SHA-256 berkas PDF", f"<code>{escape(cert.pdf_sha256)}</code>"))
    items = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    body = f"<p>{escape(sentence.format(issuer=issuer))}</p>\n<dl>\n{items}\n</dl>"
    return _PAGE.format(title=f"Sertifikat {escape(cert.number)}", body=body)


def _revoked_on(cert: Certificate) -> str:
    assert cert.revoked_at is not None
    return format_date_id(cert.revoked_at.astimezone(ZoneInfo(DISPLAY_TZ)).date())


def unknown_page() -> str:
    body = ('<p><span class="badge unknown">TIDAK DIKENAL</span></p>'
            "<p>Kode verifikasi ini tidak terdaftar. Periksa kembali kode pada sertifikat "
            "(huruf besar atau kecil tidak berpengaruh).</p>")
    return _PAGE.format(title="Sertifikat tidak dikenal", body=body)


def too_many_page() -> str:
    body = "<p>Terlalu banyak permintaan verifikasi. Silakan coba lagi dalam satu menit.</p>"
    return _PAGE.format(title="Terlalu banyak permintaan", body=body)
