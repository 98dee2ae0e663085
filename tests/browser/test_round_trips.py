"""One round trip a step: with JavaScript, an answer's POST brings the next page back, and
nothing else goes to the server; without it, post/redirect/get (two requests) as ever.
Counted in a real Chromium, for the whole questionnaire of one person."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Request

from tests.browser.people import complete
from tests.factories import harmless


def _requests_per_step(browser: Browser, base_url: str, javascript: bool) -> dict[str, list]:
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    # Each page's list: what was sent from the moment it showed until the next one did.
    steps: dict[str, list[str]] = {}
    before_first: list[str] = []
    current = [before_first]

    def seen(request: Request) -> None:
        if "/assets/" not in request.url:
            current[0].append(f"{request.method} {request.url.removeprefix(base_url)}")

    def on_step(_page: Any, link_id: str) -> None:
        current[0] = steps.setdefault(link_id, [])

    try:
        page.on("request", seen)
        complete(page, harmless(), on_step=on_step, submit=False)
    finally:
        context.close()
    return steps


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_each_step_is_one_round_trip_with_htmx_and_post_redirect_get_without(
        browser: Browser, base_url: str, javascript: bool) -> None:
    steps = _requests_per_step(browser, base_url, javascript)
    assert len(steps) >= 12
    for link_id, sent in steps.items():
        if javascript:
            assert sent == [f"POST /questions/{link_id}"], (link_id, sent)
        else:
            assert len(sent) == 2 and sent[0] == f"POST /questions/{link_id}", (link_id, sent)
            assert sent[1].startswith("GET /"), (link_id, sent)
