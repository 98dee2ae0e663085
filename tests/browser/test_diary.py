"""The diary in a real browser: adding an entry with and without JavaScript, and axe-core
clean (WCAG 2.2 AA) on the diary pages, on a desktop and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.people import complete
from tests.browser.test_accessibility import AXE, WCAG_22_AA
from tests.factories import harmless


def add_entry(page: Page, place: str, strength: str) -> None:
    page.locator("fieldset", has_text="Where").get_by_label(place, exact=True).check()
    page.get_by_label("Minutes").check()
    page.locator("fieldset", has_text="How strong").get_by_label(strength, exact=True).check()
    page.get_by_label("Poor sleep").check()
    page.get_by_label("Note (optional)").fill("After a long day")
    page.get_by_role("button", name="Save this twitch").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_owner_adds_an_entry(browser: Browser, base_url: str, javascript: bool):
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    result = complete(page, harmless())
    page.get_by_role("link", name="Start a twitch diary").click()
    expect(page).to_have_url(re.compile(re.escape(result) + "/diary$"))
    if javascript:
        page.evaluate("window.__sameDocument = true")
    else:
        # On purpose: without JavaScript a first entry's zone is chosen, not guessed.
        page.get_by_label("Your time zone").select_option("Europe/London")
    add_entry(page, "Arm or hand", "4")
    expect(page.locator(".entry")).to_contain_text("Arm or hand")
    expect(page.locator(".entry")).to_contain_text("strength 4 of 5")
    # Back on the diary, which says at the top what was saved.
    expect(page).to_have_url(re.compile(re.escape(result) + r"/diary\?saved=\d+$"))
    expect(page.get_by_text("Twitch saved")).to_be_visible()
    expect(page.get_by_text("new place (arm or hand)")).to_be_visible()
    if javascript:
        assert page.evaluate("window.__sameDocument === true")  # swapped by htmx
        # The zone select follows the browser's own zone (UTC in this context).
        assert page.locator("#tz-field").input_value() == page.evaluate(
            "Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert errors == []
    context.close()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_diary_pages_have_no_violations(browser: Browser, base_url: str, viewport):
    context = browser.new_context(base_url=base_url, viewport=viewport or
                                  {"width": 1280, "height": 900})
    page = context.new_page()
    name = "phone" if viewport else "desktop"
    result = complete(page, harmless())
    page.goto(result + "/diary")
    for place in ("Leg or foot", "Eyelid"):
        add_entry(page, place, "2")
        expect(page.locator(".entry").first).to_contain_text(place)
    pages = {"diary": result + "/diary",
             "diary-edit": page.locator("a", has_text="Change").first.get_attribute("href"),
             "result-with-diary": result, "print-with-diary": result + "/print"}
    for label, url in pages.items():
        page.goto(url)
        check(page, f"{label}-{name}")
    page.goto(result + "/diary")
    page.get_by_role("button", name="Save this twitch").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check(page, f"diary-error-{name}")
    context.close()


def check(page: Page, name: str) -> None:
    results = AXE.run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    screenshot(page, name)
