"""The app factory, settings, health check, purge and the privacy of what is stored."""

from __future__ import annotations

import os
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


def test_an_unexpected_error_says_sorry_and_logs_no_url_or_data(app, client, session, caplog):
    """A stored row the code cannot show (a level that does not exist): a 500 page, and a
    log line with the kind of error and the route, never the token or the row."""
    token = "T" * 32
    created = client.post("/api/v1/assessments", json={"answers": harmless(
        notes="my private note")}).json()
    session.execute(update(Assessment).where(Assessment.token == created["token"])
                    .values(token=token, level="no-such-level"))
    session.commit()
    response = client.get(f"/r/{token}")
    assert response.status_code == 500 and "try again in a few minutes" in response.text
    assert "unhandled KeyError on GET result_page" in caplog.text
    assert token not in caplog.text and "private note" not in caplog.text
    assert client.get(f"/api/v1/assessments/{token}").json() == {"detail": "Internal error"}


def test_the_factory_migrates_a_new_database(tmp_path):
    """The README's `uvicorn --factory app.main:create_app` on a database never migrated."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}",
                              allowed_hosts="testserver", secret_key="s" * 32))
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/questions/red_flags_now").status_code == 200
        assert client.post("/api/v1/assessments",
                           json={"answers": harmless()}).status_code == 201
    app.state.engine.dispose()


def test_without_migrating_at_start_a_stale_database_is_refused_in_one_line(tmp_path):
    from app.migrate import SchemaNotReady

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}",
                              migrate_on_start=False, secret_key="s" * 32))
    with pytest.raises(SchemaNotReady, match=r"run `python -m app migrate`"), TestClient(app):
        pass
    app.state.engine.dispose()


def test_healthz_says_when_the_schema_is_not_the_one_the_code_needs(app, client, settings):
    from alembic import command

    from app.migrate import alembic_config

    assert client.get("/healthz").status_code == 200
    command.downgrade(alembic_config(settings.database_url), "0002")
    health = client.get("/healthz")
    assert health.status_code == 503
    assert "run `python -m app migrate`" in health.json()["status"]


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


def _expired_result(session, settings) -> str:
    """A result stored 91 days ago, so expired now."""
    stored, _ = assessments.create(session, harmless(), settings=settings)
    past = assessments.utcnow() - timedelta(days=1)
    session.execute(update(Assessment).where(Assessment.token == stored.token)
                    .values(expires_at=past))
    session.commit()
    return stored.token


def test_purge_command(settings, database_url):
    app = create_app(settings)
    with app.state.session_factory() as session:
        _expired_result(session, settings)
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


def _served_with(monkeypatch, database_url, argv, **env) -> dict:
    """What `python -m app serve` hands uvicorn.run (which is not started)."""
    import uvicorn

    from app.__main__ import main

    for name in ("LIMIT_CONCURRENCY", "TIMEOUT_KEEP_ALIVE", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **kwargs: seen.update(kwargs))
    main(["serve", *argv])
    return seen


def test_serve_bounds_connections_and_believes_no_proxy_by_default(monkeypatch, database_url):
    seen = _served_with(monkeypatch, database_url, [])
    assert seen["limit_concurrency"] == 500 and seen["timeout_keep_alive"] == 5
    assert seen["proxy_headers"] is False and seen["access_log"] is False


def test_serve_takes_its_limits_from_settings_and_flags(monkeypatch, database_url):
    seen = _served_with(monkeypatch, database_url, [], LIMIT_CONCURRENCY="300",
                        TIMEOUT_KEEP_ALIVE="3", FORWARDED_ALLOW_IPS="127.0.0.1")
    assert seen["limit_concurrency"] == 300 and seen["timeout_keep_alive"] == 3
    assert seen["proxy_headers"] is True and seen["forwarded_allow_ips"] == "127.0.0.1"
    seen = _served_with(monkeypatch, database_url,
                        ["--limit-concurrency", "50", "--timeout-keep-alive", "2"],
                        LIMIT_CONCURRENCY="300")
    assert seen["limit_concurrency"] == 50 and seen["timeout_keep_alive"] == 2
