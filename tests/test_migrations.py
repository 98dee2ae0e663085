"""Migrations build the schema from nothing, and the models match them exactly
(on SQLite, and on PostgreSQL in the PostgreSQL pass)."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.db import make_engine
from app.migrate import alembic_config, upgrade
from app.models import Base
from app.settings import Settings


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_head_on_an_empty_database(empty_database_url):
    assert tables(empty_database_url) == set()
    upgrade(empty_database_url)
    assert tables(empty_database_url) == {"alembic_version", "assessments", "drafts",
                                          "diary_entries"}
    engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0002"
    engine.dispose()


def test_models_match_the_migrations(empty_database_url):
    upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_up_again(empty_database_url):
    upgrade(empty_database_url)
    command.downgrade(alembic_config(empty_database_url), "base")
    assert tables(empty_database_url) == {"alembic_version"}
    upgrade(empty_database_url)
    assert "assessments" in tables(empty_database_url)


def test_upgrade_twice_is_harmless(empty_database_url):
    upgrade(empty_database_url)
    upgrade(empty_database_url)


@pytest.mark.sqlite_only
def test_sqlite_database_is_in_wal_mode_after_migrating(empty_database_url):
    upgrade(empty_database_url)
    engine = make_engine(Settings(database_url=empty_database_url))
    with engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA busy_timeout")) == 5000
    engine.dispose()
