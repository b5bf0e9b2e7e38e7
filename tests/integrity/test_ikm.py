"""The index against worked examples computed by hand from the regulation's formula."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from edu.integrity.ikm import compute, grade_of, krejcie_morgan

ALL_3 = [3] * 9
ALL_2 = [2] * 9
SUM_32 = [4, 4, 4, 4, 4, 3, 3, 3, 3]
SUM_31 = [4, 4, 4, 4, 3, 3, 3, 3, 3]


def test_an_all_4_survey_is_100_and_grade_a() -> None:
    index = compute([[4] * 9] * 3)
    assert index.ikm == Decimal("100.00") and index.grade == "A"
    assert index.meaning == "Sangat Baik" and index.responses == 3


def test_a_worked_example_with_its_lowest_element() -> None:
    # NRR: 3.5 3 4 4 2.5 4 3.5 3 4 → Σ = 31.5, IKM = 31.5 / 9 = 3.5, × 25 = 87.50 (B).
    index = compute([[4, 3, 4, 4, 3, 4, 4, 3, 4], [3, 3, 4, 4, 2, 4, 3, 3, 4]])
    assert index.averages[4] == Fraction(5, 2) and index.averages[0] == Fraction(7, 2)
    assert index.ikm == Decimal("87.50") and index.grade == "B" and index.meaning == "Baik"
    assert index.lowest_element == "U5"


def test_the_weight_is_an_exact_ninth_on_the_c_d_edge() -> None:
    # Three all-3 and two all-2: every NRR 13/5 = 2.6, IKM 2.6, × 25 = 65.00 exactly: C.
    # With the rounded weight 0.111 it would be 64.94, a D.
    index = compute([ALL_3, ALL_3, ALL_3, ALL_2, ALL_2])
    assert index.ikm == Decimal("65.00") and index.grade == "C"
    assert index.meaning == "Kurang Baik"


def test_the_a_b_edge_is_read_on_the_rounded_value() -> None:
    # 19 respondents, score total 604: 25 × 604 / 171 = 88.3040… → 88.30, a B.
    below = compute([SUM_32] * 15 + [SUM_31] * 4)
    assert below.ikm == Decimal("88.30") and below.grade == "B"
    # 24 respondents, total 763: 25 × 763 / 216 = 88.3101… → 88.31, an A.
    above = compute([SUM_32] * 19 + [SUM_31] * 5)
    assert above.ikm == Decimal("88.31") and above.grade == "A"


@pytest.mark.parametrize(("value", "grade"), [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D")])
def test_bands(value: str, grade: str) -> None:
    banded = grade_of(Decimal(value))
    assert banded is not None and banded[0] == grade


def test_no_answers_no_index() -> None:
    index = compute([])
    assert index.ikm is None and index.grade is None and index.lowest_element is None


@pytest.mark.parametrize(("population", "sample"), [
    (0, 0), (10, 10), (50, 44), (100, 80), (200, 132), (500, 217), (1000, 278),
    (10000, 370)])
def test_krejcie_morgan_minimum(population: int, sample: int) -> None:
    assert krejcie_morgan(population) == sample


def test_periods_of_a_year() -> None:
    from datetime import date

    from edu.integrity.periods import Period, periods

    assert periods(2026, Period.QUARTER)[3] == ("2026 TW4", date(2026, 10, 1),
                                                date(2026, 12, 31))
    assert periods(2028, Period.MONTH)[1] == ("2028-02", date(2028, 2, 1), date(2028, 2, 29))
    assert [p[0] for p in periods(2026, Period.SEMESTER)] == ["2026 S1", "2026 S2"]
    assert periods(2026, Period.YEAR) == [("2026", date(2026, 1, 1), date(2026, 12, 31))]
