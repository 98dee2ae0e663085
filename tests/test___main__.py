"""app.__main__: `python -m app purge` and what `python -m app serve` hands uvicorn."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import update

from app import assessments
from app.main import create_app
from app.models import Assessment
from tests.factories import harmless


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


def test_serve_leaves_migrating_to_the_workers_start_up(monkeypatch, tmp_path):
    """MIGRATE_ON_START=false must hold for `serve` too: the command itself never migrates
    (each worker does at start-up, one at a time, when the setting says so)."""
    from sqlalchemy import create_engine, inspect

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    _served_with(monkeypatch, url, [], MIGRATE_ON_START="false")
    engine = create_engine(url)
    try:
        assert "alembic_version" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_migrate_brings_a_database_to_the_head(monkeypatch, tmp_path, capsys):
    from sqlalchemy import create_engine

    from app.__main__ import main
    from app.migrate import current_revision, head_revision

    url = f"sqlite:///{tmp_path / 'not-yet' / 'fresh.db'}"  # its folder made too
    monkeypatch.setenv("DATABASE_URL", url)
    main(["migrate"])
    assert "database is up to date" in capsys.readouterr().out
    engine = create_engine(url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
