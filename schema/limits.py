"""Validation rules that bound a query's depth and aliases.

They are module-level classes built once, so the validation cache keyed on the rule tuple
really hits (a limiter built per request silently defeats it; strawberry issue 4635)."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

MAX_DEPTH = 12
MAX_ALIASES = 30


def _depth(selection_set: SelectionSetNode | None, ctx: ValidationContext,
           seen: frozenset[str]) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            if sel.name.value.startswith("__"):
                continue
            deepest = max(deepest, 1 + _depth(sel.selection_set, ctx, seen))
        elif isinstance(sel, InlineFragmentNode):
            deepest = max(deepest, _depth(sel.selection_set, ctx, seen))
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
            fragment = ctx.get_fragment(sel.name.value)
            if fragment is not None:
                deepest = max(deepest, _depth(fragment.selection_set, ctx,
                                              seen | {sel.name.value}))
    return deepest


class DepthLimit(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        depth = _depth(node.selection_set, self.context, frozenset())
        if depth > MAX_DEPTH:
            self.report_error(GraphQLError(
                f"Query is {depth} levels deep; at most {MAX_DEPTH} are allowed.", node))


class AliasLimit(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.count = 0

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.alias is not None:
            self.count += 1
            if self.count == MAX_ALIASES + 1:
                self.report_error(GraphQLError(
                    f"More than {MAX_ALIASES} aliases in one request.", node))


RULES = (DepthLimit, AliasLimit)
