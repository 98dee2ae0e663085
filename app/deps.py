"""Request-scoped dependencies shared by the HTML pages and the JSON API."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from app.settings import Settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.session_factory() as session:
        yield session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def base_url(request: Request) -> str:
    """The absolute base for share links: PUBLIC_BASE_URL, else the request's own."""
    configured = request.app.state.settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")
