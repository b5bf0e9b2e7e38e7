"""The index of PermenPAN-RB 14/2017, computed exactly as the regulation does.

Per element the NRR is the sum of its scores over the respondents who answered it; the IKM is
Σ NRR × 1/9 (an exact ninth, not the rounded 0.111); the converted IKM is IKM × 25, rounded to
two decimals (half up), and the grade is read from that rounded value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from edu.integrity.models import ELEMENTS

# (lowest converted value, grade, meaning), best first.
BANDS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)


@dataclass(frozen=True)
class Index:
    """The figures of a set of answers; `ikm` and `grade` are None without answers."""

    responses: int
    averages: tuple[Fraction | None, ...]  # NRR of U1..U9
    ikm: Decimal | None
    grade: str | None
    meaning: str | None
    lowest_element: str | None


def grade_of(converted: Decimal) -> tuple[str, str] | None:
    """The grade and its meaning of a converted, rounded IKM (None below 25.00)."""
    for lowest, grade, meaning in BANDS:
        if converted >= lowest:
            return grade, meaning
    return None


def compute(answers: Sequence[Sequence[int]]) -> Index:
    """The index of answers given as nine scores each (U1..U9)."""
    if not answers:
        return Index(0, (None,) * len(ELEMENTS), None, None, None, None)
    n = len(answers)
    averages = tuple(Fraction(sum(a[i] for a in answers), n) for i in range(len(ELEMENTS)))
    ikm = sum(averages, Fraction(0)) * Fraction(1, len(ELEMENTS))
    exact = ikm * 25
    converted = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)
    banded = grade_of(converted)
    lowest = min(range(len(ELEMENTS)), key=lambda i: (averages[i], i))
    return Index(n, averages, converted, banded[0] if banded else None,
                 banded[1] if banded else None, ELEMENTS[lowest])


def krejcie_morgan(population: int) -> int:
    """The minimum sample for a population: Krejcie & Morgan (1970), 95 % confidence
    (χ² = 3.841, one degree of freedom), 5 % margin of error, P = 0.5, rounded to the
    nearest whole person as their table is (50 → 44, 100 → 80, 500 → 217)."""
    if population <= 0:
        return 0
    chi2, p, d = 3.841, 0.5, 0.05
    n = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return int(Decimal(n).quantize(Decimal(1), rounding=ROUND_HALF_UP))
