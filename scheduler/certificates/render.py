"""A4 landscape certificate PDFs with reportlab: fast, deterministic, sealed.

The constant part of a page (frame, emblem, office, heading, signer) is drawn once as a form
XObject and placed on each page; the variable text and the QR code are drawn per certificate.
The fonts' embedded subsets are built and encoded once per process (`subsets.py`).
Output is byte-for-byte stable for the same content and template: fixed metadata dates
(the issue date), reportlab's invariant mode (no random document id), no clock anywhere.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from math import cos, pi, sin
from pathlib import Path

import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from edu.certificates.content import CertificateContent
from edu.certificates.signing import PLACEHOLDER, seal_pdf
from scheduler.certificates.subsets import SubsetCachingTTFont

FONT_DIR = Path(__file__).parent / "fonts"
SANS, SANS_BOLD = "DejaVuSans", "DejaVuSans-Bold"
PAGE_W, PAGE_H = landscape(A4)
QR_SIZE = 96.0
TEXT_WIDTH = PAGE_W - 2 * 110


@dataclass(frozen=True)
class Template:
    """The look an office chooses: colours and an optional background image and logo."""

    accent: str = "#7A1F1F"
    ink: str = "#1D1D1B"
    background: Path | None = None  # a full-page image (PNG/JPEG) instead of the drawn frame
    logo: Path | None = None  # PNG/JPEG drawn at the top centre instead of the emblem


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the bundled DejaVu fonts once per process (parsing a TTF costs ~50 ms)."""
    for name in (SANS, SANS_BOLD):
        pdfmetrics.registerFont(SubsetCachingTTFont(name, str(FONT_DIR / f"{name}.ttf")))


