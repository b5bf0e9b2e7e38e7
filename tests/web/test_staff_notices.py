"""A session's notices in the console over HTTP (SQLite and PostgreSQL): what was sent, when,
what failed and why; sending a failed one again (audited), which then arrives once; a
notice still waiting cannot be sent again; other regions' sessions stay closed."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.config import Settings
from edu.db import Database
from edu.notifications.models import Notice, NoticeKind, NoticeStatus
from edu.notifications.outbox import MAX_ATTEMPTS
from tests.edu.accountkit import account
from tests.edu.sessionkit import details, sign_up
from tests.edu.smtpkit import Catcher, deliver
from tests.web.sitekit import Page, plan, staff
from tests.web.staffkit import csrf_of, signed_in


def _registered(database: Database, sid: int) -> Notice:
    with database.reader() as db:
        notice = db.scalar(select(Notice).where(Notice.session_id == sid,
                                                Notice.kind == NoticeKind.REGISTERED))
    assert notice is not None
    return notice


def test_staff_see_a_failed_notice_and_send_it_again(
        site: httpx.Client, database: Database, mail_settings: Settings,
        smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    account(database, region="5271")
    sid = plan(database, staff(database, region="52"), title="Kelas Surat", region="5271")
    sign_up(database, sid, details(name="Baiq Gagal", email="gagal@example.id"))
    catcher.refuse = MAX_ATTEMPTS  # every attempt refused, each after its backoff
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver(mail_settings, database, hours_ahead=5 * attempt)
    assert _registered(database, sid).status is NoticeStatus.FAILED and not catcher.messages
    assert signed_in(site).status_code == 303
    url = f"/staf/sesi/{sid}/pemberitahuan"
    assert f'href="{url}"' in site.get(f"/staf/sesi/{sid}").text  # reached from the session
    shown = site.get(url)
    assert shown.status_code == 200
    row = Page(shown.text)
    assert "Kirim ulang" in row.buttons
    assert "Baiq Gagal" in shown.text and "Gagal" in shown.text and "451" in shown.text
    assert "Belum terkirim" in shown.text  # the reminder waits for its day
    notice = _registered(database, sid)
    again = site.post(f"{url}/kirim-ulang", data={"csrf": csrf_of(shown.text),
                                                   "notice": str(notice.id)})
    assert again.status_code == 303 and again.headers["location"] == \
        f"{url}?pesan=dikirim-ulang"
    assert "dikirim ulang" in site.get(again.headers["location"]).text
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "notice.resend", AuditEvent.entity_id == str(notice.id))) == 1
    deliver(mail_settings, database)
    assert len(catcher.to("gagal@example.id")) == 1
    assert _registered(database, sid).status is NoticeStatus.SENT
    assert "Terkirim" in site.get(url).text


def test_a_waiting_notice_cannot_be_sent_again_and_other_regions_stay_closed(
        site: httpx.Client, database: Database) -> None:
    account(database, region="5271")
    sid = plan(database, staff(database, region="52"), region="5271")
    elsewhere = plan(database, staff(database, region="52"), region="5201")
    sign_up(database, sid, details())
    assert signed_in(site).status_code == 303
    url = f"/staf/sesi/{sid}/pemberitahuan"
    shown = site.get(url)
    assert "Server email belum diatur" in shown.text  # this app runs without EDU_SMTP_URL
    assert "Kirim ulang" not in Page(shown.text).buttons  # nothing sent, nothing to resend
    notice = _registered(database, sid)
    refused = site.post(f"{url}/kirim-ulang", data={"csrf": csrf_of(shown.text),
                                                     "notice": str(notice.id)})
    assert refused.status_code == 400 and "masih menunggu" in refused.text
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "notice.resend")) == 0
    assert site.get(f"/staf/sesi/{elsewhere}/pemberitahuan").status_code in (403, 404)
    wrong_session = site.post(f"/staf/sesi/{elsewhere}/pemberitahuan/kirim-ulang",
                              data={"csrf": csrf_of(shown.text), "notice": str(notice.id)})
    assert wrong_session.status_code == 404
    no_csrf = site.post(f"{url}/kirim-ulang", data={"notice": str(notice.id)})
    assert no_csrf.status_code == 403
