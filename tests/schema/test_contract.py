"""Every operation the clients send validates against the schema, unchanged.

The project keeps the operations its own tests send in tests/clients, so a lone clone runs the
whole suite. Where the shared contract sits beside the checkout (../shared/clients; always under
CI=true) every operation there validates too, and our copies must equal the shared files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from graphql import DocumentNode, OperationDefinitionNode, parse, validate

from schema import schema
from tests.support import CLIENTS, SHARED

SHARED_CLIENTS = SHARED / "clients"
IN_CI = os.environ.get("CI") == "true"


def _files(folder: Path) -> list[Path]:
    # Subfolders too: shared/clients/integrity/ holds the survey and reports.
    return sorted(folder.rglob("*.graphql"))


def _operations(folder: Path) -> list[tuple[Path, str, OperationDefinitionNode]]:
    return [
        (path, definition.name.value if definition.name else "", definition)
        for path in _files(folder)
        for definition in parse(path.read_text()).definitions
        if isinstance(definition, OperationDefinitionNode)
    ]


OWN = _operations(CLIENTS)
SHARED_OPS = _operations(SHARED_CLIENTS) if SHARED_CLIENTS.is_dir() else []


def _errors(definition: OperationDefinitionNode, source: str) -> list[str]:
    """Validation errors of one operation together with the fragments of its file."""
    document = parse(source)
    others = tuple(d for d in document.definitions if not isinstance(d, OperationDefinitionNode))
    only = DocumentNode(definitions=(definition, *others))
    return [e.message for e in validate(schema._schema, only)]


def test_the_projects_copy_of_the_contract_is_there() -> None:
    assert len(OWN) == 29  # the operations of shared/clients/**/*.graphql when they were copied


@pytest.mark.parametrize(("path", "name", "definition"), OWN,
                         ids=[f"{p.relative_to(CLIENTS)}:{n}" for p, n, _ in OWN])
def test_operation_validates(path: Path, name: str, definition: OperationDefinitionNode) -> None:
    assert not _errors(definition, path.read_text())


@pytest.mark.parametrize("path", _files(CLIENTS), ids=lambda p: str(p.relative_to(CLIENTS)))
def test_each_file_validates_whole(path: Path) -> None:
    errors = validate(schema._schema, parse(path.read_text()))
    assert not errors, [e.message for e in errors]


def test_the_shared_contract_is_beside_the_checkout_under_ci() -> None:
    if not SHARED_CLIENTS.is_dir():
        if IN_CI:
            pytest.fail(f"the shared client contract is missing under CI: {SHARED_CLIENTS}")
        pytest.skip("no ../shared/clients beside this checkout (a lone clone)")
    assert SHARED_OPS


@pytest.mark.parametrize(("path", "name", "definition"), SHARED_OPS,
                         ids=[f"shared/{p.relative_to(SHARED_CLIENTS)}:{n}"
                              for p, n, _ in SHARED_OPS])
def test_shared_operation_validates(path: Path, name: str,
                                    definition: OperationDefinitionNode) -> None:
    assert not _errors(definition, path.read_text())


@pytest.mark.parametrize("path", _files(SHARED_CLIENTS) if SHARED_CLIENTS.is_dir() else [],
                         ids=lambda p: str(p.relative_to(SHARED_CLIENTS)))
def test_our_copy_equals_the_shared_file(path: Path) -> None:
    name = path.relative_to(SHARED_CLIENTS)
    ours = CLIENTS / name
    assert ours.exists(), f"tests/clients lacks {name}: copy it from {path}"
    assert ours.read_text() == path.read_text(), f"tests/clients/{name} differs from {path}"
