"""Seats under many simultaneous writers, on SQLite and PostgreSQL: never oversold, the
waitlist numbered 1..N without gaps or duplicates, one promotion per freed seat."""

from __future__ import annotations

from collections import Counter

import pytest

from edu.auth.principal import ANONYMOUS
from edu.config import normalise_database_url
from edu.db import Database
from edu.errors import UserError
from edu.registrations import service as registrations
from edu.registrations.models import Registration, RegistrationRequest, RegistrationStatus
from edu.registrations.requests import Decoy
from schema.ids import decode_id
from tests.e2e.sessionkit import person, published
from tests.edu.sessionkit import (
    KEY,
    assert_consistent,
    details,
    participant_principal,
    plan,
    sign_up,
    staff,
    together,
)
from tests.support import LiveServer, client_operation

THREADS = 40
CAPACITY = 10


def _statuses(results) -> Counter:
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == [], errors[:3]
    return Counter(r.registration.status for r in results)


def test_many_registrations_at_once_never_oversell(database):
    officer = staff(database)
    sid = plan(database, officer, capacity=CAPACITY)
    people = [details(f"Serentak {i}") for i in range(THREADS)]

    def book(i):
        with database.transaction() as db:  # each thread its own session and transaction
            return registrations.register(db, ANONYMOUS, KEY, session_id=sid,
                                          details=people[i], consent=True,
                                          guardian_consent=False)

    results = together(THREADS, book)
    assert _statuses(results) == {RegistrationStatus.CONFIRMED: CAPACITY,
                                  RegistrationStatus.WAITLISTED: THREADS - CAPACITY}
    assert sorted(r.registration.waitlist_position for r in results
                  if r.registration.waitlist_position) == list(range(1, THREADS - CAPACITY + 1))
    assert assert_consistent(database, sid) == (CAPACITY, THREADS - CAPACITY)


def test_the_same_person_at_once_gets_one_place(database):
    officer = staff(database)
    sid = plan(database, officer, capacity=CAPACITY)

    def book(i):
        return sign_up(database, sid, details(f"Kembar {i}", email="kembar@example.id"))

    results = together(12, book)
    assert [r for r in results if isinstance(r, Exception)] == []
    # One books; the others knew only the email: each gets a decoy and books nothing.
    assert sum(not isinstance(r, Decoy) for r in results) == 1
    assert assert_consistent(database, sid) == (1, 0)


def test_one_registration_cancelled_at_once_frees_one_seat(database):
    """Cancelling the same confirmed registration from many requests at once: one wins,
    the others see it cancelled; exactly one person moves up from the waitlist."""
    officer = staff(database)
    sid = plan(database, officer, capacity=2)
    first = sign_up(database, sid)
    for _ in range(6):
        sign_up(database, sid)
    holder = participant_principal(first.participant.id)

    def cancel(_):
        with database.transaction() as db:
            return registrations.cancel_registration(db, holder, first.registration.id)

    results = together(8, cancel)
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, UserError)]
    assert len(won) == 1 and len(won) + len(lost) == len(results), results
    assert {e.problems[0].code for e in lost} == {"ALREADY_CANCELLED"}, lost[:3]
    assert assert_consistent(database, sid) == (2, 4)


def test_cancellations_and_registrations_mixed(database):
    """Confirmed people leave while others arrive: counters and positions stay exact."""
    officer = staff(database)
    sid = plan(database, officer, capacity=CAPACITY)
    early = [sign_up(database, sid) for _ in range(CAPACITY + 5)]
    leavers = early[:8] + early[CAPACITY:CAPACITY + 3]  # 8 confirmed, 3 waitlisted
    newcomers = [details(f"Baru {i}") for i in range(20)]

    def act(i):
        if i < len(leavers):
            r = leavers[i]
            # Half give their place back themselves, half are cancelled by the officer.
            who = officer if i % 2 else participant_principal(r.participant.id)
            with database.transaction() as db:
                return registrations.cancel_registration(db, who, r.registration.id)
        return sign_up(database, sid, newcomers[i - len(leavers)])

    results = together(len(leavers) + len(newcomers), act)
    assert [r for r in results if isinstance(r, Exception)] == []
    confirmed, waiting = assert_consistent(database, sid)
    # 15 + 20 arrived, 11 left: 24 remain, of whom CAPACITY hold seats.
    assert (confirmed, waiting) == (CAPACITY, 24 - CAPACITY)


# --- over HTTP, against the live server and a second app on the same database ------------


@pytest.fixture
def second_server(live_server, database, base_settings):
    """Another app instance with its own engine and pool on the same database, as a second
    process behind a load balancer would be."""
    other_db = Database(normalise_database_url(base_settings.database_url))
    server = LiveServer(base_settings, other_db).start()
    yield server
    server.stop()
    other_db.dispose()


def test_many_register_requests_never_oversell(api, tokens, database, second_server):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=CAPACITY)
    query = client_operation("Register")
    people = [person(f"Daring {i}") for i in range(THREADS)]
    urls = [api.url, second_server.url]

    def post(i):
        import httpx

        with httpx.Client(timeout=60) as http:
            response = http.post(f"{urls[i % 2]}/graphql", json={"query": query, "variables": {
                "input": {"sessionId": sid, "consent": True, "participant": people[i]}}})
        assert response.status_code == 200, response.text
        return response.json()

    answers = together(THREADS, post)
    assert [a for a in answers if isinstance(a, Exception) or "errors" in a] == []
    regs = [a["data"]["register"]["registration"] for a in answers]
    assert all(a["data"]["register"]["userErrors"] == [] for a in answers)
    assert Counter(r["status"] for r in regs) == {"CONFIRMED": CAPACITY,
                                                 "WAITLISTED": THREADS - CAPACITY}
    assert sorted(r["waitlistPosition"] for r in regs if r["status"] == "WAITLISTED") == \
        list(range(1, THREADS - CAPACITY + 1))
    assert assert_consistent(database, decode_id(sid, "Session", "id")) == \
        (CAPACITY, THREADS - CAPACITY)
    with database.reader() as db:
        assert db.query(Registration).count() == THREADS


def test_the_same_email_over_http_at_once_gets_one_row(api, tokens, database, second_server):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    query = client_operation("Register")
    urls = [api.url, second_server.url]

    def post(i):
        import httpx

        with httpx.Client(timeout=60) as http:
            return http.post(f"{urls[i % 2]}/graphql", json={"query": query, "variables": {
                "input": {"sessionId": sid, "consent": True,
                          "participant": person(f"Kembar {i}", email="kembar@example.id")}}
            }).json()

    answers = together(10, post)
    assert [a for a in answers if "errors" in a] == []
    payloads = [a["data"]["register"] for a in answers]
    # Every answer looks the same (the nine who came second get decoys); one row is booked.
    assert all(p["registration"] and p["participantToken"] and p["userErrors"] == []
               for p in payloads)
    with database.reader() as db:
        assert db.query(Registration).count() == 1
        # The nine repeats are one waiting request for the owner (mailed once).
        assert db.query(RegistrationRequest).count() == 1
    assert assert_consistent(database, decode_id(sid, "Session", "id")) == (1, 0)
