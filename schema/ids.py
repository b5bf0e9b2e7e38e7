"""Global IDs in inputs: decoded here, a wrong or foreign ID is a userError."""

from __future__ import annotations

from strawberry import relay

from edu.errors import UserError


def decode_id(value: relay.GlobalID | str, type_name: str, field: str) -> int:
    """The database id inside a global ID of `type_name`."""
    try:
        gid = value if isinstance(value, relay.GlobalID) else relay.GlobalID.from_id(value)
        if gid.type_name != type_name:
            raise ValueError
        return int(gid.node_id)
    except (ValueError, TypeError):
        raise UserError("INVALID_ID", field, f"Not the id of a {type_name}.") from None
