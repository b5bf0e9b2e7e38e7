"""The console's view of a session's notices: what was sent to whom, when, what failed (and
why), and a button to send one again. The same services as the GraphQL `notices` query and
`resendNotice` mutation."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.errors import AuthError, UserError
from edu.notifications.models import NoticeKind, NoticeStatus
from edu.notifications.service import list_notices, recipient_names, resend_notice
from edu.sessions.service import get_session
from web.i18n import N_
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in

PAGE_SIZE = 50
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


def _page_number(request: Request) -> int:
    try:
        return max(int(request.query_params.get("halaman", "1")), 1)
    except ValueError:
        return 1


def routes(site: Site) -> list[Route]:
    database = site.database

    def listing(request: Request, visit: Visit, error: str | None = None,
                status: int = 200) -> Response:
        sid = request.path_params["session_id"]
        number = _page_number(request)
        with database.reader() as db:
            try:
                session = get_session(db, visit.principal, sid)
                total, notices = list_notices(db, visit.principal, session_id=sid,
                                              participant_id=None,
                                              offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
                names = recipient_names(db, notices)
            except UserError:
                return not_found(request, private=True)
            except AuthError:
                return page(site, request, "staff/refused.html", 403, principal=visit.principal)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return page(site, request, "staff/notices.html", status, principal=visit.principal,
                    session=session, notices=notices, names=names, total=total, number=number,
                    pages=pages, kinds=KINDS, states=STATES, error=error,
                    mail_server=site.settings.smtp_url is not None,
                    done=request.query_params.get("pesan", ""))

    def resend(request: Request, visit: Visit) -> Response:
        sid = request.path_params["session_id"]
        try:
            notice_id = int(visit.form.get("notice", ""))
        except ValueError:
            return not_found(request, private=True)
        try:
            with database.transaction() as db:
                resend_notice(db, visit.principal, notice_id, session_id=sid)
        except UserError as err:
            code = err.problems[0].code
            if code not in MESSAGES:
                return not_found(request, private=True)
            return listing(request, visit, MESSAGES[code], 400)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal)
        return see_other(f"{PATH}/sesi/{sid}/pemberitahuan?pesan=dikirim-ulang")

    return [
        Route(f"{PATH}/sesi/{{session_id:id}}/pemberitahuan", signed_in(site, listing),
              methods=["GET"]),
        Route(f"{PATH}/sesi/{{session_id:id}}/pemberitahuan/kirim-ulang",
              signed_in(site, resend), methods=["POST"]),
    ]
