"""Mutations and imports act only within the caller's scope, and an import never changes
(or reveals) a person on record: applyInterns and importRegistrations."""

from __future__ import annotations

from sqlalchemy import select
from strawberry import relay

from edu.internships.models import Internship, Student
from edu.registrations.models import Registration
from edu.universities.models import University
from tests.e2e.sessionkit import count, create, person, published, registered
from tests.e2e.test_internships import Kit, errors, gql_code, ok


def _university_id(database, code: str) -> str:
    with database.reader() as db:
        uid = db.scalar(select(University.id).where(University.code == code))
    return str(relay.GlobalID("University", str(uid)))


def _students(database) -> list[tuple[str, str, str | None]]:
    with database.reader() as db:
        return [(s.full_name, s.email, s.phone)
                for s in db.scalars(select(Student).order_by(Student.id))]


def test_an_officer_applies_interns_only_to_placements_in_scope(api, tokens, database):
    kit = Kit(api, tokens)
    kit.university("UNRAM")
    bima = kit.placement(regionCode="5206")
    mataram_officer = tokens("INTERNSHIP_OFFICER", region="5271")
    out = api.op("ApplyInterns", {"input": {
        "placementId": bima["id"], "universityId": _university_id(database, "UNRAM"),
        "students": [kit.student()]}}, token=mataram_officer)
    assert gql_code(out) == "FORBIDDEN"
    assert _students(database) == []


def test_an_application_never_changes_or_reveals_a_student_on_record(api, tokens, database):
    kit = Kit(api, tokens)
    unram = kit.university("UNRAM")
    bima = kit.placement(regionCode="5206")
    mataram = kit.placement(regionCode="5271")
    original = kit.student(fullName="Baiq Aulia", email="aulia@unram.ac.id",
                           phone="+62 812 1111 2222")
    ok(api.op("ApplyInterns", {"input": {"placementId": bima["id"], "students": [original]}},
              token=unram), "applyInterns")
    stored = _students(database)

    # An officer of 5271 does not see the student (their internship is in 5206): the same
    # refusal whether the row agrees with the record or tries to overwrite it.
    officer = tokens("INTERNSHIP_OFFICER", region="5271")
    forged = {**original, "fullName": "Nama Palsu", "email": "palsu@example.id",
              "phone": "+62 899 9999 9999"}
    for row in (forged, original):
        out = api.op("ApplyInterns", {"input": {
            "placementId": mataram["id"], "universityId": _university_id(database, "UNRAM"),
            "students": [row]}}, token=officer)
        assert errors(out, "applyInterns") == {("STUDENT_NUMBER_IN_USE",
                                                "students.0.studentNumber")}
        assert "aulia" not in str(out).lower()

    # Their own coordinator sees them: a row that differs is a conflict, field by field...
    out = api.op("ApplyInterns", {"input": {"placementId": mataram["id"], "students": [forged]}},
                 token=unram)
    assert errors(out, "applyInterns") == {
        ("STUDENT_DATA_CONFLICT", "students.0.fullName"),
        ("STUDENT_DATA_CONFLICT", "students.0.email"),
        ("STUDENT_DATA_CONFLICT", "students.0.phone")}
    assert _students(database) == stored
    # ... and a row that agrees (optional fields may be left empty) applies the same student.
    ok(api.op("ApplyInterns", {"input": {"placementId": mataram["id"], "students": [
        {**original, "phone": None, "gender": None}]}}, token=unram), "applyInterns")
    assert _students(database) == stored
    with database.reader() as db:
        assert len(db.scalars(select(Internship)).all()) == 2


def test_an_import_neither_reveals_nor_books_a_participant_out_of_scope(api, tokens, database):
    mataram = tokens("EDUCATION_OFFICER", region="5271")
    kota_bima = tokens("EDUCATION_OFFICER", region="5272")
    theirs = published(api, mataram)
    registered(api, theirs, person("Siti Mataram", email="siti@example.id",
                                   phone="+62 811 2222 3333", birth="2001-02-03",
                                   disability=True))
    ours = create(api, kota_bima, region="5272")
    before = count(database, Registration)
    query = """mutation($input: ImportRegistrationsInput!) { importRegistrations(input: $input) {
      registrations { id participant { fullName email phone gender birthDate disability } }
      userErrors { field code } } }"""
    row = person("Siapa Saja", email="SITI@example.id", phone=None, gender=None, birth=None,
                 regionCode=None, institution=None)
    out = api.gql(query, {"input": {"sessionId": ours, "participants": [person(), row]}},
                  token=kota_bima)
    payload = out["data"]["importRegistrations"]
    assert payload == {"registrations": None,
                       "userErrors": [{"field": "participants.1.email", "code": "EMAIL_IN_USE"}]}
    assert count(database, Registration) == before
    for secret in ("2222", "2001-02-03", "Siti Mataram"):
        assert secret not in str(out)

    # The officer who has her on a roster books her again as she is on record.
    again = create(api, mataram, title="Sesi Kedua")
    out = api.gql(query, {"input": {"sessionId": again, "participants": [row]}}, token=mataram)
    payload = out["data"]["importRegistrations"]
    assert payload["userErrors"] == []
    assert payload["registrations"][0]["participant"]["fullName"] == "Siti Mataram"
    assert payload["registrations"][0]["participant"]["phone"] == "+62 811 2222 3333"
