"""updateSession over HTTP (SQLite and PostgreSQL): the same service as the console's edit
form, so the same rules: more seats confirm the waitlist, fewer than taken is a userError with
nothing written, another region's session is refused."""

from __future__ import annotations

from edu.sessions.models import EduSession
from tests.e2e.sessionkit import (
    audit_actions,
    count,
    published,
    registered,
    session_counts,
    session_input,
)

UPDATE = """mutation($input: UpdateSessionInput!) { updateSession(input: $input) {
  session { id title capacity confirmedCount waitlistCount } userErrors { field code } } }"""


def test_update_session_moves_seats_and_keeps_its_rules(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="5271")
    sid = published(api, officer, capacity=1)
    registered(api, sid)
    registered(api, sid)  # waits
    more = api.gql(UPDATE, {"input": {**session_input(capacity=3, title="Judul Baru"),
                                      "id": sid}}, token=officer)
    session = more["data"]["updateSession"]["session"]
    assert (session["title"], session["capacity"], session["confirmedCount"],
            session["waitlistCount"]) == ("Judul Baru", 3, 2, 0)
    assert audit_actions(database)[-1] == "session.update"
    before = (session_counts(api, officer, sid), len(audit_actions(database)))
    fewer = api.gql(UPDATE, {"input": {**session_input(capacity=1, title="Lain"), "id": sid}},
                    token=officer)
    assert fewer["data"]["updateSession"]["userErrors"] == [
        {"field": "capacity", "code": "CAPACITY_BELOW_CONFIRMED"}]
    assert (session_counts(api, officer, sid), len(audit_actions(database))) == before
    elsewhere = tokens("EDUCATION_OFFICER", region="5201")
    refused = api.gql(UPDATE, {"input": {**session_input(), "id": sid}}, token=elsewhere)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert count(database, EduSession) == 1
