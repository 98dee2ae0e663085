"""app.db: the engine per dialect: SQLite in WAL with a busy timeout, a database that
stops answering is a 503, a pool with a connection for every worker thread, and on SQLite
one writers' connection that a process's writers queue for while readers go on."""

from __future__ import annotations

import os
from typing import Annotated

import pytest
from fastapi import Depends
from sqlalchemy import text

from app.http.deps import SessionDep, SessionRoute, check_sessions
from app.main import create_app
from app.settings import Settings
from tests.factories import harmless, result_url, run_async


@pytest.mark.sqlite_only
def test_a_database_that_stops_answering_is_a_503_with_retry_after(app, client, settings,
                                                                   caplog):
    from sqlalchemy.engine import make_url

    path = make_url(settings.database_url).database
    assert client.get("/healthz").status_code == 200
    app.state.database.dispose()
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
    app.state.database.dispose()


@pytest.mark.sqlite_only
def test_a_new_database_and_its_log_are_readable_by_this_user_alone(tmp_path):
    """It holds answers and notes: another user of the machine cannot read it, whatever
    the umask (022 here: a file made without a mode is 0644)."""
    from app.migrate import upgrade

    old_mask = os.umask(0o022)
    try:
        upgrade(f"sqlite:///{tmp_path / 'data' / 'new.db'}")
        app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'data' / 'new.db'}",
                                  secret_key="s" * 32, allowed_hosts="testserver"))
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            result_url(client)
            modes = {path.name: path.stat().st_mode & 0o777
                     for path in (tmp_path / "data").iterdir()}
        app.state.database.dispose()
    finally:
        os.umask(old_mask)
    assert {"new.db", "new.db-wal", "new.db-shm"} <= modes.keys(), modes
    assert set(modes.values()) == {0o600}, modes
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


@pytest.mark.sqlite_only
def test_a_uri_filename_is_left_to_sqlite(tmp_path, monkeypatch):
    from app.db import make_engine

    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    engine = make_engine(Settings(
        database_url=f"sqlite:///file:{tmp_path / 'uri.db'}?mode=rwc&uri=true",
        secret_key="s" * 32))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT 1")) == 1
    engine.dispose()
    assert list((tmp_path / "here").iterdir()) == []  # no stray file named "file:..."
    assert (tmp_path / "uri.db").exists()


def test_the_pool_has_a_connection_for_every_worker_thread(client, app):
    """Fewer connections than threads can deadlock under load (see docs/operations.md)."""
    import anyio.to_thread

    from app.db import writer_threads

    threads = app.state.settings.worker_threads
    pool = app.state.engine.pool
    # Readers' threads and writers' threads, each as many as WORKER_THREADS.
    assert pool.size() + pool._max_overflow > 2 * threads
    # The app runs its handlers on exactly that many threads of each kind once started.
    limits = client.portal.call(lambda: (
        anyio.to_thread.current_default_thread_limiter().total_tokens,
        writer_threads().total_tokens))
    assert limits == (threads, threads)


def test_every_session_is_closed_by_the_endpoint_that_took_it(client, app):
    """The session dependency has no exit of its own: each request's session is closed in
    its endpoint's own thread turn (SessionRoute). A route that would leave it open (an
    `async def` endpoint, a plain APIRoute, a dependency that takes the session) is
    refused when the app is built; the app's own routes all pass."""
    from fastapi import APIRouter
    from fastapi.routing import APIRoute

    check_sessions(app.state.routes)
    assert sum(isinstance(r, SessionRoute) for r in app.state.routes) > 30
    # The app is refused when it is built with such a route.
    from app.web import pages
    pages.router.add_api_route("/leaks", _reads_on_the_loop)
    try:
        with pytest.raises(TypeError, match="/leaks: only the `def` endpoint"):
            create_app(app.state.settings)
    finally:
        pages.router.routes.pop()
    good = APIRouter(route_class=SessionRoute)
    good.add_api_route("/fine", _reads)
    check_sessions(good.routes)
    for route_class, endpoint in ((SessionRoute, _reads_on_the_loop), (APIRoute, _reads),
                                  (SessionRoute, _reads_in_a_dependency)):
        bad = APIRouter(route_class=route_class)
        bad.add_api_route("/bad", endpoint)
        with pytest.raises(TypeError, match="only the `def` endpoint of a SessionRoute"):
            check_sessions(bad.routes)
    # And in use: after a page, a result and an API read, no connection is left out.
    assert client.get("/questions/red_flags_now").status_code == 200
    assert client.get(result_url(client)).status_code == 200
    assert client.get("/api/v1/assessments/nope").status_code == 404
    assert app.state.engine.pool.checkedout() == 0


def _reads(session: SessionDep) -> None: ...


async def _reads_on_the_loop(session: SessionDep) -> None: ...


def _reads_in_a_dependency(_: Annotated[None, Depends(_reads)]) -> None: ...


