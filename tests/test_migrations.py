"""Migrations build the schema from nothing, and the models match them exactly
(on SQLite, and on PostgreSQL in the PostgreSQL pass)."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.db import make_engine
from app.migrate import alembic_config, head_revision, upgrade
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
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == \
            head_revision()
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


def test_upgrading_keeps_stored_times_to_the_hour_and_minute(empty_database_url):
    """Rows stored before 0003 kept the microsecond; the upgrade rounds them down."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData

    upgrade(empty_database_url, "0002")
    engine = create_engine(empty_database_url)
    tables = MetaData()
    tables.reflect(engine)
    sqlite = engine.dialect.name == "sqlite"
    moment = datetime(2026, 11, 20, 9, 41, 27, 123456, tzinfo=UTC)
    stored = moment.replace(tzinfo=None) if sqlite else moment
    with engine.begin() as connection:
        result_id = connection.execute(tables.tables["assessments"].insert().values(
            token="t" * 32, delete_key_hash="h" * 64, answers={}, level="self_care",
            rule_ids=[], reasons=[], advice=[], questionnaire_version="1", rules_version="1",
            created_at=stored, expires_at=stored)).inserted_primary_key[0]
        connection.execute(tables.tables["drafts"].insert().values(
            id_hash="d" * 64, answers={}, updated_at=stored, expires_at=stored))
        connection.execute(tables.tables["diary_entries"].insert().values(
            assessment_id=result_id, at=stored, location="eyelid", duration="seconds",
            intensity=1, tags=[], note=""))
    engine.dispose()
    upgrade(empty_database_url)
    engine = make_engine(Settings(database_url=empty_database_url))
    with engine.connect() as connection:
        from app.models import Assessment, DiaryEntry, Draft

        hour, minute = moment.replace(minute=0, second=0, microsecond=0), \
            moment.replace(second=0, microsecond=0)
        row = connection.execute(Assessment.__table__.select()).one()
        assert (row.created_at, row.expires_at) == (hour, hour)
        draft = connection.execute(Draft.__table__.select()).one()
        assert (draft.updated_at, draft.expires_at) == (hour, hour)
        assert connection.execute(DiaryEntry.__table__.select()).one().at == minute
    engine.dispose()


def test_0007_gives_older_results_english_and_takes_the_language_away_again(
        empty_database_url):
    """Results stored before 0007 spoke English only: 'en', and no other words."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData

    upgrade(empty_database_url, "0006")
    engine = create_engine(empty_database_url)
    tables = MetaData()
    tables.reflect(engine)
    moment = datetime(2026, 11, 20, 9, tzinfo=UTC)
    stored = moment.replace(tzinfo=None) if engine.dialect.name == "sqlite" else moment
    with engine.begin() as connection:
        connection.execute(tables.tables["assessments"].insert().values(
            token="t" * 32, delete_key_hash="h" * 64, answers={}, level="self_care",
            rule_ids=[], reasons=[], advice=[], questionnaire_version="3", rules_version="3",
            created_at=stored, expires_at=stored))
    engine.dispose()
    upgrade(empty_database_url, "0007")
    engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT language, translations FROM assessments")).one()
    engine.dispose()
    assert tuple(row) == ("en", None)
    command.downgrade(alembic_config(empty_database_url), "0006")
    engine = create_engine(empty_database_url)
    columns = {c["name"] for c in inspect(engine).get_columns("assessments")}
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM assessments")) == 1
    engine.dispose()
    assert not {"language", "translations"} & columns
