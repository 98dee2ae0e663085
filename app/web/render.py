"""Full pages, or for htmx the page's own `main` block (one template per page)."""

from __future__ import annotations

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
        )
        self.env.globals.update(static_url=assets.url, service_name=SERVICE_NAME)

    def render(self, request: Request, name: str, context: dict[str, Any],
               status_code: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
        session_id = getattr(request.state, "session_id", None)
        ctx = {"request": request, "csrf_token": csrf_token(session_id) if session_id else "",
               **context}
        if is_htmx(request):
            title = render_block(self.env, name, "title", ctx).strip()
            html = (f"<title>{title} – {SERVICE_NAME}</title>\n"
                    + render_block(self.env, name, "main", ctx))
        else:
            html = self.env.get_template(name).render(ctx)
        response = HTMLResponse(html, status_code=status_code, headers=headers)
        response.headers["Vary"] = "HX-Request"
        if status_code >= 400:
            # The URL of a page with errors is the page's own: do not add a history entry.
            response.headers["HX-Push-Url"] = "false"
        return response

    def not_found(self, request: Request) -> HTMLResponse:
        settings = request.app.state.settings
        return self.render(request, "not_found.html",
                           {"retention_days": settings.retention_days}, status_code=404)

    def error(self, request: Request, status_code: int, title: str,
              message: str) -> HTMLResponse:
        return self.render(request, "error.html", {"title": title, "message": message},
                           status_code=status_code)
