"""Every operation the clients send validates against the schema, unchanged."""

from __future__ import annotations

import pytest
from graphql import OperationDefinitionNode, parse, validate

from schema import schema
from tests.support import CLIENTS

OPERATIONS = [
    (path.name, definition.name.value, definition)
    for path in sorted(CLIENTS.glob("*.graphql"))
    for definition in parse(path.read_text()).definitions
    if isinstance(definition, OperationDefinitionNode)
]


def test_the_contract_is_there():
    assert len(OPERATIONS) == 26  # the count in shared/clients today


@pytest.mark.parametrize(("file", "name", "definition"), OPERATIONS,
                         ids=[f"{f}:{n}" for f, n, _ in OPERATIONS])
def test_operation_validates(file, name, definition):
    document = parse(CLIENTS.joinpath(file).read_text())
    only = type(document)(definitions=(definition,))
    errors = validate(schema._schema, only)
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("path", sorted(CLIENTS.glob("*.graphql")), ids=lambda p: p.name)
def test_each_file_validates_whole(path):
    errors = validate(schema._schema, parse(path.read_text()))
    assert not errors, [e.message for e in errors]
