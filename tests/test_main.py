"""The app factory, settings, health check, purge and the privacy of what is stored."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from app import assessments
from app.main import create_app
from app.models import Assessment, Draft
from app.settings import Settings
from tests.databases import ON_POSTGRES
from tests.factories import harmless, stored_drafts, stored_results, walk


def test_importing_the_app_creates_nothing(tmp_path):
    """No engine, settings or database file at import time: only create_app makes them."""
    code = "import app.main, app.web.pages, app.api.routes, app.db; print('ok')"
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "ok"
    assert not (tmp_path / "never.db").exists()


def test_the_suite_runs_on_the_database_it_was_asked_for(app):
    expected = "postgresql" if ON_POSTGRES else "sqlite"
    assert app.state.engine.dialect.name == expected


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    monkeypatch.setenv("RETENTION_DAYS", "30")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://example.org")
    settings = Settings()
    assert settings.database_url == "sqlite:////tmp/elsewhere.db"
    assert settings.retention_days == 30
    assert settings.public_base_url == "https://example.org"
    monkeypatch.delenv("RETENTION_DAYS")
    assert Settings().retention_days == 90


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.sqlite_only
def test_healthz_reports_a_database_that_does_not_answer(tmp_path):
    (tmp_path / "x.db").mkdir()  # a directory cannot be opened as a database
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}",
                              purge_on_startup=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] != "ok"


def test_a_page_that_fails_says_sorry_and_logs_no_url(tmp_path, caplog):
    (tmp_path / "x.db").mkdir()  # a directory cannot be opened as a database
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}",
                              purge_on_startup=False))
    token = "T" * 32
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"/r/{token}")
    assert response.status_code == 500 and "try again in a few minutes" in response.text
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "unhandled OperationalError on GET result_page" in logged
    assert token not in logged


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_with_a_busy_timeout(app):
    with app.state.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA busy_timeout")) == 5000
        assert connection.scalar(text("PRAGMA synchronous")) == 1  # NORMAL


@pytest.mark.sqlite_only
def test_sqlite_can_wait_for_the_disk_on_every_commit(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'full.db'}",
                              sqlite_synchronous="FULL", purge_on_startup=False))
    with app.state.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA synchronous")) == 2  # FULL
    app.state.engine.dispose()


def test_retention_days_sets_expiry(client, session, settings):
    created = client.post("/api/v1/assessments", json={"answers": harmless()}).json()
    row = session.query(Assessment).filter_by(token=created["token"]).one()
    assert row.expires_at - row.created_at == timedelta(days=settings.retention_days)


def test_stored_row_holds_only_what_is_needed(client, session):
    created = client.post("/api/v1/assessments", json={"answers": harmless()},
                          headers={"User-Agent": "Secret-Agent/1.0"}).json()
    row = session.query(Assessment).one()
    assert row.delete_key_hash != created["delete_key"]
    assert len(row.delete_key_hash) == 64
    stored = repr([getattr(row, c.key) for c in Assessment.__table__.columns])
    assert created["delete_key"] not in stored
    assert "Secret-Agent" not in stored and "testclient" not in stored


def test_purge_removes_expired_results_and_drafts(app, client, session):
    walk(client, harmless())
    client.post("/api/v1/assessments", json={"answers": harmless()})
    kept = client.post("/api/v1/assessments", json={"answers": harmless()}).json()["token"]
    past = assessments.utcnow() - timedelta(days=1)
    session.execute(update(Assessment).where(Assessment.token != kept).values(expires_at=past))
    session.execute(update(Draft).values(expires_at=past))
    session.commit()
    assert assessments.purge(session) == (1, 1)
    assert stored_results(session) == 1 and stored_drafts(session) == 0


def test_purge_runs_at_start_up(settings):
    app = create_app(settings)
    with app.state.session_factory() as session:
        stored, _ = assessments.submit(session, harmless(), settings=settings,
                                       now=assessments.utcnow() - timedelta(days=91))
    with TestClient(app):
        pass
    with app.state.session_factory() as session:
        assert assessments.read(session, stored.token) is None
        assert stored_results(session) == 0


def test_purge_command(settings, database_url):
    app = create_app(settings)
    with app.state.session_factory() as session:
        assessments.submit(session, harmless(), settings=settings,
                           now=assessments.utcnow() - timedelta(days=91))
    out = subprocess.run([sys.executable, "-m", "app", "purge"], capture_output=True,
                         text=True, check=True, env={"DATABASE_URL": database_url,
                                                     "PATH": "/usr/bin:/bin"})
    assert "purged 1 expired results" in out.stdout


def test_static_assets_are_local(client):
    html = client.get("/").text
    assert re.search(r'src="/assets/[0-9a-f]{12}/vendor/htmx/htmx\.min\.js"', html)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    htmx = client.get("/static/vendor/htmx/htmx.min.js")
    assert htmx.status_code == 200 and b'version:"2.0.' in htmx.content


def test_the_pool_has_a_connection_for_every_worker_thread(app):
    """Fewer connections than threads can deadlock under load (see docs/operations.md)."""
    from app.db import THREADS

    pool = app.state.engine.pool
    assert pool.size() + pool._max_overflow > THREADS
