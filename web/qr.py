"""QR codes drawn as inline SVG (no image request, no other host)."""

from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import Markup, escape


def draw_qr(data: str, label: str) -> Markup:
    """The code as an `<svg role="img">` named by `label` for screen readers (not cached:
    for secrets, such as a TOTP enrolment's, which no cache should keep)."""
    svg = segno.make(data, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


@lru_cache(maxsize=256)
def qr_svg(data: str, label: str) -> Markup:
    """draw_qr, kept for codes shown again and again (tickets, calendar links)."""
    return draw_qr(data, label)
