"""app.main: create_app builds everything and nothing before it; settings; the health
check; errors; local assets."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.main import create_app
from app.models import Assessment
from app.settings import Settings
from tests.databases import ON_POSTGRES
from tests.factories import harmless


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
    assert "unhandled KeyError on GET /r/{token}" in caplog.text
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
    app.state.database.dispose()


def test_without_migrating_at_start_a_stale_database_is_refused_in_one_line(tmp_path):
    from app.migrate import SchemaNotReady

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}",
                              migrate_on_start=False, secret_key="s" * 32))
    with pytest.raises(SchemaNotReady, match=r"run `python -m app migrate`"), TestClient(app):
        pass
    app.state.database.dispose()


def test_healthz_says_when_the_schema_is_not_the_one_the_code_needs(app, client, settings):
    from alembic import command

    from app.migrate import alembic_config

    assert client.get("/healthz").status_code == 200
    command.downgrade(alembic_config(settings.database_url), "0002")
    health = client.get("/healthz")
    assert health.status_code == 503
    assert "run `python -m app migrate`" in health.json()["status"]


def test_static_assets_are_local(client):
    html = client.get("/").text
    assert re.search(r'src="/assets/[0-9a-f]{12}/vendor/htmx/htmx\.min\.js"', html)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    htmx = client.get(re.search(r'src="(/assets/[^"]+htmx\.min\.js)"', html).group(1))
    assert htmx.status_code == 200 and b'version:"2.0.' in htmx.content


def test_templates_and_zone_tables_are_ready_before_the_first_request(app):
    """Compiling the templates and walking tzdata's folders take a good part of a second:
    paid at start, so the first people served do not wait for them. (The macro templates
    are made when the app is built: every page calls them.)"""
    from app import zones
    from app.web.render import MACRO_MODULES

    zones.grouped.cache_clear()
    env = app.state.renderer.env
    assert {name for _, name in env.cache} == set(MACRO_MODULES.values())
    with TestClient(app):
        compiled = {name for _, name in env.cache}
        assert compiled == set(env.list_templates(extensions=["html"]))
        assert zones.grouped.cache_info().currsize == 1
