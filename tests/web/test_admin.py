"""The administrators' pages over HTTP (SQLite and PostgreSQL): refused to anyone else by URL,
CSRF on every form, and for each action its error paths in words with nothing written."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from edu.accounts.models import BrowserSession, StaffAccount
from edu.accounts.service import _principal
from edu.audit import AuditEvent
from edu.auth.models import Role, Staff
from edu.certificates.models import CertificateOffice
from edu.db import Database, utcnow
from edu.internships.service import create_university
from edu.universities.models import University
from tests.edu.accountkit import PASSWORD, account
from tests.edu.totpkit import code, enrolled
from tests.web.adminkit import ADMIN, admin_signed_in, post
from tests.web.sitekit import Page
from tests.web.staffkit import csrf_of, signed_in

PAGES = ["/staf/admin", "/staf/admin/pengguna", "/staf/admin/pengguna/baru",
         "/staf/admin/pengguna/siti", "/staf/admin/universitas", "/staf/admin/universitas/1",
         "/staf/admin/kantor", "/staf/admin/kantor/5271", "/staf/admin/audit"]
ACTIONS = ["/staf/admin/pengguna/baru", "/staf/admin/pengguna/siti/peran",
           "/staf/admin/pengguna/siti/sandi", "/staf/admin/pengguna/siti/nonaktif",
           "/staf/admin/pengguna/siti/2fa", "/staf/admin/universitas",
           "/staf/admin/universitas/1", "/staf/admin/kantor/5271"]
NEW_USER = {"username": "budi", "name": "Budi Santoso", "role": "FACILITATOR",
            "region": "5271", "university": "", "password": "Rinjani-Segara-Anak-3"}


def _counts(database: Database) -> tuple[int, ...]:
    with database.reader() as db:
        return tuple(db.scalar(select(func.count()).select_from(m)) or 0 for m in (
            StaffAccount, Staff, University, CertificateOffice, AuditEvent))


def _audit(database: Database, action: str) -> list[AuditEvent]:
    with database.reader() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _university(database: Database, code_: str = "UNRAM", name: str = "Universitas Mataram"
                ) -> int:
    with database.transaction() as db:
        boss = _principal(db.scalars(select(Staff).where(Staff.role == Role.ADMIN)).one())
        return create_university(db, boss, code=code_, name=name).id


def test_admin_pages_refuse_everyone_else_by_url(site: httpx.Client, database: Database
                                                 ) -> None:
    for address in PAGES:
        assert site.get(address).headers["location"] == "/staf/masuk"  # not signed in
    account(database)
    signed_in(site)
    home = Page(site.get("/staf").text)
    assert "Administrasi" not in home.links and home.links["Akun saya"] == "/staf/akun"
    for address in PAGES:
        refused = site.get(address)
        assert refused.status_code == 403, address
        assert "Hanya administrator yang boleh membuka halaman ini." in refused.text
    before = _counts(database)
    csrf = csrf_of(site.get("/staf").text)
    for address in ACTIONS:
        assert site.post(address, data={"csrf": csrf, **NEW_USER, "code": "X1",
                                        "name": "X"}).status_code == 403, address
    assert _counts(database) == before


def test_admin_forms_without_the_csrf_field_are_refused(site: httpx.Client,
                                                        database: Database, settings) -> None:
    admin_signed_in(site, database, settings)
    account(database)
    _university(database)
    before = _counts(database)
    for address in ACTIONS:
        assert site.post(address, data={**NEW_USER, "code": "UNTB", "name": "X"}
                         ).status_code == 403, address
    assert _counts(database) == before


def test_the_admin_index_links_every_admin_page(site: httpx.Client, database: Database,
                                                settings) -> None:
    admin_signed_in(site, database, settings)
    links = Page(site.get("/staf/admin").text).links
    assert links["Pengguna"] == "/staf/admin/pengguna"
    assert links["Perguruan tinggi"] == "/staf/admin/universitas"
    assert links["Pengaturan sertifikat kantor"] == "/staf/admin/kantor"
    assert links["Log audit"] == "/staf/admin/audit"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"username": "ADMIN"}, "username", "Nama pengguna ini sudah dipakai."),
    ({"username": "a b"}, "username", "Nama pengguna terdiri dari 3 sampai 64"),
    ({"password": "pendek"}, "password", "Kata sandi paling sedikit 12 karakter."),
    ({"password": "password1234"}, "password", "termasuk yang paling umum"),
    ({"region": ""}, "region", "Harap diisi."),
    ({"role": "KING"}, "role", "Pilih salah satu peran."),
    ({"role": "UNIVERSITY_COORDINATOR", "university": "NOPE"}, "university",
     "Pilih perguruan tinggi dari daftar."),
    ({"name": " "}, "name", "Harap diisi."),
])
def test_a_rejected_new_user_writes_nothing_and_says_why(
        site: httpx.Client, database: Database, settings, changes: dict[str, str], field: str,
        words: str) -> None:
    admin_signed_in(site, database, settings)
    before = _counts(database)
    answer = post(site, "/staf/admin/pengguna/baru", "/staf/admin/pengguna/baru",
                  **{**NEW_USER, **changes})
    assert answer.status_code == 400
    assert words in answer.text
    assert f'aria-describedby="e-{field}' in answer.text
    assert f'value="{({**NEW_USER, **changes})["username"]}"' in answer.text  # as typed
    assert "Rinjani" not in answer.text  # a password is never sent back
    assert _counts(database) == before


def test_creating_a_user_with_a_role_and_scope(site: httpx.Client, database: Database,
                                               settings) -> None:
    admin_signed_in(site, database, settings)
    form = Page(site.get("/staf/admin/pengguna/baru").text)
    for label in ("Nama pengguna", "Nama lengkap", "Peran", "Wilayah", "Perguruan tinggi",
                  "Kata sandi"):
        form.control(label)
    made = post(site, "/staf/admin/pengguna/baru", "/staf/admin/pengguna/baru", **NEW_USER)
    assert made.status_code == 303 and made.headers["location"] == "/staf/admin/pengguna/budi"
    page = site.get(made.headers["location"]).text
    assert "Budi Santoso" in page and "Fasilitator" in page
    created = _audit(database, "user.create")[-1]
    assert created.after["role"] == "FACILITATOR" and created.after["region"] == "5271"
    assert "Rinjani" not in str(created.after)
    with httpx.Client(base_url=str(site.base_url)) as budi:
        assert signed_in(budi, "budi", NEW_USER["password"]).headers["location"] == "/staf"


def test_the_user_list_is_paged(site: httpx.Client, database: Database, settings) -> None:
    admin_signed_in(site, database, settings)
    for n in range(25):
        account(database, f"user{n:02d}", name=f"Pengguna {n}")
    first = site.get("/staf/admin/pengguna")
    assert "26 akun; halaman 1 dari 2." in first.text
    assert "/staf/admin/pengguna/admin" in first.text and "user24" not in first.text
    second = site.get("/staf/admin/pengguna?halaman=2")
    assert "user24" in second.text and "user00" not in second.text
    assert Page(second.text).links["Halaman sebelumnya"] == "?halaman=1"


def test_role_scope_password_disable_and_two_factor_of_a_user(
        api, site: httpx.Client, database: Database, settings) -> None:
    admin_signed_in(site, database, settings)
    secret, _ = enrolled(database, settings.secret_key)  # siti, with two-factor sign-in
    page = "/staf/admin/pengguna/siti"
    before = _counts(database)
    bad = post(site, page, f"{page}/peran", role="EDUCATION_OFFICER", region="")
    assert bad.status_code == 400 and "Harap diisi." in bad.text
    weak = post(site, page, f"{page}/sandi", password="pendek")
    assert weak.status_code == 400 and "paling sedikit 12 karakter" in weak.text
    assert _counts(database) == before
    moved = post(site, page, f"{page}/peran", role="EDUCATION_OFFICER", region="52")
    assert moved.status_code == 303 and "selesai=peran" in moved.headers["location"]
    with database.reader() as db:
        assert db.scalars(select(Staff).where(Staff.full_name == "Siti Aminah")
                          ).one().region_code == "52"
    role = _audit(database, "user.role")[-1]
    assert role.before["region"] == "5271" and role.after["region"] == "52"
    with httpx.Client(base_url=api.url) as siti:
        signed_in(siti)
        from tests.web.adminkit import second_step
        assert second_step(siti, code(secret, 1)).status_code == 303
        assert post(site, page, f"{page}/2fa").status_code == 303  # cleared: sessions end
        assert siti.get("/staf", follow_redirects=False).status_code == 303
        assert signed_in(siti).headers["location"] == "/staf"  # the password alone now
        assert post(site, page, f"{page}/nonaktif").status_code == 303
        assert siti.get("/staf", follow_redirects=False).status_code == 303
    assert "Nonaktif" in site.get(page).text
    assert post(site, page, f"{page}/sandi", password="Gili-Trawangan-Biru-8").status_code == 303
    assert "Aktif" in site.get(page).text
    for action in ("user.disable", "user.reset", "totp.clear"):
        assert len(_audit(database, action)) == 1, action
    assert site.get("/staf/admin/pengguna/nobody").status_code == 404
    assert post(site, page, "/staf/admin/pengguna/nobody/nonaktif").status_code == 404


def test_an_admin_cannot_demote_or_disable_themselves(site: httpx.Client, database: Database,
                                                      settings) -> None:
    admin_signed_in(site, database, settings)
    page = f"/staf/admin/pengguna/{ADMIN}"
    mine = Page(site.get(page).text)
    assert "Nonaktifkan akun" not in mine.buttons and "Simpan peran dan cakupan" not in \
        mine.buttons
    before = _counts(database)
    for action, data in (("peran", {"role": "FACILITATOR", "region": "52"}),
                         ("nonaktif", {})):
        refused = post(site, page, f"{page}/{action}", **data)
        assert refused.status_code == 400 and "Minta administrator lain" in refused.text
    assert _counts(database) == before


def test_universities_are_added_and_renamed(site: httpx.Client, database: Database,
                                            settings) -> None:
    admin_signed_in(site, database, settings)
    listing = "/staf/admin/universitas"
    added = post(site, listing, listing, code="unram", name="Universitas Mataram")
    assert added.status_code == 303
    assert "Universitas Mataram" in site.get(listing).text
    before = _counts(database)
    for data, words in (({"code": "UNRAM", "name": "Lain"}, "sudah ada"),
                        ({"code": "A", "name": "Satu huruf"}, "Gunakan 2 sampai 32"),
                        ({"code": "UNTB", "name": ""}, "Harap diisi.")):
        refused = post(site, listing, listing, **data)
        assert refused.status_code == 400 and words in refused.text, data
        assert f'value="{data["code"]}"' in refused.text
    assert _counts(database) == before
    with database.reader() as db:
        uid = db.scalars(select(University.id)).one()
    page = f"{listing}/{uid}"
    empty = post(site, page, page, name=" ")
    assert empty.status_code == 400 and "Harap diisi." in empty.text
    assert post(site, page, page, name="Universitas Mataram (UNRAM)").status_code == 303
    renamed = _audit(database, "university.rename")
    assert [(e.before, e.after) for e in renamed] == [
        ({"name": "Universitas Mataram"}, {"name": "Universitas Mataram (UNRAM)"})]
    assert site.get(f"{listing}/{uid + 99}").status_code == 404
    assert post(site, listing, f"{listing}/{uid + 99}", name="X").status_code == 404


def test_an_offices_certificate_settings(site: httpx.Client, database: Database,
                                         settings) -> None:
    admin_signed_in(site, database, settings)
    listing = site.get("/staf/admin/kantor")
    assert listing.status_code == 200 and "KPU Kota Mataram" in listing.text
    page = "/staf/admin/kantor/5271"
    form = Page(site.get(page).text)
    assert form.control("Templat nomor")["value"].startswith("{seq:03d}")
    before = _counts(database)
    bad = post(site, page, page, signerName="Hj. Nurul", signerTitle="",
               numberTemplate="{nomor}/KPU", place="")
    assert bad.status_code == 400 and "{seq} wajib ada" in bad.text
    assert 'value="{nomor}/KPU"' in bad.text and 'value="Hj. Nurul"' in bad.text
    long = post(site, page, page, signerName="x" * 500, signerTitle="",
                numberTemplate="{seq}", place="")
    assert long.status_code == 400
    assert _counts(database) == before
    saved = post(site, page, page, signerName="Hj. Nurul Aini", signerTitle="Ketua KPU Kota",
                 numberTemplate="{seq:04d}/PP/{unit}/{year}", place="Mataram")
    assert saved.status_code == 303
    assert "Hj. Nurul Aini" in site.get("/staf/admin/kantor").text
    event = _audit(database, "certificate_office.configure")[-1]
    assert event.after["signer_name"] == "Hj. Nurul Aini" and event.entity_id == "5271"
    assert site.get("/staf/admin/kantor/9999").status_code == 404


def test_the_audit_log_filters_and_pages_newest_first(site: httpx.Client,
                                                      database: Database, settings) -> None:
    admin_signed_in(site, database, settings)
    for n in range(55):
        _university(database, f"U{n:02d}", f"Universitas {n}")
    log = "/staf/admin/audit"
    first = site.get(log, params={"aksi": "university.create"})
    assert first.status_code == 200
    assert first.text.count("<td>university.create</td>") == 50
    assert first.text.index("U54") < first.text.index("U53") < first.text.index("U05")
    assert "U04" not in first.text
    older = Page(first.text).links["Peristiwa lebih lama"]
    second = site.get(log + older)
    assert second.text.count("<td>university.create</td>") == 5
    assert "U04" in second.text and "U00" in second.text and "U05" not in second.text
    assert "Peristiwa lebih lama" not in Page(second.text).links
    assert "Terbaru" in Page(second.text).links
    totp = site.get(log, params={"aksi": "totp."}).text
    assert "totp.enrol" in totp and "university.create" not in totp
    actor = site.get(log, params={"pelaku": "ani ad", "aksi": "signin"}).text
    assert "Ani Admin" in actor and "signin" in actor
    entity = site.get(log, params={"entitas": "StaffAccount"}).text
    assert "university.create" not in entity and "totp.enrol" in entity
    today = utcnow().astimezone(ZoneInfo("Asia/Makassar")).date()
    within = site.get(log, params={"aksi": "totp.enrol", "dari": today.isoformat(),
                                   "sampai": today.isoformat()}).text
    assert "Tidak ada peristiwa yang cocok." not in within
    later = (today + timedelta(days=1)).isoformat()
    assert "Tidak ada peristiwa yang cocok." in site.get(log, params={"dari": later}).text
    bad = site.get(log, params={"dari": "kemarin"})
    assert bad.status_code == 400 and 'aria-describedby="e-dari"' in bad.text
    backwards = site.get(log, params={"dari": later, "sampai": today.isoformat()})
    assert backwards.status_code == 400 and "Tanggal akhir sebelum tanggal awal." in \
        backwards.text


def test_an_admin_signs_in_with_password_and_code(site: httpx.Client, database: Database,
                                                  settings) -> None:
    secret, _ = enrolled(database, settings.secret_key, ADMIN, Role.ADMIN, None, "Ani Admin")
    assert signed_in(site, ADMIN, PASSWORD).headers["location"] == "/staf/masuk/kode"
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(BrowserSession)) == 0
