"""Inputs of the session and registration mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from edu.participants.service import ParticipantDetails
from schema.enums import AttendanceStatus, Gender, Method, Segment, SessionFormat, SessionStatus


@strawberry.input
class VenueInput:
    name: str | None = None
    address: str | None = None


@strawberry.input
class CreateSessionInput:
    title: str
    segment: Segment
    format: SessionFormat
    region_code: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    venue: VenueInput | None = None
    online_url: str | None = None
    description: str | None = None
    method: Method | None = None
    program: str | None = None


@strawberry.input(description="The whole session as it should be (what createSession takes); "
                             "a field left out is cleared.")
class UpdateSessionInput(CreateSessionInput):
    id: strawberry.ID


@strawberry.input
class RescheduleSessionInput:
    id: strawberry.ID
    starts_at: datetime
    ends_at: datetime


@strawberry.input
class CancelSessionInput:
    id: strawberry.ID
    reason: str


@strawberry.input
class AssignFacilitatorInput:
    session_id: strawberry.ID
    facilitator_id: strawberry.ID


@strawberry.input
class SessionFilter:
    region_code: str | None = None
    segment: Segment | None = None
    status: SessionStatus | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    search: str | None = None


@strawberry.input
class ParticipantInput:
    full_name: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: Gender | None = None
    birth_date: date | None = None
    region_code: str | None = None
    disability: bool = False
    institution: str | None = None

    def details(self) -> ParticipantDetails:
        return ParticipantDetails(
            full_name=self.full_name, email=self.email, phone=self.phone, gender=self.gender,
            birth_date=self.birth_date, region_code=self.region_code,
            disability=self.disability, institution=self.institution,
        )


@strawberry.input
class RegisterInput:
    session_id: strawberry.ID
    consent: bool
    participant: ParticipantInput | None = None
    guardian_consent: bool = False


@strawberry.input
class ImportParticipantInput(ParticipantInput):
    guardian_consent: bool = False


@strawberry.input
class ImportRegistrationsInput:
    session_id: strawberry.ID
    participants: list[ImportParticipantInput]


@strawberry.input
class AttendanceEntryInput:
    participant_id: strawberry.ID
    status: AttendanceStatus


@strawberry.input
class RecordAttendanceInput:
    session_id: strawberry.ID
    entries: list[AttendanceEntryInput]


@strawberry.input
class CheckInInput:
    session_id: strawberry.ID
    ticket_code: str
