"""A coordinator applies one student to a placement by a form (`.../lamar`); the service
applies for the coordinator's own university and never changes a student on record."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from edu.errors import AuthError, UserError
from edu.internships.models import Placement
from edu.internships.service import StudentDraft, apply_interns, get_placement
from edu.participants.models import Gender
from web.internships.words import GENDERS, is_coordinator, messages
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page

FIELDS = ("fullName", "email", "phone", "studentNumber", "studyProgram", "gender",
          "letterNumber", "campusSupervisor")


def placement_for_applying(site: Site, request: Request, visit: Visit
                           ) -> Placement | Response:
    """The placement of the address, or the answer to give instead: only coordinators
    apply from the console (they apply for their own university)."""
    if not is_coordinator(visit.principal):
        return page(site, request, "staff/refused.html", 403, principal=visit.principal)
    with site.database.reader() as db:
        try:
            return get_placement(db, request.path_params["placement_id"])
        except UserError:
            return not_found(request, private=True)


def one_student(site: Site, request: Request, visit: Visit) -> Response:
    placement = placement_for_applying(site, request, visit)
    if isinstance(placement, Response):
        return placement
    values = {k: visit.form.get(k, "").strip() for k in FIELDS}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        student = StudentDraft(
            full_name=values["fullName"], email=values["email"], phone=values["phone"] or None,
            student_number=values["studentNumber"], study_program=values["studyProgram"],
            gender=Gender.__members__.get(values["gender"]))
        try:
            with site.database.transaction() as db:
                (internship,) = apply_interns(
                    db, visit.principal, placement_id=placement.id, students=[student],
                    letter_number=values["letterNumber"] or None,
                    campus_supervisor=values["campusSupervisor"] or None)
                iid = internship.id
        except UserError as err:
            status, errors = 400, messages(err.problems, "students.0.")
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal)
        else:
            return see_other(f"{PATH}/magang/lamaran/{iid}")
    return page(site, request, "internships/apply.html", status, principal=visit.principal,
                placement=placement, values=values, errors=errors, genders=GENDERS)
