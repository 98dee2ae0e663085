"""Fresh databases for tests: a SQLite file, or with TEST_DATABASE_URL a database on a real
PostgreSQL server (scripts/with-postgres starts a throwaway one). Each test gets its own,
copied from one migrated by the real Alembic scripts."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.migrate import upgrade

SERVER_URL = os.environ.get("TEST_DATABASE_URL")
ON_POSTGRES = bool(SERVER_URL and make_url(SERVER_URL).get_backend_name() == "postgresql")
TEMPLATE = "twitch_template"


def _admin():
    assert SERVER_URL
    return create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")


def _url_for(name: str) -> str:
    assert SERVER_URL
    return make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)


def make_template(folder: Path) -> str:
    """A migrated database to copy; returns its URL."""
    if not ON_POSTGRES:
        path = folder / "template.db"
        upgrade(f"sqlite:///{path}")
        return f"sqlite:///{path}"
    engine = _admin()
    with engine.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        c.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    engine.dispose()
    upgrade(_url_for(TEMPLATE))
    return _url_for(TEMPLATE)


@contextmanager
def fresh_database(folder: Path, template_url: str | None = None) -> Iterator[str]:
    """A database of its own for one test: a copy of the template, or empty without one."""
    if not ON_POSTGRES:
        path = folder / f"test-{uuid.uuid4().hex[:8]}.db"
        if template_url:
            shutil.copyfile(make_url(template_url).database, path)
        yield f"sqlite:///{path}"
        return
    name = f"twitch_{uuid.uuid4().hex[:12]}"
    engine = _admin()
    with engine.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if template_url
                                                      else "")))
    try:
        yield _url_for(name)
    finally:
        with engine.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()
