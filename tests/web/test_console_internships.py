"""The internship console over HTTP (SQLite and PostgreSQL): placements with their errors
beside the fields, the queue in working days, accepting and rejecting, logbook review,
evaluation with its grade, coordinators applying by form and by CSV (a bad row: nothing
written, its line and column named), and scope: another university's student is not found
by list nor by address; a form without its CSRF field is refused."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from edu.db import Database
from edu.integrity.workdays import work_calendar
from edu.internships.models import (
    Internship,
    InternshipStatus,
    LogbookEntry,
    LogbookStatus,
    Placement,
)
from edu.internships.service import today
from tests.edu.accountkit import account
from tests.web.internkit import (
    accepted_and_logged,
    applied,
    coordinator_account,
    counts,
    csv_of,
    days_ago,
    officer_account,
    placement,
    row,
    student,
)
from tests.web.sitekit import Page
from tests.web.staffkit import csrf_of, signed_in


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    """Signed in as an internship officer of the whole province."""
    officer_account(database)
    assert signed_in(site, "dewi").status_code == 303
    return site


@pytest.fixture
def coordinator(site: httpx.Client, database: Database) -> httpx.Client:
    """Signed in as the coordinator of Universitas Mataram (UNRAM)."""
    coordinator_account(database, "rina", "UNRAM")
    assert signed_in(site, "rina").status_code == 303
    return site


def _post(client: httpx.Client, url: str, page_url: str, **data: str) -> httpx.Response:
    return client.post(url, data={"csrf": csrf_of(client.get(page_url).text), **data})


def _status(database: Database, internship_id: int) -> InternshipStatus:
    with database.reader() as db:
        return db.get(Internship, internship_id).status


PLACEMENT = {"title": "Magang Data Pemilih", "unit": "Divisi Perencanaan, Data dan Informasi",
             "regionCode": "5271", "startsOn": "2030-02-03", "endsOn": "2030-03-31",
             "quota": "4", "requiredHours": "120", "supervisorName": "Lalu Ahmad",
             "description": "Pemutakhiran data."}


def test_a_placement_is_made_and_edited_by_its_form_with_errors_beside_the_fields(
        officer: httpx.Client, database: Database) -> None:
    new = "/staf/magang/penempatan/baru"
    bad = _post(officer, new, new, **{**PLACEMENT, "title": "", "endsOn": "2030-02-01",
                                      "quota": "empat"})
    assert bad.status_code == 400
    assert 'id="e-title"' in bad.text and 'aria-describedby="e-title"' in bad.text
    assert "Hari terakhir tidak boleh sebelum hari pertama." in bad.text
    assert "Ketik bilangan bulat." in bad.text
    assert 'value="Lalu Ahmad"' in bad.text  # kept as typed
    with database.reader() as db:
        assert db.scalars(select(Placement)).all() == []
    made = _post(officer, new, new, **PLACEMENT)
    assert made.status_code == 303
    with database.reader() as db:
        pid = db.scalars(select(Placement)).one().id
    url = f"/staf/magang/penempatan/{pid}"
    assert made.headers["location"] == url
    with database.reader() as db:
        made_one = db.get(Placement, pid)
        assert (made_one.quota, made_one.required_hours, made_one.region_code) == \
            (4, 120, "5271")


def test_the_quota_and_period_are_edited_and_never_below_the_accepted(
        officer: httpx.Client, database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    pid = placement(database, quota=2)
    first, _ = applied(database, "UNRAM", pid, student(1), student(2))
    accepted_and_logged(database, first, 0)
    url = f"/staf/magang/penempatan/{pid}"
    form = Page(officer.get(url).text)
    for label in ("Kuota", "Hari pertama", "Hari terakhir", "Jam wajib"):
        form.control(label)
    values = {k: form.controls[f"f-{k}"].get("value") or "" for k in
              ("title", "unit", "startsOn", "endsOn", "quota", "requiredHours",
               "supervisorName")}
    values |= {"regionCode": "5271", "description": ""}
    low = _post(officer, url, url, **{**values, "quota": "0"})
    assert low.status_code == 400 and "Paling sedikit 1 kursi." in low.text
    with database.reader() as db:
        assert db.get(Placement, pid).quota == 2
    longer = (today() + timedelta(days=90)).isoformat()
    assert _post(officer, url, url, **{**values, "quota": "5", "endsOn": longer}
                 ).status_code == 303
    with database.reader() as db:
        changed = db.get(Placement, pid)
        assert (changed.quota, changed.ends_on.isoformat()) == (5, longer)


def test_accepting_when_the_quota_is_full_is_refused(officer: httpx.Client,
                                                     database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    pid = placement(database, quota=1)
    first, second = applied(database, "UNRAM", pid, student(1), student(2))
    url = f"/staf/magang/lamaran/{first}"
    assert _post(officer, f"{url}/terima", url).status_code == 303
    assert _status(database, first) is InternshipStatus.ACCEPTED
    url = f"/staf/magang/lamaran/{second}"
    full = _post(officer, f"{url}/terima", url)
    assert full.status_code == 400
    assert "Semua kursi penempatan ini sudah terisi." in full.text
    assert _status(database, second) is InternshipStatus.APPLIED


def test_rejecting_needs_a_reason(officer: httpx.Client, database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    (iid,) = applied(database, "UNRAM", placement(database), student(1))
    url = f"/staf/magang/lamaran/{iid}"
    page = Page(officer.get(url).text)
    assert {"Terima", "Tolak"} <= set(page.buttons)
    page.control("Alasan penolakan")
    bare = _post(officer, f"{url}/tolak", url, rejectNote="  ")
    assert bare.status_code == 400
    assert 'id="e-rejectNote"' in bare.text and "Tuliskan alasannya." in bare.text
    assert _status(database, iid) is InternshipStatus.APPLIED
    assert _post(officer, f"{url}/tolak", url, rejectNote="Kuota unit penuh").status_code == 303
    assert _status(database, iid) is InternshipStatus.REJECTED
    again = _post(officer, f"{url}/terima", url)
    assert again.status_code == 400 and "Lamaran ini sudah diputuskan." in again.text


def test_the_queue_counts_working_days_and_flags_those_about_to_pass_the_standard(
        officer: httpx.Client, database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    pid = placement(database)
    with database.reader() as db:
        calendar = work_calendar(db)
    now = today()

    def ago(days: int) -> int:
        """Calendar days back to the day `days` working days before today."""
        back = 0
        while calendar.between(now - timedelta(days=back), now) < days:
            back += 1
        return back

    applied(database, "UNRAM", pid, student(1, "Lama Sekali"), at=days_ago(ago(12)))
    applied(database, "UNRAM", pid, student(2, "Hampir Lewat"), at=days_ago(ago(9)))
    applied(database, "UNRAM", pid, student(3, "Baru Masuk"), at=days_ago(0))
    html = officer.get("/staf/magang/antrean").text
    assert html.index("Lama Sekali") < html.index("Hampir Lewat") < html.index("Baru Masuk")
    assert "Lamaran menunggu keputusan: 3." in html
    assert "Sudah menunggu 12 hari kerja dari standar 10" in html
    assert "Sudah menunggu 9 hari kerja dari standar 10" in html
    cards = html.split("<li>")
    late = next(c for c in cards if "Lama Sekali" in c)
    soon = next(c for c in cards if "Hampir Lewat" in c)
    fresh = next(c for c in cards if "Baru Masuk" in c)
    assert "Melewati standar pelayanan" in late
    assert "Hampir melewati standar pelayanan" in soon
    assert "standar pelayanan" not in fresh
    # The application's own page keeps the same clock where the decision is taken.
    late_page = officer.get(late.split('href="')[1].split('"')[0]).text
    assert "Sudah menunggu 12 hari kerja dari standar 10" in late_page
    assert "Melewati standar pelayanan" in late_page


def test_logbook_days_are_approved_or_returned_with_a_note(officer: httpx.Client,
                                                           database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    (iid,) = applied(database, "UNRAM", placement(database), student(1))
    first, second = accepted_and_logged(database, iid, 2)
    url = f"/staf/magang/lamaran/{iid}"
    bare = _post(officer, f"{url}/logbook/{first}/kembalikan", url, **{f"note-{first}": ""})
    assert bare.status_code == 400 and f'id="e-note-{first}"' in bare.text
    assert _post(officer, f"{url}/logbook/{first}/kembalikan", url,
                 **{f"note-{first}": "Tulis kegiatan lebih rinci"}).status_code == 303
    assert _post(officer, f"{url}/logbook/{second}/setujui", url).status_code == 303
    with database.reader() as db:
        assert db.get(LogbookEntry, first).status is LogbookStatus.RETURNED
        assert db.get(LogbookEntry, second).status is LogbookStatus.APPROVED
        assert db.get(Internship, iid).minutes_approved == 8 * 60
    # An entry of another internship, by the address of this one: not found.
    (other,) = applied(database, "UNRAM", placement(database), student(2))
    (third,) = accepted_and_logged(database, other, 1)
    assert _post(officer, f"{url}/logbook/{third}/setujui", url).status_code == 404


def test_the_evaluation_shows_its_grade_and_waits_for_the_hours(officer: httpx.Client,
                                                                database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    (iid,) = applied(database, "UNRAM", placement(database, required_hours=16), student(1))
    entries = accepted_and_logged(database, iid, 2)
    url = f"/staf/magang/lamaran/{iid}"
    assert "A ≥ 85" in officer.get(url).text  # the bands beside the score field
    bad = _post(officer, f"{url}/nilai", url, score="101")
    assert bad.status_code == 400 and 'id="e-score"' in bad.text
    short = _post(officer, f"{url}/nilai", url, score="88")
    assert short.status_code == 400 and "belum mencapai jam wajib" in short.text
    for entry in entries:
        _post(officer, f"{url}/logbook/{entry}/setujui", url)
    assert _post(officer, f"{url}/nilai", url, score="88.5",
                 evaluationNote="Rajin").status_code == 303
    html = officer.get(url).text
    assert "88.50" in html and "<strong>A</strong>" in html
    assert _status(database, iid) is InternshipStatus.COMPLETED


def test_a_coordinator_sees_their_own_students_only(coordinator: httpx.Client,
                                                    database: Database) -> None:
    coordinator_account(database, "budi", "UNDIKMA")
    pid = placement(database)
    (own,) = applied(database, "UNRAM", pid, student(1, "Baiq Mahasiswi Unram"))
    (other,) = applied(database, "UNDIKMA", pid, student(2, "Lalu Mahasiswa Undikma"))
    listing = coordinator.get("/staf/magang").text
    assert "Baiq Mahasiswi Unram" in listing and "Lalu Mahasiswa Undikma" not in listing
    assert coordinator.get("/staf/magang?cari=Undikma").text.count("<li><h3>") == 0
    assert coordinator.get(f"/staf/magang/lamaran/{own}").status_code == 200
    assert coordinator.get(f"/staf/magang/lamaran/{other}").status_code == 404
    assert coordinator.get("/staf/magang/lamaran/99999999999999999999").status_code == 404
    assert coordinator.get("/staf/magang/penempatan/99999999999999999999").status_code == 404
    assert coordinator.get("/staf/magang?penempatan=99999999999999999999").status_code == 200
    mine = f"/staf/magang/lamaran/{own}"
    assert _post(coordinator, f"/staf/magang/lamaran/{other}/kalender", mine
                 ).status_code == 404
    # Deciding is the office's: refused, even on their own student.
    assert _post(coordinator, f"{mine}/terima", mine).status_code == 403
    assert _status(database, own) is InternshipStatus.APPLIED
    page = Page(coordinator.get(mine).text)
    assert "Terima" not in page.buttons and "Setujui" not in page.buttons
    english = Page(coordinator.get(mine, headers={"Accept-Language": "en"}).text)
    assert english.lang == "en" and "Calendar link" in english.buttons
    link = _post(coordinator, f"{mine}/kalender", mine)
    assert link.status_code == 200 and "/calendar/i/" in link.text
    feed = Page(link.text).control("Tautan kalender untuk")["value"]
    assert Page(_post(coordinator, f"{mine}/kalender", mine).text).control(
        "Tautan kalender untuk")["value"] == feed  # the same link until it is replaced
    rotated = Page(_post(coordinator, f"{mine}/kalender", mine, rotate="ya").text)
    assert rotated.control("Tautan kalender untuk")["value"] not in (feed, None)


def test_a_coordinator_applies_a_student_by_the_form(coordinator: httpx.Client,
                                                     database: Database) -> None:
    pid = placement(database)
    url = f"/staf/magang/penempatan/{pid}/lamar"
    form = {"fullName": "Baiq Nurul", "email": "bukan-email", "phone": "0812 3456 7890",
            "studentNumber": "F1000001", "studyProgram": "Ilmu Politik", "gender": "FEMALE",
            "letterNumber": "B-12/UN18/2030", "campusSupervisor": "Dr. Lalu"}
    bad = _post(coordinator, url, url, **form)
    assert bad.status_code == 400 and 'id="e-email"' in bad.text
    assert 'value="Baiq Nurul"' in bad.text
    assert counts(database) == (0, 0)
    made = _post(coordinator, url, url, **{**form, "email": "baiq@mhs.unram.ac.id"})
    assert made.status_code == 303
    assert counts(database) == (1, 1)


def test_a_csv_with_a_bad_row_writes_nothing_and_names_its_line_and_column(
        coordinator: httpx.Client, database: Database) -> None:
    pid = placement(database)
    url = f"/staf/magang/penempatan/{pid}/impor"
    token = csrf_of(coordinator.get(url).text)
    bad = coordinator.post(url, data={"csrf": token}, files={"file": ("mhs.csv", csv_of(
        row(1), row(2, email="bukan-email"), row(3, jenis_kelamin="X"), row(4, nim="F1000001"),
    ), "text/csv")})
    assert bad.status_code == 400
    assert "Baris 3, kolom email: Ini bukan alamat email" in bad.text
    assert "Baris 4, kolom jenis_kelamin: Tulis P atau L." in bad.text
    assert "Baris 5, kolom nim: NIM ini muncul dua kali dalam daftar." in bad.text
    assert "Kirim lamaran" not in bad.text
    assert counts(database) == (0, 0)
    huge = coordinator.post(url, data={"csrf": token}, files={"file": (
        "mhs.csv", csv_of(*(row(n) for n in range(1, 9000))), "text/csv")})
    assert huge.status_code == 413 and "Berkas ini lebih dari 512 KB" in huge.text
    missing = coordinator.post(url, data={"csrf": token}, files={"file": (
        "mhs.csv", b"nama_lengkap;email\nBaiq;baiq@mhs.unram.ac.id\n", "text/csv")})
    assert missing.status_code == 400 and "Baris 1, kolom nim: Kolom ini tidak ada" in missing.text
    good = coordinator.post(url, data={"csrf": token, "letterNumber": "B-7/2030"},
                            files={"file": ("mhs.csv", "\ufeff".encode() + csv_of(
                                row(1), row(2, jenis_kelamin="L")), "text/csv")})
    assert good.status_code == 200 and "Kirim lamaran" in good.text
    assert counts(database) == (0, 0)  # a preview writes nothing
    page = good.text
    sent = coordinator.post(f"{url}/kirim", data={
        "csrf": csrf_of(page), "berkas": page.split('name="berkas" value="')[1].split('"')[0],
        "letterNumber": "B-7/2030", "campusSupervisor": ""})
    assert sent.status_code == 303
    with database.reader() as db:
        rows = db.scalars(select(Internship)).all()
        assert sorted(i.student.full_name for i in rows) == ["Mahasiswa 1", "Mahasiswa 2"]
        assert {i.request_letter_number for i in rows} == {"B-7/2030"}


def test_forms_without_their_csrf_field_are_refused(officer: httpx.Client,
                                                    database: Database) -> None:
    assert officer.post("/staf/magang/penempatan/baru", data=PLACEMENT).status_code == 403
    coordinator_account(database, "rina", "UNRAM")
    pid = placement(database)
    (iid,) = applied(database, "UNRAM", pid, student(1))
    assert officer.post(f"/staf/magang/lamaran/{iid}/terima").status_code == 403
    assert _status(database, iid) is InternshipStatus.APPLIED
    upload = officer.post(f"/staf/magang/penempatan/{pid}/impor",
                          files={"file": ("mhs.csv", csv_of(row(5)), "text/csv")})
    assert upload.status_code == 403
    assert counts(database) == (1, 1)


def test_staff_outside_internships_are_refused(site: httpx.Client, database: Database) -> None:
    account(database, "siti")  # an education officer
    assert signed_in(site, "siti").status_code == 303
    assert site.get("/staf/magang").status_code == 403
    assert site.get("/staf/magang/antrean").status_code == 403


def test_an_officer_of_another_region_neither_lists_nor_opens_an_application(
        site: httpx.Client, database: Database) -> None:
    officer_account(database, "yusuf", region="5272")  # Kota Bima
    coordinator_account(database, "rina", "UNRAM")
    (iid,) = applied(database, "UNRAM", placement(database, region="5271"),
                     student(1, "Baiq Mahasiswi Mataram"))
    assert signed_in(site, "yusuf").status_code == 303
    assert "Baiq Mahasiswi Mataram" not in site.get("/staf/magang").text
    assert "Baiq Mahasiswi Mataram" not in site.get("/staf/magang/antrean").text
    assert site.get(f"/staf/magang/lamaran/{iid}").status_code == 404
    home = "/staf/magang"
    assert _post(site, f"/staf/magang/lamaran/{iid}/terima", home).status_code == 404
    assert _status(database, iid) is InternshipStatus.APPLIED


def test_the_queue_and_the_list_are_read_a_page_at_a_time(officer: httpx.Client,
                                                         database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    applied(database, "UNRAM", placement(database), *(student(n) for n in range(1, 23)))
    # A card of the queue says how long it waited; one of the list, the student's NIM.
    for url, card in (("/staf/magang/antrean", "Sudah menunggu"), ("/staf/magang", "NIM F1")):
        first = officer.get(url).text
        assert first.count(card) == 20 and "Halaman 1 dari 2" in first
        second = officer.get(f"{url}?halaman=2").text
        assert second.count(card) == 2 and "Halaman 2 dari 2" in second
    assert "Lamaran menunggu keputusan: 22." in officer.get("/staf/magang/antrean").text


def test_a_file_of_the_most_students_a_letter_carries_goes_through(
        coordinator: httpx.Client, database: Database) -> None:
    url = f"/staf/magang/penempatan/{placement(database)}/impor"
    long = "Program Studi Ilmu Pemerintahan, Fakultas Ilmu Sosial dan Ilmu Politik " * 2
    name = "Baiq Nurul Aini Lestari Putri Rahayu Wulandari " * 3
    data = csv_of(*(row(n, nama_lengkap=f"{name}{n:03d}",
                        program_studi=f'"{long.strip()}"') for n in range(1, 201)))
    assert len(data) > 64 * 1024  # more than a plain form may carry
    preview = coordinator.post(url, data={"csrf": csrf_of(coordinator.get(url).text)},
                               files={"file": ("mhs.csv", data, "text/csv")})
    assert preview.status_code == 200, preview.text
    packed = preview.text.split('name="berkas" value="')[1].split('"')[0]
    sent = coordinator.post(f"{url}/kirim", data={"csrf": csrf_of(preview.text),
                                                  "berkas": packed})
    assert sent.status_code == 303
    assert counts(database) == (200, 200)
    broken = coordinator.post(f"{url}/kirim", data={"csrf": csrf_of(preview.text),
                                                    "berkas": packed[:-8]})
    assert broken.status_code == 400 and "tidak kembali utuh" in broken.text
