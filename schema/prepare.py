"""Parsing and validation of query texts, bounded in time and memory.

The parser stops at MAX_TOKENS; the document's shape (fields after fragment expansion, depth,
aliases) is checked in one linear pass before graphql-core's own rules run; and only short
texts are cached, so the cache's memory stays bounded whatever clients send."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    parse,
    specified_rules,
    validate,
)
from graphql.validation.rules.custom.no_schema_introspection import (
    NoSchemaIntrospectionCustomRule,
)

from schema.limits import CACHED_CHARACTERS, CACHED_QUERY_LENGTH, MAX_TOKENS, shape_errors
from schema.pagination_rule import PageArguments
from schema.text_rule import NoNulStrings

Prepared = tuple[DocumentNode | None, tuple[GraphQLError, ...]]


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int
    currsize: int
    characters: int


def validation_rules(*, introspection: bool) -> tuple[type[ASTValidationRule], ...]:
    """The rules every document must pass: the spec's, and no introspection if turned off."""
    rules = (*specified_rules, PageArguments, NoNulStrings)
    return rules if introspection else (*rules, NoSchemaIntrospectionCustomRule)


class Preparer:
    """Parse and validate once per distinct short query text (thread-safe).

    The cache's memory follows the length of the texts it keeps, so it is bounded by their
    total length rather than by their number. A text that many requests bring at once (a
    crowd arriving after a restart) is prepared by the first of them while the others
    wait for its answer, instead of each preparing it again."""

    def __init__(self, schema: GraphQLSchema, rules: Collection[type[ASTValidationRule]],
                 budget: int = CACHED_CHARACTERS) -> None:
        self.schema = schema
        self.rules = tuple(rules)
        self.budget = budget  # characters of query text the cache may hold
        self._cache: OrderedDict[str, Prepared] = OrderedDict()
        self._characters = 0
        self._lock = threading.Lock()
        self._preparing: dict[str, threading.Event] = {}
        self._hits = self._misses = 0

    def cached(self, query: str) -> Prepared | None:
        """The earlier answer for this text, if it is kept: cheap enough for the event loop."""
        with self._lock:
            found = self._cache.get(query)
            if found is None:
                self._misses += 1
                return None
            self._cache.move_to_end(query)
            self._hits += 1
            return found

    def prepare(self, query: str) -> Prepared:
        """Parse and validate; CPU-bound, so callers run it in a worker thread."""
        if len(query) > CACHED_QUERY_LENGTH:
            return self._prepare(query)
        while True:
            with self._lock:
                found = self._cache.get(query)
                if found is not None:
                    return found
                underway = self._preparing.get(query)
                if underway is None:
                    done = self._preparing[query] = threading.Event()
                    break
            underway.wait()  # then the answer is cached (or its preparer failed: try anew)
        try:
            prepared = self._prepare(query)
            self._keep(query, prepared)
            return prepared
        finally:
            with self._lock:
                del self._preparing[query]
            done.set()

    def _keep(self, query: str, prepared: Prepared) -> None:
        with self._lock:
            if query not in self._cache:
                self._characters += len(query)
            self._cache[query] = prepared
            while self._characters > self.budget:
                dropped, _ = self._cache.popitem(last=False)
                self._characters -= len(dropped)

    def _prepare(self, query: str) -> Prepared:
        try:
            document = parse(query, max_lexical_tokens=MAX_TOKENS, max_comments=MAX_TOKENS)
        except GraphQLError as err:
            return None, (err,)
        refused = shape_errors(document)
        if refused:
            return None, tuple(refused)
        return document, tuple(validate(self.schema, document, self.rules))

    def cache_info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self._hits, self._misses, len(self._cache), self._characters)
