"""The public site's and participants' operations (tests/clients/participants.graphql)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from edu.auth.models import ApiToken
from edu.participants.models import Participant
from edu.registrations.models import Registration
from tests.e2e.sessionkit import (
    at,
    birth_for_age,
    count,
    create,
    person,
    published,
    register,
    registered,
    roster,
    session_counts,
)

WITA = ZoneInfo("Asia/Makassar")
ME = """query { me { participant { id fullName calendarUrl registrations { edges { node {
  id status session { id title startsAt endsAt status } attendance { status } } } } } } }"""


def _me(api, token):
    out = api.gql(ME, token=token)
    assert "errors" not in out, out
    return out["data"]["me"]["participant"]


def _cancel(api, rid, token):
    out = api.op("CancelRegistration", {"id": rid}, token=token)
    assert "errors" not in out, out
    return out["data"]["cancelRegistration"]


def test_public_sessions_show_published_and_cancelled_only(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    shown = published(api, officer, title="Terbuka", start=at(3))
    create(api, officer, title="Draf Rahasia", start=at(4))
    cancelled = published(api, officer, title="Dibatalkan", start=at(5))
    api.op("CancelSession", {"input": {"id": cancelled, "reason": "Cuaca"}}, token=officer)
    out = api.op("PublicSessions", {"first": 10})
    assert "errors" not in out, out
    sessions = out["data"]["sessions"]
    assert sessions["totalCount"] == 2
    nodes = [e["node"] for e in sessions["edges"]]
    assert [n["title"] for n in nodes] == ["Terbuka", "Dibatalkan"]
    assert nodes[0]["id"] == shown
    assert nodes[0]["seatsLeft"] == 120
    assert nodes[0]["venue"] == {"name": "Aula SMAN 1 Mataram",
                                 "address": "Jl. Pendidikan No. 21, Mataram"}
    assert nodes[0]["region"] == {"code": "5271", "name": "Kota Mataram"}
    # Asking for drafts does not reveal them either.
    out = api.op("PublicSessions", {"filter": {"status": "DRAFT"}})
    assert out["data"]["sessions"]["totalCount"] == 0


def test_register_a_new_person(api, tokens, database, live_server):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    payload = registered(api, sid, person("Baiq Nurul", email="Baiq@Example.id"))
    reg = payload["registration"]
    assert reg["status"] == "CONFIRMED" and reg["waitlistPosition"] is None
    assert reg["session"]["id"] == sid
    assert reg["session"]["title"] == "Pendidikan Pemilih Pemula SMAN 1 Mataram"
    assert len(reg["ticketCode"]) == 12
    assert payload["participantToken"].startswith("edup")
    assert payload["calendarUrl"].startswith(live_server.url + "/")
    with database.reader() as db:
        p = db.query(Participant).one()
        assert p.email == "baiq@example.id"
        assert p.consent_at is not None and p.guardian_consent_at is None
    assert session_counts(api, None, sid)["seatsLeft"] == 119


def test_the_same_email_twice_books_nothing_and_tells_nothing(api, tokens, database):
    """Anonymously, the second time looks like a first booking (ALREADY_REGISTERED would
    tell who is registered where); with the person's token the rule is told."""
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    first = registered(api, sid, person(email="lalu@example.id"))
    again = registered(api, sid, person("Lalu Lain", email=" LALU@example.ID "))
    assert again["registration"]["status"] == "CONFIRMED" and again["participantToken"]
    assert count(database, Registration) == 1
    assert count(database, Participant) == 1
    assert session_counts(api, None, sid)["confirmedCount"] == 1
    own = register(api, sid, None, token=first["participantToken"])
    assert [(e["field"], e["code"]) for e in own["userErrors"]] == \
        [("participant.email", "ALREADY_REGISTERED")]


