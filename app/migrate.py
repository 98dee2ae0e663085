"""The Alembic migrations, from code: the CLI, the tests, and the app at start-up."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.db import make_engine
from app.resources import shipped_dir
from app.settings import Settings

log = logging.getLogger("app")
MIGRATE_COMMAND = "python -m app migrate"
# Any number: the PostgreSQL advisory lock that lets one process migrate at a time.
PG_LOCK = 71_542_001


class SchemaNotReady(RuntimeError):
    """The database is not at the schema this code needs, and may not be migrated here."""


def alembic_config(database_url: str) -> Config:
    # No alembic.ini: it only serves `alembic` run by hand in a checkout. Everything the
    # migrations need from code is set here, so an installed wheel needs no such file.
    config = Config()
    config.set_main_option("script_location", str(shipped_dir("migrations")))
    # ConfigParser would read "%" in a password as interpolation.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


@cache  # the newest migration shipped with this code: it cannot change while running
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _one_at_a_time(engine: Engine) -> Iterator[None]:
    """Several processes starting together migrate one after the other."""
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        # Beside the database, as private as it (app.db): no other user may hold it.
        descriptor = os.open(f"{url.database}.migrate-lock", os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        return
    if url.get_backend_name() == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_LOCK})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_LOCK})
        return
    yield


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def upgrade_now(settings: Settings) -> None:
    """`python -m app migrate`: to the head, one process at a time (as at start-up)."""
    engine = make_engine(settings)  # makes the SQLite file's folder, as the app would
    try:
        with _one_at_a_time(engine):
            upgrade(settings.database_url)
    finally:
        engine.dispose()


def ensure_schema(engine: Engine, settings: Settings) -> None:
    """At start-up: migrate to the head (MIGRATE_ON_START), or refuse to start with one
    clear line when the database is behind."""
    if settings.migrate_on_start:
        with _one_at_a_time(engine):
            if current_revision(engine) != head_revision():
                upgrade(settings.database_url)
                log.info("database migrated to %s", head_revision())
        return
    problem = schema_problem(engine)
    if problem:
        raise SchemaNotReady(problem)


def schema_problem(engine: Engine) -> str | None:
    """None when the database answers and is at the head revision; else what is wrong."""
    try:
        found = current_revision(engine)
    except SQLAlchemyError:
        return "database unavailable"
    if found != head_revision():
        return (f"database schema is at {found or 'nothing'}, this code needs "
                f"{head_revision()}: run `{MIGRATE_COMMAND}`")
    return None
