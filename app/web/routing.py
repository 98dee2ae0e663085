"""The HTML pages' routes: plain Starlette routes, not FastAPI ones.

Pages are not part of the JSON API (no OpenAPI, no pydantic bodies: forms are checked by
app.answers), and FastAPI's per-request parameter solving plus its matching through
included routers cost ~100 us a page, about three times the bare framework's whole
request (docs/performance.md). A page handler is a plain synchronous function:
`handler(request, session=...)`, and for a POST also `form=` (read with its limits and
CSRF check first); path parameters are in `request.path_params`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fastapi import Request
from starlette.routing import Route

from app.deps import with_session
from app.web.forms import posted_form

Handler = Callable[..., Any]


class Pages:
    """Collects a module's page routes; app.main puts them ahead of the API's."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def get(self, path: str, *, name: str | None = None) -> Callable[[Handler], Handler]:
        return self._route(path, "GET", name)

    def post(self, path: str, *, name: str | None = None) -> Callable[[Handler], Handler]:
        return self._route(path, "POST", name)

    def _route(self, path: str, method: str, name: str | None) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            @functools.wraps(handler)  # named as the handler (logs, tracebacks)
            async def endpoint(request: Request) -> Any:
                if method == "POST":
                    form = await posted_form(request)
                    return await with_session(request, handler, request=request, form=form)
                return await with_session(request, handler, request=request)

            self.routes.append(Route(path, endpoint, methods=[method],
                                     name=name or handler.__name__))
            return handler

        return register
