"""The yardsticks of the benchmark, served like our app (one uvicorn worker).

`/` is the framework's own ceiling: a bare FastAPI endpoint returning a fixed small page.
`/read` is the floor: an ordinary FastAPI `def` route that reads one row from a SQLite file
through an SQLAlchemy session given by a dependency, as every page of ours that reads the
database does (FastAPI runs both in its thread pool, so database waits are never on the
event loop), with a pool as large as ours. Our pages' targets are ratios to it. A page of
ours does all of that and more (a signed session, security headers, its own queries,
rendering). `/read-on-loop` reads the same row on the event loop, which the app never
does: how far a page could get if database waits could hold up everyone.
"""

import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

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


def _session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(_session)]


@app.get("/read")
def page_after_one_read(session: SessionDep) -> HTMLResponse:
    session.execute(text("SELECT body FROM row WHERE id = 1")).first()
    return HTMLResponse(PAGE)


@app.get("/read-on-loop")
async def page_after_one_read_on_the_loop(request: Request) -> HTMLResponse:
    with Session(request.app.state.engine) as session:
        session.execute(text("SELECT body FROM row WHERE id = 1")).first()
    return HTMLResponse(PAGE)
