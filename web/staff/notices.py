"""The console's views of notices: what was sent to whom, when, what failed (and why), and a
button to send one again — for a session, for a person across sessions, and for an internship.
The same services as the GraphQL `notices` query and `resendNotice` mutation; the pages differ
only in whose notices they list (a `Subject`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.auth.principal import Principal
from edu.errors import AuthError, UserError
from edu.internships.service import get_internship
from edu.notifications.models import NoticeKind, NoticeStatus
from edu.notifications.service import (
    list_notices,
    notice_recipient,
    recipient_names,
    resend_notice,
    session_titles,
)
from edu.sessions.service import get_session
from web.i18n import N_
from web.internships.routes import BASE as INTERNSHIPS
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in

PAGE_SIZE = 50
RESEND = "/kirim-ulang"
KINDS = {
    NoticeKind.REGISTERED: N_("Registration"),
    NoticeKind.PROMOTED: N_("Seat from the waitlist"),
    NoticeKind.RESCHEDULED: N_("New time"),
    NoticeKind.CANCELLED: N_("Cancellation"),
    NoticeKind.REMINDER: N_("Reminder"),
    NoticeKind.CONFIRM_REQUEST: N_("Email confirmation"),
    NoticeKind.LOST_LINK: N_("Link to My registrations"),
    NoticeKind.CERTIFICATE_READY: N_("Certificate ready"),
    NoticeKind.SURVEY: N_("Survey invitation"),
    NoticeKind.INTERNSHIP_DECIDED: N_("Internship decision"),
    NoticeKind.COORDINATOR_DECIDED: N_("Internship decision to the coordinator"),
    NoticeKind.LOGBOOK_RETURNED: N_("Logbook day returned"),
    NoticeKind.INTERNSHIP_EVALUATED: N_("Internship evaluation"),
    NoticeKind.INTERN_SURVEY: N_("Intern survey invitation"),
    NoticeKind.INTERN_CERTIFICATE_READY: N_("Internship certificate ready"),
}
STATES = {
    NoticeStatus.PENDING: N_("Not sent yet"),
    NoticeStatus.SENT: N_("Sent"),
    NoticeStatus.FAILED: N_("Failed"),
    NoticeStatus.OBSOLETE: N_("Not sent: no longer applies"),
}
MESSAGES = {
    "NOT_SENT_YET": N_("This notice is still waiting to be sent."),
}


@dataclass(frozen=True)
class Subject:
    """Whose notices a page lists: its heading and the page it came from."""

    title: str
    back: str | None
    by_person: bool = False  # a person's page names each notice's session, not its recipient


Finder = Callable[[Session, Principal, int], Subject]


def _session(db: Session, who: Principal, sid: int) -> Subject:
    return Subject(get_session(db, who, sid).title, f"{PATH}/sesi/{sid}")


def _person(db: Session, who: Principal, pid: int) -> Subject:
    return Subject(notice_recipient(db, who, pid).full_name, None, by_person=True)


def _internship(db: Session, who: Principal, iid: int) -> Subject:
    return Subject(get_internship(db, who, iid).student.full_name, f"{INTERNSHIPS}/lamaran/{iid}")


def _page_number(request: Request) -> int:
    try:
        return max(int(request.query_params.get("halaman", "1")), 1)
    except ValueError:
        return 1


def _notice_pages(site: Site, param: str, address: str, find: Finder) -> list[Route]:
    """The listing at `address` and its resend; the path parameter `param` names the subject
    and is the keyword (session_id, participant_id or internship_id) the services narrow the
    notices by."""
    database = site.database

    def listing(request: Request, visit: Visit, error: str | None = None,
                status: int = 200) -> Response:
        number = _page_number(request)
        with database.reader() as db:
            try:
                subject = find(db, visit.principal, request.path_params[param])
                total, notices = list_notices(db, visit.principal,
                                              **{param: request.path_params[param]},
                                              offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
                names = recipient_names(db, notices)
                titles = session_titles(db, notices) if subject.by_person else {}
            except UserError:
                return not_found(request, private=True)
            except AuthError:
                return page(site, request, "staff/refused.html", 403, principal=visit.principal)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return page(site, request, "staff/notices.html", status, principal=visit.principal,
                    subject=subject, here=request.url.path.removesuffix(RESEND),
                    notices=notices, names=names, titles=titles, total=total, number=number,
                    pages=pages, kinds=KINDS, states=STATES, error=error,
                    mail_server=site.settings.smtp_url is not None,
                    done=request.query_params.get("pesan", ""))

    def resend(request: Request, visit: Visit) -> Response:
        try:
            notice_id = int(visit.form.get("notice", ""))
        except ValueError:
            return not_found(request, private=True)
        try:
            with database.transaction() as db:
                resend_notice(db, visit.principal, notice_id,
                              **{param: request.path_params[param]})
        except UserError as err:
            code = err.problems[0].code
            if code not in MESSAGES:
                return not_found(request, private=True)
            return listing(request, visit, MESSAGES[code], 400)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal)
        return see_other(f"{request.url.path.removesuffix(RESEND)}?pesan=dikirim-ulang")

    return [
        Route(address, signed_in(site, listing), methods=["GET"]),
        Route(address + RESEND, signed_in(site, resend), methods=["POST"]),
    ]


def routes(site: Site) -> list[Route]:
    return [
        *_notice_pages(site, "session_id", f"{PATH}/sesi/{{session_id:id}}/pemberitahuan",
                       _session),
        *_notice_pages(site, "participant_id",
                       f"{PATH}/peserta/{{participant_id:id}}/pemberitahuan", _person),
        *_notice_pages(site, "internship_id",
                       f"{INTERNSHIPS}/lamaran/{{internship_id:id}}/pemberitahuan",
                       _internship),
    ]
