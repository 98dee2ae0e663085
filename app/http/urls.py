"""Every URL the app makes: paths by route name, and absolute URLs for links that leave
the page (share links, the QR code, FHIR)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute, NoMatchFound, Route

from app.http.deps import state


def base_url(request: Request) -> str:
    """PUBLIC_BASE_URL, else the request's own base: its Host is one of ALLOWED_HOSTS
    (checked by TrustedHostMiddleware), never whatever a client sends."""
    configured = state(request).settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")


def paths_by_name(routes: Iterable[BaseRoute],
                  fallback: Callable[..., Any]) -> Callable[..., str]:
    """The route index: `path(name, **params)`, the path of the route of that name, as
    Starlette's url_path_for builds it. Starlette's own search (`fallback`, the app's
    url_path_for) walks every included router and route in turn, raising and catching an
    exception for each one that is not it: 40-120 us a link here, a third of a page's
    rendering. `routes` (those of the routers the app includes) are indexed by name once;
    the routes of a name are tried in order, as Starlette tries them, and a name that is
    not among them (a mount) falls back to the search. It holds routes only, never a built
    path."""
    named: dict[str, list[Route]] = {}
    for route in routes:
        if isinstance(route, Route):
            named.setdefault(route.name, []).append(route)

    def path(name: str, /, **params: Any) -> str:
        for route in named.get(name, ()):
            with suppress(NoMatchFound):
                return str(route.url_path_for(name, **params))
        return str(fallback(name, **params))

    return path


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """The path of a named route, for a redirect or link made in a handler: the same index
    as the templates' url() (app.main builds it once every route is registered)."""
    return state(request).path_for(name, **params)
