"""Inputs and types of the survey and the reports. Answers never carry who gave them."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from edu.integrity.models import ELEMENTS, SurveyService
from edu.integrity.participation import AgeBand, Row, Totals
from edu.integrity.survey import Satisfaction as SatisfactionFigures
from schema.enums import Gender, Segment
from schema.errors import UserErrorType

strawberry.enum(SurveyService, name="SurveyService",
                description="The service a survey answer is about.")
strawberry.enum(AgeBand, name="AgeBand",
                description="Age on the session day: 17–21 are first-time voters.")


@strawberry.input
class SubmitSurveyInput:
    session_id: strawberry.ID | None = None
    internship_id: strawberry.ID | None = None
    scores: list[int] = strawberry.field(description="Nine scores 1..4, U1..U9 in order.")
    suggestion: str | None = None
    survey_code: str | None = strawberry.field(
        default=None, description="An intern's survey code (interns have no token).")


@strawberry.type
class SurveyResponse:
    """The respondent's own receipt: the answer's random id and when it was taken."""

    id: strawberry.ID
    submitted_at: datetime


@strawberry.type
class SubmitSurveyPayload:
    response: SurveyResponse | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.input
class SatisfactionFilter:
    service: SurveyService
    session_id: strawberry.ID | None = None
    region_code: str | None = None
    from_: date | None = strawberry.field(default=None, name="from")
    to: date | None = None


@strawberry.type
class ElementAverage:
    code: str
    average: float | None = strawberry.field(description="NRR: the element's mean score.")


@strawberry.type
class Satisfaction:
    responses: int
    elements: list[ElementAverage]
    ikm: float | None = strawberry.field(description="Converted IKM, two decimals.")
    grade: str | None
    grade_meaning: str | None
    lowest_element: str | None
    population: int = strawberry.field(description="People served in the filter.")
    minimum_sample: int = strawberry.field(description="Krejcie–Morgan minimum (95 %, 5 %).")
    sample_sufficient: bool

    @classmethod
    def from_figures(cls, s: SatisfactionFigures) -> Satisfaction:
        i = s.index
        return cls(
            responses=i.responses,
            elements=[ElementAverage(code=c, average=None if a is None else float(a))
                      for c, a in zip(ELEMENTS, i.averages, strict=True)],
            ikm=None if i.ikm is None else float(i.ikm), grade=i.grade,
            grade_meaning=i.meaning, lowest_element=i.lowest_element,
            population=s.population, minimum_sample=s.minimum_sample,
            sample_sufficient=s.sample_sufficient)


@strawberry.input
class ParticipationFilter:
    from_: date = strawberry.field(name="from")
    to: date
    region_code: str | None = None
    segment: Segment | None = None


@strawberry.type
class ParticipationTotals:
    sessions: int
    registered: int
    attended: int
    attendance_rate: float | None

    @classmethod
    def from_totals(cls, t: Totals) -> ParticipationTotals:
        return cls(sessions=t.sessions, registered=t.registered, attended=t.attended,
                   attendance_rate=t.attendance_rate)


@strawberry.type
class AgeBandCount:
    band: AgeBand
    registered: int
    attended: int


@strawberry.type
class ParticipationRow:
    region_code: str
    segment: Segment
    gender: Gender | None
    disability: bool
    registered: int
    attended: int
    first_time_voters_registered: int = strawberry.field(description="Aged 17–21 that day.")
    first_time_voters_attended: int
    attendance_rate: float | None = strawberry.field(description="Attended ÷ registered.")
    age_bands: list[AgeBandCount] = strawberry.field(
        description="The row split by age band on the session day (bands with people).")

    @classmethod
    def from_row(cls, r: Row) -> ParticipationRow:
        return cls(region_code=r.region_code, segment=r.segment,
                   gender=Gender(r.gender) if r.gender else None, disability=r.disability,
                   registered=r.registered, attended=r.attended,
                   first_time_voters_registered=r.first_time_registered,
                   first_time_voters_attended=r.first_time_attended,
                   attendance_rate=r.attendance_rate,
                   age_bands=[AgeBandCount(band=b.band, registered=b.registered,
                                           attended=b.attended) for b in r.age_bands])


@strawberry.type
class CoverageGap:
    region_code: str
    segment: Segment


@strawberry.type
class Participation:
    totals: ParticipationTotals
    rows: list[ParticipationRow]
    coverage_gaps: list[CoverageGap] = strawberry.field(
        description="Kabupaten/kota in scope where no one of a segment attended.")
    csv_url: str
    xlsx_url: str
