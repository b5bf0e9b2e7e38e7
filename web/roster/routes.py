"""A session's class import (upload, preview, confirm) and its attendance marked in bulk.

The import calls the services GraphQL's `importRegistrations` calls: the file is read into rows
by edu/registrations/class_file.py, `check_import` names every problem without writing, and
only a file without any is held (edu/registrations/held_imports.py) for the confirmation,
which runs the same all-or-nothing `import_registrations`. Attendance: `record_attendance`,
all ticked people in one transaction.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.errors import AuthError, UserError
from edu.registrations.class_file import (
    MAX_FILE_BYTES,
    ClassFile,
    LineProblem,
    file_too_large,
    read_class_file,
)
from edu.registrations.held_imports import hold_import, take_held_import
from edu.registrations.models import AttendanceStatus, RegistrationStatus
from edu.registrations.roster import RosterOrder, roster_section
from edu.registrations.service import check_import, import_registrations, record_attendance
from edu.sessions.service import get_managed_session, get_session
from web.forms import CODE_MESSAGES, FALLBACK, Files
from web.i18n import N_
from web.pages import env
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in, signed_in_upload

SHEET_PAGE = 100
# The upload forms (on the session's page too) tell the browser the limit.
env.globals["class_file_max_bytes"] = MAX_FILE_BYTES
MESSAGES = {
    **CODE_MESSAGES,
    "FILE_TOO_LARGE": N_("The file is larger than 512 KB: split the class into several files."),
    "UNPACKS_TOO_LARGE": N_("The workbook holds too much data: keep only the class list in it."),
    "EMPTY_FILE": N_("Choose a CSV or XLSX file with the class list."),
    "NOT_UTF8": N_("The file is not UTF-8 text: save it as “CSV UTF-8”."),
    "INVALID_CSV": N_("The CSV cannot be read from here on (a quote left open?)."),
    "INVALID_XLSX": N_("The file is not a readable XLSX workbook."),
    "MISSING_COLUMN": N_("This column is missing from the header row."),
    "UNKNOWN_COLUMN": N_("This column is not one of the class list's columns."),
    "NO_ROWS": N_("The file has no participants under its header row."),
    "TOO_MANY_ROWS": N_("At most 500 participants in one file: split the class into several "
                        "files."),
    "INVALID_GENDER": N_("Write P (perempuan) or L (laki-laki)."),
    "INVALID_DATE_FORMAT": N_("Write the date as YYYY-MM-DD or DD/MM/YYYY, e.g. 2008-04-17."),
    "INVALID_YES_NO": N_("Write ya or tidak."),
    "UNKNOWN_REGION": N_("Unknown region code: use one such as 5271 (Kota Mataram)."),
    "DUPLICATE_IN_INPUT": N_("The same email is on an earlier line of the file."),
    "EMAIL_IN_USE": N_("This email belongs to a participant registered elsewhere: they register "
                       "themselves, or their region's officer adds them."),
    "GUARDIAN_CONSENT_REQUIRED": N_("Under 18 on the session day (or no birth date): write ya "
                                    "in persetujuan_wali once a parent or guardian agreed."),
    "SESSION_NOT_OPEN": N_("This session takes no registrations any more."),
    "IMPORT_EXPIRED": N_("This preview is no longer held (older than 30 minutes, or imported "
                         "already): upload the file again."),
    "ATTENDANCE_NOT_OPEN": N_("Attendance opens two hours before the session starts."),
    "ATTENDANCE_CLOSED": N_("Attendance closed at the end of the session's day: complete the "
                            "session."),
    "NOT_REGISTERED": N_("Someone ticked has no confirmed place in this session."),
    "NO_ONE_TICKED": N_("Tick at least one person."),
    "INVALID_STATUS": N_("Choose one of the options."),
}
# The choices of AttendanceStatus, in the order people use them.
ATTENDANCE = {
    AttendanceStatus.PRESENT: N_("Present"),
    AttendanceStatus.LATE: N_("Late"),
    AttendanceStatus.EXCUSED: N_("Excused"),
    AttendanceStatus.ABSENT: N_("Absent"),
}


def _message(problem: LineProblem) -> str:
    return MESSAGES.get(problem.code, FALLBACK)


def _count(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    return int(value) if value.isdigit() else None


def routes(site: Site) -> list[Route]:
    database = site.database

    def refused(request: Request, visit: Visit) -> Response:
        return page(site, request, "staff/refused.html", 403, principal=visit.principal)

    def preview(request: Request, visit: Visit, files: Files | None) -> Response:
        """Step 1: the file read and checked; held for step 2 only when every row is good.
        A file too large to read (None) is only told so (413)."""
        sid = request.path_params["session_id"]
        class_file = file_too_large() if files is None else read_class_file(files.get("file", b""))
        try:
            with database.transaction() as db:
                title = get_managed_session(db, visit.principal, sid).title
                if class_file.rows:
                    # The service's refusals too, all in one preview; a line with a cell
                    # that could not be read keeps only that (its blank would be a guess).
                    try:
                        more = class_file.by_line(check_import(
                            db, visit.principal, session_id=sid,
                            rows=[r.row for r in class_file.rows]))
                    except UserError as err:  # the session takes no registrations
                        more = class_file.by_line(err.problems)
                    unread = {p.line for p in class_file.problems}
                    class_file.problems += [p for p in more if p.line not in unread]
                token = None if class_file.problems else hold_import(
                    db, visit.principal, session_id=sid, class_file=class_file)
        except UserError:  # only get_managed_session's NOT_FOUND is left to come here
            return not_found(request, private=True)
        except AuthError:
            return refused(request, visit)
        return _preview_page(request, visit, sid, title, class_file, token,
                             413 if files is None else None)

    def _preview_page(request: Request, visit: Visit, sid: int, title: str,
                      class_file: ClassFile, token: str | None,
                      status: int | None = None) -> Response:
        by_line: dict[int | None, list[LineProblem]] = {}
        for p in class_file.problems:
            by_line.setdefault(p.line, []).append(p)
        status = status or (400 if class_file.problems else 200)
        return page(site, request, "roster/preview.html", status,
                    principal=visit.principal, session_id=sid, title=title,
                    class_file=class_file, by_line=by_line, token=token, message=_message)

    def confirm(request: Request, visit: Visit) -> Response:
        """Step 2: the held rows imported by the service, all or none."""
        sid = request.path_params["session_id"]
        class_file = ClassFile()
        try:
            with database.transaction() as db:
                get_managed_session(db, visit.principal, sid)  # scope first: 404 or 403
                class_file = take_held_import(db, visit.principal, session_id=sid,
                                              token=visit.form.get("token", ""))
                imported = import_registrations(
                    db, visit.principal, site.settings.secret_key, session_id=sid,
                    rows=[r.row for r in class_file.rows])
        except UserError as err:
            if any(p.code == "NOT_FOUND" for p in err.problems):
                return not_found(request, private=True)
            # Someone registered meanwhile, or the session closed: nothing was written.
            class_file.problems = class_file.by_line(err.problems)
            with database.reader() as db:
                title = get_session(db, visit.principal, sid).title
            return _preview_page(request, visit, sid, title, class_file, None)
        except AuthError:
            return refused(request, visit)
        return see_other(f"{PATH}/sesi/{sid}?diimpor={len(imported)}")

    def sheet(request: Request, visit: Visit, errors: dict[str, str] | None = None,
              status: int = 200) -> Response:
        sid = request.path_params["session_id"]
        try:
            number = max(int(request.query_params.get("halaman", "1")), 1)
        except ValueError:
            number = 1
        with database.reader() as db:
            try:
                session = get_session(db, visit.principal, sid)
                total, lines = roster_section(
                    db, visit.principal, sid, status=RegistrationStatus.CONFIRMED,
                    order=RosterOrder.NAME, offset=(number - 1) * SHEET_PAGE, limit=SHEET_PAGE)
            except UserError:
                return not_found(request, private=True)
            except AuthError:
                return refused(request, visit)
        pages = max((total + SHEET_PAGE - 1) // SHEET_PAGE, 1)
        return page(site, request, "roster/attendance.html", status, principal=visit.principal,
                    session=session, lines=lines, total=total, number=number, pages=pages,
                    choices=ATTENDANCE, errors=errors or {}, values=visit.form,
                    recorded=_count(request, "dicatat"))

    def record(request: Request, visit: Visit) -> Response:
        sid = request.path_params["session_id"]
        ticked = [int(k[1:]) for k, v in visit.form.items()
                  if k[:1] == "p" and k[1:].isdigit() and v == "ya"]
        status = AttendanceStatus.__members__.get(visit.form.get("status", ""))
        if status is None or not ticked:
            code = "INVALID_STATUS" if status is None else "NO_ONE_TICKED"
            field = "status" if status is None else "people"
            return sheet(request, visit, {field: MESSAGES[code]}, 400)
        try:
            with database.transaction() as db:
                record_attendance(db, visit.principal, session_id=sid,
                                  entries=[(pid, status) for pid in ticked])
        except UserError as err:
            if any(p.code == "NOT_FOUND" for p in err.problems):
                return not_found(request, private=True)
            field = "people" if err.problems[0].field != "sessionId" else ""
            return sheet(request, visit, {field: MESSAGES.get(err.problems[0].code, FALLBACK)},
                         400)
        except AuthError:
            return refused(request, visit)
        back = request.query_params.get("halaman", "1")
        return see_other(f"{PATH}/sesi/{sid}/kehadiran?dicatat={len(ticked)}&halaman={back}")

    def attendance(request: Request, visit: Visit) -> Response:
        return sheet(request, visit) if request.method == "GET" else record(request, visit)

    return [
        Route(f"{PATH}/sesi/{{session_id:id}}/impor", signed_in_upload(site, preview),
              methods=["POST"]),
        Route(f"{PATH}/sesi/{{session_id:id}}/impor/konfirmasi", signed_in(site, confirm),
              methods=["POST"]),
        Route(f"{PATH}/sesi/{{session_id:id}}/kehadiran", signed_in(site, attendance),
              methods=["GET", "POST"]),
    ]
