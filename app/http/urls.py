"""Absolute URLs for links that leave the page (share links, the QR code, FHIR)."""

from __future__ import annotations

from starlette.requests import Request


def base_url(request: Request) -> str:
    """PUBLIC_BASE_URL, else the request's own base: its Host is one of ALLOWED_HOSTS
    (checked by TrustedHostMiddleware), never whatever a client sends."""
    configured = request.app.state.settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")
