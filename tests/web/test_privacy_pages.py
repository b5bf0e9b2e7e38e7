"""The privacy notice and a person's rights from Pendaftaran saya, over HTTP on SQLite and
PostgreSQL: download (page, JSON, PDF), correction (errors beside the fields, nothing written
on a refusal) and erasure (a confirmation; then the link, tickets and feed stop). Audited."""

from __future__ import annotations

import json
from dataclasses import replace

import httpx
from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.db import Database
from edu.participants.models import Participant
from edu.privacy.notice import NOTICE_VERSION
from edu.registrations.models import Registration
from tests.edu.test_privacy_interns import pdf_text
from tests.support import LiveServer
from tests.web.sitekit import Page, form, officer_plans
from tests.web.test_pages import landmarks

CONTACT = "PPID KPU Provinsi NTB, Jl. Langko No. 76 Mataram, ppid@kpu-ntb.example.id"


def registered(site: httpx.Client, database: Database, sid: int, **changes: str) -> str:
    """Register through the form; the secret of the person's own page."""
    done = site.post(f"/sesi/{sid}", data=form(**changes))
    assert done.status_code == 303, done.text
    return done.headers["location"].split("/")[2]


def events(database: Database, action: str) -> list[AuditEvent]:
    with database.reader() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)
                               .order_by(AuditEvent.seq)))


def person(database: Database, email: str) -> Participant:
    with database.reader() as db:
        found = db.scalar(select(Participant).where(Participant.email == email))
        assert found is not None
        return found


def test_the_notice_says_what_why_basis_how_long_rights_and_whom_to_ask(site, database,
                                                                        settings):
    configured = replace(settings, retention_days=730, privacy_contact=CONTACT)
    with LiveServer(configured, database) as live, httpx.Client(base_url=live.url) as other:
        page = other.get("/privasi")
        other.cookies.set("bahasa", "en")
        english = other.get("/privasi")
    assert page.status_code == 200
    landmarks(page.text)
    text = page.text
    for words in ("Data yang kami kumpulkan", "Untuk apa", "Dasar hukum", "Pasal 20 ayat (2)",
                  "Berapa lama", "Sampai 2 tahun setelah sesi atau magang terakhir Anda",
                  "Hak Anda", "Cara menggunakannya", "Pendaftaran saya", "Kepada siapa",
                  CONTACT, "KPU Kota Mataram", f"Versi {NOTICE_VERSION}"):
        assert words in text, words
    landmarks(english.text, "en")
    for words in ("What we collect", "Legal basis", "Until 2 years after your last session",
                  "Your rights", "Who to ask", CONTACT, f"Version {NOTICE_VERSION}"):
        assert words in english.text, words
    # The shared test server sets no erasure period: the notice says so, and no contact line.
    plain = site.get("/privasi").text
    assert "belum menetapkan jangka waktu penghapusan otomatis" in plain and CONTACT not in plain
    # The version the notice shows is the one a registration records with its consent.
    registered(site, database, officer_plans(database))
    with database.reader() as db:
        assert db.scalar(select(Registration.notice_version)) == NOTICE_VERSION


def test_a_person_downloads_everything_held_about_them(site, database):
    sid = officer_plans(database, title="Kelas Pemilih Cerdas")
    secret = registered(site, database, sid, fullName="Dewi Anggraini", email="dewi@example.id",
                        phone="0813 1111 2222")
    registered(site, database, sid, fullName="Lalu Hamdan", email="hamdan@example.id")
    mine = Page(site.get(f"/saya/{secret}").text)
    page = site.get(mine.links["Lihat dan unduh semua data tentang saya"])
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-store"
    doc = landmarks(page.text)
    assert doc.h1 == ["Data saya"]
    assert "Dewi Anggraini" in page.text and "Kelas Pemilih Cerdas" in page.text
    assert "Lalu Hamdan" not in page.text and "hamdan@example.id" not in page.text
    as_json = site.get(doc.links["sebagai JSON"])
    assert as_json.headers["content-type"] == "application/json"
    assert "attachment" in as_json.headers["content-disposition"]
    data = json.loads(as_json.text)
    assert (data["person"]["full_name"], data["person"]["email"]) == (
        "Dewi Anggraini", "dewi@example.id")
    assert [r["consent"]["notice_version"] for r in data["registrations"]] == [NOTICE_VERSION]
    assert [m["kind"] for m in data["messages"]] == ["REGISTERED", "REMINDER"]  # mails queued
    assert "Lalu Hamdan" not in as_json.text
    as_pdf = site.get(doc.links["sebagai PDF"])
    assert as_pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(as_pdf.content)
    for words in ("Dewi Anggraini", "dewi@example.id", "Kelas Pemilih Cerdas", NOTICE_VERSION):
        assert words in text, words
    assert "Lalu Hamdan" not in text
    dewi = person(database, "dewi@example.id")
    assert [(e.actor_participant_id, e.entity_id) for e in events(
        database, "privacy.access_export")] == [(dewi.id, str(dewi.id))] * 3
    assert site.get("/saya/" + "A" * 26 + "/data.json").status_code == 404


