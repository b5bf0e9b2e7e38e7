"""A person's and an internship's notices in the console over HTTP (SQLite and PostgreSQL):
everything sent to one participant across sessions, reached from a session's notices; a
failed one sent again (audited) arrives once; an internship's notices reached from its page;
another region's person or internship is not found; a form without its CSRF field and a
notice of another page are refused, and a refusal writes nothing. And in Chromium, the new
pages pass axe-core."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import expect
from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.service import create_staff_token
from edu.config import Settings
from edu.db import Database
from edu.notifications.models import Notice, NoticeKind, NoticeStatus
from edu.notifications.outbox import MAX_ATTEMPTS
from edu.registrations.service import Registered
from tests.edu.accountkit import PASSWORD, account
from tests.edu.sessionkit import details, participant_principal, sign_up
from tests.edu.smtpkit import Catcher, deliver
from tests.web.browser import SCRIPTS, checked
from tests.web.internkit import (
    accepted_and_logged,
    applied,
    officer_account,
    placement,
    student,
    university,
)
from tests.web.sitekit import Page, plan, staff
from tests.web.staffkit import csrf_of, signed_in


def _person_in_two_sessions(database: Database, region: str = "5271",
                            email: str = "gagal@example.id") -> tuple[int, int, int]:
    """A person registered (on their own) in two sessions of the region; their id and the
    sessions' ids."""
    planner = staff(database, region="52")
    first = plan(database, planner, title="Kelas Surat", region=region)
    second = plan(database, planner, title="Kelas Pantun", region=region)
    done = sign_up(database, first, details(name="Baiq Gagal", email=email))
    assert isinstance(done, Registered)
    pid = done.participant.id
    sign_up(database, second, principal=participant_principal(pid))
    return pid, first, second


def _notices(database: Database, **where: int) -> list[Notice]:
    with database.reader() as db:
        return list(db.scalars(select(Notice).filter_by(**where).order_by(Notice.id)))


def _resends(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "notice.resend")) or 0


def test_a_person_s_notices_across_sessions_and_sending_one_again(
        site: httpx.Client, database: Database, mail_settings: Settings,
        smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    account(database, region="5271")
    pid, first, second = _person_in_two_sessions(database)
    catcher.refuse = 2 * MAX_ATTEMPTS  # both registrations' mails refused every time
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver(mail_settings, database, hours_ahead=5 * attempt)
    failed = [n for n in _notices(database, participant_id=pid)
              if n.kind is NoticeKind.REGISTERED]
    assert [n.status for n in failed] == [NoticeStatus.FAILED] * 2 and not catcher.messages
    assert signed_in(site).status_code == 303
    url = f"/staf/peserta/{pid}/pemberitahuan"
    assert f'href="{url}"' in site.get(f"/staf/sesi/{first}/pemberitahuan").text
    shown = site.get(url)
    assert shown.status_code == 200
    assert "<h1>Pemberitahuan: Baiq Gagal</h1>" in shown.text
    assert "Kelas Surat" in shown.text and "Kelas Pantun" in shown.text  # across sessions
    assert f'href="/staf/sesi/{second}/pemberitahuan"' in shown.text
    assert "Gagal" in shown.text and "451" in shown.text and "Belum terkirim" in shown.text
    assert Page(shown.text).buttons.count("Kirim ulang") == 2
    again = site.post(f"{url}/kirim-ulang", data={"csrf": csrf_of(shown.text),
                                                   "notice": str(failed[1].id)})
    assert again.status_code == 303 and again.headers["location"] == \
        f"{url}?pesan=dikirim-ulang"
    assert "dikirim ulang" in site.get(again.headers["location"]).text
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "notice.resend",
            AuditEvent.entity_id == str(failed[1].id))) == 1
    deliver(mail_settings, database)
    assert len(catcher.to("gagal@example.id")) == 1
    statuses = {n.id: n.status for n in _notices(database, participant_id=pid)}
    assert statuses[failed[1].id] is NoticeStatus.SENT
    assert statuses[failed[0].id] is NoticeStatus.FAILED  # only the one asked for went again


