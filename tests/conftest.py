"""Fixtures: a fresh database per test (a real SQLite file, or a real PostgreSQL database
when TEST_DATABASE_URL is set), migrated by the real Alembic scripts, and the real ASGI app
built by create_app (the flaskr pattern)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.main import create_app
from app.settings import Settings
from tests.databases import ON_POSTGRES, fresh_database, make_template

# What a test reaches the database under test by: these fixtures, or the module asking
# tests.databases itself.
DATABASE_FIXTURES = frozenset({"database_url", "empty_database_url", "migrated_template"})
DATABASE_NAMES = ("ON_POSTGRES", "SERVER_URL", "fresh_database", "make_template")


def _uses_the_database(item: pytest.Item) -> bool:
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    source = Path(item.fspath).read_text(encoding="utf-8")
    return any(name in source for name in DATABASE_NAMES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if ON_POSTGRES:
        # Running the SQLite-only checks here would test nothing, the browser tests serve
        # a SQLite file of their own, and a test that reaches no database (the pure core,
        # the catalogues) would run exactly as it did: leave them out, loudly (here rather
        # than by the script's -m, which a -m of the caller's would replace).
        config.issue_config_time_warning(pytest.PytestWarning(
            "PostgreSQL pass: tests marked sqlite_only, tests/browser and tests that use no "
            "database are deselected"), stacklevel=2)
        browser = Path(__file__).parent / "browser"
        kept = [i for i in items if i.get_closest_marker("sqlite_only") is None
                and browser not in Path(i.fspath).parents and _uses_the_database(i)]
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database migrated to head; each test gets its own copy."""
    return make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def database_url(tmp_path: Path, migrated_template: str) -> Iterator[str]:
    with fresh_database(tmp_path, migrated_template) as url:
        yield url


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, for the migration tests."""
    with fresh_database(tmp_path) as url:
        yield url


TEST_SECRET = "a-secret-for-tests-only-" + "0" * 16


@pytest.fixture
def settings(database_url: str) -> Settings:
    # No background purge (tests/test_purge_schedule.py turns it on): it would race the
    # tests that expire results by hand.
    # Every TestClient comes from one address ("testclient"), so the write limits would
    # stop any test that stores more than a few results; the limit tests set their own.
    return Settings(database_url=database_url, retention_days=90, secret_key=TEST_SECRET,
                    allowed_hosts="testserver,localhost,127.0.0.1", purge_interval_minutes=0,
                    client_writes_per_minute=1_000_000, new_drafts_per_minute=1_000_000)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.database.dispose()


@pytest.fixture
def session(app: FastAPI) -> Iterator[Session]:
    with app.state.session_factory() as s:
        yield s
