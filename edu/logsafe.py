"""Personal data never reaches a log or an error message through a database error.

The engine hides SQL parameters (`hide_parameters=True`), but the database's own message can
still quote a row (PostgreSQL's `DETAIL: Key (email)=(…)`, `Failing row contains (…)`). So a
database error is described by its class and SQLSTATE only, wherever it would be logged or
shown: `install()` rewrites every log record of the process (ours, uvicorn's, strawberry's)
before any handler formats it.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import psycopg
from sqlalchemy.exc import OperationalError, SQLAlchemyError

_DATABASE_ERRORS = (SQLAlchemyError, sqlite3.Error, psycopg.Error)
_OPERATIONAL = (OperationalError, sqlite3.OperationalError, psycopg.OperationalError)


class RedactedDatabaseError(Exception):
    """Stands in for a database error in logs: its class and code, no values."""


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        # GraphQL wraps a resolver's exception as `original_error`.
        current = (getattr(current, "original_error", None) or current.__cause__
                   or current.__context__)
    return seen


def is_database_error(exc: BaseException) -> bool:
    """A database error whose text may quote data. Operational errors (connection, locks,
    resources) never quote a row, and their text is what an operator needs: kept."""
    found = [e for e in _chain(exc) if isinstance(e, _DATABASE_ERRORS)]
    return bool(found) and not all(isinstance(e, _OPERATIONAL) for e in found)


def describe(exc: BaseException) -> str:
    """The error without its message: class names and the SQLSTATE (or SQLite's code)."""
    if not is_database_error(exc):
        return f"{type(exc).__name__}: {exc}"
    names = []
    for e in _chain(exc):
        code = getattr(e, "sqlstate", None) or getattr(e, "sqlite_errorname", None)
        names.append(f"{type(e).__name__} ({code})" if code else type(e).__name__)
    return "database error: " + " <- ".join(names)


def redacted(exc: BaseException) -> BaseException:
    """A database error replaced by its description, keeping the traceback's frames."""
    if not is_database_error(exc):
        return exc
    stand_in = RedactedDatabaseError(describe(exc))
    stand_in.__suppress_context__ = True
    return stand_in.with_traceback(exc.__traceback__)


def _scrub(record: logging.LogRecord) -> logging.LogRecord:
    if record.exc_info and record.exc_info[1] is not None:
        exc = redacted(record.exc_info[1])
        record.exc_info = (type(exc), exc, exc.__traceback__)
        record.exc_text = None
    if isinstance(record.msg, BaseException):
        record.msg = describe(record.msg)
    if isinstance(record.args, tuple) and any(isinstance(a, BaseException) for a in record.args):
        record.args = tuple(describe(a) if isinstance(a, BaseException) else a
                            for a in record.args)
    return record


_installed = False


def install() -> None:
    """Scrub every log record the process creates from now on (idempotent)."""
    global _installed
    if _installed:
        return
    make = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _scrub(make(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
