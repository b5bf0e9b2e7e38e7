"""Bad ids, cursors, dates, numbers and strings are the caller's mistakes: BAD_USER_INPUT (or
a userError in a mutation), never INTERNAL_SERVER_ERROR, and they write nothing."""

from __future__ import annotations

import base64

import pytest
from strawberry.relay import to_base64

from edu.sessions.models import EduSession
from tests.e2e.sessionkit import count, published, session_input


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def _codes(out):
    return [e["extensions"]["code"] for e in out.get("errors", [])]


NODE = """query($id: ID!) { node(id: $id) { id ... on CertificateBatch { status }
  ... on Session { title } } }"""


@pytest.mark.parametrize("bad", ["", "abc", to_base64("Session", "abc"),
                                 to_base64("Session", str(2**63)), to_base64("Session", "-1"),
                                 to_base64("Session", "١"), to_base64("Nope", 1),
                                 to_base64("Node", 1), to_base64("", 1), _b64("\xff\xfe"),
                                 "x" * 5000])
def test_node_with_a_bad_id_is_bad_user_input(api, tokens, bad):
    admin = tokens("ADMIN")
    for token in (admin, None):
        out = api.gql(NODE, {"id": bad}, token=token)
        assert _codes(out) == ["BAD_USER_INPUT"], out


def test_node_with_a_good_id_of_a_missing_row_is_null(api, tokens):
    admin = tokens("ADMIN")
    sid = published(api, admin)
    out = api.gql(NODE, {"id": sid}, token=admin)
    assert out["data"]["node"]["title"]
    assert api.gql(NODE, {"id": to_base64("CertificateBatch", 2**31 - 1)},
                   token=admin) == {"data": {"node": None}}


@pytest.mark.parametrize("bad", [to_base64("Session", str(2**63)), to_base64("Session", "abc"),
                                 to_base64("Session", str(2**31)), ""])
def test_a_bad_id_in_a_mutation_is_a_user_error(api, tokens, bad):
    admin = tokens("ADMIN")
    out = api.op("PublishSession", {"id": bad}, token=admin)
    assert [e["code"] for e in out["data"]["publishSession"]["userErrors"]] == ["INVALID_ID"]


@pytest.mark.parametrize("cursor", [_b64("o:-1000"), _b64("o:99999999999999999999"),
                                    _b64("o: 1"), _b64("o:1_0"), _b64("o:²"), "\x00"])
def test_bad_cursors_are_bad_user_input(api, cursor):
    out = api.gql("query($after: String) { sessions(after: $after) { totalCount } }",
                  {"after": cursor})
    assert _codes(out) == ["BAD_USER_INPUT"], out


@pytest.mark.parametrize("year", [0, -1, 1, 9999, 2**31 - 1])
def test_a_year_out_of_range_is_bad_user_input(api, tokens, year):
    out = api.gql(f"{{ internshipServiceTimeByMonth(year: {year}) {{ month }} }}",
                  token=tokens("ADMIN"))
    assert _codes(out) == ["BAD_USER_INPUT"], out


@pytest.mark.parametrize("starts, ends", [("0001-01-01", "2026-01-01"),
                                          ("2026-01-01", "9999-12-31")])
def test_dates_out_of_range_are_bad_user_input(api, tokens, starts, ends):
    out = api.gql("query($s: Date!, $e: Date!) { internshipServiceTime(startsOn: $s, "
                  "endsOn: $e) { decided } }", {"s": starts, "e": ends}, token=tokens("ADMIN"))
    assert _codes(out) == ["BAD_USER_INPUT"], out


@pytest.mark.parametrize("changes", [
    {"startsAt": "0001-01-01T00:00:00+08:00"},
    {"endsAt": "9999-12-31T23:59:59-12:00"},
    {"title": "Sosialisasi\x00"},
    {"venue": {"name": "Aula\x00", "address": "Jl. Udayana"}},
])
def test_dates_far_out_and_nul_bytes_write_nothing(api, tokens, database, changes):
    officer = tokens("EDUCATION_OFFICER", region="52")
    out = api.op("CreateSession", {"input": session_input(**changes)}, token=officer)
    assert _codes(out) == ["BAD_USER_INPUT"], out
    assert count(database, EduSession) == 0


def test_nul_in_a_literal_is_bad_user_input(api):
    out = api.gql('{ sessions(filter: {search: "a\\u0000b"}) { totalCount } }')
    assert _codes(out) == ["BAD_USER_INPUT"] and "NUL" in out["errors"][0]["message"]


def test_a_huge_search_is_bad_user_input(api, tokens):
    for query in ("{ sessions(filter: {search: $s}) { totalCount } }",
                  "{ placements(filter: {search: $s}) { totalCount } }",
                  "{ internships(filter: {search: $s}) { totalCount } }"):
        out = api.gql("query($s: String) " + query, {"s": "x" * 50_000}, token=tokens("ADMIN"))
        assert _codes(out) == ["BAD_USER_INPUT"], out
    ok = api.gql('{ sessions(filter: {search: "Pemilih"}) { totalCount } }')
    assert ok == {"data": {"sessions": {"totalCount": 0}}}


def test_a_huge_region_filter_is_bad_user_input(api, tokens):
    admin = tokens("ADMIN")
    for query in ("{ sessions(filter: {regionCode: $r}) { totalCount } }",
                  "{ placements(filter: {regionCode: $r}) { totalCount } }",
                  "{ internshipServiceTime(startsOn: \"2026-01-01\", endsOn: \"2026-12-31\", "
                  "regionCode: $r) { decided } }",
                  "{ internshipServiceTimeByMonth(year: 2026, regionCode: $r) { month } }"):
        out = api.gql("query($r: String) " + query, {"r": "5" * 50_000}, token=admin)
        assert _codes(out) == ["BAD_USER_INPUT"], out
