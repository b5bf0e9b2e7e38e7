"""No NUL character in any string input.

PostgreSQL cannot store U+0000 in text, and no name, address or search needs it: a NUL in a
literal is refused at validation, in a variable before the request runs (BAD_USER_INPUT)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, StringValueNode, ValidationRule

MESSAGE = "Text may not contain the NUL character (U+0000)."


class NoNulStrings(ValidationRule):
    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if "\x00" in node.value:
            self.report_error(GraphQLError(MESSAGE, node))


def has_nul(value: Any) -> bool:
    """Whether a JSON value (the request's variables) holds a NUL anywhere, keys included."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False
