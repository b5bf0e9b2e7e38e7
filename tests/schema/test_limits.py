"""Denial of service: what one request may cost the server, and that it cannot stall others."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import httpx
import pytest
from graphql import OperationDefinitionNode, parse

from edu.auth.models import Role
from edu.request_size import MAX_BODY_BYTES
from schema.cost import MAX_COST
from schema.limits import (
    CACHED_QUERY_LENGTH,
    MAX_ALIASES,
    MAX_FIELDS,
    MAX_FRAGMENTS,
    MAX_QUERY_LENGTH,
    MAX_REPEATS,
    MAX_TOKENS,
    PREPARING_AT_ONCE,
    shape_errors,
)
from tests.support import LiveServer, statements_on

GQL = "application/graphql-response+json"


def doubling_fragments(levels: int) -> str:
    """~1 KB whose fragment Fi spreads F(i-1) twice: 2**levels fields once expanded."""
    fragments = ["fragment F0 on Session { id title }"]
    fragments += [f"fragment F{i} on Session {{ ...F{i - 1} ...F{i - 1} }}"
                  for i in range(1, levels + 1)]
    return f"{{ sessions {{ edges {{ node {{ ...F{levels} }} }} }} }} " + " ".join(fragments)


def errors_of(response: httpx.Response) -> list[dict]:
    return response.json()["errors"]


# --- validation is linear in the size of the document ------------------------------------


def test_nested_fragments_are_refused(api):
    got = api.post(doubling_fragments(22))
    assert f"more than {MAX_FIELDS} fields" in errors_of(got)[0]["message"]
    assert errors_of(got)[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_each_fragment_is_measured_once():
    # 2**40 fields once expanded: only a measure that reuses each fragment's finishes.
    errors = shape_errors(parse(doubling_fragments(40)))
    assert any(f"more than {MAX_FIELDS} fields" in e.message for e in errors)


def test_depth_and_aliases_count_through_fragments(api):
    deep = "fragment D on Session { registrations { edges { node { session { id } } } } }"
    got = api.post("{ sessions { edges { node { registrations { edges { node { session { "
                   "registrations { edges { node { session { ...D } } } } } } } } } } } } " + deep)
    assert "levels deep" in errors_of(got)[0]["message"]
    aliased = "fragment A on Region { " + " ".join(f"a{i}: code" for i in range(16)) + " }"
    got = api.post("{ regions { ...A } again: regions { ...A } } " + aliased)
    assert f"More than {MAX_ALIASES} aliases" in errors_of(got)[0]["message"]


def test_healthz_answers_while_documents_are_being_prepared(api, live_server, monkeypatch):
    """Parsing and validation run beside the event loop: while every preparing thread is
    busy with a document, other requests are answered."""
    preparer = live_server.app.state.graphql.preparer
    entered = threading.Semaphore(0)
    release = threading.Event()
    real = preparer.prepare

    def held(query: str):
        entered.release()
        release.wait(60)
        return real(query)

    monkeypatch.setattr(preparer, "prepare", held)
    attacks = [doubling_fragments(22) + f" # {i}" for i in range(PREPARING_AT_ONCE + 2)]
    with ThreadPoolExecutor(len(attacks)) as pool:
        try:
            answers = [pool.submit(api.post, q) for q in attacks]
            for _ in range(PREPARING_AT_ONCE):
                assert entered.acquire(timeout=60)
            health = httpx.get(f"{api.url}/healthz", timeout=30)
            assert health.status_code == 200
        finally:
            release.set()
        for answer in answers:
            assert "fields" in errors_of(answer.result())[0]["message"]


# --- the size of a request -----------------------------------------------------------------


def test_bodies_over_the_limit_are_413_on_every_route(api):
    big = b" " * (MAX_BODY_BYTES + 1)
    for path in ("/graphql", "/healthz", "/verify/ABC"):
        got = api.http.post(f"{api.url}{path}", content=big,
                            headers={"content-type": "application/json"})
        assert got.status_code == 413, path
        assert got.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_bodies_without_a_length_are_counted_as_they_arrive(api):
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 1):
            yield b" " * 65536

    got = api.http.post(f"{api.url}/graphql", content=chunks(),
                        headers={"content-type": "application/json"})
    assert "content-length" not in got.request.headers
    assert got.status_code == 413


def test_query_length_tokens_and_fields_are_limited(api):
    long = "{ regions { code } }" + " " * MAX_QUERY_LENGTH
    got = api.post(long)
    assert got.status_code == 413
    assert errors_of(got)[0]["extensions"]["code"] == "QUERY_TOO_LARGE"

    tokens = "{ regions { " + "a " * MAX_TOKENS + "} }"
    assert len(tokens) < MAX_QUERY_LENGTH
    assert "tokens" in errors_of(api.post(tokens))[0]["message"]

    fields = "{ regions { " + "code " * MAX_FIELDS + "} }"
    assert f"more than {MAX_FIELDS} fields" in errors_of(api.post(fields))[0]["message"]
    assert shape_errors(parse("{ " + " ".join(f"f{i}" for i in range(MAX_FIELDS)) + " }")) == []
    half = " ".join(f"f{i}" for i in range(MAX_FIELDS // 2 + 1))
    assert "fields" in shape_errors(parse(f"query A {{ {half} }} query B {{ {half} }}"))[0].message


def test_pairs_compared_by_validation_stay_few(api):
    """graphql-core compares pairs of same-named fields and of fragments in one selection."""
    repeated = api.post("{ regions { " + "code " * (MAX_REPEATS + 1) + "} }")
    assert f"more than {MAX_REPEATS} times" in errors_of(repeated)[0]["message"]
    assert "errors" not in api.post("{ regions { " + "code " * MAX_REPEATS + "} }").json()
    through_fragments = api.post("{ regions { code ...A ...B } } fragment A on Region { "
                                 + "code " * 5 + "} fragment B on Region { " + "code " * 5 + "}")
    assert f"more than {MAX_REPEATS} times" in errors_of(through_fragments)[0]["message"]
    names = range(MAX_FRAGMENTS + 1)
    fragments = api.post("{ regions { " + " ".join(f"...R{i}" for i in names) + " } } "
                         + " ".join(f"fragment R{i} on Region {{ code }}" for i in names))
    assert f"More than {MAX_FRAGMENTS} fragments" in errors_of(fragments)[0]["message"]


def test_only_short_documents_are_cached(api, live_server):
    """Asked of the texts themselves: the server's cache may be at its budget from earlier
    tests, where a new text evicts older ones and the total length can even shrink."""
    preparer = live_server.app.state.graphql.preparer
    long = "{ regions { code } }" + " " * CACHED_QUERY_LENGTH
    short = f"{{ fresh_{secrets.token_hex(4)}: regions {{ name }} }}"  # new to this server
    assert api.post(long).status_code == 200
    assert preparer.cached(long) is None
    assert preparer.cached(short) is None
    assert api.post(short).status_code == 200
    assert preparer.cached(short) is not None


def test_the_cache_holds_a_bounded_length_of_text(base_settings):
    from schema import schema
    from schema.prepare import Preparer, validation_rules

    preparer = Preparer(schema._schema, validation_rules(introspection=True), budget=1_000)
    queries = [f"{{ regions {{ code }} }} # {i:03} " + "." * 400 for i in range(10)]
    for query in queries:
        preparer.prepare(query)
    info = preparer.cache_info()
    assert info.currsize == 2 and info.characters <= 1_000
    assert preparer.cached(queries[-1]) is not None and preparer.cached(queries[0]) is None


# --- the cost of a query -------------------------------------------------------------------

NESTED = ("sessions(first: 100) { edges { node { registrations(first: 100) { edges { node { "
          "id participant { fullName email } } } } } } }")


def test_a_costly_query_is_refused_before_it_runs_even_for_admins(api, tokens, database):
    admin = tokens(Role.ADMIN)
    query = "{ " + " ".join(f"a{i}: {NESTED}" for i in range(MAX_ALIASES)) + " }"
    with statements_on(database.engine) as seen:
        got = api.http.post(f"{api.url}/graphql", json={"query": query},
                            headers={"accept": GQL, "authorization": f"Bearer {admin}"})
    assert got.status_code == 400
    error = errors_of(got)[0]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["extensions"]["cost"] > error["extensions"]["maxCost"] == MAX_COST
    assert "first" in error["message"]
    assert seen == []  # not even the token was looked up


def test_the_cost_follows_the_variables(api, tokens):
    admin = tokens(Role.ADMIN)
    query = ("query($n: Int) { a: sessions(first: $n) { edges { node { registrations(first: $n)"
             " { totalCount edges { node { id } } } } } } b: sessions(first: $n) { edges { node "
             "{ registrations(first: $n) { totalCount edges { node { id } } } } } } }")
    costly = api.post(query, {"n": 100}, token=admin).json()
    assert costly["errors"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
    cheap = api.post(query, {"n": 10}, token=admin).json()
    assert "errors" not in cheap


def test_client_operations_cost_far_below_the_limit():
    from schema import schema
    from schema.cost import QueryCost
    from tests.support import CLIENTS

    cost = QueryCost(schema._schema)
    operations = 0
    for path in sorted(CLIENTS.rglob("*.graphql")):
        document = parse(path.read_text())
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                operations += 1
                assert cost(document, definition, {"first": 100}) < MAX_COST // 10
    assert operations > 20


# --- a deadline while a query runs ---------------------------------------------------------


def test_the_deadline_stops_resolving_fields(database, base_settings):
    """Fields resolve until the clock passes the deadline; after it none does."""
    from graphql import execute

    from edu.auth.principal import ANONYMOUS
    from schema import schema
    from schema.context import Context
    from schema.deadline import Deadline

    ticks = iter(range(1000))
    deadline = Deadline(3, clock=lambda: next(ticks))  # due at tick 3: two fields resolve
    context = Context(base_settings, database, ANONYMOUS, deadline=deadline)
    try:
        result = execute(schema._schema, parse("{ regions { code name level } }"),
                         context_value=context, middleware=[deadline])
    finally:
        context.close()
    assert deadline.expired
    assert result.errors and result.data is None
    context = Context(base_settings, database, ANONYMOUS)
    later = Deadline(60)
    result = execute(schema._schema, parse("{ regions { code name level } }"),
                     context_value=context, middleware=[later])
    context.close()
    assert not later.expired and len(result.data["regions"]) == 11


def test_postgresql_stops_statements_at_the_deadline(database, base_settings):
    from sqlalchemy import text

    from edu.auth.principal import ANONYMOUS
    from schema.context import Context
    from schema.deadline import Deadline

    if database.dialect != "postgresql":
        pytest.skip("SQLite has no statement timeout")
    context = Context(base_settings, database, ANONYMOUS, deadline=Deadline(5))
    try:
        timeout = context.db.execute(text("SELECT current_setting('statement_timeout')"))
        assert timeout.scalar_one().endswith("ms") or timeout.scalar_one() in ("4s", "5s")
    finally:
        context.close()
    with database.reader() as db:  # the setting was the request's transaction's alone
        assert db.execute(text("SELECT current_setting('statement_timeout')")).scalar_one() == "0"


@pytest.fixture(scope="module")
def locked_server(base_settings, migrated) -> Iterator[LiveServer]:
    """The app as production may run it: no GraphiQL, no introspection, and a deadline that
    has passed before any query starts."""
    settings = replace(base_settings, graphiql=False, introspection=False, request_timeout=-1.0)
    server = LiveServer(settings, migrated).start()
    yield server
    server.stop()


def test_a_query_past_its_deadline_is_one_timeout_error(locked_server, database):
    got = httpx.post(f"{locked_server.url}/graphql", json={"query": "{ regions { code } }"})
    assert got.status_code == 200
    assert got.json() == {"data": None, "errors": [{
        "message": got.json()["errors"][0]["message"], "extensions": {"code": "TIMEOUT"}}]}
    assert "longer than" in got.json()["errors"][0]["message"]


def test_mutations_are_not_cut_short(locked_server, database, tokens):
    admin = tokens(Role.ADMIN)
    got = httpx.post(f"{locked_server.url}/graphql", headers={"authorization": f"Bearer {admin}"},
                     json={"query": 'mutation { createUniversity(input: {code: "UNRAM", '
                                    'name: "Universitas Mataram"}) { userErrors { code } } }'})
    assert got.json() == {"data": {"createUniversity": {"userErrors": []}}}


# --- introspection and GraphiQL ------------------------------------------------------------


def test_introspection_can_be_turned_off(api, locked_server):
    query = "{ __schema { queryType { name } } }"
    assert api.post(query).json()["data"]["__schema"]["queryType"]["name"] == "Query"
    off = httpx.post(f"{locked_server.url}/graphql", json={"query": query}).json()
    assert "introspection" in off["errors"][0]["message"].lower()
    by_type = httpx.post(f"{locked_server.url}/graphql",
                         json={"query": '{ __type(name: "Query") { name } }'}).json()
    assert "introspection" in by_type["errors"][0]["message"].lower()


def test_graphiql_can_be_turned_off(locked_server):
    page = httpx.get(f"{locked_server.url}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 400 and "graphiql" not in page.text.lower()
    assert httpx.get(f"{locked_server.url}/graphiql/graphiql.min.js").status_code == 404


def test_graphiql_works_offline(api):
    """The page loads only files of this server, and every one of them is served."""
    import re
    from urllib.parse import urljoin, urlsplit

    page = api.http.get(f"{api.url}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert "default-src 'self'" in page.headers["content-security-policy"]
    references = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page.text)
    assert len(references) >= 5  # react, react-dom, graphiql's script and style, ours
    assert not re.search(r"https?://|//[a-z]", page.text.lower())
    for ref in references:
        url = urljoin(str(page.url), ref)
        assert urlsplit(url).netloc == urlsplit(api.url).netloc, ref
        asset = api.http.get(url)
        assert asset.status_code == 200 and asset.content, ref


def test_a_text_brought_by_many_at_once_is_prepared_once():
    from schema import schema
    from schema.prepare import Preparer, validation_rules

    class Counting(Preparer):
        runs = 0

        def _prepare(self, query):
            Counting.runs += 1
            entered.set()
            release.wait(10)  # the others arrive while this one is still preparing
            return super()._prepare(query)

    entered, release = threading.Event(), threading.Event()
    preparer = Counting(schema._schema, validation_rules(introspection=True))
    query = "{ regions { code name } }"
    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(preparer.prepare, query)
        assert entered.wait(10)
        rest = [pool.submit(preparer.prepare, query) for _ in range(7)]
        release.set()
        answers = [first.result(10)] + [f.result(10) for f in rest]
    assert Counting.runs == 1
    assert all(a is answers[0] for a in answers) and answers[0][1] == ()
