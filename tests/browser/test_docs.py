"""The API docs render offline under the strict CSP: no console errors, no other origins."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_swagger_ui_renders_from_local_files(page: Page, watch):
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Twitch triage")
    expect(page.get_by_text("/api/v1/assessments").first).to_be_visible()
