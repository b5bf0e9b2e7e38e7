"""userErrors in payloads, and the codes GraphQL errors carry in `extensions.code`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu.errors import AuthError, UserError
from edu.logsafe import describe, is_database_error

log = logging.getLogger("edu.graphql")
P = TypeVar("P")


@strawberry.type(name="UserError")
class UserErrorType:
    """A business rule or bad input: `field` is the input path, such as `participants.3.email`."""

    field: str | None
    message: str
    code: str


def user_errors(err: UserError) -> list[UserErrorType]:
    return [UserErrorType(field=p.field, message=p.message, code=p.code) for p in err.problems]


class BadRequest(Exception):
    """A malformed argument (a bad cursor, a page too large): BAD_USER_INPUT."""


def mutate(info: Any, change: Callable[[Session], P],
           failed: Callable[[list[UserErrorType]], P]) -> P:
    """Run one change in one transaction; a UserError becomes userErrors and writes nothing.

    A unique-constraint race (two requests inserting the same row at once) is retried once:
    the second attempt sees the winner's row and answers with the rule's own error.
    Page arguments of the payload's selection are checked first: nothing may fail after the
    commit (a client that sees an error retries, and would then change things twice)."""
    from schema.pagination_rule import check_page_arguments

    check_page_arguments(info)
    for attempt in (1, 2):
        try:
            with info.context.write() as db:
                return change(db)
        except UserError as err:
            return failed(user_errors(err))
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def error_code(error: GraphQLError) -> str:
    original = error.original_error
    if isinstance(original, AuthError):
        return original.code
    # Errors before execution (syntax, validation, variable coercion) have no path; a rule
    # that a query's arguments break (a year out of range, a search too long) is the caller's
    # mistake too.
    if isinstance(original, BadRequest | UserError) or error.path is None:
        return "BAD_USER_INPUT"
    return "INTERNAL_SERVER_ERROR"


def format_error(error: GraphQLError, *, mask: bool) -> dict[str, Any]:
    """The error as JSON with its code; unexpected errors are logged and, in production,
    reduced to a plain sentence so no internals leak."""
    code = error_code(error)
    out: dict[str, Any] = dict(error.formatted)
    if code == "INTERNAL_SERVER_ERROR":
        original = error.original_error
        log.error("unexpected error", exc_info=original)
        if mask:
            out["message"] = "Unexpected error; it has been logged."
        elif original is not None and is_database_error(original):
            out["message"] = describe(original)  # the database's text may quote a row
    out["extensions"] = {**out.get("extensions", {}), "code": code}
    return out
