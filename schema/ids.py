"""Global IDs: decoded here, once, for inputs and for `node(id:)`.

A global ID is base64 of `Type:number`. Anything else (not base64, not UTF-8, an unknown type,
a number that is not plain ASCII digits or that no row can have) is the caller's mistake: a
userError in a mutation's input, BAD_USER_INPUT in `node`, never an internal error."""

from __future__ import annotations

import binascii
from inspect import isawaitable
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.relay.utils import from_base64

from edu.errors import UserError
from schema.errors import BadRequest

# Primary keys are INTEGER columns: on PostgreSQL nothing above this exists (or binds).
MAX_ID = 2**31 - 1


def parse_global_id(value: object) -> tuple[str, int] | None:
    """(type name, database id), or None when the value is not an id this API gives out."""
    if isinstance(value, relay.GlobalID):
        type_name, number = value.type_name, value.node_id
    elif isinstance(value, str) and len(value) <= 200:
        try:
            type_name, number = from_base64(value)
        except (ValueError, binascii.Error):
            return None
    else:
        return None
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= MAX_ID:
        return None
    return type_name, int(number)


def decode_id(value: relay.GlobalID | str, type_name: str, field: str) -> int:
    """The database id inside a global ID of `type_name`."""
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != type_name:
        raise UserError("INVALID_ID", field, f"Not the id of a {type_name}.")
    return parsed[1]


def resolve_node(
    info: strawberry.Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the object.")],
) -> relay.Node | None:
    """`node(id:)`: the object, or null when it does not exist or the caller may not see it.

    Synchronous, as every Node's `resolve_nodes` in this schema is: a lookup by id then runs
    without a coroutine or an event-loop turn (about a fifth of its CPU)."""
    parsed = parse_global_id(id)
    if parsed is None:
        raise BadRequest("`id` is not an id this API gave out.")
    type_name, number = parsed
    definition = info.schema.get_type_by_name(type_name)
    origin: Any = getattr(definition, "origin", None)
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)
            and origin is not relay.Node):
        raise BadRequest(f"`id` is not an id this API gave out (no type {type_name!r}).")
    found = origin.resolve_nodes(info=info, node_ids=[str(number)], required=False)
    if isawaitable(found):  # an asynchronous one would need this field to be async again
        raise TypeError(f"{type_name}.resolve_nodes must be synchronous")
    return next(iter(found), None)
