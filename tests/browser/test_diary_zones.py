"""Diary times for people who travel or have JavaScript off, in Chromium with
the browser's own time zone set: Los Angeles, then Tokyo, with and without JavaScript; and
zones Chrome still calls by an older name than the list's (India's Asia/Calcutta)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.people import complete
from tests.factories import harmless

LA, TOKYO = "America/Los_Angeles", "Asia/Tokyo"
DESKTOP = {"width": 1280, "height": 800}


def clock(zone: str, minutes_ago: int = 10) -> str:
    """What a wall clock in `zone` showed a few minutes ago, as a datetime-local field takes it."""
    return (datetime.now(ZoneInfo(zone)) - timedelta(minutes=minutes_ago)).strftime(
        "%Y-%m-%dT%H:%M")


def fill_entry(page: Page, at: str | None = None) -> None:
    if at:
        page.get_by_label("When").fill(at)
    page.locator("fieldset", has_text="Where").get_by_label("Leg or foot", exact=True).check()
    page.get_by_label("Seconds").check()
    page.locator("fieldset", has_text="How strong").get_by_label("2", exact=True).check()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save this twitch").click()


def zone_shown(page: Page) -> str:
    return page.locator("#tz-field").input_value()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_travelling_from_los_angeles_to_tokyo(browser: Browser, base_url: str,
                                               javascript: bool):
    viewport = PHONE if javascript else DESKTOP
    la = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                             timezone_id=LA, viewport=viewport)
    page = la.new_page()
    result = complete(page, harmless())
    page.goto(result + "/diary")
    expect(page.get_by_text("If it is happening now or just stopped, leave this empty")
           ).to_be_visible()
    if javascript:
        assert zone_shown(page) == LA  # the browser's zone, not a guess from its language
    else:
        # No silent guess: the person must choose, and is told so if they do not.
        assert zone_shown(page) == ""
        fill_entry(page, clock(LA))
        save(page)
        expect(page.locator(".error-summary")).to_contain_text("Select your time zone")
        page.get_by_label("Your time zone").select_option(LA)
    at_la = clock(LA)
    if javascript:
        fill_entry(page, at_la)
    else:
        page.get_by_label("When").fill(at_la)
    save(page)
    expect(page.get_by_text("Twitch saved")).to_be_visible()
    typed = datetime.fromisoformat(at_la)
    expect(page.locator(".entry").first).to_contain_text(
        typed.strftime("%-d %B %Y, %H:%M") + " (Los Angeles time)")
    screenshot(page, f"diary-la-{'js' if javascript else 'nojs'}")

    # The same person, days later, in Tokyo: the browser keeps its cookies, changes its zone.
    tokyo = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                timezone_id=TOKYO, viewport=viewport,
                                storage_state=la.storage_state())
    la.close()
    page = tokyo.new_page()
    page.goto(result + "/diary")
    at_tokyo = clock(TOKYO)
    fill_entry(page, at_tokyo)
    if javascript:
        # Every visit takes the browser's zone now, not the one saved last.
        assert zone_shown(page) == TOKYO
    else:
        # The last choice stays until changed; Tokyo's clock read in Los Angeles is
        # tomorrow there, and the message names the zone the time was read in.
        assert zone_shown(page) == LA
        save(page)
        expect(page.locator(".error-summary")).to_contain_text("in Los Angeles")
        expect(page.locator("#at-field")).to_have_value(at_tokyo)
        screenshot(page, "diary-tokyo-future-error-nojs")
        page.get_by_label("Your time zone").select_option(TOKYO)
    save(page)
    expect(page.get_by_text("Twitch saved")).to_be_visible()
    shown = datetime.fromisoformat(at_tokyo).strftime("%-d %B %Y, %H:%M")
    expect(page.locator(".entry").first).to_contain_text(f"{shown} (Tokyo time)")
    tokyo.close()


def test_a_time_in_the_future_names_the_zone_on_the_form(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, timezone_id=TOKYO, viewport=PHONE)
    page = context.new_page()
    result = complete(page, harmless())
    page.goto(result + "/diary")
    fill_entry(page, clock(TOKYO, minutes_ago=-120))
    save(page)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("cannot be in the future")
    expect(summary).to_contain_text("in Tokyo")
    assert re.search(r"it is now \d+ \w+, \d\d:\d\d in Tokyo", summary.inner_text())
    context.close()


# Zones by an older name, as Chrome still reports some (its ICU keeps CLDR's names): the
# list holds today's name, which the browser then takes for its own.
RENAMED = {"Asia/Calcutta": "Asia/Kolkata", "Asia/Saigon": "Asia/Ho_Chi_Minh",
           "Europe/Kiev": "Europe/Kyiv", "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
           "Asia/Katmandu": "Asia/Kathmandu"}


def test_a_browser_that_reports_an_old_name_gets_its_zone_chosen(browser: Browser,
                                                                 base_url: str):
    first = browser.new_context(base_url=base_url, viewport=PHONE, timezone_id="Asia/Kolkata")
    page = first.new_page()
    result = complete(page, harmless())
    page.goto(result + "/diary")
    assert zone_shown(page) == "Asia/Kolkata"
    kept = first.storage_state()
    first.close()
    for reported, listed in RENAMED.items():
        context = browser.new_context(base_url=base_url, viewport=PHONE, timezone_id=reported,
                                      storage_state=kept)
        page = context.new_page()
        page.goto(result + "/diary")
        assert zone_shown(page) == listed, reported
        if reported == "Asia/Calcutta":  # saved at once, with no "choose your time zone"
            at = clock(listed)
            fill_entry(page, at)
            save(page)
            expect(page.get_by_text("Twitch saved")).to_be_visible()
            shown = datetime.fromisoformat(at).strftime("%-d %B %Y, %H:%M")
            expect(page.locator(".entry").first).to_contain_text(f"{shown} (Kolkata time)")
            # The form drawn again after the save (htmx) still names the zone.
            assert zone_shown(page) == listed
        context.close()
