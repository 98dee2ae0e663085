"""The two yardsticks of the benchmark, served like our app (one uvicorn worker).

`/` is the framework's own ceiling: a bare FastAPI endpoint returning a fixed small page.
`/read` is the floor that issue 12 sets for any page that reads the database: the same
page, after one row is read from a SQLite file through an SQLAlchemy session in the thread
pool (database waits never on the event loop). No page of ours that reads the database can
be faster than `/read`, so its ratio to `/` is the most such a page can reach here.
`/read-on-loop` reads the same row on the event loop, as issue 12 forbids: what a page could
reach at most if database waits were allowed to hold up everyone.
"""

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reference"
        "</title></head><body><main><h1>Hello</h1><p>A fixed small page.</p></main></body>"
        "</html>")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'reference.db'}",
                               connect_args={"check_same_thread": False})
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


@app.get("/read")
def page_after_one_read(request: Request) -> HTMLResponse:
    _read_one_row(request.app.state.engine)  # in the thread pool: FastAPI runs a def there
    return HTMLResponse(PAGE)


@app.get("/read-on-loop")
async def page_after_one_read_on_the_loop(request: Request) -> HTMLResponse:
    _read_one_row(request.app.state.engine)
    return HTMLResponse(PAGE)
