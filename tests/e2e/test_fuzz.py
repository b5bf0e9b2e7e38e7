"""A schema fuzzer: thousands of generated requests, as ADMIN and anonymous, over HTTP.

No answer may be a 5xx, and no error may be INTERNAL_SERVER_ERROR: bad ids, cursors, dates,
numbers and strings are the caller's mistakes (BAD_USER_INPUT or userErrors)."""

from __future__ import annotations

import os

from schema import schema
from tests.e2e.fuzzkit import Fuzzer
from tests.e2e.sessionkit import person, published, registered

# Fewer on PostgreSQL: the same generator, the other database's types and limits.
REQUESTS = {"sqlite": int(os.environ.get("EDU_FUZZ_REQUESTS", "2000")),
            "postgres": int(os.environ.get("EDU_FUZZ_REQUESTS", "2000")) // 4}


def test_no_request_is_an_internal_error(api, tokens, backend):
    admin = tokens("ADMIN")
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    booked = registered(api, sid, person())
    known = [sid, booked["registration"]["id"]]
    fuzzer = Fuzzer(schema._schema, seed=int(os.environ.get("EDU_FUZZ_SEED", "8")),
                    known_ids=known)
    failures = []
    for n in range(REQUESTS[backend]):
        query, variables = fuzzer.request(mutation=n % 3 == 0)
        token = admin if n % 2 == 0 else None
        response = api.post(query, variables, token=token)
        codes = ([e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]
                 if response.headers.get("content-type", "").endswith("json") else [])
        if response.status_code >= 500 or "INTERNAL_SERVER_ERROR" in codes:
            failures.append((response.status_code, query, variables, response.text[:300]))
    assert min(fuzzer.turns.values()) > 100  # each root field was asked several times
    assert not failures, "\n\n".join(repr(f)[:1500] for f in failures[:5]) + \
        f"\n\n{len(failures)} failures"
