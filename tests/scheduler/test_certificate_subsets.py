"""Font subsets remembered across certificates: the same bytes, and never a stale subset."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from edu.certificates.content import CertificateContent
from edu.certificates.signing import legacy_signing_key
from edu.certificates.verify import page_text, verify_pdf
from scheduler.certificates.render import FONT_DIR, CertificateRenderer
from scheduler.certificates.subsets import SubsetCachingTTFont

KEY = legacy_signing_key(b"test-secret")
CODE = "K7QH2M4XZP9RT3VWA6BC8DEFGN"
BASE = CertificateContent(
    number="027/PP.08.1-Pu/5271/KPU-Kot/XII/2026", kind="SESSION",
    recipient_name="Baiq Nurul Hidayati",
    role_line="atas partisipasinya sebagai peserta kegiatan",
    subject_title="Pendidikan Pemilih Pemula SMAN 1 Mataram",
    subject_date="Kamis, 10 Desember 2026", issued_on=date(2026, 12, 10), place="Mataram",
    office_name="KPU Kota Mataram", division_name="Divisi Sosialisasi dan Partisipasi",
    signer_name="Lalu Ahmad Fauzi", signer_title="Ketua KPU Kota Mataram",
    verification_url=f"http://127.0.0.1:8000/verify/{CODE}", code=CODE,
)


def one_page(font: str, texts: list[str]) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=True, pageCompression=1)
    for i, text in enumerate(texts):
        canvas.setFont(font, 12)
        canvas.drawString(40, 700 - 20 * i, text)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_remembered_subsets_write_what_reportlab_writes() -> None:
    path = str(FONT_DIR / "DejaVuSans.ttf")
    pdfmetrics.registerFont(TTFont("PlainForTest", path))
    pdfmetrics.registerFont(SubsetCachingTTFont("CachedForTest", path))
    pages = [["Baiq Nurul Hidayati"], ["Ṣāliḥ Renée", "Ñoño"], ["Baiq Nurul Hidayati"],
             ["Ñoño", "Ṣāliḥ Renée"], ["".join(chr(0x100 + i) for i in range(90))]]
    for texts in pages + pages:  # the second round finds every subset remembered
        assert one_page("CachedForTest", texts) == one_page("PlainForTest", texts)


def test_a_changed_office_setting_shows_in_the_next_certificate() -> None:
    renderer = CertificateRenderer()
    first = renderer.render(BASE, KEY)
    # Other accented letters than before: the first subset's codes would read them wrongly.
    changed = replace(BASE, signer_name="Ṣāliḥ Renée Ñoño", signer_title="Ketua KPU Kabupaten Bimâ",
                      place="Selong Ōtá")
    second = renderer.render(changed, KEY)
    again = renderer.render(BASE, KEY)
    assert again == first
    text = page_text(second)
    printed = ("Ṣāliḥ Renée Ñoño", "Ketua KPU Kabupaten Bimâ", "Selong Ōtá, 10 Desember 2026")
    for expected in printed:
        assert expected in text
    assert "Lalu Ahmad Fauzi" not in text
    assert "Lalu Ahmad Fauzi" in page_text(first)
    verify_pdf(second, [KEY.public_key()])
    assert len(PdfReader(io.BytesIO(second)).pages) == 1
