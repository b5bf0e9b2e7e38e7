"""GraphQL over HTTP as the spec asks: status codes, media types, limits, masking."""

from __future__ import annotations

GQL = "application/graphql-response+json"


def test_query_by_get_and_post(api):
    got = api.http.get(f"{api.url}/graphql", params={"query": "{ regions { code } }"})
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/json")
    assert len(got.json()["data"]["regions"]) == 11
    posted = api.post("{ regions { code name } }")
    assert posted.json()["data"]["regions"][0] == {"code": "52", "name": "Nusa Tenggara Barat"}


def test_graphiql_for_browsers(api):
    page = api.http.get(f"{api.url}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_mutation_over_get_is_405(api):
    got = api.http.get(f"{api.url}/graphql", params={
        "query": 'mutation { publishSession(id: "x") { userErrors { code } } }'})
    assert got.status_code == 405
    assert "POST" in got.headers["allow"]


def test_unknown_content_type_is_415(api):
    got = api.http.post(f"{api.url}/graphql", content=b"{ regions { code } }",
                        headers={"content-type": "text/plain"})
    assert got.status_code == 415


def test_unparseable_body_is_400(api):
    got = api.http.post(f"{api.url}/graphql", content=b"{not json",
                        headers={"content-type": "application/json"})
    assert got.status_code == 400
    assert got.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_invalid_query_is_400_under_the_graphql_media_type(api):
    body = {"query": "{ nope }"}
    spec = api.http.post(f"{api.url}/graphql", json=body, headers={"accept": GQL})
    assert spec.status_code == 400
    assert spec.headers["content-type"].startswith(GQL)
    assert spec.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    legacy = api.http.post(f"{api.url}/graphql", json=body,
                           headers={"accept": "application/json"})
    assert legacy.status_code == 200 and "errors" in legacy.json()


def test_variables_that_do_not_coerce_are_a_request_error(api):
    query = "query($f: SessionFilter) { sessions(filter: $f) { totalCount } }"
    got = api.http.post(f"{api.url}/graphql", headers={"accept": GQL}, json={
        "query": query, "variables": {"f": {"startsFrom": "2026-12-10T09:00:00"}}})
    assert got.status_code == 400
    assert "offset" in got.json()["errors"][0]["message"]


def test_bad_token_is_401_unauthenticated(api):
    got = api.post("{ regions { code } }", token="edus_not-a-real-token")
    assert got.status_code == 401
    assert got.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in got.json() or got.json()["data"] is None


def test_depth_limit(api):
    deep = "{ node(id: \"x\") { ...on Session { " + "registrations { edges { node { session { " * 3
    deep += "id" + " } } } }" * 3 + " } } }"
    got = api.post(deep)
    assert "levels deep" in got.json()["errors"][0]["message"]


def test_alias_limit(api):
    many = "{ " + " ".join(f"a{i}: regions {{ code }}" for i in range(31)) + " }"
    got = api.post(many)
    assert "aliases" in got.json()["errors"][0]["message"]
    fine = "{ " + " ".join(f"a{i}: regions {{ code }}" for i in range(30)) + " }"
    assert "errors" not in api.post(fine).json()


def test_bad_cursor_is_bad_user_input(api):
    got = api.post('{ sessions(after: "nonsense") { totalCount } }').json()
    assert got["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    too_many = api.post("{ sessions(first: 1000) { totalCount } }").json()
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_healthz(api):
    got = api.http.get(f"{api.url}/healthz")
    assert got.status_code == 200 and got.json()["status"] == "ok"


def test_parse_and_validation_are_cached(api, live_server):
    prepare = live_server.app.state.graphql.preparer
    query = "{ regions { code level } }"
    api.post(query)
    before = prepare.cache_info()
    for n in range(3):  # other variables each time: not a remembered answer (RememberedGraphQL)
        assert api.post(query, {"round": n}).status_code == 200
    after = prepare.cache_info()
    assert after.hits == before.hits + 3 and after.misses == before.misses


def test_a_finished_request_opens_no_more_reads(database, base_settings):
    """A loader left pending when an error cut a query short must not open a session that
    nobody closes (idle in transaction, holding locks that block the next TRUNCATE)."""
    import pytest

    from edu.auth.principal import ANONYMOUS
    from schema.context import Context

    context = Context(base_settings, database, ANONYMOUS)
    assert context.db is context.db
    context.close()
    with pytest.raises(RuntimeError, match="finished"):
        _ = context.db