def test_a_person_corrects_their_contact_details(site, database):
    sid = officer_plans(database)
    secret = registered(site, database, sid, fullName="Dewi Anggraini", email="dewi@example.id")
    registered(site, database, sid, fullName="Lalu Hamdan", email="hamdan@example.id")
    mine = Page(site.get(f"/saya/{secret}").text)
    url = mine.links["Perbaiki data kontak saya"]
    shown = site.get(url)
    doc = landmarks(shown.text)
    assert doc.control("Nama lengkap")["value"] == "Dewi Anggraini"
    assert doc.control("Email")["value"] == "dewi@example.id"
    refused = site.post(url, data={"fullName": "", "email": "dewi@", "phone": "0813 1111 2222"})
    assert refused.status_code == 400
    doc = Page(refused.text)
    assert doc.control("Nama lengkap")["aria-describedby"] == "e-fullName"
    assert doc.control("Email")["aria-describedby"].startswith("e-email")
    assert doc.control("Email")["value"] == "dewi@" and doc.control("Nomor HP")["value"] == \
        "0813 1111 2222"  # the form keeps what was typed
    assert 'id="e-fullName">Harap diisi.' in refused.text
    taken = site.post(url, data={"fullName": "Dewi A.", "email": "hamdan@example.id"})
    assert taken.status_code == 400 and "Email ini sudah dipakai orang lain" in taken.text
    assert person(database, "dewi@example.id").full_name == "Dewi Anggraini"  # nothing written
    assert events(database, "participant.correct") == []
    done = site.post(url, data={"fullName": "Dewi Anggraini Putri", "email": "Dewi.P@example.id",
                                "phone": ""})
    assert done.status_code == 303 and done.headers["location"] == f"/saya/{secret}?pesan=kontak"
    assert "Data kontak Anda sudah disimpan." in site.get(done.headers["location"]).text
    fixed = person(database, "dewi.p@example.id")
    assert (fixed.full_name, fixed.phone) == ("Dewi Anggraini Putri", None)
    event, = events(database, "participant.correct")
    assert event.actor_participant_id == fixed.id and event.actor_staff_id is None
    assert event.before["full_name"] == "Dewi Anggraini"
    assert event.after["email"] == "dewi.p@example.id"


def test_a_person_erases_their_data_after_confirming(site, database, settings):
    sid = officer_plans(database, title="Kelas Pemilih Pemula")
    done = site.post(f"/sesi/{sid}", data=form(fullName="Dewi Anggraini", email="dewi@example.id"))
    ticket = done.headers["location"]
    secret = ticket.split("/")[2]
    mine = Page(site.get(f"/saya/{secret}").text)
    feed = mine.links["Langganan kalender"] + ".ics"
    assert site.get(feed).status_code == 200 and site.get(ticket).status_code == 200
    url = mine.links["Hapus data saya"]
    confirm = site.get(url)
    doc = landmarks(confirm.text)
    assert doc.h1 == ["Hapus data saya"] and "Hapus data saya" in doc.buttons
    unticked = site.post(url, data={})
    assert unticked.status_code == 400
    assert Page(unticked.text).control("Saya mengerti")["aria-describedby"] == "e-confirm"
    assert person(database, "dewi@example.id").erased_at is None  # nothing written
    assert events(database, "privacy.erase") == []
    erased = site.post(url, data={"confirm": "ya"})
    assert erased.status_code == 200 and Page(erased.text).h1 == ["Data Anda sudah dihapus"]
    for gone in (f"/saya/{secret}", f"/saya/{secret}/data", f"/saya/{secret}/data.json",
                 f"/saya/{secret}/kontak", url, feed, ticket):
        assert site.get(gone).status_code == 404, gone
    assert site.post(url, data={"confirm": "ya"}).status_code == 404
    event, = events(database, "privacy.erase")
    assert event.actor_participant_id is not None and event.after["by"] == "person"
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(Participant).where(
            Participant.erased_at.is_not(None))) == 1
        assert db.scalar(select(func.count()).select_from(Registration)) == 1
