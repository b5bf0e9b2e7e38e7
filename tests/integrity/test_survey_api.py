"""The survey operations of tests/clients/integrity/survey.graphql, sent unchanged over HTTP,
and that no API gives who answered what."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import func, select
from strawberry.relay import to_base64

from edu.audit import AuditEvent
from edu.db import Database
from edu.participants.models import Gender
from edu.registrations.models import AttendanceStatus, RegistrationStatus
from edu.sessions.models import Segment
from tests.integrity.kit import Person, held, token_of
from tests.support import Api, Tokens

A = AttendanceStatus
BANDS = """query($filter: ParticipationFilter!) { participation(filter: $filter) {
  rows { regionCode segment gender disability ageBands { band registered attended } } } }"""
LABELS = {"FROM_17_TO_21": "17-21", "FROM_31_TO_40": "31-40", "UNKNOWN": "?"}
SCORES = [4, 3, 4, 4, 3, 4, 4, 3, 4]


def _submit(api: Api, token: str | None, sid: int, scores: list[int] = SCORES,
            suggestion: str = "Mohon materi dibagikan") -> dict[str, Any]:
    answer = api.op("SubmitSurvey", {"input": {
        "sessionId": to_base64("Session", sid), "scores": scores, "suggestion": suggestion}},
        token=token)
    return answer["data"]["submitSurvey"]


def test_submit_once_then_the_index(api: Api, tokens: Tokens, database: Database) -> None:
    sid, people = held(database, [Person(), Person(attendance=A.LATE),
                                  Person(attendance=A.ABSENT)])
    present, late, absent = (token_of(database, p) for p in people)
    first = _submit(api, present, sid)
    assert first["userErrors"] == [] and len(first["response"]["id"]) == 32
    assert first["response"]["submittedAt"].endswith("+08:00")
    assert _submit(api, present, sid)["userErrors"][0]["code"] == "ALREADY_ANSWERED"
    assert _submit(api, absent, sid)["userErrors"][0]["code"] == "NOT_ELIGIBLE"
    bad = _submit(api, late, sid, [4, 4, 4])["userErrors"][0]
    assert bad["code"] == "INVALID_SCORES" and bad["field"] == "scores"
    assert _submit(api, late, sid, [4] * 9)["userErrors"] == []
    officer = tokens("EDUCATION_OFFICER", region="5271")
    data = api.op("Satisfaction", {"filter": {"service": "VOTER_EDUCATION",
                                              "sessionId": to_base64("Session", sid)}},
                  token=officer)["data"]["satisfaction"]
    # NRR: 4 for six elements, 3.5 for U2, U5, U8 → Σ = 34.5, IKM = 34.5 / 9, × 25 = 95.83
    # (A); the lowest average is a tie, and the first of it is named.
    assert data["responses"] == 2 and data["ikm"] == 95.83 and data["grade"] == "A"
    assert [e["code"] for e in data["elements"]] == [f"U{i}" for i in range(1, 10)]
    assert data["elements"][1]["average"] == 3.5 and data["lowestElement"] == "U2"


def test_no_response_no_index_and_staff_only(api: Api, tokens: Tokens) -> None:
    officer = tokens("EDUCATION_OFFICER", region="5271")
    variables = {"filter": {"service": "VOTER_EDUCATION"}}
    data = api.op("Satisfaction", variables, token=officer)["data"]["satisfaction"]
    assert data["responses"] == 0 and data["ikm"] is None and data["grade"] is None
    anonymous = api.op("Satisfaction", variables)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert anonymous["data"] is None


def test_no_api_tells_who_gave_which_answer(api: Api, tokens: Tokens,
                                             database: Database) -> None:
    sid, people = held(database, [Person(), Person()])
    answers = {}
    for person, scores in zip(people, [[4] * 9, [1] * 9], strict=True):
        answers[person] = _submit(api, token_of(database, person), sid, scores,
                                  suggestion=f"saran {person}")["response"]["id"]
    admin = tokens("ADMIN")
    # The receipt is no node anyone can open.
    for answer_id in answers.values():
        for token in (admin, None):
            found = api.gql("query($id: ID!) { node(id: $id) { __typename } }",
                            {"id": answer_id}, token=token)
            assert found.get("data") in (None, {"node": None})
    # No type of the schema leads from an answer or the index to a person.
    types = api.gql("{ __schema { types { name fields { name type { name ofType { name "
                    "ofType { name ofType { name } } } } } } } }", token=admin)
    survey_types = {"SurveyResponse", "Satisfaction", "ElementAverage", "SurveySuggestion"}
    for t in types["data"]["__schema"]["types"]:
        if t["name"] in survey_types:
            text = json.dumps(t["fields"])
            assert "Participant" not in text and "Registration" not in text, t["name"]
    # Nothing written on the way names an answer: no audit event carries the scores.
    with database.reader() as db:
        events = db.scalars(select(AuditEvent)).all()
        assert all("saran" not in json.dumps([e.before, e.after]) for e in events)
        assert db.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.entity_id.in_(list(answers.values())))) == 0


def test_participation_rows_totals_and_downloads(api: Api, tokens: Tokens,
                                                 database: Database) -> None:
    from datetime import date, timedelta

    young = date.today() - timedelta(days=365 * 19)
    held(database, [Person(gender=Gender.MALE, birth=young), Person(gender=Gender.MALE),
                    Person(disability=True, attendance=A.ABSENT), Person(attendance=None)])
    held(database, [Person(), Person(status=RegistrationStatus.WAITLISTED)], region="5201",
         segment=Segment.WOMEN)
    officer = tokens("EDUCATION_OFFICER", region="52")
    today = date.today()
    variables = {"filter": {"from": str(today - timedelta(days=7)), "to": str(today)}}
    data = api.op("Participation", variables, token=officer)["data"]["participation"]
    rows = data["rows"]
    assert data["totals"] == {"sessions": 2, "registered": 5, "attended": 3}
    assert sum(r["registered"] for r in rows) == 5 and sum(r["attended"] for r in rows) == 3
    assert {"regionCode": "5271", "segment": "FIRST_TIME_VOTERS", "gender": "MALE",
            "disability": False, "registered": 2, "attended": 2} in rows
    assert {"regionCode": "5201", "segment": "WOMEN", "gender": "FEMALE",
            "disability": False, "registered": 1, "attended": 1} in rows
    headers = {"Authorization": f"Bearer {officer}"}
    got = api.http.get(data["csvUrl"], headers=headers)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(got.text)))
    # The downloads split each row by age band on the session day.
    bands = api.gql(BANDS, variables, token=officer)["data"]["participation"]["rows"]
    cells = [(r["regionCode"], r["segment"], r["gender"], r["disability"], LABELS[b["band"]],
              b["registered"], b["attended"]) for r in bands for b in r["ageBands"]]
    assert [(r["region_code"], r["segment"], r["gender"] or None, r["disability"] == "True",
             r["age_band"], int(r["registered"]), int(r["attended"]))
            for r in table[:-1]] == cells
    assert ("5271", "FIRST_TIME_VOTERS", "MALE", False, "17-21", 1, 1) in cells
    assert table[-1]["region_code"] == "TOTAL" and int(table[-1]["registered"]) == 5
    assert sum(int(r["registered"]) for r in table[:-1] if r["age_band"] == "17-21") == 1
    book = load_workbook(io.BytesIO(api.http.get(data["xlsxUrl"], headers=headers).content))
    sheet = [list(r) for r in book["Partisipasi"].iter_rows(values_only=True)]
    assert sheet[0] == ["region_code", "segment", "gender", "disability", "age_band",
                        "registered", "attended"]
    assert [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in sheet[1:]] == cells
    assert list(book["Total"].iter_rows(values_only=True))[1] == (2, 5, 3)
    # The downloads want the staff token, like the query.
    assert api.http.get(data["csvUrl"]).status_code == 401
    participant = api.http.get(data["xlsxUrl"], headers={
        "Authorization": f"Bearer {token_of(database, held(database, [Person()])[1][0])}"})
    assert participant.status_code == 403
