"""A session's class import, attendance in bulk and certificate batch from the console, over
HTTP on SQLite and PostgreSQL: each error path in Indonesian words with nothing written, scope
refusals by URL, forms without the CSRF field refused, a batch followed to its ZIP."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date

import httpx
import pytest
from sqlalchemy import func, select

from edu.auth.models import Role
from edu.certificates.models import CertificateBatch
from edu.db import Database
from edu.registrations.held_imports import HeldImport
from edu.registrations.models import AttendanceStatus, Registration
from edu.sessions.models import SessionStatus
from tests.edu import certificates_factory as factory
from tests.edu.accountkit import account
from tests.edu.sessionkit import details, sign_up
from tests.edu.test_import_files import GOOD, HEADER, xlsx
from tests.web.sitekit import Page, at, counts, plan, staff
from tests.web.staffkit import csrf_of, signed_in

BAD_DATE = "Lalu Ahmad,lalu@example.id,,L,2002-17-08,5271,tidak,SMAN 1 Mataram"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    """The site's client, signed in as an education officer of Kota Mataram (5271)."""
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    return site


def _upload(client: httpx.Client, sid: int, data: bytes, name: str = "kelas.csv",
            kind: str = "text/csv", csrf: bool = True) -> httpx.Response:
    fields = {"csrf": csrf_of(client.get("/staf/sesi").text)} if csrf else {}
    return client.post(f"/staf/sesi/{sid}/impor", data=fields, files={"file": (name, data, kind)})


def _post(client: httpx.Client, url: str, page_url: str, **data: str) -> httpx.Response:
    return client.post(url, data={"csrf": csrf_of(client.get(page_url).text), **data})


def _held(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(HeldImport)) or 0


def _batches(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(CertificateBatch)) or 0


def _csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def test_the_session_page_has_the_contracts_controls(officer: httpx.Client,
                                                     database: Database) -> None:
    sid = plan(database, staff(database, region="52"))
    page = Page(officer.get(f"/staf/sesi/{sid}").text)
    assert page.control("Impor peserta")["type"] == "file"
    assert "Unggah" in page.buttons and "Terbitkan sertifikat" in page.buttons
    assert page.links["Catat kehadiran"] == f"/staf/sesi/{sid}/kehadiran"


def test_a_bad_csv_row_is_named_and_nothing_is_written(officer: httpx.Client,
                                                       database: Database) -> None:
    sid = plan(database, staff(database, region="52"))
    bad = _upload(officer, sid, b"\xef\xbb\xbf" + _csv(GOOD, "", BAD_DATE))
    assert bad.status_code == 400
    assert "Baris 4, kolom tanggal_lahir: Tulis tanggal sebagai YYYY-MM-DD atau DD/MM/YYYY" \
        in bad.text
    assert "Baiq Nurul Aini" in bad.text  # the rows are shown
    # The service's refusal of another line comes in the same preview, but not a guess
    # about the line whose birth date could not be read (no date: a guardian's consent).
    twice = _upload(officer, sid, _csv(GOOD, BAD_DATE, GOOD))
    assert "Baris 4, kolom email: Email yang sama sudah ada di baris sebelumnya" in twice.text
    assert "Baris 3, kolom tanggal_lahir: Tulis tanggal" in twice.text
    assert "Baris 3, kolom persetujuan_wali" not in twice.text
    assert "Impor 2 peserta" not in bad.text  # no way to confirm
    assert counts(database) == (0, 0) and _held(database) == 0


def test_the_services_refusals_are_named_by_line_and_column(officer: httpx.Client,
                                                            database: Database) -> None:
    sid = plan(database, staff(database, region="52"))
    twice = _upload(officer, sid, _csv(GOOD, GOOD.replace("Baiq Nurul Aini", "Baiq Lain"),
                                       "Rina,rina@example.id,,P,,5271,tidak,"))
    assert twice.status_code == 400
    assert "Baris 3, kolom email: Email yang sama sudah ada di baris sebelumnya" in twice.text
    assert "Baris 4, kolom persetujuan_wali: Di bawah 18 tahun" in twice.text
    assert counts(database) == (0, 0) and _held(database) == 0


def test_a_bad_xlsx_row_is_named_and_nothing_is_written(officer: httpx.Client,
                                                        database: Database) -> None:
    sid = plan(database, staff(database, region="52"))
    data = xlsx([HEADER.split(","), GOOD.split(","),
                 ["Lalu Ahmad", "lalu@example.id", None, "X", date(2002, 8, 17), 5271, "tidak",
                  None]])
    bad = _upload(officer, sid, data, "kelas.xlsx", XLSX)
    assert bad.status_code == 400
    assert "Baris 3, kolom jenis_kelamin: Tulis P (perempuan) atau L (laki-laki)." in bad.text
    assert counts(database) == (0, 0) and _held(database) == 0


