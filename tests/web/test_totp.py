"""Two-factor sign-in over HTTP (SQLite and PostgreSQL): the code page after the password, a
half sign-in that opens nothing, wrong and replayed codes, the lock, recovery codes once, an
admin's enrolment before any session, and "my account" (turning it on and off, sessions)."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select

from edu.accounts.models import BrowserSession, RecoveryCode, StaffAccount
from edu.accounts.service import ACCOUNT_FAILURES
from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.db import Database
from tests.edu.accountkit import account
from tests.edu.totpkit import code, enrolled
from tests.web.adminkit import admin_signed_in, post, second_step
from tests.web.sitekit import Page
from tests.web.staffkit import csrf_of, signed_in


def _open_sessions(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(BrowserSession).where(
            BrowserSession.revoked_at.is_(None))) or 0


def _wrong(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


def test_a_right_password_leads_to_the_code_page_and_no_further(
        site: httpx.Client, database: Database, settings) -> None:
    secret, _ = enrolled(database, settings.secret_key)
    half = signed_in(site)
    assert half.status_code == 303 and half.headers["location"] == "/staf/masuk/kode"
    cookies = " ".join(half.headers.get_list("set-cookie")).lower()
    assert "edu_staf_2=" in cookies and "edu_staf=" not in cookies.replace("edu_staf_2=", "")
    assert "httponly" in cookies and "path=/staf" in cookies
    assert site.get("/staf").headers["location"] == "/staf/masuk"  # not signed in yet
    assert site.get("/staf/akun").headers["location"] == "/staf/masuk"
    form = site.get("/staf/masuk/kode")
    html = Page(form.text)
    assert form.status_code == 200 and html.h1 == ["Kode masuk"]
    assert html.control("Kode")["autocomplete"] == "one-time-code" and "Lanjut" in html.buttons
    assert site.post("/staf/masuk/kode", data={"code": code(secret, 1)}).status_code == 403
    wrong = second_step(site, _wrong(code(secret, 1)))
    assert wrong.status_code == 401 and "Kode ini tidak benar" in wrong.text
    assert _open_sessions(database) == 0
    done = second_step(site, code(secret, 1))
    assert done.status_code == 303 and done.headers["location"] == "/staf"
    assert site.get("/staf").status_code == 200
    assert site.get("/staf/masuk/kode").headers["location"] == "/staf/masuk"  # spent


def test_a_code_is_good_once(api, database: Database, settings) -> None:
    secret, _ = enrolled(database, settings.secret_key)
    with httpx.Client(base_url=api.url) as phone, httpx.Client(base_url=api.url) as laptop:
        signed_in(phone)
        assert second_step(phone, code(secret, 1)).status_code == 303
        signed_in(laptop)
        replay = second_step(laptop, code(secret, 1))
        assert replay.status_code == 401 and "baru saja dipakai" in replay.text
    assert _open_sessions(database) == 1


def test_wrong_codes_lock_the_account_like_wrong_passwords(site: httpx.Client,
                                                           database: Database,
                                                           settings) -> None:
    secret, _ = enrolled(database, settings.secret_key)
    signed_in(site)
    for _ in range(ACCOUNT_FAILURES - 1):
        assert second_step(site, "000000x").status_code == 401
    locked = second_step(site, "000000x")
    assert locked.status_code == 429 and "dikunci sampai" in locked.text
    assert "Kembali ke halaman masuk" in locked.text
    assert signed_in(site).status_code == 429  # the password is refused too, for a while
    assert _open_sessions(database) == 0


def test_a_recovery_code_signs_in_once(api, database: Database, settings) -> None:
    _, codes = enrolled(database, settings.secret_key)
    for attempt in range(2):
        with httpx.Client(base_url=api.url) as browser:
            signed_in(browser)
            answer = second_step(browser, codes[0])
            assert answer.status_code == (303 if attempt == 0 else 401)
    with database.reader() as db:
        used = db.scalar(select(func.count()).select_from(RecoveryCode).where(
            RecoveryCode.used_at.is_not(None)))
        events = list(db.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "totp.recovery_use")))
    assert used == 1 and events == ["totp.recovery_use"]


def test_an_admin_enrols_right_after_the_password(site: httpx.Client, database: Database
                                                  ) -> None:
    account(database, "admin", Role.ADMIN, None, "Ani Admin")
    half = signed_in(site, "admin")
    assert half.headers["location"] == "/staf/masuk/aktifkan-2fa"
    for address in ("/staf", "/staf/admin", "/staf/akun", "/staf/masuk/kode"):
        assert site.get(address).headers["location"] == "/staf/masuk"  # nothing else
    enrol = site.get("/staf/masuk/aktifkan-2fa")
    assert enrol.status_code == 200 and "<svg" in enrol.text
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", enrol.text)
    assert secret, enrol.text
    assert site.get("/staf/masuk/aktifkan-2fa").text.count(secret.group(1)) == 1  # the same
    csrf = csrf_of(enrol.text)
    wrong = site.post("/staf/masuk/aktifkan-2fa",
                      data={"csrf": csrf, "code": _wrong(code(secret.group(1)))})
    assert wrong.status_code == 400 and "Kode ini tidak benar" in wrong.text
    assert 'aria-describedby="e-code"' in wrong.text
    with database.reader() as db:
        assert db.scalars(select(StaffAccount)).one().totp_enabled_at is None
    assert _open_sessions(database) == 0
    assert site.post("/staf/masuk/aktifkan-2fa", data={"code": code(secret.group(1))}
                     ).status_code == 403
    done = site.post("/staf/masuk/aktifkan-2fa",
                     data={"csrf": csrf, "code": code(secret.group(1))})
    assert done.status_code == 200 and "Kode pemulihan Anda" in done.text
    shown = re.findall(r"<code>([2-9A-Z]{5}-[2-9A-Z]{5})</code>", done.text)
    assert len(shown) == 10
    assert site.get("/staf").status_code == 200 and _open_sessions(database) == 1
    mine = site.get("/staf/akun").text
    assert "Sisa kode pemulihan: 10." in mine and "/staf/akun/2fa/matikan" not in mine
    assert all(c not in mine for c in shown) and secret.group(1) not in mine
    refused = post(site, "/staf/akun", "/staf/akun/2fa/matikan", code=code(secret.group(1), 1))
    assert refused.status_code == 400 and "wajib tetap memakai" in refused.text


def test_my_account_turns_two_factor_on_and_off(site: httpx.Client, database: Database
                                                ) -> None:
    account(database)
    signed_in(site)
    mine = site.get("/staf/akun")
    assert mine.status_code == 200 and "Mati: Anda masuk dengan kata sandi saja." in mine.text
    enrol = site.get("/staf/akun/2fa")
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", enrol.text).group(1)
    bad = site.post("/staf/akun/2fa", data={"csrf": csrf_of(enrol.text), "code": "12"})
    assert bad.status_code == 400
    with database.reader() as db:
        assert db.scalars(select(StaffAccount)).one().totp_enabled_at is None
    on = site.post("/staf/akun/2fa", data={"csrf": csrf_of(enrol.text), "code": code(secret)})
    assert on.status_code == 200 and on.text.count("<li><code>") == 10
    assert site.get("/staf/akun/2fa").headers["location"] == "/staf/akun"  # already on
    used = post(site, "/staf/akun", "/staf/akun/2fa/matikan", code=code(secret))
    assert used.status_code == 400 and "baru saja dipakai" in used.text
    assert site.post("/staf/akun/2fa/matikan", data={"code": code(secret, 1)}
                     ).status_code == 403
    off = post(site, "/staf/akun", "/staf/akun/2fa/matikan", code=code(secret, 1))
    assert off.status_code == 303
    assert "Verifikasi dua langkah telah dimatikan." in site.get(off.headers["location"]).text
    with database.reader() as db:
        actions = list(db.scalars(select(AuditEvent.action).where(
            AuditEvent.action.startswith("totp.")).order_by(AuditEvent.seq)))
    assert actions == ["totp.enrol", "totp.disable"]


def test_my_account_lists_and_ends_my_sessions_only(api, database: Database) -> None:
    account(database)
    account(database, "budi", name="Budi")
    with httpx.Client(base_url=api.url, headers={"user-agent": "Ponsel Siti"}) as phone, \
            httpx.Client(base_url=api.url, headers={"user-agent": "Laptop Siti"}) as laptop, \
            httpx.Client(base_url=api.url, headers={"user-agent": "Budi"}) as other:
        signed_in(phone)
        signed_in(laptop)
        signed_in(other, "budi")
        mine = phone.get("/staf/akun").text
        assert "Ponsel Siti" in mine and "Laptop Siti" in mine and "peramban ini" in mine
        with database.reader() as db:
            ids = {s.user_agent: s.id for s in db.scalars(select(BrowserSession))}
        assert post(phone, "/staf/akun", f"/staf/akun/sesi/{ids['Budi']}/akhiri"
                    ).status_code == 404  # Budi's: not mine to end
        assert phone.post(f"/staf/akun/sesi/{ids['Laptop Siti']}/akhiri",
                          data={}).status_code == 403  # no CSRF field
        ended = post(phone, "/staf/akun", f"/staf/akun/sesi/{ids['Laptop Siti']}/akhiri")
        assert ended.status_code == 303
        assert laptop.get("/staf", follow_redirects=False).status_code == 303
        assert phone.get("/staf", follow_redirects=False).status_code == 200
        assert other.get("/staf", follow_redirects=False).status_code == 200


def test_an_admin_with_two_factor_signs_in_with_the_code(site: httpx.Client,
                                                         database: Database,
                                                         settings) -> None:
    admin_signed_in(site, database, settings)
    assert site.get("/staf/admin").status_code == 200
    home = Page(site.get("/staf").text)
    assert home.links["Administrasi"] == "/staf/admin" and home.links["Akun saya"] == "/staf/akun"


def test_wrong_codes_when_turning_it_off_count_and_end_the_sessions_at_the_lock(
        site: httpx.Client, database: Database, settings) -> None:
    secret, _ = enrolled(database, settings.secret_key)
    signed_in(site)
    assert second_step(site, code(secret, 1)).status_code == 303
    for _ in range(ACCOUNT_FAILURES - 1):
        wrong = post(site, "/staf/akun", "/staf/akun/2fa/matikan", code="000000x")
        assert wrong.status_code == 400 and "Kode ini tidak benar" in wrong.text
    last = post(site, "/staf/akun", "/staf/akun/2fa/matikan", code="000000x")
    assert last.status_code == 303 and last.headers["location"] == "/staf/masuk"
    assert site.get("/staf").headers["location"] == "/staf/masuk"
    assert _open_sessions(database) == 0
    assert signed_in(site).status_code == 429
    with database.reader() as db:
        assert db.scalars(select(StaffAccount)).one().totp_enabled_at is not None
