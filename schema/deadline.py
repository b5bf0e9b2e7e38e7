"""A time limit for running one query, checked as each field resolves.

Once the time is up, every field still to resolve fails at once without calling its resolver,
so the execution unwinds quickly; the endpoint then answers with one TIMEOUT error."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo


class RequestTimeout(Exception):
    """The request's time ran out before this field resolved."""


class Deadline:
    """graphql-core middleware: refuses to resolve fields after `seconds` have passed."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.at = clock() + seconds
        self.expired = False

    def resolve(self, next_: Callable[..., Any], root: Any, info: GraphQLResolveInfo,
                **args: Any) -> Any:
        if self.expired or self.clock() >= self.at:
            self.expired = True
            raise RequestTimeout()
        return next_(root, info, **args)

    def passed(self) -> bool:
        return self.expired or self.clock() >= self.at

    def remaining_ms(self) -> int:
        """Milliseconds left, for the database's own statement timeout."""
        return max(1, int((self.at - self.clock()) * 1000))
