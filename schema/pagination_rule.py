"""Page arguments (`first`, `after`) are checked before anything runs.

Written as literals, a validation rule refuses them; passed as variables, a mutation checks
them before its write transaction (`check_page_arguments`), so a payload selection such as
`registrations(first: 1000)` can never fail after the change was committed."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    StringValueNode,
    ValidationRule,
    ValueNode,
    VariableNode,
)

from schema.connections import check_first, decode_cursor
from schema.errors import BadRequest


def _check(name: str, value: Any) -> None:
    if value is None:
        return
    if name == "first":
        check_first(value)
    elif name == "after":
        decode_cursor(value)


class PageArguments(ValidationRule):
    """`first` out of range, or an `after` that is not our cursor, written in the query."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        for arg in node.arguments or ():
            value: ValueNode = arg.value
            literal: Any = None
            if arg.name.value == "first" and isinstance(value, IntValueNode):
                literal = int(value.value)
            elif arg.name.value == "after" and isinstance(value, StringValueNode):
                literal = value.value
            try:
                _check(arg.name.value, literal)
            except BadRequest as err:
                self.report_error(GraphQLError(str(err), arg))


def _walk(selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode],
          variables: dict[str, Any], seen: set[str]) -> None:
    if selection_set is None:
        return
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            for arg in sel.arguments or ():
                if isinstance(arg.value, VariableNode):
                    value = variables.get(arg.value.name.value)
                    if isinstance(value, int | str):
                        _check(arg.name.value, value)
            _walk(sel.selection_set, fragments, variables, seen)
        elif isinstance(sel, InlineFragmentNode):
            _walk(sel.selection_set, fragments, variables, seen)
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
            seen.add(sel.name.value)  # each fragment once: linear in the document
            fragment = fragments.get(sel.name.value)
            if fragment is not None:
                _walk(fragment.selection_set, fragments, variables, seen)


def check_page_arguments(info: Any) -> None:
    """Page arguments given as variables anywhere under this field; BadRequest if bad."""
    raw = info._raw_info  # graphql-core's info under strawberry's: the nodes and fragments
    variables = getattr(raw.variable_values, "coerced", raw.variable_values)
    for node in raw.field_nodes:
        _walk(node.selection_set, raw.fragments, variables, set())
