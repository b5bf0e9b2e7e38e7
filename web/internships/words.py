"""The internship console's words: statuses, genders, and the services' problem codes as
sentences beside their fields (msgids; console-internships.po gives the Indonesian)."""

from __future__ import annotations

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.errors import Problem
from edu.internships.models import InternshipStatus, LogbookStatus
from edu.participants.models import Gender
from web.forms import field_errors
from web.i18n import N_

INTERNSHIP_STATUSES = {
    InternshipStatus.APPLIED: N_("Applied"),
    InternshipStatus.ACCEPTED: N_("Accepted"),
    InternshipStatus.REJECTED: N_("Rejected"),
    InternshipStatus.ACTIVE: N_("Interning"),
    InternshipStatus.COMPLETED: N_("Completed"),
    InternshipStatus.WITHDRAWN: N_("Withdrawn"),
}
LOGBOOK_STATUSES = {
    LogbookStatus.PENDING: N_("Awaiting review"),
    LogbookStatus.APPROVED: N_("Approved"),
    LogbookStatus.RETURNED: N_("Returned"),
}
GENDERS = {Gender.FEMALE: N_("Female"), Gender.MALE: N_("Male")}

# Codes whose sentence depends on the field they are about.
BY_FIELD = {
    ("INVALID", "requiredHours"): N_("At least 1 hour, and no more than the period holds."),
    ("REQUIRED", "note"): N_("Give the reason."),
    ("REQUIRED", "students"): N_("List at least one student."),
}
MESSAGES = {
    "INVALID_DATE_RANGE": N_("The end must not be before the start."),
    "INVALID_QUOTA": N_("At least 1 seat."),
    "INVALID_NUMBER": N_("Type a whole number."),
    "QUOTA_BELOW_ACCEPTED": N_("The quota cannot be lower than the interns already accepted."),
    "QUOTA_FULL": N_("Every seat of this placement is taken."),
    "ALREADY_DECIDED": N_("This application has already been decided."),
    "NOT_ACTIVE": N_("This internship's status does not allow this."),
    "INVALID_STATUS": N_("This internship's status does not allow this."),
    "ALREADY_EVALUATED": N_("This internship is already evaluated."),
    "INVALID_SCORE": N_("A score from 0 to 100, with at most two decimals."),
    "HOURS_NOT_MET": N_("The hours approved in the logbook are short of the required hours."),
    "PLACEMENT_CLOSED": N_("This placement's period has ended."),
    "TOO_MANY": N_("At most 200 students at once."),
    "DUPLICATE": N_("This student number appears twice in the list."),
    "STUDENT_NUMBER_IN_USE": N_("This student number is on record for someone you do not "
                                "coordinate."),
    "ALREADY_APPLIED": N_("This student has already applied to this placement."),
    "STUDENT_DATA_CONFLICT": N_("Differs from this student's record; an application does "
                                "not change it."),
    "FORBIDDEN": N_("This region is outside your scope."),
}


def messages(problems: list[Problem], prefix: str = "") -> dict[str, str]:
    """Each field's first problem as a sentence (msgid), keyed by the field without
    `prefix`; problems of no field, or of the record itself (`id`), under ''."""
    out: dict[str, str] = {}
    for p in problems:
        field = p.field or ""
        name = "" if field == "id" else field.removeprefix(prefix)
        words = BY_FIELD.get((p.code, name)) or MESSAGES.get(p.code)
        out.setdefault(name, words or field_errors([p])[field])
    return out


def is_officer(principal: Principal) -> bool:
    """Whether the console shows the internship office's work (the services decide)."""
    return principal.has_role(Role.ADMIN, Role.INTERNSHIP_OFFICER)


def is_coordinator(principal: Principal) -> bool:
    return principal.has_role(Role.UNIVERSITY_COORDINATOR)


def hours(minutes: int) -> tuple[int, int]:
    """Whole hours and the minutes left over."""
    return divmod(minutes, 60)
