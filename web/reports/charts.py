"""Bar charts drawn on the server as SVG: readable without JavaScript, scaled here so the
template only places shapes. Every chart sits beside a table with the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360  # viewBox units: a phone's width, so 12-unit text stays legible when scaled
LABEL_WIDTH = 130  # the label column; bars use the rest
BAR_HEIGHT = 18
ROW = 26


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the figure written beside the bar
    y: int
    width: float
    inside: bool  # the figure is written inside a long bar (white), else after it


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    left: int = LABEL_WIDTH
    right: int = WIDTH


def bar_chart(items: Sequence[tuple[str, float, str]], maximum: float | None = None) -> Chart:
    """Horizontal bars of (label, value, figure as text), scaled to `maximum` (default: the
    largest value)."""
    top = maximum if maximum is not None else max((v for _, v, _ in items), default=0)
    room = WIDTH - LABEL_WIDTH - 2
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = round(room * value / top, 1) if top > 0 else 0.0
        bars.append(Bar(label, text, i * ROW, max(width, 0.0), width > room * 0.6))
    return Chart(bars, max(len(bars), 1) * ROW)
