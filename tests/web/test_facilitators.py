"""Assigning facilitators to a session over HTTP (SQLite and PostgreSQL): the picker offers
facilitators with a console account in the session's region, assigning and taking off are
audited, bad choices are refused in words with nothing written, scope and CSRF refusals."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from edu.accounts.models import StaffAccount
from edu.accounts.service import disable_user
from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.db import Database
from edu.sessions.models import SessionFacilitator
from tests.edu.accountkit import account
from tests.web.sitekit import Page, at, plan, staff
from tests.web.staffkit import csrf_of, signed_in


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    return site


def staff_id(database: Database, username: str) -> int:
    with database.reader() as db:
        found = db.scalar(select(StaffAccount.staff_id).where(StaffAccount.username == username))
    assert found is not None
    return found


def facilitator(database: Database, username: str, name: str, region: str = "5271") -> int:
    account(database, username, role=Role.FACILITATOR, region=region, name=name)
    return staff_id(database, username)


def state(database: Database) -> tuple[set[tuple[int, int]], int]:
    with database.reader() as db:
        links = {(f.session_id, f.staff_id) for f in db.scalars(select(SessionFacilitator))}
        return links, db.scalar(select(func.count()).select_from(AuditEvent)) or 0


def post(client: httpx.Client, url: str, **data: str) -> httpx.Response:
    return client.post(url, data={"csrf": csrf_of(client.get("/staf/pintu").text), **data})


def test_assign_and_take_off_a_facilitator(officer: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"), start=at(3))
    dewi = facilitator(database, "dewi", "Dewi Lestari")
    facilitator(database, "bima", "Fasilitator Bima", region="5272")
    facilitator(database, "lama", "Fasilitator Lama")
    with database.transaction() as db:
        disable_user(db, None, "lama")
    account(database, "rina", region="5271", name="Rina Petugas")  # an officer, not a facilitator
    session = Page(officer.get(f"/staf/sesi/{sid}").text)
    url = session.links["Fasilitator"]
    assert url == f"/staf/sesi/{sid}/fasilitator"
    html = officer.get(url).text
    picker = Page(html)
    assert picker.control("Fasilitator")["name"] == "staff"
    assert "Dewi Lestari" in html
    for absent in ("Fasilitator Bima", "Fasilitator Lama", "Rina Petugas"):
        assert absent not in html
    _, events = state(database)
    done = post(officer, url, staff=str(dewi))
    assert done.status_code == 303 and done.headers["location"] == url
    links, after = state(database)
    assert links == {(sid, dewi)} and after == events + 1
    page = Page(officer.get(url).text)
    assert "Lepas Dewi Lestari" in page.buttons
    assert post(officer, f"{url}/lepas", staff=str(dewi)).status_code == 303
    links, last = state(database)
    assert links == set() and last == after + 1
    with database.reader() as db:
        actions = list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["session.assign_facilitator", "session.unassign_facilitator"]


@pytest.mark.parametrize("case", ["empty", "other-region", "unknown", "not-assigned"])
def test_a_bad_choice_is_refused_in_words_and_writes_nothing(
        officer: httpx.Client, database: Database, case: str) -> None:
    sid = plan(database, staff(database, region="52"), start=at(3))
    bima = facilitator(database, "bima", "Fasilitator Bima", region="5272")
    dewi = facilitator(database, "dewi", "Dewi Lestari")
    url = f"/staf/sesi/{sid}/fasilitator"
    target, chosen, words = {
        "empty": (url, "", "Pilih fasilitator."),
        "other-region": (url, str(bima), "bukan fasilitator yang dapat menjalankan sesi ini"),
        "unknown": (url, "987654", "bukan fasilitator yang dapat menjalankan sesi ini"),
        "not-assigned": (f"{url}/lepas", str(dewi),
                         "bukan fasilitator yang dapat menjalankan sesi ini"),
    }[case]
    before = state(database)
    refused = post(officer, target, staff=chosen)
    assert refused.status_code == 400
    assert words in refused.text and 'aria-describedby="e-staff"' in refused.text
    assert state(database) == before


def test_another_regions_session_is_refused_by_url(officer: httpx.Client,
                                                   database: Database) -> None:
    province = staff(database, region="52")
    public = plan(database, province, region="5272", start=at(3))
    draft = plan(database, province, region="5272", start=at(3), publish=False)
    bima = facilitator(database, "bima", "Fasilitator Bima", region="5272")
    before = state(database)
    assert officer.get(f"/staf/sesi/{public}/fasilitator").status_code == 403
    assert officer.get(f"/staf/sesi/{draft}/fasilitator").status_code == 404
    assert post(officer, f"/staf/sesi/{public}/fasilitator", staff=str(bima)).status_code == 403
    assert post(officer, f"/staf/sesi/{draft}/fasilitator", staff=str(bima)).status_code == 404
    assert state(database) == before


def test_without_the_token_or_as_a_facilitator_nothing_is_assigned(
        site: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"), start=at(3))
    dewi = facilitator(database, "dewi", "Dewi Lestari")
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    before = state(database)
    assert site.post(f"/staf/sesi/{sid}/fasilitator",
                     data={"staff": str(dewi)}).status_code == 403
    assert state(database) == before
    assert signed_in(site, "dewi").status_code == 303  # now as the facilitator herself
    before = state(database)  # signing in is audited
    assert site.get(f"/staf/sesi/{sid}/fasilitator").status_code == 403
    assert post(site, f"/staf/sesi/{sid}/fasilitator", staff=str(dewi)).status_code == 403
    assert state(database) == before
