"""The purge runs in the background, just after start-up and then every
PURGE_INTERVAL_MINUTES, and a start never waits for it."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from app import assessments
from app.main import create_app
from app.models import Assessment
from app.settings import Settings
from tests.factories import harmless, run_async, stored_results


def _expired_result(session, settings: Settings) -> None:
    stored, _ = assessments.create(session, harmless(), settings=settings)
    session.execute(update(Assessment).where(Assessment.token == stored.token)
                    .values(expires_at=assessments.utcnow() - timedelta(hours=1)))
    session.commit()


def _soon(check: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@contextmanager
def _writes_held(database_url: str) -> Iterator[None]:
    """Another process holds the write lock (SQLite) or locks the results table against
    writes (PostgreSQL), as a long writer would; reads go on."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(url.database, timeout=0, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(database_url)
    with engine.connect() as connection:
        connection.execute(text("LOCK TABLE assessments IN EXCLUSIVE MODE"))
        yield
        connection.rollback()
    engine.dispose()


def test_the_interval_comes_from_the_environment(monkeypatch):
    assert Settings().purge_interval_minutes == 60
    monkeypatch.setenv("PURGE_INTERVAL_MINUTES", "15")
    assert Settings().purge_interval_minutes == 15
    monkeypatch.setenv("PURGE_INTERVAL_MINUTES", "0")
    assert Settings().purge_interval_minutes == 0


def test_the_app_purges_just_after_start_and_then_on_its_schedule(settings):
    app = create_app(settings.model_copy(update={"purge_interval_minutes": 0.01}))
    with app.state.session_factory() as session:
        _expired_result(session, settings)
        with TestClient(app):
            assert _soon(lambda: stored_results(session) == 0)
            _expired_result(session, settings)  # the next run, 0.6 s on, takes it
            assert _soon(lambda: stored_results(session) == 0)
    app.state.database.dispose()


def test_a_start_never_waits_for_the_purge(settings, database_url):
    """With writes held up, the app still starts and answers at once; the purge waits in
    the background and finishes once the lock is gone."""
    app = create_app(settings.model_copy(update={"purge_interval_minutes": 60,
                                                 "sqlite_busy_timeout_ms": 5000}))
    with app.state.session_factory() as session:
        _expired_result(session, settings)
        with _writes_held(database_url):
            started = time.monotonic()
            client = TestClient(app).__enter__()
            assert client.get("/healthz").status_code == 200
            assert time.monotonic() - started < 1.5
            time.sleep(0.3)
            assert stored_results(session) == 1  # the purge is still waiting
        assert _soon(lambda: stored_results(session) == 0)
        client.__exit__(None, None, None)
    app.state.database.dispose()


def test_zero_means_no_purge_in_the_app(settings):
    app = create_app(settings.model_copy(update={"purge_interval_minutes": 0}))
    with app.state.session_factory() as session:
        _expired_result(session, settings)
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
            time.sleep(0.3)
        assert stored_results(session) == 1
    app.state.database.dispose()


@pytest.mark.sqlite_only
def test_a_purge_that_fails_is_logged_and_tried_again(settings, database_url, caplog):
    """The database busy past the busy timeout: that run fails, one line is logged, the
    app goes on answering, and the next run purges."""
    app = create_app(settings.model_copy(update={"purge_interval_minutes": 0.01,
                                                 "sqlite_busy_timeout_ms": 100}))
    held = ExitStack()
    with app.state.session_factory() as session:
        _expired_result(session, settings)
        held.enter_context(_writes_held(database_url))
        with caplog.at_level(logging.WARNING, logger="app"), TestClient(app) as client:
            assert _soon(lambda: "purge failed (OperationalError)" in caplog.text)
            assert client.get("/healthz").status_code == 200
            assert stored_results(session) == 1
            held.close()
            assert _soon(lambda: stored_results(session) == 0)
    app.state.database.dispose()


@pytest.mark.sqlite_only
def test_the_writers_connection_has_its_foreign_keys_back_after_a_purge(settings):
    """The app purges on its writers' one connection, with foreign key actions off for each
    batch: the app's own deletes, which count on them, come after on that connection."""

    from app.purge_schedule import purge_in_background

    app = create_app(settings)
    database = app.state.database
    with database.writer_sessions() as session:
        _expired_result(session, settings)
    run_async(purge_in_background(database.writer))
    with database.writer.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with database.sessions() as session:
        assert stored_results(session) == 0
    database.dispose()