def _timestamp(day: date) -> TimeStamp:
    """A PDF creation date fixed to the issue date, so the same certificate hashes the same."""
    stamp = TimeStamp(invariant=True)
    stamp.t = calendar.timegm(day.timetuple())
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def _fit(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest font size up to `size` at which `text` fits `width` (not below `smallest`)."""
    actual = pdfmetrics.stringWidth(text, font, size)
    return size if actual <= width else max(smallest, size * width / actual)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR matrix of `url` as (modules, [(row, first column, run length)]) of dark runs.

    Upper-case URLs use QR's compact alphanumeric mode. Mask 0 is fixed: searching all eight
    masks is most of segno's time, and any mask gives a valid, scannable code.
    """
    code = segno.make_qr(url, error="m", mask=0, boost_error=False)
    runs = []
    for y, row in enumerate(code.matrix):
        x = 0
        width = len(row)
        while x < width:
            if row[x] & 1:
                start = x
                while x < width and row[x] & 1:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(code.matrix), runs


class CertificateRenderer:
    """Renders certificates for one template; build one per process and reuse it."""

    def __init__(self, template: Template | None = None) -> None:
        register_fonts()
        self.template = template or Template()
        self._accent = HexColor(self.template.accent)
        self._ink = HexColor(self.template.ink)

    def render(self, content: CertificateContent, key: Ed25519PrivateKey) -> bytes:
        """One certificate as its own sealed PDF file."""
        buf = io.BytesIO()
        canvas = self._canvas(buf, content)
        self._page(canvas, content)
        canvas.save()
        return seal_pdf(buf.getvalue(), content, key)

    def render_document(self, contents: Iterable[CertificateContent], out: io.RawIOBase) -> int:
        """Many certificates as pages of one unsealed PDF (for printing); returns the count."""
        canvas: Canvas | None = None
        count = 0
        for content in contents:
            if canvas is None:
                canvas = self._canvas(out, content, sealed=False)
            self._page(canvas, content)
            count += 1
        if canvas is not None:
            canvas.save()
        return count

    def _canvas(self, out: object, content: CertificateContent, *, sealed: bool = True) -> Canvas:
        canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=True, pageCompression=1)
        canvas._doc._timeStamp = _timestamp(content.issued_on)  # reportlab has no public setter
        canvas.setTitle(f"Sertifikat {content.number}")
        canvas.setAuthor(content.office_name)
        canvas.setSubject(content.subject_title)
        canvas.setCreator("edu (KPU NTB)")
        if sealed:
            canvas.setKeywords(PLACEHOLDER.decode())
        return canvas

    def _page(self, canvas: Canvas, content: CertificateContent) -> None:
        form = self._form_name(content)
        if not canvas.hasForm(form):
            canvas.beginForm(form)
            self._background(canvas, content)
            canvas.endForm()
        canvas.doForm(form)
        self._variable(canvas, content)
        canvas.showPage()

    @staticmethod
    def _form_name(content: CertificateContent) -> str:
        key = "\x1f".join(
            [content.office_name, content.division_name, content.signer_name,
             content.signer_title]
        )
        return "bg" + hashlib.sha1(key.encode()).hexdigest()[:12]

    def _background(self, canvas: Canvas, content: CertificateContent) -> None:
        t = self.template
        if t.background is not None:
            canvas.drawImage(str(t.background), 0, 0, PAGE_W, PAGE_H)
        else:
            canvas.setStrokeColor(self._accent)
            canvas.setLineWidth(4)
            canvas.rect(18, 18, PAGE_W - 36, PAGE_H - 36)
            canvas.setLineWidth(0.8)
            canvas.rect(28, 28, PAGE_W - 56, PAGE_H - 56)
        cx = PAGE_W / 2
        if t.logo is not None:
            canvas.drawImage(str(t.logo), cx - 28, PAGE_H - 104, 56, 56, mask="auto")
        else:
            self._emblem(canvas, cx, PAGE_H - 76)
        canvas.setFillColor(self._ink)
        office = content.office_name.upper()
        canvas.setFont(SANS_BOLD, _fit(office, SANS_BOLD, 15, TEXT_WIDTH, 9))
        canvas.drawCentredString(cx, PAGE_H - 128, office)
        canvas.setFont(SANS, _fit(content.division_name, SANS, 10, TEXT_WIDTH, 7))
        canvas.drawCentredString(cx, PAGE_H - 143, content.division_name)
        canvas.setFillColor(self._accent)
        canvas.setFont(SANS_BOLD, 36)
        canvas.drawCentredString(cx, PAGE_H - 192, "SERTIFIKAT")
        canvas.setFillColor(self._ink)
        canvas.setFont(SANS, 12)
        canvas.drawCentredString(cx, PAGE_H - 240, "diberikan kepada")
        canvas.setStrokeColor(self._accent)
        canvas.setLineWidth(0.8)
        canvas.line(cx - 250, PAGE_H - 290, cx + 250, PAGE_H - 290)
        sx = PAGE_W - 220
        canvas.setFont(SANS, 11)
        canvas.drawCentredString(sx, 136, content.signer_title)
        if content.signer_name:  # an office that has not named its signer leaves the space
            canvas.setFont(SANS_BOLD, 11)
            canvas.drawCentredString(sx, 66, content.signer_name)
            width = pdfmetrics.stringWidth(content.signer_name, SANS_BOLD, 11)
            canvas.setLineWidth(0.6)
            canvas.line(sx - width / 2, 63, sx + width / 2, 63)

    def _emblem(self, canvas: Canvas, x: float, y: float) -> None:
        canvas.setStrokeColor(self._accent)
        canvas.setFillColor(self._accent)
        canvas.setLineWidth(1.5)
        canvas.circle(x, y, 24)
        path = canvas.beginPath()
        for i in range(10):
            # A five-pointed star: alternate outer and inner radius every 36 degrees.
            r = 15 if i % 2 == 0 else 6
            a = pi / 2 + i * pi / 5
            (path.moveTo if i == 0 else path.lineTo)(x + r * cos(a), y + r * sin(a))
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)

    def _variable(self, canvas: Canvas, c: CertificateContent) -> None:
        cx = PAGE_W / 2
        canvas.setFillColor(self._ink)
        canvas.setFont(SANS, 11)
        canvas.drawCentredString(cx, PAGE_H - 212, f"Nomor: {c.number}")
        size = _fit(c.recipient_name, SANS_BOLD, 28, TEXT_WIDTH - 100, 12)
        canvas.setFont(SANS_BOLD, size)
        canvas.drawCentredString(cx, PAGE_H - 282, c.recipient_name)
        canvas.setFont(SANS, 12)
        canvas.drawCentredString(cx, PAGE_H - 318, c.role_line)
        lines = _wrap(c.subject_title, SANS_BOLD, 15, TEXT_WIDTH)
        size = 15.0 if len(lines) <= 2 else 11.0
        lines = _wrap(c.subject_title, SANS_BOLD, size, TEXT_WIDTH)
        canvas.setFont(SANS_BOLD, size)
        y = PAGE_H - 342
        for line in lines:
            canvas.drawCentredString(cx, y, line)
            y -= size + 4
        canvas.setFont(SANS, 12)
        canvas.drawCentredString(cx, y - 4, c.subject_date)
        canvas.setFont(SANS, 11)
        canvas.drawCentredString(PAGE_W - 220, 152, f"{c.place}, {c.issued_on_text}")
        self._qr(canvas, c, 52, 52)

    def _qr(self, canvas: Canvas, c: CertificateContent, x: float, y: float) -> None:
        modules, runs = qr_runs(c.verification_url.upper())
        unit = QR_SIZE / (modules + 2)  # one module of quiet zone is enough on a white page
        # Raw operators in module units under one transform: ~200 rectangles through
        # reportlab's path API cost more than the rest of the page.
        rects = " ".join(f"{col} {modules - row - 1} {length} 1 re" for row, col, length in runs)
        canvas.saveState()
        canvas.setFillColor(self._ink)
        canvas.transform(unit, 0, 0, unit, x + unit, y + unit)
        canvas.addLiteral(f"{rects} f")
        canvas.restoreState()
        tx = x + QR_SIZE + 8
        canvas.setFont(SANS, 7.5)
        canvas.drawString(tx, y + 54, "Periksa keaslian sertifikat ini:")
        canvas.setFont(SANS_BOLD, 8)
        canvas.drawString(tx, y + 42, c.code)
        canvas.setFont(SANS, 6.5)
        canvas.drawString(tx, y + 31, c.verification_url)
