"""The errors a service raises; each entrypoint translates them (userErrors, HTTP, exit 2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: a machine code, the input path and a sentence."""

    code: str
    field: str | None
    message: str


class UserError(Exception):
    """A business rule or bad input: the change is refused and nothing is written."""

    def __init__(self, code: str, field: str | None, message: str) -> None:
        super().__init__(message)
        self.problems: list[Problem] = [Problem(code, field, message)]

    @classmethod
    def many(cls, problems: Iterable[Problem]) -> UserError:
        problems = list(problems)
        err = cls(problems[0].code, problems[0].field, problems[0].message)
        err.problems = problems
        return err


class AuthError(Exception):
    """Who is asking may not do this; `code` is UNAUTHENTICATED or FORBIDDEN."""

    code = "FORBIDDEN"


class Unauthenticated(AuthError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Sign in with a valid token to do this.") -> None:
        super().__init__(message)


class Forbidden(AuthError):
    code = "FORBIDDEN"

    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__(message)


class NotFound(UserError):
    """An id that does not exist, or that the caller may not see (the two look the same)."""

    def __init__(self, field: str, what: str = "record") -> None:
        super().__init__("NOT_FOUND", field, f"No {what} with this id.")
