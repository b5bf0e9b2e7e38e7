"""The access export as a readable A4 PDF, drawn with reportlab and the certificates' bundled
DejaVu fonts (every Indonesian letter, no font from the machine), section by section as the
HTML page lays it out (edu/privacy/page.py)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from edu.privacy.page import TITLE, Section, intro, sections
from scheduler.certificates.render import SANS, SANS_BOLD, register_fonts

_BODY = ParagraphStyle("body", fontName=SANS, fontSize=9, leading=12)
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=8, leading=10)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName=SANS_BOLD)
_H1 = ParagraphStyle("h1", fontName=SANS_BOLD, fontSize=16, leading=20, spaceAfter=6)
_H2 = ParagraphStyle("h2", fontName=SANS_BOLD, fontSize=12, leading=15, spaceBefore=10,
                     spaceAfter=4)
_GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, HexColor("#999999")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP")])


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (reportlab reads markup: escape it)."""
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
                     style)


def _flow(section: Section, width: float) -> list[Any]:
    parts: list[Any] = [_p(section.heading, _H2)]
    if section.pairs:
        rows = [[_p(k, _HEAD), _p(v, _CELL)] for k, v in section.pairs]
        parts.append(LongTable(rows, colWidths=[width * 0.3, width * 0.7], style=_GRID))
    elif section.headers:
        rows = [[_p(h, _HEAD) for h in section.headers]]
        rows += [[_p(v, _CELL) for v in row] for row in section.rows]
        parts.append(LongTable(rows, colWidths=[width / len(section.headers)]
                               * len(section.headers), repeatRows=1, style=_GRID))
    else:
        parts.append(_p(section.text, _BODY))
    return parts


def export_pdf(data: dict[str, Any]) -> bytes:
    """The export as a PDF whose text can be searched and copied."""
    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=TITLE,
                            author="KPU", lang="id-ID", invariant=True)
    story: list[Any] = [_p(TITLE, _H1), _p(intro(data), _BODY), Spacer(1, 4)]
    for section in sections(data):
        story += _flow(section, doc.width)
    doc.build(story)
    return out.getvalue()
