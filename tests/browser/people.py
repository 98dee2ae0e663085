"""A person using the questionnaire in a browser: clicking labels and buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from app import flow
from app.questionnaire import BY_ID
from tests.factories import to_form


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def choose(page: Page, link_id: str, value: Any) -> None:
    """Click the labels of the chosen options (or type the notes), as a person would."""
    item = BY_ID[link_id]
    if item.kind == "text":
        page.locator(f"#{link_id}-field").fill(value or "")
        return
    for code in to_form(value):
        input_id = page.locator(f"input[name='{link_id}'][value='{code}']").get_attribute("id")
        page.locator(f"label[for='{input_id}']").click()


def expected_after(link_id: str, answers: dict[str, Any]) -> str:
    """Where the flow should go after `link_id`, computed from the questionnaire data."""
    if flow.ends_early(answers):
        return r"/r/[A-Za-z0-9_-]+"
    following = flow.next_item(link_id, answers)
    return f"/questions/{following.link_id}" if following else "/check-answers"


def complete(page: Page, answers: dict[str, Any], *, on_step: Any = None,
             expect_no_reload: bool = False, submit: bool = True,
             words: Callable[[str], str] = str) -> str:
    """Start, answer every page, check answers and submit; returns the result path.

    With `expect_no_reload`, a marker set on the start page must survive to the result:
    every step was swapped in by htmx, none was a full page load. `words`: the page's
    language (a catalogue's gettext), in which the person reads the buttons and headings.
    """
    page.goto("/")
    if expect_no_reload:
        page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name=words("Start now")).click()
    expect(page).to_have_url(re.compile(r"/questions/red_flags_now$"))
    so_far: dict[str, Any] = {}
    while path_of(page).startswith("/questions/"):
        link_id = path_of(page).removeprefix("/questions/")
        expect(page.locator("h1")).to_have_text(words(BY_ID[link_id].question))
        if on_step:
            on_step(page, link_id)
        so_far[link_id] = answers.get(link_id, "")
        choose(page, link_id, so_far[link_id])
        page.get_by_role("button", name=words("Continue")).click()
        expect(page).to_have_url(re.compile(expected_after(link_id, so_far) + "$"))
    if path_of(page) == "/check-answers":
        expect(page.locator("h1")).to_contain_text(words("Check your answers"))
        if not submit:
            return path_of(page)
        page.get_by_role("button", name=words("Get my result")).click()
        expect(page).to_have_url(re.compile(r"/r/[A-Za-z0-9_-]+$"))
    expect(page.locator(".card__headline")).to_be_visible()
    if expect_no_reload:
        assert page.evaluate("window.__sameDocument === true"), "a step reloaded the page"
    return path_of(page)


def stored(base_url: str, answers: dict[str, Any], owner: Page | None = None,
           language: str = "en") -> str:
    """A result made through the JSON API (for pages that only need one to exist), owned by
    `owner`'s browser if given, made in `language`."""
    response = httpx.post(f"{base_url}/api/v1/assessments", json={"answers": answers},
                          headers={"Accept-Language": language})
    response.raise_for_status()
    if owner is not None:
        own(owner, base_url, response.json())
    return response.json()["share_url"]


def own(page: Page, base_url: str, created: dict[str, Any]) -> None:
    """Give `page`'s browser the delete key of a result the API `created`, as the browser
    that made it would hold: its print is then the person's own paper, with their notes
    (through the share link alone they stay out)."""
    page.context.add_cookies([{"name": "tt_owner", "value": created["delete_key"],
                               "url": f"{base_url}{created['share_url']}"}])
