"""How big a GraphQL request may be, and the checks that hold it to that before it runs.

Every check here is linear in the size of the document: a fragment is measured once and its
measure reused wherever it is spread (a document whose fragments spread each other twice, 22
levels deep, expands to millions of fields from 1 KB of text). The shape of a document
(fields after expansion, depth, aliases, repeated names, fragments) is checked before
graphql-core's own validation rules run, so those only ever see documents of a bounded
expanded size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

MAX_QUERY_LENGTH = 20_000  # characters of query text
MAX_TOKENS = 5_000  # lexical tokens, counted by the parser as it reads
MAX_FIELDS = 1_000  # fields of a document's operations, with every fragment spread expanded
MAX_DEPTH = 12  # nested selections (introspection fields are not counted)
MAX_ALIASES = 30  # aliased fields of one operation, with fragments expanded
# graphql-core's rule that fields can merge compares pairs: of fields with one name in a
# selection, and of the fragments spread in it. Both are bounded so the pairs stay few.
MAX_REPEATS = 10  # times one response name may be selected in one selection set
MAX_FRAGMENTS = 50  # fragment definitions in one document
# A parsed document takes up to ~300 bytes per character of its text: the cache is bounded by
# the total length of the texts it keeps (~60 MB at worst), each of them short.
CACHED_QUERY_LENGTH = 5_000  # longer texts are parsed each time, never kept in the cache
CACHED_CHARACTERS = 200_000  # total length of the texts kept, least recently used dropped
PREPARING_AT_ONCE = 2  # worker threads parsing and validating (CPU-bound) at the same time


@dataclass(frozen=True)
class Shape:
    """What a selection set amounts to once every fragment in it is expanded."""

    fields: int = 0
    depth: int = 0
    aliases: int = 0
    repeats: int = 0  # the most times one response name is selected in one selection set
    names: Mapping[str, int] = field(default_factory=dict)  # this set's response names


class _Measure:
    """Measures selection sets, each fragment only once (saturating at the limits)."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.memo: dict[str, Shape] = {}
        self.open: set[str] = set()  # fragments being measured: a cycle counts nothing

    def selection_set(self, node: SelectionSetNode | None) -> Shape:
        if node is None:
            return Shape()
        fields = depth = aliases = repeats = 0
        names: Counter[str] = Counter()
        for sel in node.selections:
            if isinstance(sel, FieldNode):
                inner = self.selection_set(sel.selection_set)
                fields += 1 + inner.fields
                aliases += (sel.alias is not None) + inner.aliases
                if not sel.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
                names[(sel.alias or sel.name).value] += 1
                repeats = max(repeats, inner.repeats)
                continue
            if isinstance(sel, InlineFragmentNode):
                inner = self.selection_set(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode):
                inner = self.fragment(sel.name.value)
            else:  # pragma: no cover  (no other kind of selection exists)
                continue
            fields += inner.fields
            aliases += inner.aliases
            depth = max(depth, inner.depth)
            repeats = max(repeats, inner.repeats)
            names.update(inner.names)
        # Saturate: the numbers only need to tell "over the limit", and stay small.
        cap = MAX_REPEATS + 1
        return Shape(min(fields, MAX_FIELDS + 1), depth, min(aliases, MAX_ALIASES + 1),
                     min(max(repeats, *names.values(), 0), cap),
                     {name: min(count, cap) for name, count in names.items()})

    def fragment(self, name: str) -> Shape:
        found = self.memo.get(name)
        if found is not None:
            return found
        definition = self.fragments.get(name)
        if definition is None or name in self.open:
            return Shape()  # unknown or cyclic: graphql-core's own rules report it
        self.open.add(name)
        shape = self.memo[name] = self.selection_set(definition.selection_set)
        self.open.discard(name)
        return shape


def shape_errors(document: DocumentNode) -> list[GraphQLError]:
    """The limits each operation of a document breaks, found in one pass over it."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    if len(fragments) > MAX_FRAGMENTS:
        return [GraphQLError(f"More than {MAX_FRAGMENTS} fragments in one request.")]
    measure = _Measure(fragments)
    errors: list[GraphQLError] = []
    fields = 0  # over all operations: each is validated, whichever one runs
    for op in document.definitions:
        if not isinstance(op, OperationDefinitionNode):
            continue
        shape = measure.selection_set(op.selection_set)
        fields += shape.fields
        if fields > MAX_FIELDS:
            errors.append(GraphQLError(
                f"The request selects more than {MAX_FIELDS} fields once its fragments are "
                "expanded.", op))
            break
        if shape.depth > MAX_DEPTH:
            errors.append(GraphQLError(
                f"Query is {shape.depth} levels deep; at most {MAX_DEPTH} are allowed.", op))
        if shape.aliases > MAX_ALIASES:
            errors.append(GraphQLError(f"More than {MAX_ALIASES} aliases in one request.", op))
        if shape.repeats > MAX_REPEATS:
            errors.append(GraphQLError(
                f"A field is selected more than {MAX_REPEATS} times in one selection.", op))
    return errors
