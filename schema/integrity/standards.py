"""Suggestions to act on, service standards in working days, the queue, IKM per period."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from edu.integrity import periods as periods_
from edu.integrity import standards as standards_
from edu.integrity import suggestions as suggestions_
from edu.integrity import survey
from edu.integrity.internship_report import InternshipRow as InternshipRowFigures
from edu.integrity.internship_report import internship_report, internship_report_by_period
from edu.integrity.models import SuggestionStatus, SurveyAnswer, SurveyService
from schema.connections import Connection, connection, page_window
from schema.errors import UserErrorType, mutate
from schema.ids import decode_id
from schema.integrity.types import Satisfaction

strawberry.enum(SuggestionStatus, name="SuggestionStatus")
strawberry.enum(periods_.Period, name="ReportPeriod")


@strawberry.type
class SurveySuggestion:
    """A suggestion: what was served, where and on which day; never who wrote it."""

    id: strawberry.ID
    service: SurveyService
    region_code: str
    answered_on: date
    text: str
    status: SuggestionStatus
    reply: str | None
    replied_at: datetime | None

    @classmethod
    def from_model(cls, row: SurveyAnswer) -> SurveySuggestion:
        assert row.suggestion is not None and row.suggestion_status is not None
        return cls(id=strawberry.ID(row.id), service=row.service, region_code=row.region_code,
                   answered_on=row.answered_on, text=row.suggestion,
                   status=row.suggestion_status, reply=row.reply, replied_at=row.replied_at)


@strawberry.input
class AnswerSuggestionInput:
    id: strawberry.ID
    service: SurveyService
    status: SuggestionStatus
    reply: str | None = None


@strawberry.type
class SuggestionPayload:
    suggestion: SurveySuggestion | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class ServiceStandard:
    region_code: str
    service: SurveyService
    working_days: int


@strawberry.type
class ServiceStandardPayload:
    standard: ServiceStandard | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class CollectiveLeaveDayPayload:
    day: date | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class Breach:
    internship_id: int
    student_name: str
    university: str
    working_days: int
    standard: int
    late_by: int = strawberry.field(description="Working days beyond the standard.")


@strawberry.type
class StandardReport:
    decided: int
    within_standard: int
    share_within: float | None
    breaches: list[Breach]


@strawberry.type
class WaitingApplication:
    internship_id: int
    student_name: str
    university: str
    applied_at: datetime
    working_days: int
    standard: int
    due_on: date
    about_to_breach: bool
    breached: bool


@strawberry.type
class GradeCount:
    grade: str
    count: int


@strawberry.type
class InternshipReportRow:
    university: str
    unit: str
    applications: int
    accepted: int
    completed: int
    approved_hours: float
    mean_score: float | None
    mean_working_days: float | None = strawberry.field(
        description="Mean service time, application to decision, in working days.")
    grades: list[GradeCount] = strawberry.field(
        default_factory=list, description="How many final assessments got each grade.")


def _row(r: InternshipRowFigures) -> InternshipReportRow:
    return InternshipReportRow(
        university=r.university, unit=r.unit, applications=r.applications,
        accepted=r.accepted, completed=r.completed, approved_hours=float(r.approved_hours),
        mean_score=None if r.mean_score is None else float(r.mean_score),
        mean_working_days=None if r.mean_working_days is None else float(r.mean_working_days),
        grades=[GradeCount(grade=g, count=n) for g, n in r.grades])


@strawberry.type
class InternshipPeriod:
    label: str
    starts_on: date
    ends_on: date
    rows: list[InternshipReportRow]
    applications: int = strawberry.field(description="The sum of the rows' applications.")
    accepted: int
    completed: int
    approved_hours: float


@strawberry.type
class InternshipReportQueries:
    @strawberry.field(description="Internships applied for in a period, by university and unit.")
    def internship_report(self, info: strawberry.Info,
                          from_: Annotated[date, strawberry.argument(name="from")],
                          to: date) -> list[InternshipReportRow]:
        rows = internship_report(info.context.db, info.context.principal, starts_on=from_,
                                 ends_on=to)
        return [_row(r) for r in rows]

    @strawberry.field(description="The internship report of each month, quarter, semester "
                                  "or the year, with each period's totals.")
    def internship_report_by_period(self, info: strawberry.Info, year: int,
                                    period: periods_.Period) -> list[InternshipPeriod]:
        return [InternshipPeriod(
            label=p.label, starts_on=p.starts_on, ends_on=p.ends_on,
            rows=[_row(r) for r in p.rows], applications=p.applications, accepted=p.accepted,
            completed=p.completed, approved_hours=float(p.approved_hours))
            for p in internship_report_by_period(info.context.db, info.context.principal,
                                                 year=year, period=period)]

    @strawberry.field(description="The survey link to give a completed intern (no token).")
    def internship_survey_url(self, info: strawberry.Info,
                              internship_id: strawberry.ID) -> str | None:
        iid = decode_id(internship_id, "Internship", "internshipId")
        code = survey.internship_survey_link_code(info.context.db, info.context.principal,
                                                  iid, info.context.settings.secret_key)
        if code is None:
            return None
        return f"{info.context.settings.public_url.rstrip('/')}/survei/magang/{iid}/{code}"


@strawberry.type
class PeriodSatisfaction:
    label: str
    starts_on: date
    ends_on: date
    satisfaction: Satisfaction


@strawberry.type
class StandardQueries(InternshipReportQueries):
    @strawberry.field(description="Suggestions to act on (no author: answers are anonymous).")
    def survey_suggestions(self, info: strawberry.Info, service: SurveyService,
                           status: SuggestionStatus | None = None,
                           region_code: str | None = None, first: int | None = None,
                           after: str | None = None) -> Connection[SurveySuggestion]:
        offset, limit = page_window(first, after)
        total, rows = suggestions_.list_suggestions(
            info.context.db, info.context.principal,
            suggestions_.SuggestionFilter(service=service, status=status,
                                          region_code=region_code), offset, limit)
        return connection(total, offset, rows, SurveySuggestion.from_model)

    @strawberry.field(description="An office's published standards, in working days.")
    def service_standards(self, info: strawberry.Info,
                          region_code: str = "52") -> list[ServiceStandard]:
        days = standards_.standards(info.context.db, region_code)
        return [ServiceStandard(region_code=region_code, service=s, working_days=d)
                for s, d in days.items()]

    @strawberry.field(description="Internship decisions of a period against the standard.")
    def service_standard_report(self, info: strawberry.Info,
                                from_: Annotated[date, strawberry.argument(name="from")],
                                to: date, region_code: str | None = None) -> StandardReport:
        report = standards_.standard_report(info.context.db, info.context.principal,
                                            starts_on=from_, ends_on=to,
                                            region_code=region_code)
        return StandardReport(
            decided=len(report.decisions), within_standard=report.within,
            share_within=report.share_within,
            breaches=[Breach(internship_id=d.internship_id, student_name=d.student_name,
                             university=d.university, working_days=d.working_days,
                             standard=d.standard, late_by=d.late_by)
                      for d in report.breaches])

    @strawberry.field(description="Applications waiting for a decision, in working days.")
    def application_queue(self, info: strawberry.Info,
                          region_code: str | None = None) -> list[WaitingApplication]:
        return [WaitingApplication(
            internship_id=w.internship_id, student_name=w.student_name,
            university=w.university, applied_at=w.applied_at,
            working_days=w.clock.working_days, standard=w.clock.standard,
            due_on=w.clock.due_on, about_to_breach=w.clock.about_to_breach,
            breached=w.clock.breached)
            for w in standards_.queue(info.context.db, info.context.principal,
                                      region_code=region_code)]

    @strawberry.field(description="The IKM of each month, quarter, semester or the year.")
    def satisfaction_by_period(self, info: strawberry.Info, service: SurveyService,
                               year: int, period: periods_.Period,
                               region_code: str | None = None) -> list[PeriodSatisfaction]:
        out = []
        for label, first, last in periods_.periods(year, period):
            figures = survey.satisfaction(info.context.db, info.context.principal,
                                          survey.SatisfactionFilter(
                                              service=service, region_code=region_code,
                                              starts_on=first, ends_on=last))
            out.append(PeriodSatisfaction(label=label, starts_on=first, ends_on=last,
                                          satisfaction=Satisfaction.from_figures(figures)))
        return out


@strawberry.type
class StandardMutations:
    @strawberry.mutation(description="Reply to a suggestion, or close it (audited).")
    def answer_suggestion(self, info: strawberry.Info,
                          input: AnswerSuggestionInput) -> SuggestionPayload:
        return mutate(info, lambda db: SuggestionPayload(
            suggestion=SurveySuggestion.from_model(suggestions_.answer_suggestion(
                db, info.context.principal, suggestion_id=str(input.id), service=input.service,
                status=input.status, reply=input.reply))),
            lambda errors: SuggestionPayload(user_errors=errors))

    @strawberry.mutation(description="Publish an office's service time in working days.")
    def set_service_standard(self, info: strawberry.Info, region_code: str,
                             service: SurveyService,
                             working_days: int) -> ServiceStandardPayload:
        def change(db):
            row = standards_.set_service_standard(db, info.context.principal,
                                                  region_code=region_code, service=service,
                                                  working_days=working_days)
            return ServiceStandardPayload(standard=ServiceStandard(
                region_code=row.region_code, service=row.service,
                working_days=row.working_days))

        return mutate(info, change, lambda errors: ServiceStandardPayload(user_errors=errors))

    @strawberry.mutation(description="Add a cuti bersama day (admins).")
    def add_collective_leave_day(self, info: strawberry.Info, day: date,
                                 name: str) -> CollectiveLeaveDayPayload:
        return mutate(info, lambda db: CollectiveLeaveDayPayload(
            day=standards_.add_collective_leave_day(db, info.context.principal, day=day,
                                                    name=name).day),
            lambda errors: CollectiveLeaveDayPayload(user_errors=errors))

