"""The roster on a session's page over HTTP (SQLite and PostgreSQL): confirmed, waitlist in
line and cancelled as separate lists, sorted by name or time of registering in the database
(the first page sorted backwards starts with the last of all, not of a loaded page), fifty
a page; contact for those who may see the roster, refusal for others."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select

from edu.auth.models import Role
from edu.db import Database
from edu.registrations.service import Registered, cancel_registration
from edu.sessions.models import SessionFacilitator
from tests.edu.accountkit import account
from tests.edu.sessionkit import details, sign_up
from tests.web.sitekit import Page, at, plan, staff
from tests.web.staffkit import signed_in


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    return site


def names(html: str) -> list[str]:
    """The names in the roster's table, top to bottom."""
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return re.findall(r"(Peserta \d\d)", body)


def test_lists_sorting_and_pages(officer: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"), capacity=52, start=at(5))
    # Registered in an order that is neither the names' order nor its reverse.
    order = [(i * 7) % 53 for i in range(1, 53)]  # 52 distinct numbers 1..52
    for n in order:
        sign_up(database, sid, details(f"Peserta {n:02d}", email=f"p{n}@example.id"))
    url = f"/staf/sesi/{sid}"
    first = officer.get(url).text  # confirmed, by time of registering, page 1 of 2
    assert names(first) == [f"Peserta {n:02d}" for n in order[:50]]
    page = Page(first)
    assert page.links["Terdaftar (52)"].startswith("?daftar=terkonfirmasi")
    assert "Halaman 1 dari 2" in first
    second = officer.get(url + page.links["Halaman berikutnya"].split("#")[0]).text
    assert names(second) == [f"Peserta {n:02d}" for n in order[50:]]
    by_name = officer.get(f"{url}?daftar=terkonfirmasi&urut=nama").text
    assert names(by_name) == [f"Peserta {n:02d}" for n in range(1, 51)]
    assert 'aria-sort="ascending"' in by_name
    backwards = officer.get(url + Page(by_name).links["Nama ▲"].split("#")[0]).text
    assert names(backwards)[:2] == ["Peserta 52", "Peserta 51"]  # of all 52, not of a page
    assert 'aria-sort="descending"' in backwards
    assert "p52@example.id" in backwards  # contact, for the session's planner


def test_the_waitlist_in_line_and_the_cancelled(officer: httpx.Client,
                                                database: Database) -> None:
    province = staff(database, region="52")
    sid = plan(database, province, capacity=1, start=at(5))
    people = [sign_up(database, sid, details(f"Peserta {n:02d}")) for n in (30, 10, 20)]
    assert all(isinstance(p, Registered) for p in people)
    with database.transaction() as db:
        gone = people[1]
        assert isinstance(gone, Registered)
        cancel_registration(db, province, gone.registration.id)  # Peserta 10 leaves the line
    waiting = officer.get(f"/staf/sesi/{sid}?daftar=tunggu").text
    assert names(waiting) == ["Peserta 20"] and "<td>1</td>" in waiting
    assert "Daftar tunggu (1)" in Page(waiting).links
    cancelled = officer.get(f"/staf/sesi/{sid}?daftar=batal").text
    assert names(cancelled) == ["Peserta 10"]
    confirmed = officer.get(f"/staf/sesi/{sid}?daftar=entah&urut=apa&halaman=x").text
    assert names(confirmed) == ["Peserta 30"]  # unknown choices fall back to the defaults


def test_a_facilitator_sees_contact_another_region_is_refused(
        site: httpx.Client, database: Database) -> None:
    province = staff(database, region="52")
    sid = plan(database, province, start=at(5))
    sign_up(database, sid, details("Peserta 01", email="satu@example.id"))
    account(database, "dewi", role=Role.FACILITATOR, region="5271", name="Dewi")
    account(database, "bima", region="5272", name="Petugas Bima")
    from edu.accounts.models import StaffAccount
    with database.transaction() as db:
        dewi = db.scalar(select(StaffAccount.staff_id).where(StaffAccount.username == "dewi"))
        assert dewi is not None
        db.add(SessionFacilitator(session_id=sid, staff_id=dewi))
    assert signed_in(site, "dewi").status_code == 303
    assert "satu@example.id" in site.get(f"/staf/sesi/{sid}").text
    assert signed_in(site, "bima").status_code == 303
    refused = site.get(f"/staf/sesi/{sid}?daftar=terkonfirmasi&urut=nama")
    assert refused.status_code == 403 and "satu@example.id" not in refused.text
