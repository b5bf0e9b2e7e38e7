"""Grade bands: Indonesian by default, configurable (universities differ)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min_score: Decimal  # the band runs from here up to the next band's minimum


# Indonesian grading: A 85–100, B 70–84.99, C 55–69.99, D 40–54.99, E below 40.
DEFAULT_BANDS: tuple[GradeBand, ...] = tuple(
    GradeBand(g, Decimal(m)) for g, m in (("A", 85), ("B", 70), ("C", 55), ("D", 40), ("E", 0))
)


def parse_bands(spec: str) -> tuple[GradeBand, ...]:
    """Bands from `A:85,B:70,C:55,D:40,E:0` (any order); the lowest must start at 0."""
    bands = []
    for part in spec.split(","):
        grade, _, minimum = part.strip().partition(":")
        try:
            bands.append(GradeBand(grade.strip(), Decimal(minimum.strip())))
        except InvalidOperation:
            raise ValueError(f"grade band {part.strip()!r} is not GRADE:MIN") from None
        if not grade.strip():
            raise ValueError(f"grade band {part.strip()!r} is not GRADE:MIN")
    bands.sort(key=lambda b: b.min_score, reverse=True)
    if bands[-1].min_score != 0:
        raise ValueError("the lowest grade band must start at 0")
    return tuple(bands)


def grade_for(score: Decimal, bands: Sequence[GradeBand] = DEFAULT_BANDS) -> str:
    """The grade of the highest band whose minimum the score reaches."""
    for band in bands:
        if score >= band.min_score:
            return band.grade
    raise ValueError(f"no grade band covers {score}")
