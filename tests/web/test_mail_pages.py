"""The pages mail leads to, over HTTP: asking for a lost Pendaftaran saya link (the same
answer for a known and an unknown email, mail only to the known), confirming a
registration made with a known email (the seat is taken only then), choosing on
Pendaftaran saya the language later mails come in, and stopping reminders with one click
(RFC 8058) or on that page."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlalchemy import select

from edu.config import Settings
from edu.db import Database, utcnow
from edu.participants.models import Participant
from edu.registrations.models import Registration
from edu.sessions import service as sessions
from scheduler.notifications.delivery import deliver_due, smtp_sender
from tests.edu.sessionkit import at, plan, staff
from tests.edu.smtpkit import Catcher, deliver, text_of
from tests.web.sitekit import form, officer_plans


def path_in(message_text: str, prefix: str) -> str:
    match = re.search(rf"https://edu\.example({prefix}[A-Z2-7]+)", message_text)
    assert match, message_text
    return match.group(1)


def test_lost_link_answers_the_same_and_mails_only_a_known_email(
        site: httpx.Client, database: Database, mail_settings: Settings,
        smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    sid = officer_plans(database)
    site.post(f"/sesi/{sid}", data=form(email="siti@example.id"))
    deliver(mail_settings, database)
    catcher.messages.clear()
    assert site.get("/saya").status_code == 200
    known = site.post("/saya", data={"email": "siti@example.id"})
    unknown = site.post("/saya", data={"email": "nobody@example.id"})
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("siti@example.id", "X") == \
        unknown.text.replace("nobody@example.id", "X")
    assert "Bila email ini terdaftar" in known.text
    deliver(mail_settings, database)
    [mail] = catcher.messages
    assert "siti@example.id" in str(mail["To"])
    page = site.get(path_in(text_of(mail), "/saya/"))
    assert page.status_code == 200 and "Siti Aminah" in page.text


def test_a_known_email_books_only_when_its_owner_confirms(
        site: httpx.Client, database: Database, mail_settings: Settings,
        smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    first, second = officer_plans(database), officer_plans(database)
    site.post(f"/sesi/{first}", data=form(email="siti@example.id"))
    answer = site.post(f"/sesi/{second}", data=form(email="siti@example.id"))
    assert answer.status_code == 303  # looks like a booking to whoever typed it

    def booked() -> bool:
        with database.reader() as db:
            return db.scalar(select(Registration.id).where(
                Registration.session_id == second)) is not None

    assert not booked()
    deliver(mail_settings, database)
    mail = catcher.to("siti@example.id")[-1]
    link = path_in(text_of(mail), "/konfirmasi/")
    shown = site.get(link)
    assert shown.status_code == 200 and not booked()  # a link scanner's GET books nothing
    done = site.post(link)
    assert done.status_code == 303 and done.headers["location"].startswith("/saya/")
    assert booked()
    again = site.post(link)
    assert again.status_code == 400 and "sudah dipakai" in again.text


def test_a_person_who_registers_in_english_gets_english_mail(
        site: httpx.Client, database: Database, mail_settings: Settings,
        smtp: tuple[Catcher, str]) -> None:
    sid = officer_plans(database, title="Kelas Pemilih")
    site.post(f"/sesi/{sid}", data=form(email="tom@example.id"),
              headers={"Accept-Language": "en"})
    site.post(f"/sesi/{sid}", data=form(email="ani@example.id"))
    deliver(mail_settings, database)
    assert str(smtp[0].to("tom@example.id")[0]["Subject"]) == "Your registration: Kelas Pemilih"
    assert str(smtp[0].to("ani@example.id")[0]["Subject"]) == "Pendaftaran Anda: Kelas Pemilih"


def test_a_person_changes_the_language_of_their_mails_on_their_own_page(
        site: httpx.Client, database: Database, mail_settings: Settings,
        smtp: tuple[Catcher, str]) -> None:
    officer = staff(database, region="52")
    sid = plan(database, officer, title="Kelas Pemilih")
    booked = site.post(f"/sesi/{sid}", data=form(email="rina@example.id"))
    mine = booked.headers["location"].split("/tiket/")[0]  # /saya/SECRET
    deliver(mail_settings, database)
    assert str(smtp[0].to("rina@example.id")[0]["Subject"]) == "Pendaftaran Anda: Kelas Pemilih"
    page = site.get(mine)
    assert "<title>Pendaftaran saya · " in page.text and page.text.count("<h1>") == 1
    assert "Bahasa email dari kami" in page.text
    assert '<option value="id" lang="id" selected>' in page.text
    wrong = site.post(f"{mine}/bahasa", data={"bahasa": "fr"})
    assert wrong.status_code == 400
    assert 'aria-describedby="e-bahasa"' in wrong.text and "Pilih Bahasa Indonesia" in wrong.text
    with database.reader() as db:  # the refused form wrote nothing
        assert db.scalar(select(Participant.language).where(
            Participant.email == "rina@example.id")) == "id"
    chosen = site.post(f"{mine}/bahasa", data={"bahasa": "en"})
    assert chosen.status_code == 303 and chosen.headers["location"] == f"{mine}?pesan=bahasa"
    after = site.get(chosen.headers["location"])
    assert "Tersimpan" in after.text and '<option value="en" lang="en" selected>' in after.text
    assert site.post("/saya/NOSUCHSECRET/bahasa", data={"bahasa": "en"}).status_code == 404
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(12), at(12, 2))
    deliver(mail_settings, database)
    moved = smtp[0].to("rina@example.id")[-1]
    assert str(moved["Subject"]) == "New time: Kelas Pemilih"
    assert str(moved["Content-Language"]) == "en"


def test_one_click_in_the_reminder_stops_reminders_and_the_page_turns_them_back_on(
        site: httpx.Client, database: Database, mail_settings: Settings,
        smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    officer = staff(database, region="52")
    sid = plan(database, officer, title="Kelas Pemilih", start=at(3))
    site.post(f"/sesi/{sid}", data=form(email="rina@example.id"))
    site.post(f"/sesi/{sid}", data=form(email="tono@example.id"))
    sender = smtp_sender(mail_settings)
    assert sender is not None
    deliver_due(mail_settings, database, sender, utcnow() + timedelta(hours=49))
    reminder = next(m for m in catcher.to("rina@example.id")
                    if str(m["Subject"]).startswith("Pengingat:"))
    assert str(reminder["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    link = str(reminder["List-Unsubscribe"]).strip().strip("<>")
    assert link in text_of(reminder)
    path = link.removeprefix("https://edu.example")
    shown = site.get(path)  # a link scanner's GET changes nothing
    assert shown.status_code == 200 and "Hentikan pengingat" in shown.text
    assert wants_reminders(database, "rina@example.id")
    clicked = site.post(path, content=b"List-Unsubscribe=One-Click",
                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert clicked.status_code == 200 and "Pengingat dimatikan" in clicked.text
    assert not wants_reminders(database, "rina@example.id")
    assert wants_reminders(database, "tono@example.id")
    with database.transaction() as db:  # a new time plans new reminders
        sessions.reschedule_session(db, officer, sid, at(6), at(6, 2))
    catcher.messages.clear()
    deliver_due(mail_settings, database, sender, utcnow() + timedelta(hours=5 * 24 + 1))
    def reminders_to(email: str) -> list[str]:
        return [str(m["Subject"]) for m in catcher.to(email)
                if str(m["Subject"]).startswith("Pengingat:")]

    assert reminders_to("tono@example.id") == ["Pengingat: Kelas Pemilih"]
    assert reminders_to("rina@example.id") == []  # the new time came, its reminder did not
    mine = path.removesuffix("/pengingat")
    assert "Nyalakan lagi pengingat" in site.get(mine).text
    back = site.post(path, data={"pengingat": "ya"})
    assert back.status_code == 303 and back.headers["location"] == \
        f"{mine}?pesan=pengingat-hidup"
    assert "Pengingat menyala lagi" in site.get(back.headers["location"]).text
    assert wants_reminders(database, "rina@example.id")
    assert site.post("/saya/NOSUCHSECRET/pengingat").status_code == 404


def wants_reminders(database: Database, email: str) -> bool:
    with database.reader() as db:
        wanted = db.scalar(select(Participant.reminders).where(Participant.email == email))
    assert wanted is not None
    return wanted