def _scratch(tmp_path, busy_ms: int = 5000):
    """A writers' engine as the app makes it, on a file with one small table of its own."""
    from sqlalchemy import Column, Integer, MetaData, Table

    from app.db import make_writer_engine

    engine = make_writer_engine(Settings(
        database_url=f"sqlite:///{tmp_path / 'writers.db'}", sqlite_busy_timeout_ms=busy_ms,
        secret_key="s" * 32))
    table = Table("t", MetaData(), Column("x", Integer))
    table.metadata.create_all(engine)
    return engine, table


def _write_in_thread(engine, table, x: int) -> list:
    """Insert x from another thread and commit; returns [None] or [the error]."""
    import threading

    from sqlalchemy import insert

    outcome: list = []

    def write() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(insert(table).values(x=x))
            outcome.append(None)
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)
    return outcome


@pytest.mark.sqlite_only
@pytest.mark.parametrize("first_statement", ["core", "text", "read"])
def test_writers_of_this_process_take_turns_before_sqlite_sees_them(tmp_path,
                                                                     first_statement):
    """A second writer waits for the first for the writers' connection, woken when it is
    given back: it is not sent to SQLite (whose busy handler sleeps up to 100 ms between
    tries). A transaction that begins with SQL text, or with a read, holds the write lock
    from its start as a Core write does (BEGIN IMMEDIATE)."""
    import threading
    import time

    from sqlalchemy import event, insert, select, text

    engine, table = _scratch(tmp_path)
    sent: list[tuple[str, str]] = []

    @event.listens_for(engine, "connect")
    def _trace(dbapi_connection, _record) -> None:
        dbapi_connection.set_trace_callback(
            lambda sql: sent.append((threading.current_thread().name, sql)))

    engine.dispose()  # new connections, traced
    first_wrote, first_may_commit = threading.Event(), threading.Event()

    def first() -> None:
        with engine.connect() as connection:
            connection.execute({"core": insert(table).values(x=1),
                                "text": text("  insert into t (x) values (1)"),
                                "read": select(table.c.x)}[first_statement])
            if first_statement == "read":
                connection.execute(insert(table).values(x=1))
            first_wrote.set()
            first_may_commit.wait(10)
            connection.commit()

    def second() -> None:
        with engine.begin() as connection:
            connection.execute(insert(table).values(x=2))

    threads = [threading.Thread(target=first, name="first"),
               threading.Thread(target=second, name="second")]
    threads[0].start()
    assert first_wrote.wait(10)
    threads[1].start()
    time.sleep(0.3)  # time for the second writer to get as far as it can
    assert threads[1].is_alive()
    assert [sql for name, sql in sent if name == "second"] == []
    first_may_commit.set()
    for thread in threads:
        thread.join(10)
    assert any(name == "second" and "INSERT" in sql for name, sql in sent)
    with engine.connect() as connection:
        assert sorted(connection.scalars(select(table.c.x))) == [1, 2]
    engine.dispose()


@pytest.mark.sqlite_only
def test_the_writers_lock_is_given_back_however_a_transaction_ends(tmp_path):
    """After a commit, a rollback, an error, a connection closed mid-transaction and a
    Session closed without committing, the next writer gets in (a connection or a lock
    left taken would make it fail after the 300 ms busy timeout)."""
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    engine, table = _scratch(tmp_path, busy_ms=300)

    def ended_by_commit() -> None:
        with engine.connect() as connection:
            connection.execute(insert(table).values(x=1))
            connection.commit()

    def ended_by_rollback() -> None:
        with engine.connect() as connection:
            connection.execute(insert(table).values(x=1))
            connection.rollback()

    def ended_by_an_error() -> None:
        with pytest.raises(ZeroDivisionError), engine.begin() as connection:
            connection.execute(insert(table).values(x=1))
            1 / 0  # noqa: B018

    def ended_by_closing() -> None:
        with engine.connect() as connection:
            connection.execute(insert(table).values(x=1))

    def ended_by_closing_a_session() -> None:
        with Session(engine) as session:
            session.execute(insert(table).values(x=1))

    for end in (ended_by_commit, ended_by_rollback, ended_by_an_error, ended_by_closing,
                ended_by_closing_a_session):
        end()
        assert _write_in_thread(engine, table, 2) == [None], end.__name__
    engine.dispose()


@pytest.mark.sqlite_only
def test_a_writer_kept_waiting_past_the_busy_timeout_is_told_the_database_is_locked(tmp_path):
    """An error the app answers as it answers SQLite's own "database is locked": a 503
    with Retry-After (test_locked_database.py), and nothing of it is stored."""
    from sqlalchemy import func, insert, select

    from app.http.errors import BUSY

    engine, table = _scratch(tmp_path, busy_ms=300)
    with engine.connect() as holder:
        holder.execute(insert(table).values(x=1))
        [error] = _write_in_thread(engine, table, 2)
        assert isinstance(error, BUSY), error
        holder.commit()
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(table)) == 1
    engine.dispose()


