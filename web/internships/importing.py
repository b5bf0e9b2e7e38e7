"""A coordinator applies students from a CSV file (`.../impor`): upload, a preview of every
row with each bad one named by line and column, and nothing written until the whole file is
good. The preview asks the application service itself (in a transaction rolled back), so
what it accepts is exactly what `Kirim lamaran` then writes, all rows or none."""

from __future__ import annotations

import base64
import binascii
import zlib

from starlette.requests import Request
from starlette.responses import Response

from edu.errors import AuthError, Problem, UserError
from edu.internships.models import Placement
from edu.internships.service import apply_interns
from web.forms import MAX_UPLOAD, Files
from web.i18n import N_
from web.internships.apply import placement_for_applying
from web.internships.students_csv import COLUMNS, StudentFile, decode, read_students
from web.internships.words import GENDERS, messages
from web.site import Site, see_other
from web.staff.guard import PATH, Visit, page

NOT_UTF8 = N_("The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again.")
NO_FILE = N_("Choose a CSV file.")
TOO_LARGE = N_("This file is larger than 512 KB: a list of students is far smaller. Check "
               "that it is the right file.")
BROKEN = N_("The previewed file did not come back whole: upload it again.")


def _pack(text: str) -> str:
    """The previewed file in the confirming form's hidden field: compressed, so a file of
    the most students a letter may carry stays well inside a form's size limit."""
    return base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode()


def _unpack(field: str) -> str | None:
    """The file back from the hidden field (never more than an upload may hold)."""
    try:
        inflate = zlib.decompressobj()
        data = inflate.decompress(base64.urlsafe_b64decode(field.encode()), MAX_UPLOAD)
        if inflate.unconsumed_tail or not inflate.eof:
            return None
        return data.decode()
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        return None


class _Preview(Exception):
    """Rolls the trial application back: a preview writes nothing."""


def _apply(site: Site, visit: Visit, placement: Placement, students: StudentFile,
           *, trial: bool) -> list[Problem]:
    """The service's problems with these rows (none: applied, unless this is a trial)."""
    try:
        with site.database.transaction() as db:
            apply_interns(db, visit.principal, placement_id=placement.id,
                          students=students.rows,
                          letter_number=visit.form.get("letterNumber", "").strip() or None,
                          campus_supervisor=visit.form.get("campusSupervisor", "").strip()
                          or None)
            if trial or students.mistakes:
                raise _Preview()
    except _Preview:
        return []
    except UserError as err:
        return err.problems
    return []


def _answer(site: Site, request: Request, visit: Visit, placement: Placement,
            text: str | None, *, trial: bool, unreadable: str = NOT_UTF8) -> Response:
    errors: dict[str, str] = {}
    students = StudentFile()
    if text is None:
        errors["file"] = unreadable
    elif not text.strip():
        errors["file"] = NO_FILE
    else:
        students = read_students(text)
        if students.rows:
            errors = messages(students.add_service_problems(
                _apply(site, visit, placement, students, trial=trial)))
    bad = bool(errors or students.mistakes)
    if not bad and not trial:
        return see_other(f"{PATH}/magang?penempatan={placement.id}")
    encoded = _pack(text or "") if not bad else ""
    return page(site, request, "internships/import.html", 400 if bad else 200,
                principal=visit.principal, placement=placement, students=students,
                errors=errors, values=visit.form, columns=COLUMNS, genders=GENDERS,
                encoded=encoded)


def upload(site: Site, request: Request, visit: Visit, files: Files | None) -> Response:
    """The form (GET), and the preview of an uploaded file (POST)."""
    placement = placement_for_applying(site, request, visit)
    if isinstance(placement, Response):
        return placement
    if request.method == "GET" or files is None:
        status, errors = (200, {}) if files is not None else (413, {"file": TOO_LARGE})
        return page(site, request, "internships/import.html", status,
                    principal=visit.principal, placement=placement, students=StudentFile(),
                    errors=errors, values={}, columns=COLUMNS, genders=GENDERS, encoded="")
    try:
        return _answer(site, request, visit, placement, decode(files.get("file", b"")),
                       trial=True)
    except AuthError:
        return page(site, request, "staff/refused.html", 403, principal=visit.principal)


def confirm(site: Site, request: Request, visit: Visit) -> Response:
    """`Kirim lamaran`: the previewed file again, applied for real (checked again: someone
    may have applied one of these students meanwhile)."""
    placement = placement_for_applying(site, request, visit)
    if isinstance(placement, Response):
        return placement
    try:
        return _answer(site, request, visit, placement, _unpack(visit.form.get("berkas", "")),
                       trial=False, unreadable=BROKEN)
    except AuthError:
        return page(site, request, "staff/refused.html", 403, principal=visit.principal)
