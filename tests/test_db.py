"""app.db: the engine per dialect: SQLite in WAL with a busy timeout, a database that
stops answering is a 503, and a pool with a connection for every worker thread."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings


@pytest.mark.sqlite_only
def test_a_database_that_stops_answering_is_a_503_with_retry_after(app, client, settings,
                                                                   caplog):
    from sqlalchemy.engine import make_url

    path = make_url(settings.database_url).database
    assert client.get("/healthz").status_code == 200
    app.state.engine.dispose()
    os.rename(path, f"{path}.away")
    os.mkdir(path)  # a directory cannot be opened as a database
    token = "T" * 32
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["status"] == "database unavailable"
    page = client.get(f"/r/{token}")
    assert page.status_code == 503 and page.headers["retry-after"] == "5"
    assert "Nothing was lost" in page.text
    api = client.get(f"/api/v1/assessments/{token}")
    assert api.status_code == 503 and api.headers["retry-after"] == "5"
    assert token not in caplog.text


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_with_a_busy_timeout(app):
    with app.state.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA busy_timeout")) == 5000
        assert connection.scalar(text("PRAGMA synchronous")) == 1  # NORMAL


@pytest.mark.sqlite_only
def test_sqlite_can_wait_for_the_disk_on_every_commit(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'full.db'}",
                              sqlite_synchronous="FULL", secret_key="s" * 32))
    with app.state.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA synchronous")) == 2  # FULL
    app.state.engine.dispose()


def test_the_pool_has_a_connection_for_every_worker_thread(app):
    """Fewer connections than threads can deadlock under load (see docs/operations.md)."""
    from app.db import THREADS

    pool = app.state.engine.pool
    assert pool.size() + pool._max_overflow > THREADS
