"""Full pages, or for htmx the page's own `main` block (one template per page).

Rendering was the largest single cost of a page (~115 us of a question page), and most
pages are the same for everyone at the same point: the question page depends only on the
question and the answers so far. A handler that can name everything its page depends on
passes that as `key`; the page is then rendered once per key (up to CACHE_PAGES of them,
least recently used dropped) with a per-process random placeholder where the session's
CSRF token goes, and each request only swaps its own token in.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments import render_block

from app.settings import PROJECT_DIR
from app.web.assets import Assets
from app.web.session import csrf_token

SERVICE_NAME = "Check your muscle twitches"
# Result, share, print and diary pages: never cached, never indexed.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
STATIC_DIR = PROJECT_DIR / "static"
CACHE_PAGES = 2048
Context = dict[str, Any] | Callable[[], dict[str, Any]]


def is_htmx(request: Request) -> bool:
    # A history restore wants the whole page, not a fragment.
    return (request.headers.get("hx-request") == "true"
            and request.headers.get("hx-history-restore-request") != "true")


class Renderer:
    def __init__(self, assets: Assets) -> None:
        self.env = Environment(
            loader=FileSystemLoader(PROJECT_DIR / "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # Templates ship with the code: no stat() of each file on every render.
            auto_reload=False,
        )
        self.env.globals.update(static_url=assets.url, service_name=SERVICE_NAME)
        # Random, so no text a person types can ever be mistaken for it.
        self._token_slot = f"csrf-{secrets.token_hex(16)}"
        self._pages: OrderedDict[Hashable, str] = OrderedDict()

    def _html(self, name: str, htmx: bool, context: dict[str, Any]) -> str:
        if htmx:
            title = render_block(self.env, name, "title", context).strip()
            return (f"<title>{title} – {SERVICE_NAME}</title>\n"
                    + render_block(self.env, name, "main", context))
        return self.env.get_template(name).render(context)

    def _cached_html(self, name: str, htmx: bool, key: Hashable, about: Hashable,
                     context: Context) -> str:
        full_key = (about, name, htmx, key)
        html = self._pages.get(full_key)
        if html is None:
            made = context() if callable(context) else context
            html = self._html(name, htmx, {**made, "csrf_token": self._token_slot})
            self._pages[full_key] = html
            if len(self._pages) > CACHE_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(full_key)
        return html

    def forget(self, about: Hashable) -> None:
        """Drop the cached pages rendered `about` something (a deleted result's token):
        what was deleted should not linger in memory either."""
        for full_key in [k for k in self._pages if k[0] == about]:
            del self._pages[full_key]

    def render(self, request: Request, name: str, context: Context, status_code: int = 200,
               headers: dict[str, str] | None = None, *, key: Hashable | None = None,
               about: Hashable = None) -> HTMLResponse:
        """`context` may be a function, called only when the page is not cached; `key`
        must then name everything the page shows apart from the CSRF token. `about`
        groups cached pages for `forget`."""
        session_id = getattr(request.state, "session_id", None)
        token = csrf_token(session_id) if session_id else ""
        htmx = is_htmx(request)
        if key is None:
            made = context() if callable(context) else context
            html = self._html(name, htmx, {**made, "csrf_token": token})
        else:
            html = self._cached_html(name, htmx, key, about, context).replace(
                self._token_slot, token)
        sent = {**(headers or {}), "Vary": "HX-Request"}
        if status_code >= 400:
            # The URL of a page with errors is the page's own: do not add a history entry.
            sent["HX-Push-Url"] = "false"
        return HTMLResponse(html, status_code=status_code, headers=sent)

    def not_found(self, request: Request) -> HTMLResponse:
        settings = request.app.state.settings
        return self.render(request, "not_found.html",
                           {"retention_days": settings.retention_days}, status_code=404)

    def error(self, request: Request, status_code: int, title: str,
              message: str) -> HTMLResponse:
        return self.render(request, "error.html", {"title": title, "message": message},
                           status_code=status_code)
