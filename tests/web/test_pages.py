"""Every public page and every error path, over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import re

from edu.participants.own_page import participant_by_page_secret
from tests.edu.sessionkit import sign_up
from tests.support import statements_on
from tests.web.sitekit import (
    Page,
    at,
    certified_person,
    counts,
    form,
    minor_birth_date,
    officer_plans,
    plan,
    staff,
    ticket_of,
)

FORM_LABELS = ["Nama lengkap", "Email", "Nomor HP", "Perempuan", "Laki-laki", "Tanggal lahir",
               "Kabupaten/Kota", "Penyandang disabilitas", "Sekolah/Instansi", "Saya setuju",
               "Orang tua/wali"]


def landmarks(html: str, lang: str = "id") -> Page:
    page = Page(html)
    assert page.lang == lang and len(page.h1) == 1
    assert "<title>" in html and '<main id="main">' in html
    return page


def test_home_lists_upcoming_published_sessions_soonest_first(site, database):
    later = officer_plans(database, title="Kelas Pemilih Muda", start=at(20))
    sooner = officer_plans(database, title="Sekolah Demokrasi", start=at(5), capacity=1)
    officer_plans(database, title="Draf Rahasia", publish=False)
    officer_plans(database, title="Perempuan Memilih", region="5201", start=at(7),
                  segment="WOMEN")
    site.post(f"/sesi/{sooner}", data=form())

    page = site.get("/")
    assert page.status_code == 200
    html = page.text
    links = landmarks(html).links
    assert links["Sekolah Demokrasi"] == f"/sesi/{sooner}"
    assert links["Kelas Pemilih Muda"] == f"/sesi/{later}"
    assert "Draf Rahasia" not in html
    assert html.index("Sekolah Demokrasi") < html.index("Perempuan Memilih") < html.index(
        "Kelas Pemilih Muda")
    assert "penuh — daftar tunggu" in html and "sisa 120 dari 120 kursi" in html
    assert re.search(r"\w+, \d{1,2} \w+ 20\d\d, \d\d\.\d\d–\d\d\.\d\d WITA", html)
    assert {"Kabupaten/Kota", "Sasaran"} <= set(Page(html).labels) and "Cari" in Page(html).buttons

    mataram = site.get("/", params={"wilayah": "5271"}).text
    assert "Perempuan Memilih" not in mataram and "Sekolah Demokrasi" in mataram
    women = site.get("/", params={"sasaran": "WOMEN"}).text
    assert "Perempuan Memilih" in women and "Sekolah Demokrasi" not in women

    bad = site.get("/", params={"wilayah": "9999", "sasaran": "ALIENS"})
    assert bad.status_code == 400
    assert 'aria-describedby="e-wilayah"' in bad.text and 'aria-describedby="e-sasaran"' in bad.text
    assert "Pilih kabupaten/kota dari daftar." in bad.text


def test_home_is_paged(site, database):
    officer = staff(database, region="52")
    for i in range(12):
        plan(database, officer, title=f"Sesi {i:02d}", start=at(3 + i))
    first = Page(site.get("/").text)
    assert "Halaman berikutnya" in first.links and "Halaman sebelumnya" not in first.links
    second = site.get(first.links["Halaman berikutnya"]).text
    assert "Sesi 10" in second and "Sesi 11" in second and "Sesi 00" not in second
    assert "Halaman 2 dari 2" in second
    empty = site.get("/", params={"wilayah": "5208"}).text
    assert "Belum ada kegiatan mendatang di sini" in empty


def test_register_and_see_the_ticket(site, database):
    sid = officer_plans(database, title="Sekolah Demokrasi")
    page = site.get(f"/sesi/{sid}")
    assert page.status_code == 200
    doc = landmarks(page.text)
    for label in FORM_LABELS:
        doc.control(label)  # each control has a visible label
    assert "Jenis kelamin" in page.text and "Daftar" in doc.buttons
    assert 'aria-describedby="h-consent"' in page.text and "UU 27/2022" in page.text

    done = site.post(f"/sesi/{sid}", data=form())
    assert done.status_code == 303
    where = done.headers["location"]
    assert re.fullmatch(r"/saya/[A-Z2-7]{26}/tiket/[A-Z2-7]{12}", where)
    ticket = site.get(where)
    assert ticket.status_code == 200
    assert ticket.headers["cache-control"] == "private, no-store"
    assert ticket.headers["referrer-policy"] == "no-referrer"
    doc = landmarks(ticket.text)
    assert doc.h1 == ["Pendaftaran berhasil"]
    assert ticket_of(ticket.text) == where.rsplit("/", 1)[1]
    assert '<svg role="img"' in ticket.text
    assert doc.links["Google Kalender"].startswith("https://calendar.google.com/")
    assert any(href.startswith("webcal://") for href in doc.links.values())
    assert doc.links["Pendaftaran saya"] == where.split("/tiket/")[0]
    assert counts(database) == (1, 1)
    # The same ticket by its code alone (any case) shows no way into the person's page.
    alone = site.get("/tiket/" + where.rsplit("/", 1)[1].lower())
    assert alone.status_code == 200 and "Pendaftaran saya" not in Page(alone.text).links


def test_a_rejected_form_says_why_beside_each_field_and_writes_nothing(site, database):
    sid = officer_plans(database)
    bad = site.post(f"/sesi/{sid}", data=form(fullName="", email="bukan-email",
                                              phone="abc", consent=None))
    assert bad.status_code == 400 and counts(database) == (0, 0)
    doc = Page(bad.text)
    # Without consent the service refuses first; consent given, the fields speak.
    assert doc.control("Saya setuju")["aria-describedby"] == "e-consent h-consent"
    assert "Kami hanya dapat mendaftarkan Anda dengan persetujuan Anda." in bad.text
    assert doc.control("Email")["value"] == "bukan-email"  # kept as typed

    bad = site.post(f"/sesi/{sid}", data=form(fullName="", email="bukan-email", phone="abc"))
    doc = Page(bad.text)
    assert bad.status_code == 400 and counts(database) == (0, 0)
    for label, field, words in [("Nama lengkap", "fullName", "Harap diisi."),
                                ("Email", "email", "Ini bukan alamat email"),
                                ("Nomor HP", "phone", "Ini bukan nomor HP")]:
        control = doc.control(label)
        assert control["aria-invalid"] == "true"
        assert f"e-{field}" in (control["aria-describedby"] or "").split()
        assert re.search(f'<p class="error" id="e-{field}">{words}', bad.text)
    assert doc.control("Sekolah/Instansi")["value"] == "PKK Ampenan"
    assert "checked" in doc.control("Saya setuju")

    for birth in ("2026-13-40", "2999-01-01"):
        bad = site.post(f"/sesi/{sid}", data=form(birthDate=birth))
        assert bad.status_code == 400 and 'id="e-birthDate">Tanggal ini tidak valid' in bad.text
    bad = site.post(f"/sesi/{sid}", data=form(regionCode="9999", gender="X"))
    assert 'id="e-gender"' in bad.text or 'id="e-regionCode"' in bad.text
    assert counts(database) == (0, 0)
    assert site.post(f"/sesi/{sid}", content=b"x" * 70_000,
                     headers={"content-type": "application/x-www-form-urlencoded"}
                     ).status_code == 413


def test_a_minor_needs_a_guardian(site, database):
    sid = officer_plans(database)
    young = form(birthDate=minor_birth_date())
    refused = site.post(f"/sesi/{sid}", data=young)
    assert refused.status_code == 400 and counts(database) == (0, 0)
    assert Page(refused.text).control("Orang tua/wali")["aria-describedby"] == "e-guardianConsent"
    assert "orang tua atau wali harus menyetujui" in refused.text
    accepted = site.post(f"/sesi/{sid}", data={**young, "guardianConsent": "ya"})
    assert accepted.status_code == 303 and counts(database) == (1, 1)


def test_waitlist_and_cancel_from_my_page(site, database):
    sid = officer_plans(database, capacity=1, title="Kelas Kecil")
    first = site.post(f"/sesi/{sid}", data=form("a@example.id")).headers["location"]
    second = site.post(f"/sesi/{sid}", data=form("b@example.id")).headers["location"]
    assert Page(site.get(second).text).h1 == ["Anda di daftar tunggu nomor 1"]
    assert "penuh — daftar tunggu" in site.get(f"/sesi/{sid}").text

    mine = first.split("/tiket/")[0]
    page = site.get(mine)
    doc = landmarks(page.text)
    assert doc.h1 == ["Pendaftaran saya"] and "Batalkan" in doc.buttons
    assert doc.links["Langganan kalender"].startswith("http")
    assert "Kelas Kecil" in page.text and "Terdaftar" in page.text
    rid = re.search(r'name="pendaftaran" value="(\d+)"', page.text).group(1)
    done = site.post(f"{mine}/batalkan", data={"pendaftaran": rid})
    assert done.status_code == 303 and done.headers["location"] == f"{mine}?pesan=batal"
    after = site.get(done.headers["location"]).text
    assert "Kursi Anda diberikan kepada orang berikutnya" in after and "Dibatalkan" in after
    assert Page(site.get(second).text).h1 == ["Pendaftaran berhasil"]  # promoted

    again = site.post(f"{mine}/batalkan", data={"pendaftaran": rid})
    assert again.headers["location"] == f"{mine}?pesan=gagal"
    assert "tidak dapat dibatalkan" in site.get(again.headers["location"]).text
    other = second.split("/tiket/")[0]
    theirs = re.search(r'name="pendaftaran" value="(\d+)"', site.get(other).text).group(1)
    assert site.post(f"{mine}/batalkan", data={"pendaftaran": theirs}).headers[
        "location"] == f"{mine}?pesan=gagal"
    assert "Terdaftar" in site.get(other).text  # someone else's registration is untouched


def test_secrets_that_do_not_fit_are_not_found(site, database):
    sid = officer_plans(database)
    mine = site.post(f"/sesi/{sid}", data=form("a@example.id")).headers["location"]
    other = site.post(f"/sesi/{sid}", data=form("b@example.id")).headers["location"]
    assert site.get("/saya/" + "A" * 26).status_code == 404
    assert site.post("/saya/" + "A" * 26 + "/batalkan", data={"pendaftaran": "1"}
                     ).status_code == 404
    assert site.get("/tiket/AAAAAAAAAAAA").status_code == 404
    crossed = mine.split("/tiket/")[0] + "/tiket/" + other.rsplit("/", 1)[1]
    missing = site.get(crossed)
    assert missing.status_code == 404 and Page(missing.text).h1 == ["Halaman tidak ditemukan"]


def test_a_known_email_never_opens_the_persons_page(site, database):
    first, second = officer_plans(database), officer_plans(database, start=at(15))
    mine = site.post(f"/sesi/{first}", data=form()).headers["location"].split("/tiket/")[0]
    # Answered like a new person (the same kind of link), but the link opens no one's page:
    # not the person's, and not the page of whoever registers next.
    again = site.post(f"/sesi/{second}", data=form()).headers["location"]
    assert re.fullmatch(r"/saya/[A-Z2-7]{26}/tiket/[A-Z2-7]{12}", again)
    decoy_page = again.split("/tiket/")[0]
    assert decoy_page != mine and site.get(decoy_page).status_code == 404
    newcomer = site.post(f"/sesi/{second}", data=form(email="baru@example.org"))
    assert newcomer.headers["location"].startswith("/saya/")
    assert site.get(decoy_page).status_code == 404
    assert counts(database) == (2, 2)


def test_closed_and_unknown_sessions(site, database):
    draft = officer_plans(database, publish=False)
    assert site.get(f"/sesi/{draft}").status_code == 404
    assert site.get("/sesi/999999").status_code == 404
    assert site.get("/tidak-ada").status_code == 404
    started = officer_plans(database, start=at(0, hours=-1), hours=3)
    page = site.get(f"/sesi/{started}").text
    assert "Pendaftaran kegiatan ini sudah ditutup." in page
    assert f'action="/sesi/{started}' not in page
    refused = site.post(f"/sesi/{started}", data=form())
    assert refused.status_code == 303 and refused.headers["location"] == f"/sesi/{started}"
    assert counts(database) == (0, 0)


def test_verify_form(site, database):
    page = site.get("/verify")
    doc = landmarks(page.text)
    assert doc.control("Kode verifikasi") and "Periksa" in doc.buttons
    empty = site.get("/verify", params={"kode": "  "})
    assert empty.status_code == 400 and 'aria-describedby="e-kode"' in empty.text
    assert site.get("/verify", params={"kode": "ab/cd"}).status_code == 400
    typed = site.get("/verify", params={"kode": " abcd efgh "})
    assert typed.status_code == 303 and typed.headers["location"] == "/verify/ABCDEFGH"
    unknown = site.get("/verify/abcdefgh")
    assert unknown.status_code == 404 and "TIDAK DIKENAL" in unknown.text


def test_language_by_browser_and_by_switch(site, database):
    sid = officer_plans(database)
    english = site.get(f"/sesi/{sid}", headers={"accept-language": "en-GB,en;q=0.9,id;q=0.5"})
    doc = landmarks(english.text, "en")
    doc.control("Full name")
    assert "Register" in doc.buttons and "WITA" in english.text
    assert landmarks(site.get("/", headers={"accept-language": "fr, id;q=0.3"}).text, "id")

    switched = site.post("/bahasa", data={"bahasa": "en", "next": f"/sesi/{sid}"})
    assert switched.status_code == 303 and switched.headers["location"] == f"/sesi/{sid}"
    assert "bahasa=en" in switched.headers["set-cookie"]
    assert landmarks(site.get(f"/sesi/{sid}").text, "en")  # the cookie the client kept
    back = site.post("/bahasa", data={"bahasa": "id", "next": "//evil.example/"})
    assert back.headers["location"] == "/"


def test_assets_are_hashed_cached_and_pages_compressed_and_light(site, database):
    officer = staff(database, region="52")
    for i in range(12):
        plan(database, officer, title=f"Pendidikan Pemilih Berdaulat {i}", start=at(3 + i),
             description="Materi: hak pilih, daftar pemilih, dan cara mencoblos. " * 5)
    home = site.get("/", headers={"accept-encoding": "gzip"})
    assert home.headers["content-encoding"] == "gzip"
    css_url = re.search(r'href="(/static/site\.[0-9a-f]{12}\.css)"', home.text).group(1)
    css = site.get(css_url, headers={"accept-encoding": "gzip"})
    assert css.status_code == 200 and "immutable" in css.headers["cache-control"]
    assert "max-age=31536000" in css.headers["cache-control"]
    raw = httpx_raw_size(site, css_url)
    assert raw < len(css.content)  # sent compressed
    sid = re.search(r'href="/sesi/(\d+)"', home.text).group(1)
    session = site.post(f"/sesi/{sid}", data=form(email="x"))  # the heaviest: form + errors
    assert session.status_code == 400
    for html in (home.text, session.text):
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert all(re.fullmatch(r"/static/\w+\.[0-9a-f]{12}\.js", s) for s in scripts)
        weight = len(html.encode()) + len(css.content) + sum(
            len(site.get(s).content) for s in scripts)
        assert weight <= 60 * 1024
        assert html.count("<script") == len(scripts)  # no inline script
        assert "http://" not in re.sub(r'href="[^"]*"', "", html)  # nothing from elsewhere


def httpx_raw_size(site, url: str) -> int:
    with site.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        body = b"".join(response.iter_raw())
    assert gzip.decompress(body)
    return len(body)


def test_calendar_pages(site, database, settings):
    index = site.get("/calendar")
    doc = landmarks(index.text)
    assert doc.h1 == ["Kalender pendidikan pemilih"]
    for words in ("Kalender wilayah", "Kalender kantor", "Kalender pribadi", "Kalender magang"):
        assert words in index.text
    empty = site.get("/calendar/sessions", params={"region": "5208"})
    assert empty.status_code == 200 and "Belum ada sesi" in empty.text
    assert "Android:" in empty.text and "iPhone:" in empty.text

    sid = officer_plans(database, title="Kelas Kalender")
    full = site.get("/calendar/offices/5271").text
    assert "Kelas Kalender" in full and "WITA" in full and "Belum ada sesi" not in full
    assert site.get("/calendar/sessions", params={"region": "99"}).status_code == 400
    assert site.get("/calendar/p/" + "A" * 26).status_code == 404
    assert site.get("/calendar/i/" + "A" * 26).status_code == 404

    mine = site.post(f"/sesi/{sid}", data=form()).headers["location"].split("/tiket/")[0]
    personal = Page(site.get(mine).text).links["Langganan kalender"]
    page = site.get(personal)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "Kelas Kalender" in page.text and "Jadwal saya" in page.text
    assert 'content="noindex' in page.text


def test_certificates_on_my_page_and_the_verified_page(site, database, settings):
    secret, code = certified_person(database, settings.secret_key)
    mine = site.get(f"/saya/{secret}")
    links = Page(mine.text).links
    assert links["Unduh PDF"] == f"/certificates/{code}.pdf"
    assert site.get(links["Unduh PDF"]).headers["content-type"] == "application/pdf"
    page = site.get(links["Periksa keaslian"].lower())
    assert page.status_code == 200 and page.headers["x-robots-tag"].startswith("noindex")
    text = page.text
    # A lay person reads the verdict first; the technical proof comes after.
    assert text.index("SAH") < text.index("Baiq Nurul Aini") < text.index("Bukti teknis") < \
        text.index("/.well-known/edu-certificates.pub")
    assert "Sertifikat ini sah: diberikan oleh" in text


def test_my_page_costs_the_same_for_one_registration_or_four(site, database):
    sids = [officer_plans(database, start=at(10 + n)) for n in range(4)]
    page = site.post(f"/sesi/{sids[0]}", data=form()).headers["location"].split("/tiket/")[0]
    with database.reader() as db:
        _, person = participant_by_page_secret(db, page.rsplit("/", 1)[1])

    def statements() -> int:
        with statements_on(database.engine) as seen:
            assert site.get(page).status_code == 200
        return len(seen)

    one = statements()
    for sid in sids[1:]:
        sign_up(database, sid, principal=person)
    assert statements() == one  # the sessions of a person's page come in one query