def test_a_participant_token_books_its_own_participant(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    first = published(api, officer, title="Sesi Pertama", start=at(3))
    second = published(api, officer, title="Sesi Kedua", start=at(9))
    token = registered(api, first, person("Ni Luh"))["participantToken"]
    payload = register(api, second, None, token=token)
    assert payload["userErrors"] == []
    assert payload["registration"]["status"] == "CONFIRMED"
    assert payload["registration"]["ticketCode"]
    assert payload["participantToken"] is None  # the holder already has one
    assert payload["calendarUrl"]
    assert count(database, Participant) == 1
    me = _me(api, token)
    assert me["fullName"] == "Ni Luh"
    assert me["calendarUrl"] == payload["calendarUrl"]
    assert [(e["node"]["session"]["title"], e["node"]["status"])
            for e in me["registrations"]["edges"]] == \
        [("Sesi Pertama", "CONFIRMED"), ("Sesi Kedua", "CONFIRMED")]
    # The token's person twice in one session: refused as well.
    again = register(api, second, None, token=token)
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_REGISTERED"]
    assert count(database, Registration) == 2


def test_me_operation_unchanged(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, title="Sesi Me")
    token = registered(api, sid, person("Dewi"))["participantToken"]
    out = api.op("Me", token=token)
    assert "errors" not in out, out
    me = out["data"]["me"]["participant"]
    assert me["fullName"] == "Dewi"
    assert [e["node"]["session"]["title"] for e in me["registrations"]["edges"]] == ["Sesi Me"]
    assert me["certificates"] == []


def test_knowing_an_email_gives_no_token_and_no_data(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    first = published(api, officer, start=at(3))
    second = published(api, officer, start=at(4))
    owner = registered(api, first, person("Pemilik", email="pemilik@example.id",
                                          phone="+62 811 1111 111"))
    tokens_before = count(database, ApiToken)
    stranger = register(api, second, person("Penyusup", email="pemilik@example.id"))
    assert stranger["userErrors"] == []
    # A decoy: shaped like a new person's booking, and every code in it opens nothing.
    assert stranger["participantToken"] and stranger["calendarUrl"]
    assert stranger["registration"]["ticketCode"]
    assert count(database, ApiToken) == tokens_before
    assert count(database, Registration) == 1
    me = api.post(ME, token=stranger["participantToken"])
    assert me.status_code == 401 and "Pemilik" not in me.text
    assert api.http.get(stranger["calendarUrl"]).status_code == 404
    # Asked for more than the client asks, the payload holds only what the caller typed.
    third = published(api, officer, start=at(6))
    out = api.gql("""mutation($input: RegisterInput!) { register(input: $input) {
        registration { participant { fullName email phone } attendance { status } } } }""",
        {"input": {"sessionId": third, "consent": True,
                   "participant": person("Penyusup", email="PEMILIK@example.id", phone=None)}})
    assert out["data"]["register"] == {"registration": {
        "participant": {"fullName": "Penyusup", "email": "pemilik@example.id", "phone": None},
        "attendance": None}}
    # Nor does the registration's id open anything of the person.
    out = api.gql("query($id: ID!) { node(id: $id) { ... on Registration { id ticketCode "
                  "participant { fullName email phone } } } }",
                  {"id": stranger["registration"]["id"]})
    assert out["data"]["node"] is None
    out = api.gql("query($id: ID!) { node(id: $id) { ... on Participant { fullName email } } }",
                  {"id": _me(api, owner["participantToken"])["id"]})
    assert out["data"]["node"] is None


def test_consent_is_required(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    payload = register(api, sid, person(), consent=False)
    assert payload["registration"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == \
        [("consent", "CONSENT_REQUIRED")]
    assert count(database, Participant) == 0 and count(database, Registration) == 0


def _session_on_day(api, officer, days: int) -> tuple[str, datetime]:
    """A published session at 09:00 WITA `days` from today; its id and local day."""
    day = (at(0).astimezone(WITA) + timedelta(days=days)).date()
    start = datetime.combine(day, time(9), WITA)
    return published(api, officer, start=start), start


def test_under_18_on_the_session_day_needs_guardian_consent(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, start = _session_on_day(api, officer, 30)
    minor = person(birth=birth_for_age(18, start.date(), plus_days=1))  # 18 the day after
    payload = register(api, sid, minor)
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == \
        [("guardianConsent", "GUARDIAN_CONSENT_REQUIRED")]
    assert count(database, Participant) == 0 and count(database, Registration) == 0
    payload = register(api, sid, minor, guardian=True)
    assert payload["userErrors"] == []
    with database.reader() as db:
        assert db.query(Participant).one().guardian_consent_at is not None


def test_turning_18_by_the_session_day_needs_no_guardian(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, start = _session_on_day(api, officer, 30)
    # 17 today, 18 on the day of the session.
    adult_then = person(birth=birth_for_age(18, start.date()))
    assert register(api, sid, adult_then)["userErrors"] == []


def test_a_minor_with_a_token_needs_guardian_consent_once(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    adult_session, _ = _session_on_day(api, officer, 400)
    minor_session, start = _session_on_day(api, officer, 30)
    # 18 by the later session, not by the earlier one.
    who = person(birth=birth_for_age(18, start.date(), plus_days=100))
    token = registered(api, adult_session, who)["participantToken"]
    payload = register(api, minor_session, None, token=token)
    assert [e["code"] for e in payload["userErrors"]] == ["GUARDIAN_CONSENT_REQUIRED"]
    assert register(api, minor_session, None, token=token, guardian=True)["userErrors"] == []


def test_seats_then_waitlist_positions(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=2)
    got = [registered(api, sid)["registration"] for _ in range(5)]
    assert [(r["status"], r["waitlistPosition"]) for r in got] == [
        ("CONFIRMED", None), ("CONFIRMED", None),
        ("WAITLISTED", 1), ("WAITLISTED", 2), ("WAITLISTED", 3)]
    counts = session_counts(api, officer, sid)
    assert (counts["confirmedCount"], counts["waitlistCount"], counts["seatsLeft"]) == (2, 3, 0)


def test_cancelling_a_seat_promotes_the_first_waitlisted(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=2)
    done = [registered(api, sid, person(f"Orang {i}")) for i in range(5)]
    cancelled = _cancel(api, done[0]["registration"]["id"], done[0]["participantToken"])
    assert cancelled == {"registration": {"id": done[0]["registration"]["id"],
                                          "status": "CANCELLED"}, "userErrors": []}
    nodes = {n["participant"]["fullName"]: (n["status"], n["waitlistPosition"])
             for n in roster(api, officer, sid)}
    assert nodes == {"Orang 0": ("CANCELLED", None), "Orang 1": ("CONFIRMED", None),
                     "Orang 2": ("CONFIRMED", None), "Orang 3": ("WAITLISTED", 1),
                     "Orang 4": ("WAITLISTED", 2)}
    counts = session_counts(api, officer, sid)
    assert (counts["confirmedCount"], counts["waitlistCount"]) == (2, 2)
    promoted = _me(api, done[2]["participantToken"])["registrations"]["edges"][0]["node"]
    assert promoted["status"] == "CONFIRMED"


def test_cancelling_a_waitlist_place_closes_the_gap(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=1)
    done = [registered(api, sid, person(f"Orang {i}")) for i in range(4)]
    _cancel(api, done[2]["registration"]["id"], done[2]["participantToken"])
    nodes = {n["participant"]["fullName"]: (n["status"], n["waitlistPosition"])
             for n in roster(api, officer, sid)}
    assert nodes == {"Orang 0": ("CONFIRMED", None), "Orang 1": ("WAITLISTED", 1),
                     "Orang 2": ("CANCELLED", None), "Orang 3": ("WAITLISTED", 2)}
    assert session_counts(api, officer, sid)["waitlistCount"] == 2


def test_cancel_twice_and_register_again(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=1)
    first = registered(api, sid, person("Pertama"))
    second = registered(api, sid, person("Kedua"))
    rid, token = first["registration"]["id"], first["participantToken"]
    assert _cancel(api, rid, token)["userErrors"] == []
    again = _cancel(api, rid, token)
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [("id", "ALREADY_CANCELLED")]
    # Back again: the seat went to the waitlist, so now they queue; still one row.
    back = register(api, sid, None, token=token)
    assert back["userErrors"] == []
    assert (back["registration"]["status"], back["registration"]["waitlistPosition"]) == \
        ("WAITLISTED", 1)
    assert count(database, Registration) == 2
    assert _me(api, second["participantToken"])["registrations"]["edges"][0]["node"][
        "status"] == "CONFIRMED"


def test_only_the_holder_cancels_a_registration(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    mine = registered(api, sid)
    other = registered(api, sid)
    rid = mine["registration"]["id"]
    for token in (other["participantToken"], None):
        out = _cancel(api, rid, token)
        assert out["registration"] is None
        assert [(e["field"], e["code"]) for e in out["userErrors"]] == [("id", "NOT_FOUND")]
    assert count(database, Registration, Registration.status == "CONFIRMED") == 2


def test_register_with_a_token_at_a_session_that_is_gone(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    token = registered(api, sid)["participantToken"]
    api.op("CancelSession", {"input": {"id": sid, "reason": "Ditunda"}}, token=officer)
    me = _me(api, token)
    assert me["registrations"]["edges"][0]["node"]["session"]["status"] == "CANCELLED"
    out = _cancel(api, me["registrations"]["edges"][0]["node"]["id"], token)
    assert [e["code"] for e in out["userErrors"]] == ["SESSION_CLOSED"]
