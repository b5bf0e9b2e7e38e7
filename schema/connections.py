"""Relay connections with opaque cursors and totalCount."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from schema.errors import BadRequest

T = TypeVar("T")
M = TypeVar("M")
DEFAULT_PAGE = 20
MAX_PAGE = 100
MAX_SEARCH = 100
MAX_REGION_CODE = 10  # `52`, `5271`: a longer filter matches nothing, and LIKE has limits


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    total_count: int
    page_info: PageInfo
    edges: list[Edge[T]]


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(after: str) -> int:
    """The offset inside a cursor this API gave out; anything else is BAD_USER_INPUT."""
    try:
        kind, _, number = base64.urlsafe_b64decode(after.encode()).decode().partition(":")
    except ValueError:
        kind, number = "", ""
    # isdigit() alone would take "²" or "١"; ascii digits only, and no offset past any table.
    if kind != "o" or not (number.isascii() and number.isdigit()) or len(number) > 9:
        raise BadRequest("`after` is not a cursor this API gave out.")
    return int(number)


def check_first(first: int | None) -> int:
    """The page size for `first`; out of range is BAD_USER_INPUT."""
    limit = DEFAULT_PAGE if first is None else first
    if not 0 <= limit <= MAX_PAGE:
        raise BadRequest(f"`first` must be between 0 and {MAX_PAGE}.")
    return limit


def search_text(search: str | None) -> str | None:
    """A list's `search` text; longer than any title is BAD_USER_INPUT, not a slow scan."""
    if search is not None and len(search) > MAX_SEARCH:
        raise BadRequest(f"`search` is at most {MAX_SEARCH} characters.")
    return search


def region_filter(code: str | None) -> str | None:
    """A list's region filter (a prefix: `52` covers the province); too long is BAD_USER_INPUT."""
    if code is not None and len(code) > MAX_REGION_CODE:
        raise BadRequest(f"`regionCode` is a region code such as 5271, not {len(code)} "
                         "characters.")
    return code


def page_window(first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, limit) for `first` items after a cursor; bad arguments are BAD_USER_INPUT."""
    limit = check_first(first)
    return (0 if after is None else decode_cursor(after) + 1), limit


def connection(total: int, offset: int, rows: Sequence[M],
               to_node: Callable[[M], T]) -> Connection[T]:
    """A page of rows starting at `offset`, out of `total`."""
    edges = [Edge(cursor=_cursor(offset + i), node=to_node(r)) for i, r in enumerate(rows)]
    return Connection(
        total_count=total,
        page_info=PageInfo(
            has_next_page=offset + len(rows) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
