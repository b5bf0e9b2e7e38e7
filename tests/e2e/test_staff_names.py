"""Staff names reach only those who work with them: `node(id:)` on Facilitator and a
session's `facilitators`."""

from __future__ import annotations

from sqlalchemy import select
from strawberry import relay

from edu.auth.models import Staff
from tests.e2e.sessionkit import published

NODE = "query($id: ID!) { node(id: $id) { ... on Facilitator { fullName } } }"
SESSION_FACILITATORS = "query($id: ID!) { node(id: $id) { ... on Session { facilitators { " \
                       "fullName } } } }"
ASSIGN = """mutation($input: AssignFacilitatorInput!) { assignFacilitator(input: $input) {
  userErrors { code } } }"""


def _gid(database, name: str) -> str:
    with database.reader() as db:
        staff_id = db.scalar(select(Staff.id).where(Staff.full_name == name))
    return str(relay.GlobalID("Facilitator", str(staff_id)))


def test_staff_names_reach_only_who_works_with_them(api, tokens, database):
    admin = tokens("ADMIN", name="Admin KPU")
    mataram = tokens("EDUCATION_OFFICER", region="5271", name="Officer Mataram")
    lobar = tokens("EDUCATION_OFFICER", region="5201", name="Officer Lobar")
    runs = tokens("FACILITATOR", region="5271", name="Fasilitator Bertugas")
    other = tokens("FACILITATOR", region="5271", name="Fasilitator Lain")
    interns = tokens("INTERNSHIP_OFFICER", region="5271", name="Officer Magang")
    created = api.op("CreateUniversity", {"input": {"code": "UNRAM", "name": "Unram"}},
                     token=admin)
    assert created["data"]["createUniversity"]["userErrors"] == []
    tokens("UNIVERSITY_COORDINATOR", university="UNRAM", name="Koordinator Unram")
    sid = published(api, mataram)
    out = api.gql(ASSIGN, {"input": {"sessionId": sid,
                                     "facilitatorId": _gid(database, "Fasilitator Bertugas")}},
                  token=mataram)
    assert out["data"]["assignFacilitator"]["userErrors"] == []

    def name(token, whose):
        out = api.gql(NODE, {"id": _gid(database, whose)}, token=token)
        assert "errors" not in out, out
        return (out["data"]["node"] or {}).get("fullName")

    # Everyone knows their own name; an admin knows everyone's.
    for token, own in ((runs, "Fasilitator Bertugas"), (interns, "Officer Magang")):
        assert name(token, own) == own
    assert name(admin, "Koordinator Unram") == "Koordinator Unram"
    # A planner knows whom they may assign and who runs their sessions, nobody else.
    assert name(mataram, "Fasilitator Bertugas") == "Fasilitator Bertugas"
    for token, whose in ((mataram, "Koordinator Unram"), (mataram, "Officer Magang"),
                         (mataram, "Admin KPU"), (lobar, "Fasilitator Bertugas"),
                         (other, "Fasilitator Bertugas"), (runs, "Koordinator Unram"),
                         (interns, "Fasilitator Bertugas"), (None, "Fasilitator Bertugas")):
        assert name(token, whose) is None, (whose,)

    def facilitators(token):
        out = api.gql(SESSION_FACILITATORS, {"id": sid}, token=token)
        assert "errors" not in out, out
        return [f["fullName"] for f in out["data"]["node"]["facilitators"]]

    for token in (mataram, admin, runs):
        assert facilitators(token) == ["Fasilitator Bertugas"]
    for token in (None, lobar, other, interns):
        assert facilitators(token) == []
