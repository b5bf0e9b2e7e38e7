"""What a query costs before it runs, the way GitHub and Shopify count it.

Every object a query asks for costs 1; a connection asked for `first: n` items multiplies the
cost of what is selected inside it by n (without `first`, by the default page), and a plain
list of objects by a fixed estimate. Scalars and introspection are free. The cost depends on
the variables (`first: $n`), so it is counted for each request, once per fragment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    value_from_ast_untyped,
)

from schema.connections import DEFAULT_PAGE, MAX_PAGE

MAX_COST = 25_000  # objects one request may ask for (staff and anonymous alike)
LIST_ESTIMATE = 10  # items assumed in a list that has no `first` (logbooks, facilitators)

Fields = GraphQLObjectType | GraphQLInterfaceType


class QueryCost:
    """The cost of operations on one schema; build once, call per request."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        # A connection's own lists (edges) hold its page: they are not multiplied again.
        self.connections = {
            get_named_type(field.type).name
            for t in schema.type_map.values()
            if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)
            for field in t.fields.values() if "first" in field.args
        }

    def __call__(self, document: DocumentNode, operation: OperationDefinitionNode,
                 variables: Mapping[str, Any] | None) -> int:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        return _Count(self, document, operation, variables or {}).selection_set(
            operation.selection_set, root)


class _Count:
    def __init__(self, cost: QueryCost, document: DocumentNode,
                 operation: OperationDefinitionNode, variables: Mapping[str, Any]) -> None:
        self.cost = cost
        self.variables = dict(variables)
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and isinstance(definition.default_value, IntValueNode):
                self.variables[name] = int(definition.default_value.value)
        self.fragments = {d.name.value: d for d in document.definitions
                          if isinstance(d, FragmentDefinitionNode)}
        self.memo: dict[str, int] = {}

    def selection_set(self, node: SelectionSetNode | None, parent: Any) -> int:
        if node is None or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        total = 0
        for sel in node.selections:
            if isinstance(sel, FieldNode):
                total += self.field(sel, parent)
            elif isinstance(sel, InlineFragmentNode):
                condition = (self.cost.schema.get_type(sel.type_condition.name.value)
                             if sel.type_condition else parent)
                total += self.selection_set(sel.selection_set, condition)
            elif isinstance(sel, FragmentSpreadNode):
                total += self.fragment(sel.name.value)
        return total

    def fragment(self, name: str) -> int:
        if name not in self.memo:
            self.memo[name] = 0  # a cycle (refused by validation anyway) counts nothing
            definition = self.fragments.get(name)
            if definition is not None:
                condition = self.cost.schema.get_type(definition.type_condition.name.value)
                self.memo[name] = self.selection_set(definition.selection_set, condition)
        return self.memo[name]

    def field(self, node: FieldNode, parent: Fields) -> int:
        definition = parent.fields.get(node.name.value)
        if definition is None or node.name.value.startswith("__"):
            return 0
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return 0
        inner = self.selection_set(node.selection_set, named)
        if "first" in definition.args:
            return 1 + self.page(node) * inner
        if is_list_type(get_nullable_type(definition.type)) and \
                parent.name not in self.cost.connections:
            return 1 + LIST_ESTIMATE * inner
        return 1 + inner

    def page(self, node: FieldNode) -> int:
        """How many items `first` asks for: the page the connection will be cut to."""
        value = next((value_from_ast_untyped(arg.value, self.variables)
                      for arg in node.arguments or () if arg.name.value == "first"), None)
        if value is None or value is Undefined:
            return DEFAULT_PAGE
        if isinstance(value, int) and not isinstance(value, bool):
            return max(0, min(value, MAX_PAGE))
        return MAX_PAGE  # not a number: refused when it runs, but assume the worst
