"""A mutation's payload selection cannot fail after its commit: page arguments are checked
before anything runs (literals at validation, variables before the write)."""

from __future__ import annotations

import pytest

from edu.sessions.models import EduSession
from tests.e2e.sessionkit import count, session_input

CREATE = """mutation($input: CreateSessionInput!, $first: Int, $after: String) {
  createSession(input: $input) {
    session { id registrations(first: $first, after: $after) { totalCount } }
    userErrors { code } } }"""


def _literal(args: str) -> str:
    return ("mutation($input: CreateSessionInput!) { createSession(input: $input) { "
            f"session {{ id registrations({args}) {{ totalCount }} }} userErrors {{ code }} }} }}")


@pytest.mark.parametrize("args", ["first: 1000", "first: -1", 'after: "o:1"', 'after: "bm9wZQ=="',
                                  'after: "bzotMTAwMA=="'])
def test_literal_page_arguments_are_refused_before_anything_runs(api, tokens, database, args):
    officer = tokens("EDUCATION_OFFICER", region="52")
    response = api.post(_literal(args), {"input": session_input()}, token=officer)
    out = response.json()
    assert "data" not in out or out["data"] is None
    assert [e["extensions"]["code"] for e in out["errors"]] == ["BAD_USER_INPUT"]
    assert count(database, EduSession) == 0


@pytest.mark.parametrize("variables", [{"first": 1000}, {"first": -5},
                                       {"after": "bzotMTAwMA=="}, {"after": "%%%"}])
def test_page_variables_are_refused_before_the_write(api, tokens, database, variables):
    officer = tokens("EDUCATION_OFFICER", region="52")
    out = api.gql(CREATE, {"input": session_input(), **variables}, token=officer)
    assert out["data"] is None or out["data"]["createSession"] is None
    assert [e["extensions"]["code"] for e in out["errors"]] == ["BAD_USER_INPUT"]
    assert count(database, EduSession) == 0


def test_a_good_page_in_the_payload_works(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    out = api.gql(CREATE, {"input": session_input(), "first": 100}, token=officer)
    assert out["data"]["createSession"]["session"]["registrations"] == {"totalCount": 0}
    assert count(database, EduSession) == 1
