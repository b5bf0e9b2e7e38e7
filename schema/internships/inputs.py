"""Inputs of the internship queries and mutations."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.enums import Gender
from schema.internships.types import InternshipStatus


@strawberry.enum
class InternshipDecision(enum.Enum):
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"


@strawberry.enum
class LogbookReview(enum.Enum):
    APPROVE = "APPROVE"
    RETURN = "RETURN"


@strawberry.input
class CreateUniversityInput:
    code: str
    name: str


@strawberry.input
class CreatePlacementInput:
    title: str
    unit: str
    region_code: str
    starts_on: dt.date
    ends_on: dt.date
    quota: int
    required_hours: int
    supervisor_name: str | None = None
    description: str | None = None


@strawberry.input
class UpdatePlacementInput(CreatePlacementInput):
    id: strawberry.ID


@strawberry.input
class PlacementFilter:
    open: bool | None = None
    region_code: str | None = None
    unit: str | None = None
    search: str | None = None


@strawberry.input
class StudentInput:
    full_name: str
    email: str
    student_number: str
    study_program: str
    phone: str | None = None
    gender: Gender | None = None


@strawberry.input
class ApplyInternsInput:
    placement_id: strawberry.ID
    students: list[StudentInput]
    letter_number: str | None = strawberry.field(
        default=None, description="The reference of the university's request letter.")
    campus_supervisor: str | None = strawberry.field(
        default=None, description="The campus supervisor (DPL) of these students.")
    university_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only for commission staff; a coordinator applies for their "
                                  "own university.")


@strawberry.input
class DecideInternshipInput:
    id: strawberry.ID
    decision: InternshipDecision
    note: str | None = strawberry.field(default=None,
                                        description="A note; to reject, the reason.")
    letter_number: str | None = strawberry.field(
        default=None, description="The number of the office's decision letter.")


@strawberry.input
class WithdrawInternshipInput:
    id: strawberry.ID
    reason: str | None = None


@strawberry.input
class LogInternDayInput:
    internship_id: strawberry.ID
    date: dt.date
    check_in: str = strawberry.field(description="Local time HH:MM (WITA), e.g. 08:00.")
    check_out: str = strawberry.field(description="Local time HH:MM, after checkIn.")
    activity: str


@strawberry.input
class ReviewLogbookEntryInput:
    id: strawberry.ID
    decision: LogbookReview
    note: str | None = strawberry.field(default=None, description="Required to return.")


@strawberry.input
class EvaluateInternshipInput:
    id: strawberry.ID
    score: float
    note: str | None = None


@strawberry.input
class InternshipFilter:
    placement_id: strawberry.ID | None = None
    status: list[InternshipStatus] | None = None
    university_id: strawberry.ID | None = None
    search: str | None = None
