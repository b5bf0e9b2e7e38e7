"""Bad input: each gives its userErrors code at its input path (or a request error), never a
500, and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from strawberry.relay import to_base64

from edu.audit import AuditEvent
from edu.participants.models import Participant
from edu.registrations.models import Registration
from edu.sessions.models import EduSession
from tests.e2e.sessionkit import at, count, create, person, published, register, session_input


def _rows(database):
    return tuple(count(database, m) for m in (EduSession, Registration, Participant, AuditEvent))


def _create_errors(api, token, **changes):
    variables = session_input()
    variables.update(changes)
    out = api.op("CreateSession", {"input": variables}, token=token)
    assert "errors" not in out, out
    assert out["data"]["createSession"]["session"] is None
    return [(e["field"], e["code"]) for e in out["data"]["createSession"]["userErrors"]]


@pytest.mark.parametrize("changes, expected", [
    ({"capacity": 0}, [("capacity", "INVALID_CAPACITY")]),
    ({"capacity": -5}, [("capacity", "INVALID_CAPACITY")]),
    ({"endsAt": at(10, hours=-1).isoformat(), "startsAt": at(10).isoformat()},
     [("endsAt", "INVALID_TIME_RANGE")]),
    ({"endsAt": at(10).isoformat(), "startsAt": at(10).isoformat()},
     [("endsAt", "INVALID_TIME_RANGE")]),
    ({"regionCode": "9999"}, [("regionCode", "UNKNOWN_REGION")]),
    ({"regionCode": ""}, [("regionCode", "UNKNOWN_REGION")]),
    ({"title": "   "}, [("title", "REQUIRED")]),
    ({"title": "x" * 201}, [("title", "TOO_LONG")]),
    ({"venue": None}, [("venue.name", "REQUIRED")]),
    ({"format": "ONLINE", "venue": None}, [("onlineUrl", "REQUIRED")]),
    ({"venue": {"name": "x" * 201, "address": "Jl. Udayana"}}, [("venue.name", "TOO_LONG")]),
    ({"venue": {"name": "Aula", "address": "x" * 301}}, [("venue.address", "TOO_LONG")]),
    ({"format": "ONLINE", "onlineUrl": "https://meet.example/" + "x" * 500},
     [("onlineUrl", "TOO_LONG")]),
    ({"program": "x" * 121}, [("program", "TOO_LONG")]),
])
def test_create_session_refuses_bad_input(api, tokens, database, changes, expected):
    officer = tokens("EDUCATION_OFFICER", region="52")
    before = _rows(database)
    assert _create_errors(api, officer, **changes) == expected
    assert _rows(database) == before


def test_create_session_reports_every_problem_at_once(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    before = _rows(database)
    start = at(10)
    problems = _create_errors(api, officer, capacity=0, regionCode="5299",
                              startsAt=start.isoformat(),
                              endsAt=(start - timedelta(hours=1)).isoformat(), title="")
    assert sorted(problems) == [("capacity", "INVALID_CAPACITY"), ("endsAt", "INVALID_TIME_RANGE"),
                                ("regionCode", "UNKNOWN_REGION"), ("title", "REQUIRED")]
    assert _rows(database) == before


@pytest.mark.parametrize("changes", [
    {"startsAt": "2031-12-10T09:00:00"},  # no offset
    {"startsAt": "tomorrow"},
    {"segment": "EVERYONE"},
    {"capacity": 2 ** 40},
    {"capacity": "ten"},
])
def test_malformed_values_are_request_errors(api, tokens, database, changes):
    officer = tokens("EDUCATION_OFFICER", region="52")
    before = _rows(database)
    variables = session_input()
    variables.update(changes)
    out = api.op("CreateSession", {"input": variables}, token=officer)
    assert out.get("data") is None
    assert [e["extensions"]["code"] for e in out["errors"]] == ["BAD_USER_INPUT"]
    assert _rows(database) == before


@pytest.mark.parametrize("kind, code", [
    ("garbage", "INVALID_ID"),
    ("registration", "INVALID_ID"),  # a Registration's id where a Session's belongs
    ("missing", "NOT_FOUND"),
])
def test_ids_that_are_not_sessions(api, tokens, database, kind, code):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    rid = register(api, sid, person())["registration"]["id"]
    bad = {"garbage": "not-a-global-id", "registration": rid,
           "missing": to_base64("Session", 999)}[kind]
    before = _rows(database)
    for name, variables, field in [
        ("PublishSession", {"id": bad}, "publishSession"),
        ("CancelSession", {"input": {"id": bad, "reason": "x"}}, "cancelSession"),
        ("ImportRegistrations", {"input": {"sessionId": bad, "participants": [person()]}},
         "importRegistrations"),
        ("CheckIn", {"input": {"sessionId": bad, "ticketCode": "X"}}, "checkIn"),
        ("Register", {"input": {"sessionId": bad, "consent": True, "participant": person()}},
         "register"),
    ]:
        out = api.op(name, variables, token=None if name == "Register" else officer)
        assert "errors" not in out, (name, out)
        assert [e["code"] for e in out["data"][field]["userErrors"]] == [code], (name, out)
    assert _rows(database) == before


def test_register_reports_every_bad_field(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, start=at(20))
    before = _rows(database)
    tomorrow = (at(1) + timedelta(hours=8)).date().isoformat()  # after today, before the session
    out = register(api, sid, person(fullName="", email="baiq(at)example.id", phone="12ab",
                                    regionCode="1234", birth=tomorrow))
    assert out["registration"] is None and out["participantToken"] is None
    assert sorted((e["field"], e["code"]) for e in out["userErrors"]) == [
        ("participant.birthDate", "INVALID_DATE"), ("participant.email", "INVALID_EMAIL"),
        ("participant.fullName", "REQUIRED"), ("participant.phone", "INVALID_PHONE"),
        ("participant.regionCode", "UNKNOWN_REGION")]
    assert _rows(database) == before


def test_register_anonymously_needs_the_participant(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    before = _rows(database)
    out = register(api, sid, None)
    assert [(e["field"], e["code"]) for e in out["userErrors"]] == [("participant", "REQUIRED")]
    out = register(api, sid, {"fullName": "Tanpa Email"})
    assert [(e["field"], e["code"]) for e in out["userErrors"]] == \
        [("participant.email", "REQUIRED")]
    assert _rows(database) == before


def test_empty_lists_are_refused(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, start=at(0, hours=1))
    before = _rows(database)
    out = api.op("ImportRegistrations", {"input": {"sessionId": sid, "participants": []}},
                 token=officer)
    assert [(e["field"], e["code"]) for e in out["data"]["importRegistrations"]["userErrors"]] \
        == [("participants", "REQUIRED")]
    out = api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": []}}, token=officer)
    assert [(e["field"], e["code"]) for e in out["data"]["recordAttendance"]["userErrors"]] == \
        [("entries", "REQUIRED")]
    assert _rows(database) == before


@pytest.mark.parametrize("args", ['first: 101', 'first: -1', 'after: "bm9wZQ=="',
                                  'after: "%%%"'])
def test_bad_paging_is_bad_user_input(api, args):
    out = api.gql(f"{{ sessions({args}) {{ totalCount }} }}")
    assert [e["extensions"]["code"] for e in out["errors"]] == ["BAD_USER_INPUT"], out


def test_a_session_that_has_ended_cannot_be_published(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = create(api, officer, start=at(-2))
    out = api.op("PublishSession", {"id": sid}, token=officer)
    assert [(e["field"], e["code"]) for e in out["data"]["publishSession"]["userErrors"]] == \
        [("id", "SESSION_ENDED")]
    assert count(database, EduSession, EduSession.status == "DRAFT") == 1
