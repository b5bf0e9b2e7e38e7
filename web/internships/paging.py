"""Which page of a long list a request asks for: only that page is read from the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request

PARAM = "halaman"


@dataclass(frozen=True)
class Window:
    number: int  # from 1
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def pages(self, total: int) -> int:
        return max((total + self.size - 1) // self.size, 1)


def window(request: Request, size: int) -> Window:
    """The `halaman` asked for (the first when it is missing or not a number)."""
    try:
        number = max(int(request.query_params.get(PARAM, "1")), 1)
    except ValueError:
        number = 1
    return Window(number, size)


def linker(query: Mapping[str, str]) -> object:
    """A page's address keeping the list's filters."""
    kept = {k: v for k, v in query.items() if v}
    return lambda n: "?" + urlencode({**kept, PARAM: n})
