"""A row's id in an address, for every room's routes: `{name:id}` instead of `{name:int}`.

Starlette's `int` takes any number of digits, and a twenty-digit one overflows the database
driver (a 500). Nine digits at most, so a longer number is an address nothing answers (404)
before any handler or query runs. Ids are far below a billion (PostgreSQL's INTEGER ends at
2^31 - 1, SQLite's rowids are counted up from 1)."""

from __future__ import annotations

from starlette.convertors import IntegerConvertor, register_url_convertor

NAME = "id"


class RowId(IntegerConvertor):
    regex = "[0-9]{1,9}"


# Registered on import: every module whose routes say `:id` imports this one first.
register_url_convertor(NAME, RowId())
