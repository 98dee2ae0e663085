"""create_app(settings): the whole app, built on demand (nothing is created at import)."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from anyio import to_thread
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from app import migrate, purge_schedule, questionnaire, zones
from app.api import errors as api_errors
from app.api import fhir_errors
from app.api.diary import router as diary_api_router
from app.api.fhir import router as fhir_router
from app.api.routes import router as api_router
from app.db import make_database
from app.http import errors
from app.http.deps import check_sessions
from app.http.headers import SecurityHeaders
from app.http.limits import BodyLimit
from app.http.sessions import SessionCookie, SessionKeys, origin_of
from app.http.urls import paths_by_name
from app.i18n import Languages
from app.ratelimit import WriteLimits
from app.settings import Settings
from app.web import diary, doctor, forget, pages, results
from app.web import errors as web_errors
from app.web.assets import Assets
from app.web.render import STATIC_DIR, Renderer

log = logging.getLogger("app")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    database = make_database(settings)
    engine = database.engine

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Reads run on this many threads (anyio's limiter, which FastAPI uses for def
        # endpoints and sync dependencies), and writes on as many of their own
        # (app.db.writer_threads, sized from this one when first used): a database wait
        # never holds up the event loop, and a read-only load runs on as few threads as
        # Python runs well (settings.worker_threads; a load of both uses twice as many).
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        # The schema first: a database a version behind would fail on every page.
        await run_in_threadpool(migrate.ensure_schema, engine, settings)
        # What the first pages served would otherwise wait for, paid before serving.
        await run_in_threadpool(app.state.renderer.compile_all)
        await run_in_threadpool(zones.load)
        if "PURGE_ON_STARTUP" in os.environ:
            log.warning("PURGE_ON_STARTUP is no longer read: expired results are purged in "
                        "the background every PURGE_INTERVAL_MINUTES")
        # Never on the start-up path: a month of expired results must not delay a start.
        purging = asyncio.create_task(purge_schedule.every(
            settings.purge_interval_minutes, database.writer)) \
            if settings.purge_interval_minutes > 0 else None
        yield
        if purging:
            purging.cancel()  # after the batch under way, if any, is committed
            with suppress(asyncio.CancelledError):
                await purging
        database.dispose()

    # The document's version is the questionnaire's: its answers schema is that version's.
    app = FastAPI(title="Twitch triage", version=questionnaire.VERSION, docs_url=None,
                  redoc_url=None, lifespan=lifespan,
                  description="Score muscle-twitch answers against the warning signs of four "
                              f"health articles (questionnaire and rules version "
                              f"{questionnaire.VERSION}). Not a diagnosis.")
    app.state.settings = settings
    app.state.engine = engine
    app.state.database = database
    app.state.session_factory = database.sessions
    app.state.writer_sessions = database.writer_sessions
    app.state.signing_key = settings.signing_key()
    app.state.session_keys = SessionKeys(app.state.signing_key)
    app.state.public_origin = (origin_of(settings.public_base_url)
                               if settings.public_base_url else None)
    app.state.write_limits = WriteLimits(per_client=settings.client_writes_per_minute,
                                         total=settings.new_drafts_per_minute)
    app.state.languages = Languages.of(settings.locale_dir)
    # Every static file read, hashed and gzipped here, never by a request.
    app.state.assets = assets = Assets(STATIC_DIR)

    # Each error is answered by the face of its route; one no route took, by the pages'.
    errors.install(app, [web_errors.FACE, api_errors.FACE, fhir_errors.FACE],
                   default=web_errors.FACE)
    # Outermost last: errors, headers (on every answer, a refused host's too), hosts, the
    # body limit, gzip and the session.
    app.add_middleware(SessionCookie)
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    app.add_middleware(BodyLimit)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts())
    app.add_middleware(SecurityHeaders, https=settings.cookie_secure)
    app.add_middleware(errors.CatchAll, default=web_errors.FACE)
    # The pages first: they are most of the traffic.
    page_routers = [module.router for module in (pages, results, diary, forget, doctor)]
    other_routers = [api_router, diary_api_router, fhir_router]
    for router in page_routers:
        app.include_router(router)
    app.mount("/assets", assets, name="assets")
    for router in other_routers:
        app.include_router(router)
    # Any other address under these is answered by its face (JSON, an OperationOutcome).
    app.router.routes.append(errors.Unmatched("/api", api_errors.FACE))
    app.router.routes.append(errors.Unmatched("/fhir", fhir_errors.FACE))

    # HEAD as well, like the pages: uptime monitors send it.
    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
    def healthz() -> JSONResponse:
        """200 when the database answers and its schema is the one this code needs."""
        problem = migrate.schema_problem(engine)
        if problem:
            return JSONResponse({"status": problem}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
    async def docs() -> HTMLResponse:
        # Swagger UI from static/ (works offline), started by a file: no inline script.
        return HTMLResponse(app.state.renderer.env.get_template("docs.html").render())

    # Last: links, in handlers and templates, are looked up among every route above: the
    # routers' and the app's own (the developers' page, healthz), which Starlette would
    # otherwise find by walking every router (140 us for the footer's link to /docs).
    app.state.routes = [route for router in page_routers + other_routers
                        for route in router.routes] + app.router.routes
    # Every route that takes a database session closes it (app.http.deps). The routers'
    # own routes: app.routes holds the routers, not their routes.
    check_sessions(app.state.routes)
    app.state.path_for = paths_by_name(app.state.routes, fallback=app.url_path_for)
    app.state.renderer = Renderer(assets, url_path_for=app.state.path_for)
    return app
