"""Coming back, in Chromium: the start page's list of results on a phone's first
screen above the emergency box, and the diary chart's period links keeping focus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.people import complete
from tests.factories import harmless

DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_start_page_lists_results_above_the_emergency_box(browser: Browser, base_url: str,
                                                             javascript: bool, viewport):
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                  viewport=viewport)
    page = context.new_page()
    result = complete(page, harmless())
    page.goto("/")
    heading = page.get_by_role("heading", name="Your results on this device")
    expect(heading).to_be_visible()
    listed = page.locator(".my-results a").first
    box, emergency = listed.bounding_box(), page.locator(".banner--emergency").bounding_box()
    assert box and emergency and box["y"] < emergency["y"]
    assert box["y"] + box["height"] <= viewport["height"]  # on the first screen
    listed.click()
    expect(page).to_have_url(re.compile(re.escape(result) + "$"))
    expect(page.locator(".keep-note")).to_contain_text("Your results on this device")
    name = f"{'phone' if viewport is PHONE else 'desktop'}-{'js' if javascript else 'nojs'}"
    page.goto("/")
    screenshot(page, f"start-returning-{name}")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_chart_period_keeps_focus_on_its_heading_and_says_so(browser: Browser,
                                                                 base_url: str, javascript: bool):
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                  viewport=PHONE, timezone_id="Europe/London")
    page = context.new_page()
    result = complete(page, harmless())
    page.goto(result + "/diary")
    if not javascript:
        page.get_by_label("Your time zone").select_option("Europe/London")
    page.locator("fieldset", has_text="Where").get_by_label("Leg or foot", exact=True).check()
    page.get_by_label("Seconds").check()
    page.locator("fieldset", has_text="How strong").get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Save this twitch").click()
    expect(page.get_by_text("Twitch saved")).to_be_visible()
    page.get_by_role("link", name="14 days").click()
    expect(page.locator(".chart__svg title")).to_contain_text("last 14 days")
    expect(page).to_have_url(re.compile(r"days=14"))
    if javascript:
        expect(page.locator("#chart-heading")).to_be_focused()
        expect(page.locator("#chart-status")).to_have_text(
            "Showing twitches per day over the last 14 days.")
        page.get_by_role("link", name="90 days").click()
        expect(page.locator("#chart-heading")).to_be_focused()
        expect(page.locator("#chart-status")).to_contain_text("last 90 days")
    context.close()
