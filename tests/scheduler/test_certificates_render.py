"""Certificate PDFs read back: real text, a QR that scans, stable bytes, an offline seal."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader, PdfWriter

from edu.certificates.content import CertificateContent
from edu.certificates.signing import (
    InvalidCertificate,
    legacy_signing_key,
    load_public_keys,
    public_key_pem,
)
from edu.certificates.verify import page_text, verify_pdf
from scheduler.certificates.render import CertificateRenderer

KEY = legacy_signing_key(b"test-secret")
CODE = "K7QH2M4XZP9RT3VWA6BC8DEFGN"


def content(**changes: object) -> CertificateContent:
    values: dict[str, object] = dict(
        number="027/PP.08.1-Pu/5271/KPU-Kot/XII/2026",
        kind="SESSION",
        # Decomposed on purpose: "e" + combining acute, as some keyboards and forms send it.
        recipient_name=unicodedata.normalize("NFD", "Baiq Nurul Hidayati Ṣāliḥ Renée"),
        role_line="atas partisipasinya sebagai peserta kegiatan",
        subject_title="Pendidikan Pemilih Pemula SMAN 1 Mataram",
        subject_date="Kamis, 10 Desember 2026",
        issued_on=date(2026, 12, 10),
        place="Mataram",
        office_name="KPU Kota Mataram",
        division_name="Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM",
        signer_name="Lalu Ahmad Fauzi",
        signer_title="Ketua KPU Kota Mataram",
        verification_url=f"http://127.0.0.1:8000/verify/{CODE}",
        code=CODE,
    )
    values.update(changes)
    return CertificateContent(**values)


@pytest.fixture(scope="module")
def renderer() -> CertificateRenderer:
    return CertificateRenderer()


@pytest.fixture(scope="module")
def pdf(renderer: CertificateRenderer) -> bytes:
    return renderer.render(content(), KEY)


def decode_qr(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_text_reads_back_with_nfc_name_number_title_and_date(pdf: bytes) -> None:
    text = page_text(pdf)
    assert "Baiq Nurul Hidayati Ṣāliḥ Renée" in text  # composed, as NFC
    assert "027/PP.08.1-Pu/5271/KPU-Kot/XII/2026" in text
    assert "Pendidikan Pemilih Pemula SMAN 1 Mataram" in text
    assert "Mataram, 10 Desember 2026" in text
    assert "SERTIFIKAT" in text and "KPU KOTA MATARAM" in text


def test_qr_decodes_to_the_verification_url(pdf: bytes) -> None:
    # Upper case keeps the QR in alphanumeric mode; host and /verify/ route ignore case.
    assert decode_qr(pdf) == [f"HTTP://127.0.0.1:8000/VERIFY/{CODE}"]


def test_same_certificate_same_bytes(renderer: CertificateRenderer, pdf: bytes) -> None:
    assert renderer.render(content(), KEY) == pdf
    assert renderer.render(content(number="028/PP.08.1-Pu/5271/KPU-Kot/XII/2026"), KEY) != pdf


def test_metadata_dates_are_the_issue_date(pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and str(meta["/CreationDate"]).startswith("D:20261210")
    assert str(meta["/Title"]) == "Sertifikat 027/PP.08.1-Pu/5271/KPU-Kot/XII/2026"


def test_long_title_wraps_and_long_name_shrinks_yet_stay_text(
        renderer: CertificateRenderer) -> None:
    title = "Sosialisasi dan Pendidikan Pemilih bagi Penyandang Disabilitas " * 3
    name = "Raden Ajeng Kartika Sari Dewi Puspitaningrum Wulandari Kusumawardhani"
    pdf = renderer.render(content(subject_title=title, recipient_name=name), KEY)
    text = page_text(pdf)
    assert name in text
    assert " ".join(title.split()) in text


def test_offline_verification_accepts_the_untouched_file(pdf: bytes) -> None:
    keys = load_public_keys(public_key_pem(KEY.public_key()))
    check = verify_pdf(pdf, keys)
    assert check.content == content()
    assert check.content.recipient_name == "Baiq Nurul Hidayati Ṣāliḥ Renée"


def test_offline_verification_rejects_a_changed_byte(pdf: bytes) -> None:
    altered = pdf.replace(b"Sertifikat 027", b"Sertifikat 028")
    assert altered != pdf
    with pytest.raises(InvalidCertificate, match="changed"):
        verify_pdf(altered, [KEY.public_key()])


def test_offline_verification_rejects_an_edited_and_resaved_pdf(pdf: bytes) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.add_metadata({"/Title": "Sertifikat palsu"})
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InvalidCertificate):
        verify_pdf(out.getvalue(), [KEY.public_key()])


def test_offline_verification_rejects_an_appended_update(pdf: bytes) -> None:
    with pytest.raises(InvalidCertificate):
        verify_pdf(pdf + b"\n1 0 obj\n(forged)\nendobj\n%%EOF\n", [KEY.public_key()])


def test_offline_verification_rejects_a_forger_key(renderer: CertificateRenderer) -> None:
    forged = renderer.render(content(recipient_name="Someone Else"), legacy_signing_key(b"forger"))
    with pytest.raises(InvalidCertificate, match="not trusted"):
        verify_pdf(forged, [KEY.public_key()])


def test_offline_verification_rejects_a_plain_pdf(renderer: CertificateRenderer) -> None:
    out = io.BytesIO()
    renderer.render_document([content()], out)
    with pytest.raises(InvalidCertificate, match="no certificate seal"):
        verify_pdf(out.getvalue(), [KEY.public_key()])


def test_one_document_holds_one_page_per_certificate(renderer: CertificateRenderer) -> None:
    out = io.BytesIO()
    names = [f"Peserta {i}" for i in range(5)]
    assert renderer.render_document([content(recipient_name=n) for n in names], out) == 5
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert [n in p.extract_text() for p, n in zip(reader.pages, names, strict=True)] == [True] * 5


def test_an_office_background_and_logo_are_drawn(tmp_path):
    from PIL import Image

    from scheduler.certificates.render import Template

    background, logo = tmp_path / "bg.png", tmp_path / "logo.png"
    Image.new("RGB", (842, 595), (250, 244, 230)).save(background)
    Image.new("RGB", (64, 64), (200, 0, 0)).save(logo)
    renderer = CertificateRenderer(Template(accent="#123456", background=background, logo=logo))
    pdf = renderer.render(content(), KEY)
    assert verify_pdf(pdf, [KEY.public_key()]).content == content()
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    assert page.getpixel((5, 5)) == (250, 244, 230)  # the background, not the white page
    assert page.getpixel((int(page.width / 2), 58)) == (200, 0, 0)  # the logo at the top
    assert decode_qr(pdf) == [f"HTTP://127.0.0.1:8000/VERIFY/{CODE}"]
