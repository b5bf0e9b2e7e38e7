"""The public transparency page's figures (/layanan): the published standards, the IKM per
quarter with its grade, the share of decisions within the standard and the people served.

Aggregates only, and small ones suppressed: a count under 5 is shown as "under 5", and an
index of fewer than 5 answers is not shown (one answer's index would be that answer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.errors import UserError
from edu.integrity.ikm import Index
from edu.integrity.models import SurveyService
from edu.integrity.periods import Period, periods
from edu.integrity.session_requests import answered_in
from edu.integrity.standards import StandardReport, decisions_in, standards
from edu.integrity.survey import SatisfactionFilter, figures_in
from edu.internships.models import Internship
from edu.offices.models import Region

SMALLEST = 5  # counts below this are suppressed


def shown(count: int) -> int | None:
    """A count as the public sees it: None (under 5) when it could point at someone."""
    return count if count >= SMALLEST else None


@dataclass(frozen=True)
class ServiceQuarter:
    responses: int | None
    ikm: str | None  # two decimals, as the regulation reports it
    grade: str | None
    meaning: str | None
    served: int | None


@dataclass(frozen=True)
class Quarter:
    label: str
    education: ServiceQuarter
    internships: ServiceQuarter
    decided: int | None
    share_within: float | None
    requests_answered: int | None = None  # requests for a voter-education session
    requests_share_within: float | None = None


@dataclass(frozen=True)
class Transparency:
    region_code: str
    region_name: str
    year: int
    standards: dict[SurveyService, int]
    quarters: list[Quarter]


def _service(index: Index, served: int) -> ServiceQuarter:
    if index.responses < SMALLEST or index.ikm is None:
        return ServiceQuarter(shown(index.responses), None, None, None, shown(served))
    return ServiceQuarter(index.responses, f"{index.ikm:.2f}", index.grade, index.meaning,
                          shown(served))


def _kept(report: StandardReport[Any]) -> tuple[int | None, float | None]:
    """How many were decided, and the share within the standard, both hidden under 5."""
    n = len(report.decisions)
    return shown(n), report.share_within if n >= SMALLEST else None


def transparency(db: Session, *, region_code: str, year: int) -> Transparency:
    """The figures of an office for a year, quarter by quarter."""
    region = db.get(Region, region_code)
    if region is None:
        raise UserError("UNKNOWN_REGION", "kantor", "No office with this code.")
    quarters = []
    for label, first, last in periods(year, Period.QUARTER):
        figures = {s: figures_in(db, SatisfactionFilter(service=s, starts_on=first,
                                                        ends_on=last), region_code)
                   for s in SurveyService}
        decided = decisions_in(db, select(Internship), starts_on=first, ends_on=last,
                               region_code=region_code)
        answered = answered_in(db, region_code, starts_on=first, ends_on=last)
        quarters.append(Quarter(
            label,
            _service(figures[SurveyService.VOTER_EDUCATION].index,
                     figures[SurveyService.VOTER_EDUCATION].population),
            _service(figures[SurveyService.INTERNSHIP].index,
                     figures[SurveyService.INTERNSHIP].population),
            *_kept(decided), *_kept(answered)))
    return Transparency(region_code, region.name, year, standards(db, region_code), quarters)