def test_files_the_page_cannot_read_say_why(officer: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"))
    wrong = _upload(officer, sid, b"nama,email\nA,a@example.id\n")
    assert wrong.status_code == 400
    assert "Baris 1, kolom nama_lengkap: Kolom ini tidak ada di baris judul." in wrong.text
    big = _upload(officer, sid, _csv(*[GOOD] * 7000))
    assert big.status_code == 413 and "Berkas lebih besar dari 512 KB" in big.text
    many = _upload(officer, sid, _csv(*[GOOD.replace("baiq@", f"b{i}@") for i in range(501)]))
    assert many.status_code == 400 and "Paling banyak 500 peserta" in many.text
    none = _upload(officer, sid, b"")
    assert none.status_code == 400 and "Pilih berkas CSV atau XLSX" in none.text
    assert counts(database) == (0, 0)


def test_a_good_file_is_previewed_then_imported_once(officer: httpx.Client,
                                                     database: Database) -> None:
    sid = plan(database, staff(database, region="52"))
    data = xlsx([HEADER.split(","), GOOD.split(","),
                 ["Lalu Ahmad", "lalu@example.id", None, "L", "17/08/2002", "5271", "ya", None]])
    preview = _upload(officer, sid, data, "kelas.xlsx", XLSX)
    assert preview.status_code == 200 and "Impor 2 peserta" in Page(preview.text).buttons
    assert counts(database) == (0, 0) and _held(database) == 1  # nothing written yet
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    url = f"/staf/sesi/{sid}/impor/konfirmasi"
    done = officer.post(url, data={"csrf": csrf_of(preview.text), "token": token})
    assert done.status_code == 303 and done.headers["location"] == f"/staf/sesi/{sid}?diimpor=2"
    assert counts(database) == (2, 2) and _held(database) == 0
    assert "2 peserta diimpor." in officer.get(done.headers["location"]).text
    again = officer.post(url, data={"csrf": csrf_of(preview.text), "token": token})
    assert again.status_code == 400 and "Pratinjau ini tidak disimpan lagi" in again.text
    assert counts(database) == (2, 2)


def test_a_completed_session_takes_no_import(officer: httpx.Client, database: Database) -> None:
    sid, _ = factory.session_with(database, [(factory.CONFIRMED, factory.PRESENT)])
    refused = _upload(officer, sid, _csv(GOOD))
    assert refused.status_code == 400
    assert "Sesi ini tidak lagi menerima pendaftaran." in refused.text
    assert counts(database) == (1, 1)


def test_another_regions_session_is_refused_by_url(officer: httpx.Client,
                                                   database: Database) -> None:
    province = staff(database, region="52")
    draft = plan(database, province, publish=False, region="5272")
    public = plan(database, province, region="5272")
    assert _upload(officer, draft, _csv(GOOD)).status_code == 404
    assert _upload(officer, public, _csv(GOOD)).status_code == 403
    assert officer.get(f"/staf/sesi/{public}/kehadiran").status_code == 403
    assert officer.get(f"/staf/sesi/{draft}/kehadiran").status_code == 404
    assert _post(officer, f"/staf/sesi/{public}/kehadiran", "/staf/sesi",
                 status="PRESENT", p1="ya").status_code == 403
    elsewhere, _ = factory.session_with(database, [(factory.CONFIRMED, factory.PRESENT)],
                                        region="5272")
    assert _post(officer, f"/staf/sesi/{elsewhere}/sertifikat", "/staf/sesi").status_code == 404
    batch = factory.issue(database, factory.staff(database, Role.ADMIN), session_id=elsewhere)
    assert officer.get(f"/staf/sertifikat/{batch}").status_code == 404
    assert officer.get(f"/staf/sertifikat/{batch}/kemajuan").status_code == 404
    assert counts(database) == (1, 1) and _batches(database) == 1


def test_forms_without_the_csrf_field_are_refused(officer: httpx.Client,
                                                  database: Database) -> None:
    sid = plan(database, staff(database, region="52"), start=at(0, hours=1))
    sign_up(database, sid, details("Baiq Nurul"))
    assert _upload(officer, sid, _csv(GOOD), csrf=False).status_code == 403
    assert officer.post(f"/staf/sesi/{sid}/impor/konfirmasi",
                        data={"token": "x"}).status_code == 403
    assert officer.post(f"/staf/sesi/{sid}/kehadiran",
                        data={"status": "PRESENT", "p1": "ya"}).status_code == 403
    assert officer.post(f"/staf/sesi/{sid}/sertifikat").status_code == 403
    assert counts(database) == (1, 1) and _batches(database) == 0
    with database.reader() as db:
        assert db.scalars(select(Registration.attendance_status)).all() == [None]


def _registrations(database: Database, sid: int) -> dict[int, AttendanceStatus | None]:
    with database.reader() as db:
        return dict(db.execute(select(Registration.participant_id, Registration.attendance_status)
                               .where(Registration.session_id == sid)).all())


def test_attendance_in_bulk_all_or_nothing(officer: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"), start=at(0, hours=1), capacity=2)
    people = []
    for name in ("Baiq Nurul", "Lalu Ahmad", "Dewi Sartika"):  # Dewi waits on the waitlist
        registered = sign_up(database, sid, details(name))
        people.append(registered.participant.id)
    url = f"/staf/sesi/{sid}/kehadiran"
    sheet = officer.get(url)
    assert "Baiq Nurul" in sheet.text and "Dewi Sartika" not in sheet.text
    Page(sheet.text).control("Status kehadiran")
    nobody = _post(officer, url, url, status="PRESENT")
    assert nobody.status_code == 400 and "Centang paling sedikit satu peserta." in nobody.text
    with_waiting = _post(officer, url, url, status="LATE",
                         **{f"p{people[0]}": "ya", f"p{people[2]}": "ya"})
    assert with_waiting.status_code == 400
    assert "Ada peserta yang dicentang tanpa tempat terkonfirmasi" in with_waiting.text
    assert f'id="p-{people[0]}" name="p{people[0]}" type="checkbox" value="ya" checked' \
        in with_waiting.text  # kept as ticked
    assert set(_registrations(database, sid).values()) == {None}
    done = _post(officer, url, url, status="LATE",
                 **{f"p{people[0]}": "ya", f"p{people[1]}": "ya"})
    assert done.status_code == 303
    assert "Kehadiran 2 peserta dicatat." in officer.get(done.headers["location"]).text
    assert _registrations(database, sid) == {people[0]: AttendanceStatus.LATE,
                                             people[1]: AttendanceStatus.LATE, people[2]: None}


def test_attendance_outside_its_window_is_refused_in_words(officer: httpx.Client,
                                                           database: Database) -> None:
    sid = plan(database, staff(database, region="52"), start=at(10))
    pid = sign_up(database, sid, details("Baiq Nurul")).participant.id
    url = f"/staf/sesi/{sid}/kehadiran"
    early = _post(officer, url, url, status="PRESENT", **{f"p{pid}": "ya"})
    assert early.status_code == 400
    assert "Kehadiran dibuka dua jam sebelum sesi dimulai." in early.text
    assert _registrations(database, sid) == {pid: None}


def test_a_batch_on_a_session_not_completed_is_refused(officer: httpx.Client,
                                                       database: Database) -> None:
    sid, _ = factory.session_with(database, [(factory.CONFIRMED, factory.PRESENT)],
                                  status=SessionStatus.PUBLISHED)
    refused = _post(officer, f"/staf/sesi/{sid}/sertifikat", f"/staf/sesi/{sid}")
    assert refused.status_code == 400
    assert "Sertifikat terbit setelah sesi berakhir dan diselesaikan" in refused.text
    nobody, _ = factory.session_with(database, [(factory.CONFIRMED, None)])
    empty = _post(officer, f"/staf/sesi/{nobody}/sertifikat", f"/staf/sesi/{nobody}")
    assert empty.status_code == 400 and "Belum ada yang berhak" in empty.text
    assert _batches(database) == 0


def test_a_batch_runs_to_its_zip(officer: httpx.Client, database: Database) -> None:
    sid, _ = factory.session_with(database, [(factory.CONFIRMED, factory.PRESENT),
                                             (factory.CONFIRMED, factory.LATE),
                                             (factory.CONFIRMED, None)])
    issued = _post(officer, f"/staf/sesi/{sid}/sertifikat", f"/staf/sesi/{sid}")
    assert issued.status_code == 303
    url = issued.headers["location"]
    assert url.startswith("/staf/sertifikat/")
    deadline = time.monotonic() + 120  # the app's own runner does the work
    while (progress := officer.get(f"{url}/kemajuan").json())["running"]:
        assert time.monotonic() < deadline, progress
        time.sleep(0.2)
    assert progress["status"] == "COMPLETED" and progress["label"] == "Selesai"
    assert (progress["issued"], progress["total"], progress["rendered"]) == (2, 2, 2)
    page = Page(officer.get(url).text)
    download = officer.get(page.links["Unduh sertifikat (ZIP)"])
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(download.content)).namelist()) == 2
