"""Mutations of the education division: planning sessions, rosters and attendance."""

from __future__ import annotations

import strawberry

from edu.errors import UserError
from edu.registrations import service as registrations
from edu.registrations.service import ImportRow
from edu.sessions import service as sessions
from edu.sessions.editing import update_session
from edu.sessions.service import SessionDraft
from schema.errors import UserErrorType, mutate
from schema.ids import decode_id
from schema.sessions.inputs import (
    AssignFacilitatorInput,
    CancelSessionInput,
    CheckInInput,
    CreateSessionInput,
    ImportRegistrationsInput,
    RecordAttendanceInput,
    RescheduleSessionInput,
    UpdateSessionInput,
)
from schema.sessions.types import Registration, Session


@strawberry.type
class SessionPayload:
    session: Session | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class RegistrationPayload:
    registration: Registration | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class ImportRegistrationsPayload:
    registrations: list[Registration] | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


def _session_change(info: strawberry.Info, change) -> SessionPayload:
    return mutate(
        info,
        lambda db: SessionPayload(session=Session.from_model(change(db, info.context.principal))),
        lambda errors: SessionPayload(user_errors=errors),
    )


def _draft(input: CreateSessionInput | UpdateSessionInput) -> SessionDraft:
    venue = input.venue
    return SessionDraft(
        title=input.title, segment=input.segment, format=input.format,
        region_code=input.region_code, starts_at=input.starts_at, ends_at=input.ends_at,
        capacity=input.capacity, description=input.description or "",
        method=input.method, program=input.program,
        venue_name=venue.name if venue else None,
        venue_address=venue.address if venue else None, online_url=input.online_url,
    )


@strawberry.type
class SessionMutations:
    @strawberry.mutation(description="Plan a session (DRAFT).")
    def create_session(self, info: strawberry.Info, input: CreateSessionInput) -> SessionPayload:
        draft = _draft(input)
        return _session_change(info, lambda db, who: sessions.create_session(db, who, draft))

    @strawberry.mutation(description="Change a draft or published session: more seats confirm "
                                     "the waitlist, a new time is a reschedule.")
    def update_session(self, info: strawberry.Info, input: UpdateSessionInput) -> SessionPayload:
        draft = _draft(input)
        return _session_change(info, lambda db, who: update_session(
            db, who, decode_id(input.id, "Session", "id"), draft))

    @strawberry.mutation(description="Open a draft for registration.")
    def publish_session(self, info: strawberry.Info, id: strawberry.ID) -> SessionPayload:
        return _session_change(info, lambda db, who: sessions.publish_session(
            db, who, decode_id(id, "Session", "id")))

    @strawberry.mutation
    def reschedule_session(self, info: strawberry.Info,
                           input: RescheduleSessionInput) -> SessionPayload:
        return _session_change(info, lambda db, who: sessions.reschedule_session(
            db, who, decode_id(input.id, "Session", "id"), input.starts_at, input.ends_at))

    @strawberry.mutation
    def cancel_session(self, info: strawberry.Info, input: CancelSessionInput) -> SessionPayload:
        return _session_change(info, lambda db, who: sessions.cancel_session(
            db, who, decode_id(input.id, "Session", "id"), input.reason))

    @strawberry.mutation(description="Close a session that took place: attendance is final.")
    def complete_session(self, info: strawberry.Info, id: strawberry.ID) -> SessionPayload:
        return _session_change(info, lambda db, who: sessions.complete_session(
            db, who, decode_id(id, "Session", "id")))

    @strawberry.mutation
    def assign_facilitator(self, info: strawberry.Info,
                           input: AssignFacilitatorInput) -> SessionPayload:
        return _session_change(info, lambda db, who: sessions.assign_facilitator(
            db, who, decode_id(input.session_id, "Session", "sessionId"),
            decode_id(input.facilitator_id, "Facilitator", "facilitatorId")))

    @strawberry.mutation(description="Take a facilitator off a session.")
    def unassign_facilitator(self, info: strawberry.Info,
                             input: AssignFacilitatorInput) -> SessionPayload:
        return _session_change(info, lambda db, who: sessions.unassign_facilitator(
            db, who, decode_id(input.session_id, "Session", "sessionId"),
            decode_id(input.facilitator_id, "Facilitator", "facilitatorId")))

    @strawberry.mutation(description="Register a list (a whole class) at once: all or nothing.")
    def import_registrations(self, info: strawberry.Info,
                             input: ImportRegistrationsInput) -> ImportRegistrationsPayload:
        rows = [ImportRow(p.details(), p.guardian_consent) for p in input.participants]

        def change(db):
            regs = registrations.import_registrations(
                db, info.context.principal, info.context.settings.secret_key,
                session_id=decode_id(input.session_id, "Session", "sessionId"), rows=rows)
            return ImportRegistrationsPayload(
                registrations=[Registration.from_model(r, True) for r in regs])

        return mutate(info, change, lambda e: ImportRegistrationsPayload(user_errors=e))

    @strawberry.mutation(description="Mark attendance of confirmed participants.")
    def record_attendance(self, info: strawberry.Info,
                          input: RecordAttendanceInput) -> SessionPayload:
        def change(db, who):
            entries, problems = [], []
            for i, e in enumerate(input.entries):  # report every bad id, not the first
                try:
                    entries.append((decode_id(e.participant_id, "Participant",
                                              f"entries.{i}.participantId"), e.status))
                except UserError as err:
                    problems += err.problems
            if problems:
                raise UserError.many(problems)
            return registrations.record_attendance(
                db, who, session_id=decode_id(input.session_id, "Session", "sessionId"),
                entries=entries)

        return _session_change(info, change)

    @strawberry.mutation(description="Check a ticket in at the door: PRESENT, or LATE.")
    def check_in(self, info: strawberry.Info, input: CheckInInput) -> RegistrationPayload:
        def change(db):
            reg = registrations.check_in(
                db, info.context.principal, info.context.settings.secret_key,
                session_id=decode_id(input.session_id, "Session", "sessionId"),
                ticket_code_text=input.ticket_code)
            return RegistrationPayload(registration=Registration.from_model(reg, True))

        return mutate(info, change, lambda e: RegistrationPayload(user_errors=e))
