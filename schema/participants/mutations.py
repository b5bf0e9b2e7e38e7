"""Mutations of participants (and of the public site that registers them)."""

from __future__ import annotations

import strawberry

from edu.calendar.links import personal_feed_url
from edu.calendar.service import calendar_url
from edu.registrations import service as registrations
from edu.registrations.requests import Decoy
from schema.errors import UserErrorType, mutate
from schema.ids import decode_id
from schema.sessions.inputs import RegisterInput
from schema.sessions.mutations import RegistrationPayload
from schema.sessions.types import Registration


@strawberry.type
class RegisterPayload:
    registration: Registration | None = None
    participant_token: str | None = strawberry.field(
        default=None, description="Returned once, when this registration created the person.")
    calendar_url: str | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class ParticipantMutations:
    @strawberry.mutation(description="Register for a published session that has not started.")
    def register(self, info: strawberry.Info, input: RegisterInput) -> RegisterPayload:
        ctx = info.context

        def change(db):
            done = registrations.register(
                db, ctx.principal, ctx.settings.secret_key,
                session_id=decode_id(input.session_id, "Session", "sessionId"),
                details=input.participant.details() if input.participant else None,
                consent=input.consent, guardian_consent=input.guardian_consent,
            )
            # The person's own data goes back only to the person: a new participant (who now
            # holds the token) or the token's holder.
            own = done.participant_token is not None or ctx.principal.participant_id is not None
            if isinstance(done, Decoy):  # an email on record, without its token: see Decoy
                return RegisterPayload(
                    registration=Registration.from_decoy(done, own),
                    participant_token=done.participant_token,
                    calendar_url=personal_feed_url(ctx.settings, done.calendar_secret)
                    if own else None,
                )
            return RegisterPayload(
                registration=Registration.from_model(done.registration, own),
                participant_token=done.participant_token,
                calendar_url=calendar_url(ctx.settings, done.participant) if own else None,
            )

        return mutate(info, change, lambda e: RegisterPayload(user_errors=e))

    @strawberry.mutation(description="Give a place back; the first on the waitlist gets it.")
    def cancel_registration(self, info: strawberry.Info,
                            id: strawberry.ID) -> RegistrationPayload:
        def change(db):
            reg = registrations.cancel_registration(
                db, info.context.principal, decode_id(id, "Registration", "id"))
            return RegistrationPayload(registration=Registration.from_model(reg, True))

        return mutate(info, change, lambda e: RegistrationPayload(user_errors=e))