@pytest.mark.sqlite_only
def test_the_writers_lock_is_held_until_sqlite_has_committed(tmp_path):
    """With SQLite told not to wait at all, a writer that reached it while another
    connection still held its write lock would fail at once: a writer must not get in
    before the COMMIT itself is done."""
    import threading

    from sqlalchemy import event, func, insert, select

    engine, table = _scratch(tmp_path)

    @event.listens_for(engine, "connect")
    def _no_busy_wait(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    engine.dispose()
    refused: list[str] = []

    def writer() -> None:
        for _ in range(150):
            try:
                with engine.begin() as connection:
                    connection.execute(insert(table).values(x=1))
            except Exception as error:
                refused.append(str(error).splitlines()[0])

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert refused == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(table)) == 900
    engine.dispose()


@pytest.mark.sqlite_only
def test_a_connection_lost_mid_transaction_shows_its_own_error_and_frees_the_lock(tmp_path):
    from sqlalchemy import insert
    from sqlalchemy.exc import PendingRollbackError, ProgrammingError
    from sqlalchemy.orm import Session

    engine, table = _scratch(tmp_path, busy_ms=300)
    with pytest.raises(ProgrammingError) as raised, Session(engine) as session:
        session.execute(insert(table).values(x=1))
        session.connection().connection.dbapi_connection.close()
        session.execute(insert(table).values(x=2))
    assert not isinstance(raised.value, PendingRollbackError)
    assert _write_in_thread(engine, table, 3) == [None]
    engine.dispose()


@pytest.mark.sqlite_only
def test_readers_go_on_while_a_writer_holds_the_writers_connection(app):
    """Readers have their own pool: a page reads while a write is under way (WAL)."""
    import threading

    database = app.state.database
    assert database.writer is not database.engine
    assert database.writer.pool.size() == 1 and database.writer.pool._max_overflow == 0
    with database.writer.connect() as writer:
        writer.execute(text("DELETE FROM drafts WHERE 0"))  # holds the write lock
        counts: list[int] = []

        def read() -> None:
            with database.sessions() as session:
                counts.append(session.scalar(text("SELECT count(*) FROM assessments")))

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(5)
        assert counts == [0, 0, 0]
        writer.rollback()


@pytest.mark.sqlite_only
def test_the_write_ahead_log_is_emptied_after_a_writer_commits_a_delete(app, tmp_path):
    """SQLite refuses a checkpoint inside a transaction, and a writers' session would
    begin one (BEGIN IMMEDIATE) for any statement: the checkpoint is sent outside it."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from app.db import truncate_wal

    wal = Path(f"{make_url(app.state.settings.database_url).database}-wal")
    with app.state.writer_sessions() as session:
        session.execute(text("CREATE TABLE scratch (note TEXT)"))
        session.execute(text("INSERT INTO scratch VALUES ('typed words')"))
        session.commit()
        assert wal.stat().st_size > 0
        truncate_wal(session)
    assert wal.stat().st_size == 0


@pytest.mark.sqlite_only
def test_a_writers_transaction_holds_the_write_lock_from_its_first_read(tmp_path):
    """BEGIN IMMEDIATE: a writer that reads first still writes after it, whatever another
    process does meanwhile. Begun deferred, the other process could write in between and
    the writer's own write would then fail at once (its snapshot stale), without waiting."""
    import sqlite3

    from sqlalchemy import func, insert, select

    engine, table = _scratch(tmp_path)
    other = sqlite3.connect(str(tmp_path / "writers.db"), timeout=0, isolation_level=None)
    with engine.connect() as writer:
        assert writer.scalar(select(func.count()).select_from(table)) == 0
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO t (x) VALUES (1)")
        writer.execute(insert(table).values(x=2))
        writer.commit()
    other.execute("INSERT INTO t (x) VALUES (3)")
    other.close()
    with engine.connect() as connection:
        assert sorted(connection.scalars(select(table.c.x))) == [2, 3]
    engine.dispose()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_more_requests_at_once_than_threads_and_connections_all_get_through(settings, method):
    """A session goes back to the pool in a thread of its own, never one a handler may
    be holding while it waits for a connection: with 2 threads and 3 connections, 40
    requests at once once all waited for the pool's 10 s timeout and got a 503."""
    import asyncio

    import httpx

    from app.main import create_app

    app = create_app(settings.model_copy(update={"worker_threads": 2, "db_pool_size": 1}))

    async def run() -> list[int]:
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://localhost") as client:
            created = await client.post("/api/v1/assessments", json={"answers": harmless()})
            result_path = created.json()["share_url"]

            async def one(n: int) -> int:
                if method == "GET":
                    # A question page, and a result read before its page is drawn.
                    path = "/questions/red_flags_now" if n % 2 else result_path
                    return (await client.get(path)).status_code
                # Each stores a result: on SQLite all 40 take turns on one writers'
                # connection, each given back as soon as its request is done.
                return (await client.post("/api/v1/assessments",
                                          json={"answers": harmless()})).status_code
            return await asyncio.wait_for(asyncio.gather(*(one(n) for n in range(40))), 30)

    try:
        statuses = run_async(run())
    finally:
        app.state.database.dispose()
    assert statuses == [200 if method == "GET" else 201] * 40
