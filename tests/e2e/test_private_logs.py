"""Personal data never reaches a log or an error message through a database error."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from graphql import GraphQLError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from edu.db import Database
from edu.logsafe import describe, redacted
from schema.errors import format_error
from tests.e2e.sessionkit import person, published, register

NAME, EMAIL, BIRTH = "Rahmawati Sulistyaningsih", "rahma.sulis@example.id", "1987-03-29"


@contextmanager
def refusing_participants(database: Database) -> Iterator[None]:
    """A trigger that fails every new participant; on PostgreSQL its DETAIL quotes the row,
    as PostgreSQL's own constraint messages do."""
    with database.transaction() as db:
        if database.dialect == "postgresql":
            db.execute(text(
                "CREATE FUNCTION refuse_participant() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused' USING DETAIL = NEW.full_name || ' ' || NEW.email "
                "|| ' ' || NEW.birth_date; END $$ LANGUAGE plpgsql"))
            db.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON participants "
                            "FOR EACH ROW EXECUTE FUNCTION refuse_participant()"))
        else:
            db.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON participants "
                            "BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    try:
        yield
    finally:
        with database.transaction() as db:
            db.execute(text("DROP TRIGGER refuse ON participants"
                            if database.dialect == "postgresql" else "DROP TRIGGER refuse"))
            if database.dialect == "postgresql":
                db.execute(text("DROP FUNCTION refuse_participant()"))


def test_a_database_error_logs_no_personal_data(api, tokens, database, caplog):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    caplog.set_level(logging.DEBUG)
    with refusing_participants(database):
        response = api.post(
            "mutation($input: RegisterInput!) { register(input: $input) { userErrors { code } } }",
            {"input": {"sessionId": sid, "consent": True,
                       "participant": person(NAME, email=EMAIL, birth=BIRTH)}})
    out = response.json()
    assert out["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    logged = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert logged, "the failure was not logged at all"
    text_logged = "\n".join(
        r.getMessage() + "\n" + logging.Formatter().format(r) for r in caplog.records)
    assert "database error" in text_logged  # the error is logged, by class and code
    for value in (NAME, EMAIL, BIRTH):
        assert value not in text_logged
        assert value not in response.text
    # The engine itself keeps parameters out of its exceptions' text.
    with refusing_participants(database), pytest.raises(Exception) as failed, \
            database.transaction() as db:
        db.execute(text("INSERT INTO participants (full_name, email, disability, consent_at, "
                        "consent_purpose, calendar_version, created_at) VALUES (:n, :e, false, "
                        "CURRENT_TIMESTAMP, 'x', 1, CURRENT_TIMESTAMP)"), {"n": NAME, "e": EMAIL})
    assert "SQL parameters hidden" in str(failed.value)
    assert register(api, sid, person())["userErrors"] == []


def test_an_unmasked_error_message_shows_no_database_text(caplog):
    """In development, unexpected errors keep their message, but a database's is replaced:
    PostgreSQL quotes the failing row in it."""
    cause = sqlite3.IntegrityError(f"Key (email)=({EMAIL}) already exists.")
    err = IntegrityError("INSERT INTO participants …", None, cause)
    err.__cause__ = cause
    out = format_error(GraphQLError("x", original_error=err, path=["register"]), mask=False)
    assert EMAIL not in out["message"]
    assert out["message"].startswith("database error: IntegrityError")


@pytest.fixture(autouse=True)
def _logsafe_installed():
    """The app installs the scrubber when it starts; make sure of it for the unit test."""
    from edu import logsafe

    logsafe.install()


def test_a_logged_graphql_error_shows_no_database_text(caplog):
    """Strawberry's own logger logs the GraphQL error itself as the message."""
    cause = sqlite3.IntegrityError(f"Key (email)=({EMAIL}) already exists.")
    error = GraphQLError(str(cause), original_error=IntegrityError("INSERT …", None, cause))
    caplog.set_level(logging.ERROR)
    logging.getLogger("strawberry.execution").error(error, exc_info=error.original_error)
    logged = caplog.records[-1]
    assert EMAIL not in logged.getMessage()
    assert EMAIL not in logging.Formatter().format(logged)


def test_an_operational_error_keeps_its_text_for_the_operator():
    """Connection and lock errors quote no row; their text says what is wrong."""
    cause = sqlite3.OperationalError("database is locked")
    err = OperationalError("BEGIN IMMEDIATE", None, cause)
    assert "database is locked" in describe(err)
    assert redacted(err) is err
