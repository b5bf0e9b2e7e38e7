"""Export, correct and erase a person's data. The export is a mutation: exports are audited,
which writes. Without `participantId`, a participant token acts on its own person; with
`internshipId`, staff act on that internship's intern (a university's student)."""

from __future__ import annotations

import json
from typing import Annotated

import strawberry

from edu.internships.service import get_internship
from edu.privacy.page import export_html
from edu.privacy.service import Erasure, correct_contact, erase_person, export_person
from edu.privacy.students import correct_student, erase_student, export_student
from scheduler.privacy import remove_certificate_files
from schema.errors import UserErrorType, mutate
from schema.ids import decode_id


def _person_id(info: strawberry.Info, participant_id: strawberry.ID | None) -> int:
    if participant_id is None:
        return info.context.principal.require_participant()
    return decode_id(participant_id, "Participant", "participantId")


def _intern_id(db, info: strawberry.Info, internship_id: strawberry.ID) -> int:
    """The student of an internship the caller sees (another's is NOT_FOUND)."""
    return get_internship(db, info.context.principal,
                          decode_id(internship_id, "Internship", "internshipId"),
                          field="internshipId").student_id


INTERNSHIP_ID = strawberry.argument(description="Act on this internship's intern instead "
                                    "(staff who see the internship).")


@strawberry.type
class PersonalDataPayload:
    json: str | None = strawberry.field(default=None, description="Everything held, as JSON.")
    html: str | None = strawberry.field(default=None, description="The same, as a page.")
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class CorrectionPayload:
    corrected: bool = False
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class ErasurePayload:
    pseudonym: str | None = None
    redacted_events: int = 0
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class PrivacyMutations:
    @strawberry.mutation(description="Everything held about a person (staff: audited).")
    def export_personal_data(
            self, info: strawberry.Info, participant_id: strawberry.ID | None = None,
            internship_id: Annotated[strawberry.ID | None, INTERNSHIP_ID] = None,
    ) -> PersonalDataPayload:
        def change(db):
            principal = info.context.principal
            data = (export_student(db, principal, _intern_id(db, info, internship_id))
                    if internship_id is not None
                    else export_person(db, principal, _person_id(info, participant_id)))
            return PersonalDataPayload(json=json.dumps(data, ensure_ascii=False),
                                       html=export_html(data))

        return mutate(info, change, lambda e: PersonalDataPayload(user_errors=e))

    @strawberry.mutation(description="Correct a person's name, email or phone (audited).")
    def correct_contact_data(self, info: strawberry.Info,
                             participant_id: strawberry.ID | None = None,
                             full_name: str | None = None, email: str | None = None,
                             phone: str | None = None,
                             internship_id: Annotated[strawberry.ID | None,
                                                      INTERNSHIP_ID] = None,
                             ) -> CorrectionPayload:
        def change(db):
            if internship_id is not None:
                correct_student(db, info.context.principal, _intern_id(db, info, internship_id),
                                full_name=full_name, email_address=email, phone_number=phone)
            else:
                correct_contact(db, info.context.principal, _person_id(info, participant_id),
                                full_name=full_name, email_address=email, phone_number=phone)
            return CorrectionPayload(corrected=True)

        return mutate(info, change, lambda e: CorrectionPayload(user_errors=e))

    @strawberry.mutation(description="Erase a person's data (staff give the reason).")
    def erase_personal_data(self, info: strawberry.Info,
                            participant_id: strawberry.ID | None = None,
                            reason: str | None = None,
                            internship_id: Annotated[strawberry.ID | None,
                                                     INTERNSHIP_ID] = None) -> ErasurePayload:
        done: list[Erasure] = []

        def change(db):
            principal = info.context.principal
            done.append(erase_student(db, principal, _intern_id(db, info, internship_id),
                                      reason=reason) if internship_id is not None
                        else erase_person(db, principal, _person_id(info, participant_id),
                                          reason=reason))
            return ErasurePayload(pseudonym=done[0].pseudonym,
                                  redacted_events=len(done[0].redacted_events))

        payload = mutate(info, change, lambda e: ErasurePayload(user_errors=e))
        for erasure in done:
            remove_certificate_files(info.context.settings, erasure)
        return payload
