"""create_app(settings): the whole app, built on demand (nothing is created at import)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import assessments
from app.api.diary import router as diary_api_router
from app.api.fhir import router as fhir_router
from app.api.routes import router as api_router
from app.db import Reader, make_engine, make_sessionmaker
from app.deps import uses_database
from app.settings import Settings
from app.web import diary, errors, pages, results
from app.web.assets import Assets
from app.web.edge import Edge
from app.web.render import STATIC_DIR, Renderer

log = logging.getLogger("app")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = make_engine(settings)
    # See app.deps.with_session: a local SQLite file is queried inline, anything else
    # from the thread pool.
    inline = engine.dialect.name == "sqlite"
    reader = Reader(engine) if inline else None
    session_factory = make_sessionmaker(engine, reader)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.purge_on_startup:
            with session_factory() as session:
                results, drafts = assessments.purge(session)
            log.info("purged %d expired results and %d drafts", results, drafts)
        yield
        if reader:
            app.state.inline_session.close()
            reader.close()
        engine.dispose()

    app = FastAPI(title="Twitch triage", version="1", docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description="Score muscle-twitch answers against the warning signs of four "
                              "health articles. Not a diagnosis.")
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory
    app.state.inline_session = session_factory() if inline else None  # app.deps.with_session
    assets = Assets(STATIC_DIR)
    app.state.renderer = Renderer(assets)

    app.add_middleware(Edge, session_max_age=settings.retention_days * 86400,
                       secure=settings.cookie_secure)
    errors.install(app)
    # The pages first: they are most of the traffic, and a plain route is matched in
    # a fraction of the time an included FastAPI router takes (app.web.routing).
    app.router.routes.extend([*pages.pages.routes, *results.pages.routes,
                              *diary.pages.routes])
    app.mount("/assets", assets, name="assets")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router)
    app.include_router(diary_api_router)
    app.include_router(fhir_router)

    @app.get("/healthz", include_in_schema=False)
    @uses_database
    def healthz(*, session: Session) -> JSONResponse:
        try:
            session.execute(text("SELECT 1"))
        except Exception:  # the point is to report it, not to raise
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        # Swagger UI from static/ (works offline), started by a file: no inline script.
        return HTMLResponse(app.state.renderer.env.get_template("docs.html").render())

    return app
