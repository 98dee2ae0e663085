"""`python -m app serve --workers N` (or WEB_CONCURRENCY): several processes on PostgreSQL,
refused in one clear message on SQLite, before anything is touched."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from app.settings import PROJECT_DIR
from tests.databases import ON_POSTGRES
from tests.live import live_server


def _serve(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "workers-" + "0" * 16,
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}", **env}
    return subprocess.run([sys.executable, "-m", "app", "serve", *args], cwd=PROJECT_DIR,
                          env=environment, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("how", ["--workers", "WEB_CONCURRENCY"])
def test_several_workers_on_sqlite_are_refused_in_one_message(tmp_path, how):
    out = _serve(tmp_path, "--workers", "2") if how == "--workers" \
        else _serve(tmp_path, WEB_CONCURRENCY="2")
    assert out.returncode == 2
    assert "several workers need PostgreSQL" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "never.db").exists()  # refused before migrating


def test_a_worker_count_that_is_not_a_number_is_refused(tmp_path):
    out = _serve(tmp_path, WEB_CONCURRENCY="many")
    assert out.returncode == 2 and "a whole number of processes" in out.stderr


@pytest.mark.skipif(not ON_POSTGRES, reason="several workers need PostgreSQL")
def test_two_workers_serve_on_postgresql(tmp_path, database_url):
    with live_server(database_url, tmp_path / "server.log", WEB_CONCURRENCY="2") as url:
        created = httpx.post(f"{url}/api/v1/assessments", json={"answers": {}})
        assert created.status_code == 422  # answered by the app
        assert all(httpx.get(f"{url}/healthz").status_code == 200 for _ in range(20))
    assert "Started parent process" in (tmp_path / "server.log").read_text()