def test_another_region_s_person_is_not_found_and_refusals_write_nothing(
        site: httpx.Client, database: Database) -> None:
    account(database, region="5271")
    mine, _, _ = _person_in_two_sessions(database)
    theirs, elsewhere, _ = _person_in_two_sessions(database, region="5201",
                                                   email="lain@example.id")
    assert signed_in(site).status_code == 303
    url = f"/staf/peserta/{mine}/pemberitahuan"
    shown = site.get(url)
    assert shown.status_code == 200 and "Server email belum diatur" in shown.text
    assert site.get(f"/staf/peserta/{theirs}/pemberitahuan").status_code == 404
    assert site.get("/staf/peserta/999999999/pemberitahuan").status_code == 404
    before = [(n.id, n.status, n.attempts) for n in _notices(database)]
    waiting = _notices(database, participant_id=mine)[0]
    refused = site.post(f"{url}/kirim-ulang", data={"csrf": csrf_of(shown.text),
                                                     "notice": str(waiting.id)})
    assert refused.status_code == 400 and "masih menunggu" in refused.text
    theirs_notice = _notices(database, participant_id=theirs)[0]
    for address, notice in ((f"/staf/peserta/{theirs}/pemberitahuan", theirs_notice),
                            (url, theirs_notice),  # another person's notice from my page
                            (f"/staf/sesi/{elsewhere}/pemberitahuan", theirs_notice)):
        assert site.post(f"{address}/kirim-ulang", data={
            "csrf": csrf_of(shown.text), "notice": str(notice.id)}).status_code == 404
    no_csrf = site.post(f"{url}/kirim-ulang", data={"notice": str(waiting.id)})
    assert no_csrf.status_code == 403
    assert [(n.id, n.status, n.attempts) for n in _notices(database)] == before
    assert _resends(database) == 0


def _internship_decided(database: Database, region: str) -> int:
    """An application accepted in a placement of the region, whose university's coordinator
    gave an email; its id."""
    code = "UNRAM" if region == "5271" else "UNDIKMA"
    with database.transaction() as db:
        create_staff_token(db, role=Role.UNIVERSITY_COORDINATOR, name=f"Koordinator {code}",
                           university_code=code, email=f"koordinator@{code.lower()}.ac.id")
    iid = applied(database, code, placement(database, region=region), student(int(region)))[0]
    accepted_and_logged(database, iid, days=0)
    return iid


def test_an_internship_s_notices_from_its_page(site: httpx.Client, database: Database) -> None:
    university(database, "UNRAM", "Universitas Mataram")
    university(database, "UNDIKMA", "Universitas Pendidikan Mandalika")
    officer_account(database, region="5271")
    iid = _internship_decided(database, "5271")
    other = _internship_decided(database, "5201")
    assert signed_in(site, "dewi").status_code == 303
    url = f"/staf/magang/lamaran/{iid}/pemberitahuan"
    assert f'href="{url}"' in site.get(f"/staf/magang/lamaran/{iid}").text
    shown = site.get(url)
    assert shown.status_code == 200
    assert "Keputusan magang" in shown.text and "Koordinator perguruan tinggi" in shown.text
    assert "Mahasiswa" in shown.text and "Belum terkirim" in shown.text
    assert f'href="/staf/magang/lamaran/{iid}"' in shown.text
    assert site.get(f"/staf/magang/lamaran/{other}/pemberitahuan").status_code == 404
    before = [(n.id, n.status, n.attempts) for n in _notices(database)]
    mine = next(n for n in _notices(database) if n.details.get("internship_id") == iid)
    assert site.post(f"{url}/kirim-ulang", data={"notice": str(mine.id)}).status_code == 403
    theirs = next(n for n in _notices(database) if n.details.get("internship_id") == other)
    assert site.post(f"{url}/kirim-ulang", data={"csrf": csrf_of(shown.text),
                                                  "notice": str(theirs.id)}).status_code == 404
    refused = site.post(f"{url}/kirim-ulang", data={"csrf": csrf_of(shown.text),
                                                     "notice": str(mine.id)})
    assert refused.status_code == 400 and "masih menunggu" in refused.text
    assert [(n.id, n.status, n.attempts) for n in _notices(database)] == before
    assert _resends(database) == 0


@pytest.mark.browser
def test_the_person_and_internship_notice_pages_in_a_browser(page: BrowserPage,
                                                             db: Database) -> None:
    """From a session's notices to a person's, and from an internship to its notices, in
    Chromium at 360 px with and without scripts; axe-core finds nothing on either page."""
    account(db, region="5271")
    officer_account(db, region="5271")
    university(db, "UNRAM", "Universitas Mataram")
    pid, sid, _ = _person_in_two_sessions(db)
    iid = _internship_decided(db, "5271")
    for username, start, link, heading, reached in (
            ("siti", f"/staf/sesi/{sid}/pemberitahuan", "Baiq Gagal",
             "Pemberitahuan: Baiq Gagal", f"/staf/peserta/{pid}/pemberitahuan"),
            ("dewi", f"/staf/magang/lamaran/{iid}", "Pemberitahuan",
             "Pemberitahuan: Mahasiswa 5271", f"/staf/magang/lamaran/{iid}/pemberitahuan")):
        page.context.clear_cookies()
        page.goto("/staf/masuk")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Konsol staf")
        page.goto(start)
        page.get_by_role("link", name=link, exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert page.url.endswith(reached)
        page.wait_for_load_state("load")
        checked(page, scripts=SCRIPTS[page])
