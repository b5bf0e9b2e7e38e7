"""A person lives a whole life in the system (registers, corrects their phone, downloads their
data, attends, answers the survey, gets a certificate, appears on the staff roster), then
erases themselves from Pendaftaran saya. Afterwards their name, email and phone are in no
column of any table, in no feed, on no page, and in no log line written during the whole
flow (at every level, by every logger of the process, the live server's included); and
every report total is what it was. On SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import func, select

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.certificates.models import Certificate
from edu.certificates.service import issue_next_chunk, verification_code
from edu.db import Database, utcnow
from edu.integrity.models import SurveyService
from edu.integrity.participation import ParticipationFilter, participation
from edu.integrity.survey import SatisfactionFilter, figures_in, submit_survey
from edu.participants.models import Participant
from edu.registrations.models import (
    AttendanceStatus,
    Registration,
    RegistrationRequest,
    RegistrationStatus,
)
from edu.registrations.service import attendance_summaries
from edu.sessions.models import EduSession
from tests.edu import certificates_factory as factory
from tests.edu.accountkit import account
from tests.edu.test_privacy import _text_everywhere
from tests.edu.test_privacy_interns import pdf_text
from tests.integrity.kit import wita_today
from tests.web.sitekit import Page, form, officer_plans
from tests.web.staffkit import signed_in

NAME, EMAIL, PHONE = "Dewi Anggraini Kusumawati", "dewi.kusumawati@example.id", "0813 7777 6543"
NEW_PHONE = "0877 6543 2109"
TRACES = (NAME, "Kusumawati", EMAIL, PHONE, NEW_PHONE, PHONE.replace(" ", ""),
          NEW_PHONE.replace(" ", ""))
OTHER = "Lalu Hamdan Wirajaya"


class Lines(logging.Handler):
    """Every record, formatted as a log file would hold it (with its traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + repr(record.args))


@contextmanager
def every_log_line() -> Iterator[Lines]:
    root = logging.getLogger()
    handler, level = Lines(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _totals(db, admin, session_ids: list[int]) -> tuple:
    today = wita_today()
    period = ParticipationFilter(starts_on=today - timedelta(days=60),
                                 ends_on=today + timedelta(days=60))
    report = participation(db, admin, period)
    ikm = figures_in(db, SatisfactionFilter(service=SurveyService.VOTER_EDUCATION), None)
    sessions = db.execute(select(EduSession.id, EduSession.confirmed_count,
                                 EduSession.waitlist_count).order_by(EduSession.id)).all()
    return report, ikm, sessions, attendance_summaries(db, session_ids)


def _attended(database: Database, email: str) -> int:
    """A completed session yesterday that the person attended; its id."""
    sid, _ = factory.session_with(database, [(factory.CONFIRMED, factory.PRESENT)],
                                  names=[OTHER], starts=utcnow() - timedelta(days=1))
    with database.transaction() as db:
        pid = db.scalar(select(Participant.id).where(Participant.email == email))
        db.add(Registration(session_id=sid, participant_id=pid, ticket_hash="e" * 64,
                            status=RegistrationStatus.CONFIRMED,
                            attendance_status=AttendanceStatus.PRESENT))
        session = db.get(EduSession, sid)
        session.capacity += 1
        session.confirmed_count += 1
    return sid


def test_erasure_leaves_no_trace_anywhere_and_every_total_unchanged(site, database, settings):
    key = settings.secret_key
    with every_log_line() as log:
        planned = officer_plans(database, title="Kelas Pemilih Berdaya")
        done = site.post(f"/sesi/{planned}", data=form(fullName=NAME, email=EMAIL, phone=PHONE))
        ticket = done.headers["location"]
        secret = ticket.split("/")[2]
        site.post(f"/sesi/{planned}", data=form(fullName=OTHER, email="hamdan@example.id"))
        # The same email on another form: a registration request holding what was typed.
        later = officer_plans(database, title="Kelas Pemilih Lanjutan")
        assert site.post(f"/sesi/{later}", data=form(fullName=NAME, email=EMAIL, phone=PHONE)
                         ).status_code == 303
        with database.reader() as db:
            assert db.scalar(select(func.count()).select_from(RegistrationRequest)) == 1
        mine = Page(site.get(f"/saya/{secret}").text)
        assert site.post(mine.links["Perbaiki data kontak saya"], data={
            "fullName": NAME, "email": EMAIL, "phone": NEW_PHONE}).status_code == 303
        for link in ("/data", "/data.json", "/data.pdf"):
            assert site.get(f"/saya/{secret}{link}").status_code == 200
        held = _attended(database, EMAIL)
        with database.transaction() as db:
            pid = db.scalar(select(Participant.id).where(Participant.email == EMAIL))
        with database.transaction() as db:  # anonymous: the answer names nobody
            submit_survey(db, Principal(name="participant", participant_id=pid),
                          scores=[4] * 9, suggestion="Materinya jelas", session_id=held)
        admin = factory.staff(database, Role.ADMIN)
        batch = factory.issue(database, admin, session_id=held)
        with database.transaction() as db:
            issue_next_chunk(db, batch, key=key, public_url=settings.public_url)
        with database.reader() as db:
            cert = db.scalar(select(Certificate).where(Certificate.recipient_id == pid))
            code = verification_code(key, cert.id)
        feed = Page(site.get(f"/saya/{secret}").text).links["Langganan kalender"] + ".ics"
        account(database, "siti", region="52")
        assert signed_in(site).status_code == 303
        pages = [f"/staf/sesi/{planned}", f"/staf/sesi/{held}", f"/verify/{code}",
                 f"/certificates/{code}.pdf", f"/sesi/{planned}", "/calendar/sessions.ics",
                 "/calendar/offices/5271.ics", "/layanan"]
        seen = {url: site.get(url) for url in pages}
        assert NAME in seen[f"/staf/sesi/{planned}"].text  # the pages do show people
        assert NAME in pdf_text(seen[f"/certificates/{code}.pdf"].content)
        assert site.get(feed).status_code == 200
        with database.reader() as db:
            before = _totals(db, admin, [planned, held])
        everything = _text_everywhere(database)
        assert NAME in everything and NEW_PHONE in everything and EMAIL in everything

        erased = site.post(f"/saya/{secret}/hapus", data={"confirm": "ya"})
        assert erased.status_code == 200

        with database.reader() as db:
            assert _totals(db, admin, [planned, held]) == before
        everything = _text_everywhere(database)
        assert OTHER in everything  # the scan sees the others
        for url in (f"/saya/{secret}", feed, ticket, f"/saya/{secret}/data.json"):
            assert site.get(url).status_code == 404, url
        after = {url: site.get(url) for url in pages}
        assert all(r.status_code == 200 for r in after.values()), {
            u: r.status_code for u, r in after.items()}
        texts = {url: pdf_text(r.content) if url.endswith(".pdf") else r.text
                 for url, r in after.items()}
        assert "Orang yang meminta datanya dihapus" in texts[f"/verify/{code}"]
        assert "SAH" in texts[f"/verify/{code}"]
    assert len(log.lines) > 50  # the flow did log (requests, SQL, the runner)
    for trace in TRACES:
        assert trace not in everything, trace
        for url, text in texts.items():
            assert trace not in text, (trace, url)
        assert [line for line in log.lines if trace in line] == [], trace
