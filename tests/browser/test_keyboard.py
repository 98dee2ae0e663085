"""One whole run with the keyboard only: Tab, Space, Enter and the arrow keys."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from app.questionnaire import BY_ID
from tests.browser.people import expected_after, path_of
from tests.factories import CASES_BY_ID, to_form

MAX_TABS = 40


def tab_until(page: Page, condition: str) -> None:
    """Press Tab until `condition` (JS, given `el` = the focused element) holds."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
            return
    raise AssertionError(f"Tab never reached: {condition}")


def answer_by_keyboard(page: Page, link_id: str, value: Any) -> None:
    item = BY_ID[link_id]
    if item.kind == "text":
        tab_until(page, "el.tagName === 'TEXTAREA'")
        page.keyboard.type(value or "")
    elif item.kind == "multi":
        for code in to_form(value):
            tab_until(page, f"el.name === '{link_id}' && el.value === '{code}'")
            page.keyboard.press("Space")
    else:
        code = to_form(value)[0]
        tab_until(page, f"el.name === '{link_id}'")  # Tab enters a radio group once
        for _ in range(len(item.options)):
            if page.evaluate("document.activeElement.value") == code:
                break
            page.keyboard.press("ArrowDown")  # moves to and selects the next radio
        page.keyboard.press("Space")
        expect(page.locator(f"input[name='{link_id}'][value='{code}']")).to_be_checked()
    tab_until(page, "el.tagName === 'BUTTON' && el.type === 'submit'")
    page.keyboard.press("Enter")


def test_keyboard_only_run_with_focus_on_each_new_heading(page: Page, watch):
    answers = {**CASES_BY_ID["P08"]["answers"], "notes": "Typed with the keyboard"}
    page.goto("/")
    tab_until(page, "el.textContent.trim() === 'Start now'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/questions/red_flags_now$"))
    so_far: dict[str, Any] = {}
    steps = 0
    while path_of(page).startswith("/questions/"):
        link_id = path_of(page).removeprefix("/questions/")
        heading = page.locator("h1")
        expect(heading).to_have_text(BY_ID[link_id].question)
        expect(heading).to_be_focused()
        so_far[link_id] = answers.get(link_id, "")
        answer_by_keyboard(page, link_id, so_far[link_id])
        expect(page).to_have_url(re.compile(expected_after(link_id, so_far) + "$"))
        steps += 1
    assert steps == 15  # every page but the three onset and eyelid pages it does not need
    expect(page.locator("h1")).to_be_focused()
    expect(page.locator(".summary-list")).to_contain_text("Typed with the keyboard")
    tab_until(page, "el.textContent.trim() === 'Get my result'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/r/[A-Za-z0-9_-]+$"))
    expect(page.locator("h1")).to_have_text("Talk to your doctor at a routine appointment")
    expect(page.locator("h1")).to_be_focused()
