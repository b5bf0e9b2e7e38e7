"""An application's page, `/staf/magang/lamaran/ID`, and what is done on it: officers accept
or reject (with a reason), approve or return logbook days (with a note), and give the final
score, whose grade the configured bands fix; coordinators read it all and take the intern's
calendar link. Every action is the service the GraphQL mutation calls, with the signed-in
Principal: another university's student is not found, by list as by address."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from edu.calendar.interns import issue_intern_calendar
from edu.certificates.service import internship_certificates_seen
from edu.errors import AuthError, UserError
from edu.integrity.standards import waiting_of
from edu.internships.evaluation import evaluate_internship, evaluations_of
from edu.internships.logbook import entries_of, get_entry, review_logbook_entry
from edu.internships.models import InternshipStatus
from edu.internships.service import decide_internship, get_internship, transitions
from web.internships.words import (
    INTERNSHIP_STATUSES,
    LOGBOOK_STATUSES,
    is_coordinator,
    is_officer,
    messages,
)
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page

# Several forms share the page: each one's fields, and its problems of no field, get names
# of their own.
FORM_FIELDS = {
    "terima": {"": "decision", "letterNumber": "acceptLetter"},
    "tolak": {"": "decision", "note": "rejectNote", "letterNumber": "rejectLetter"},
    "nilai": {"": "evaluation", "note": "evaluationNote"},
    "kalender": {"": "calendar", "internshipId": "calendar"},
}


def _refused(site: Site, request: Request, visit: Visit) -> Response:
    return page(site, request, "staff/refused.html", 403, principal=visit.principal)


def show(site: Site, request: Request, visit: Visit, *, status: int = 200,
         errors: dict[str, str] | None = None, calendar_url: str | None = None) -> Response:
    iid = request.path_params["internship_id"]
    who = visit.principal
    with site.database.reader() as db:
        try:
            internship = get_internship(db, who, iid)
        except UserError:
            return not_found(request, private=True)
        except AuthError:
            return _refused(site, request, visit)
        logbook = entries_of(db, [iid])[iid]
        history = transitions(db, [iid])[iid]
        waited = (waiting_of(db, internship)
                  if internship.status is InternshipStatus.APPLIED else None)
        evaluation = evaluations_of(db, [iid]).get(iid)
        certificate = internship_certificates_seen(
            db, who, site.settings.secret_key, [iid]).get(iid)
    return page(site, request, "internships/internship.html", status, principal=who,
                internship=internship, logbook=logbook, history=history,
                evaluation=evaluation, certificate=certificate, errors=errors or {},
                values=visit.form, statuses=INTERNSHIP_STATUSES,
                logbook_statuses=LOGBOOK_STATUSES,
                bands=", ".join(f"{b.grade} ≥ {b.min_score}" for b in site.settings.grade_bands),
                officer=is_officer(who), coordinator=is_coordinator(who),
                calendar_url=calendar_url, regions=site.regions, waited=waited)


def act(site: Site, request: Request, visit: Visit) -> Response:
    """Accept, reject, evaluate, or take the calendar link: then back to the page, or the
    page again with the problems beside the form's fields (nothing written)."""
    iid = request.path_params["internship_id"]
    verb = request.path_params["verb"]
    if verb not in FORM_FIELDS:
        return not_found(request, private=True)
    form, who = visit.form, visit.principal
    url = None
    try:
        with site.database.transaction() as db:
            if verb == "terima":
                decide_internship(db, who, internship_id=iid, accept=True,
                                  letter_number=form.get("acceptLetter"))
            elif verb == "tolak":
                decide_internship(db, who, internship_id=iid, accept=False,
                                  note=form.get("rejectNote"),
                                  letter_number=form.get("rejectLetter"))
            elif verb == "nilai":
                evaluate_internship(db, who, internship_id=iid, score=form.get("score", ""),
                                    note=form.get("evaluationNote"),
                                    bands=site.settings.grade_bands)
            else:
                url = issue_intern_calendar(db, who, site.settings, internship_id=iid,
                                            rotate=form.get("rotate") == "ya")
    except UserError as err:
        if any(p.code == "NOT_FOUND" for p in err.problems):
            return not_found(request, private=True)
        names = FORM_FIELDS[verb]
        errors = {names.get(k, k): v for k, v in messages(err.problems).items()}
        return show(site, request, visit, status=400, errors=errors)
    except AuthError:
        return _refused(site, request, visit)
    if url is not None:
        return show(site, request, visit, calendar_url=url)
    return see_other(f"{PATH}/magang/lamaran/{iid}")


def review(site: Site, request: Request, visit: Visit) -> Response:
    """Approve a logbook day, or return it with a note saying what to fix."""
    iid = request.path_params["internship_id"]
    entry_id = request.path_params["entry_id"]
    verb = request.path_params["verb"]
    if verb not in ("setujui", "kembalikan"):
        return not_found(request, private=True)
    try:
        with site.database.transaction() as db:
            # The entry must belong to the internship of the address, as the page shows it.
            if get_entry(db, visit.principal, entry_id).internship_id != iid:
                return not_found(request, private=True)
            review_logbook_entry(db, visit.principal, entry_id=entry_id,
                                 approve=verb == "setujui",
                                 note=visit.form.get(f"note-{entry_id}"))
    except UserError as err:
        if any(p.code == "NOT_FOUND" for p in err.problems):
            return not_found(request, private=True)
        named = {"note": f"note-{entry_id}", "": f"entry-{entry_id}"}
        errors = {named.get(k, named[""]): v for k, v in messages(err.problems).items()}
        return show(site, request, visit, status=400, errors=errors)
    except AuthError:
        return _refused(site, request, visit)
    return see_other(f"{PATH}/magang/lamaran/{iid}#logbook")
