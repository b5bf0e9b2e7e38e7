"""Requests generated from the GraphQL schema itself: every root field, adversarial argument
values passed as variables, and random selections of what the fields return."""

from __future__ import annotations

import base64
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
)
from strawberry.relay import to_base64


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


STRINGS = ["", " ", "x", "\x00", "a\x00b", "x" * 50_000, "Ω≈ç√∫ 😀", "javascript:alert(1)",
           "' OR 1=1 --", "%", "_", "5271", "52", "9999", "FEMALE", "peserta@example.id",
           "https://meet.example/x", "08:00", "25:99", "\u202e", "\ud7ff", "\n\t"]
CURSORS = [_b64("o:-1000"), _b64("o:0"), _b64("o:99999999999999999999"), _b64("x:1"),
           _b64("o:1e9"), _b64("o:\x00"), _b64("o:²"), "%%%", "", "bm9wZQ==", "o:1"]
INTS = [0, 1, -1, 2, 20, 100, 101, 1000, -2**31, 2**31 - 1, 9999, 10_000]
FLOATS = [0.0, -1.0, 1.5, 100.0, 100.5, 1e308, -1e308]
DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "", "2026-12-10", "abc", "10000-01-01",
         "2026-13-01", "2026-12-10T09:00:00", "0000-00-00"]
DATETIMES = ["0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00+14:00",
             "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59+08:00",
             "2026-12-10T09:00:00+08:00", "2026-12-10T09:00:00", "x", "", "2031-01-01T00:00Z"]
NUMBERS = ["0", "1", "-1", "abc", "", str(2**63), str(2**63 - 1), str(2**31), "1e3", "١",
           " 1", "1\x00", "99999999999999999999999"]


@dataclass
class Fuzzer:
    """A seeded generator of (query, variables) for one schema."""

    schema: GraphQLSchema
    seed: int
    known_ids: list[str] = field(default_factory=list)
    rng: random.Random = field(init=False)
    turns: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        nodes = self.schema.get_type("Node")
        assert isinstance(nodes, GraphQLInterfaceType)
        self.node_types = [t.name for t in self.schema.get_implementations(nodes).objects]

    # --- values ---------------------------------------------------------------------------
    def _id(self) -> str:
        r = self.rng.random()
        if r < 0.25 and self.known_ids:
            return self.rng.choice(self.known_ids)
        type_name = self.rng.choice([*self.node_types, "Nope", "", "Node"])
        if r < 0.85:
            return to_base64(type_name, self.rng.choice(NUMBERS))
        return self.rng.choice(["", "abc", "Session:1", "\x00", _b64(":"), _b64("Session"),
                                "x" * 5000, _b64("Session:1:2")])

    def _scalar(self, t: GraphQLScalarType, name: str) -> Any:
        if t.name == "ID":
            return self._id()
        if t.name == "String":
            if name in ("after", "before"):
                return self.rng.choice(CURSORS)
            return self.rng.choice(STRINGS)
        if t.name == "Int":
            return self.rng.choice(INTS)
        if t.name == "Float":
            return self.rng.choice(FLOATS)
        if t.name == "Boolean":
            return self.rng.random() < 0.5
        if t.name == "Date":
            return self.rng.choice(DATES)
        if t.name == "DateTime":
            return self.rng.choice(DATETIMES)
        return self.rng.choice(STRINGS)

    def value(self, t: GraphQLInputType, name: str = "", depth: int = 0) -> Any:
        if isinstance(t, GraphQLNonNull):
            return self.value(t.of_type, name, depth)
        if self.rng.random() < 0.05:
            return None
        if isinstance(t, GraphQLList):
            return [self.value(t.of_type, name, depth + 1)
                    for _ in range(self.rng.choice([0, 1, 1, 2, 3]))]
        if isinstance(t, GraphQLInputObjectType):
            out = {}
            for fname, f in t.fields.items():
                required = isinstance(f.type, GraphQLNonNull)
                if required or self.rng.random() < 0.6:
                    out[fname] = self.value(f.type, fname, depth + 1)
            return out
        if isinstance(t, GraphQLEnumType):
            values = list(t.values)
            return self.rng.choice(values) if self.rng.random() < 0.95 else "NOT_A_VALUE"
        assert isinstance(t, GraphQLScalarType)
        return self._scalar(t, name)

    # --- selections -----------------------------------------------------------------------
    def _arguments(self, f: GraphQLField, variables: dict[str, Any],
                   definitions: list[str]) -> str:
        parts = []
        for name, arg in f.args.items():
            if not (isinstance(arg.type, GraphQLNonNull) or self.rng.random() < 0.5):
                continue
            inner = _named(arg.type)
            bare = arg.type.of_type if isinstance(arg.type, GraphQLNonNull) else arg.type
            if (isinstance(inner, GraphQLScalarType | GraphQLEnumType)
                    and not isinstance(bare, GraphQLList) and self.rng.random() < 0.3):
                # Written into the query: the validation rules and literal parsing see it.
                value = self.value(arg.type, name)
                parts.append(f"{name}: {_literal(value, inner)}")
            else:
                var = f"v{len(definitions)}"
                definitions.append(f"${var}: {arg.type}")
                variables[var] = self.value(arg.type, name)
                parts.append(f"{name}: ${var}")
        return f"({', '.join(parts)})" if parts else ""

    def selection(self, t: GraphQLNamedType, variables: dict[str, Any],
                  definitions: list[str], depth: int) -> str:
        if isinstance(t, GraphQLInterfaceType | GraphQLUnionType):
            possible = self.schema.get_possible_types(t)
            chosen = self.rng.sample(possible, k=min(len(possible), self.rng.randint(1, 3)))
            spreads = [f"... on {p.name} {self.selection(p, variables, definitions, depth)}"
                       for p in chosen]
            return "{ __typename " + " ".join(spreads) + " }"
        assert isinstance(t, GraphQLObjectType)
        names = list(t.fields)
        picked = self.rng.sample(names, k=min(len(names), self.rng.randint(1, 5)))
        parts = ["__typename"]
        for name in picked:
            f = t.fields[name]
            inner = _named(f.type)
            if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
                parts.append(name + self._arguments(f, variables, definitions))
            elif depth < 4:
                parts.append(name + self._arguments(f, variables, definitions)
                             + " " + self.selection(inner, variables, definitions, depth + 1))
        return "{ " + " ".join(parts) + " }"

    def request(self, mutation: bool) -> tuple[str, dict[str, Any]]:
        root = self.schema.mutation_type if mutation else self.schema.query_type
        assert root is not None
        # Every root field in turn, so that even a short run covers the whole schema.
        names = sorted(root.fields)
        name = names[self.turns[root.name] % len(names)]
        self.turns[root.name] += 1
        f = root.fields[name]
        variables: dict[str, Any] = {}
        definitions: list[str] = []
        args = self._arguments(f, variables, definitions)
        inner = _named(f.type)
        body = name + args
        if not isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            body += " " + self.selection(inner, variables, definitions, 1)
        head = "mutation" if mutation else "query"
        signature = f"({', '.join(definitions)})" if definitions else ""
        return f"{head} Fuzz{signature} {{ {body} }}", variables


def _literal(value: Any, t: GraphQLNamedType) -> str:
    if value is None:
        return "null"
    if isinstance(t, GraphQLEnumType):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are GraphQL's too
    return repr(value)


def _named(t: Any) -> GraphQLNamedType:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t
