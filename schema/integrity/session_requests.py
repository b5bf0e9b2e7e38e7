"""Requests for a voter-education session through the API: the answers against the standard,
the queue, and answering one (the public form is /minta-sesi)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from edu.integrity import session_requests as requests_
from edu.integrity.models import RequestOutcome
from schema.enums import Segment
from schema.errors import UserErrorType, mutate

strawberry.enum(RequestOutcome, name="SessionRequestOutcome")


@strawberry.type
class SessionRequestBreach:
    request_id: int
    organisation: str
    region_code: str
    answered_by: str | None
    working_days: int
    standard: int
    late_by: int = strawberry.field(description="Working days beyond the standard.")


@strawberry.type
class SessionRequestReport:
    answered: int
    within_standard: int
    share_within: float | None
    breaches: list[SessionRequestBreach]


@strawberry.type
class WaitingSessionRequest:
    request_id: int
    organisation: str
    region_code: str
    segment: Segment
    requested_at: datetime
    working_days: int
    standard: int
    due_on: date
    about_to_breach: bool
    breached: bool


@strawberry.type
class AnswerSessionRequestPayload:
    request_id: int | None = None
    outcome: RequestOutcome | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class SessionRequestQueries:
    @strawberry.field(description="Requests for a session answered in a period, against the "
                                  "voter-education standard (working days, WITA).")
    def session_request_report(self, info: strawberry.Info,
                               from_: Annotated[date, strawberry.argument(name="from")],
                               to: date, region_code: str | None = None
                               ) -> SessionRequestReport:
        report = requests_.request_report(info.context.db, info.context.principal,
                                          starts_on=from_, ends_on=to, region_code=region_code)
        return SessionRequestReport(
            answered=len(report.decisions), within_standard=report.within,
            share_within=report.share_within,
            breaches=[SessionRequestBreach(
                request_id=a.request_id, organisation=a.organisation,
                region_code=a.region_code, answered_by=a.answered_by,
                working_days=a.working_days, standard=a.standard, late_by=a.late_by)
                for a in report.breaches])

    @strawberry.field(description="Requests for a session waiting for an answer.")
    def session_request_queue(self, info: strawberry.Info,
                              region_code: str | None = None) -> list[WaitingSessionRequest]:
        return [WaitingSessionRequest(
            request_id=w.request.id, organisation=w.request.organisation,
            region_code=w.request.region_code, segment=w.request.segment,
            requested_at=w.request.requested_at, working_days=w.clock.working_days,
            standard=w.clock.standard, due_on=w.clock.due_on,
            about_to_breach=w.clock.about_to_breach, breached=w.clock.breached)
            for w in requests_.request_queue(info.context.db, info.context.principal,
                                             region_code=region_code)]


@strawberry.type
class SessionRequestMutations:
    @strawberry.mutation(description="Accept or decline a request for a session, with a reply "
                                     "(audited).")
    def answer_session_request(self, info: strawberry.Info, request_id: int,
                               outcome: RequestOutcome,
                               reply: str) -> AnswerSessionRequestPayload:
        def change(db):
            row = requests_.answer_session_request(db, info.context.principal,
                                                   request_id=request_id, outcome=outcome,
                                                   reply=reply)
            return AnswerSessionRequestPayload(request_id=row.id, outcome=row.outcome)

        return mutate(info, change,
                      lambda errors: AnswerSessionRequestPayload(user_errors=errors))
