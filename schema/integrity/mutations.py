"""Answering the satisfaction survey."""

from __future__ import annotations

import strawberry

from edu.integrity import survey
from schema.errors import mutate
from schema.ids import decode_id
from schema.integrity.session_requests import SessionRequestMutations
from schema.integrity.standards import StandardMutations
from schema.integrity.types import SubmitSurveyInput, SubmitSurveyPayload, SurveyResponse


@strawberry.type
class IntegrityMutations(StandardMutations, SessionRequestMutations):
    @strawberry.mutation(description="Answer the satisfaction survey of an attended session "
                                     "or a completed internship, once.")
    def submit_survey(self, info: strawberry.Info,
                      input: SubmitSurveyInput) -> SubmitSurveyPayload:
        def change(db):
            done = survey.submit_survey(
                db, info.context.principal, scores=input.scores, suggestion=input.suggestion,
                session_id=None if input.session_id is None
                else decode_id(input.session_id, "Session", "sessionId"),
                internship_id=None if input.internship_id is None
                else decode_id(input.internship_id, "Internship", "internshipId"),
                survey_code=input.survey_code, secret_key=info.context.settings.secret_key)
            return SubmitSurveyPayload(response=SurveyResponse(id=strawberry.ID(done.id),
                                                               submitted_at=done.submitted_at))

        return mutate(info, change, lambda errors: SubmitSurveyPayload(user_errors=errors))
