"""The two yardsticks of the benchmark, served like our app (one uvicorn worker).

`/` is the framework's own ceiling: a bare FastAPI endpoint returning a fixed small page.
`/read` is the least any page that reads the database must do, and nothing more: the
same page after one row is read from a SQLite file through an SQLAlchemy session in the
thread pool (database waits never on the event loop), routed as our pages are (a plain
Starlette route handing over to the thread pool, app/web/routing.py), with a pool as large
as ours. A page of ours that reads the database does all of that and more (a signed
session, security headers, its own queries, rendering), so its ratio to `/` is about as
far as such a page can get here. `/read-on-loop` reads the same row on the event loop,
as no page may (one slow read would hold up every request): how far a page could get if
database waits could hold up everyone.
"""

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reference"
        "</title></head><body><main><h1>Hello</h1><p>A fixed small page.</p></main></body>"
        "</html>")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    with tempfile.TemporaryDirectory() as folder:
        # A connection for each of the thread pool's 40 threads, as app.db makes ours.
        engine = create_engine(f"sqlite:///{Path(folder) / 'reference.db'}",
                               connect_args={"check_same_thread": False},
                               pool_size=10, max_overflow=31)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE row (id INTEGER PRIMARY KEY, body TEXT)"))
            connection.execute(text("INSERT INTO row VALUES (1, '{}')"))
        app.state.engine = engine
        yield
        engine.dispose()


app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)


@app.get("/")
async def page() -> HTMLResponse:
    return HTMLResponse(PAGE)


def _read_one_row(engine: Engine) -> None:
    with Session(engine) as session:
        session.execute(text("SELECT body FROM row WHERE id = 1")).first()


async def page_after_one_read(request: Request) -> HTMLResponse:
    await run_in_threadpool(_read_one_row, request.app.state.engine)
    return HTMLResponse(PAGE)


async def page_after_one_read_on_the_loop(request: Request) -> HTMLResponse:
    _read_one_row(request.app.state.engine)
    return HTMLResponse(PAGE)


app.router.routes[:0] = [Route("/read", page_after_one_read),
                         Route("/read-on-loop", page_after_one_read_on_the_loop)]
