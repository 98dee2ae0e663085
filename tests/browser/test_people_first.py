"""What a worried person met on a phone, each tried again in a real browser:
diary times in the person's own zone, a step that shows it is loading, buttons that need
JavaScript hidden without it, the urgent banner heard first, the chart in forced colours,
the way back to a result, and the new pages axe-clean."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.people import choose, complete
from tests.browser.test_accessibility import AXE, WCAG_22_AA
from tests.factories import harmless


def at_eight_yesterday(zone: str) -> datetime:
    """08:00 yesterday by the clock in `zone`: the morning a person would type."""
    now = datetime.now(ZoneInfo(zone))
    return (now - timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_diary_times_stay_in_the_persons_own_zone(browser: Browser, base_url: str, zone: str,
                                                  javascript: bool):
    context = browser.new_context(base_url=base_url, timezone_id=zone, viewport=PHONE,
                                  java_script_enabled=javascript, locale="en-US",
                                  accept_downloads=True)
    page = context.new_page()
    result = complete(page, harmless())
    page.goto(result + "/diary")
    if javascript:  # app.js puts the browser's own zone in the select
        expect(page.locator("#tz-field")).to_have_value(zone)
    else:  # without JavaScript the person says it once (the select is right there)
        page.locator("#tz-field").select_option(zone)
    morning = at_eight_yesterday(zone)
    page.locator("#at-field").fill(morning.strftime("%Y-%m-%dT%H:%M"))
    page.locator("fieldset", has_text="Where").get_by_label("Leg or foot", exact=True).check()
    page.get_by_label("Seconds").check()
    page.locator("fieldset", has_text="How strong").get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Save this twitch").click()
    shown = morning.strftime("%-d %B %Y, 08:00")
    expect(page.locator(".entry").first).to_contain_text(shown)
    # Change, and save without touching anything: the time does not move.
    for _ in range(2):
        page.locator(".entry").first.get_by_role("link", name=re.compile("^Change")).click()
        expect(page.locator("#at-field")).to_have_value(morning.strftime("%Y-%m-%dT%H:%M"))
        expect(page.locator("#tz-field")).to_have_value(zone)
        page.get_by_role("button", name="Save changes").click()
        expect(page.locator(".entry").first).to_contain_text(shown)
    # The chart counts it on the person's day, not the UTC one.
    page.goto(result + "/diary")
    table = page.locator(".chart__table table")
    assert morning.strftime("%-d %b %Y") in (table.text_content() or "")  # inside <details>
    # The spreadsheet has the person's clock too.
    rows = list(csv.reader(io.StringIO(page.request.get(result + "/diary.csv").text()
                                       .removeprefix("\ufeff"))))
    assert rows[1][0] == morning.strftime("%Y-%m-%d 08:00") and rows[1][1] == zone
    screenshot(page, f"diary-{zone.replace('/', '-')}-{'js' if javascript else 'nojs'}")
    context.close()


def test_a_slow_step_disables_its_button_and_says_it_is_busy(page: Page, base_url: str, watch):
    page.goto("/questions/red_flags_now")
    # The answer is held, as a slow phone network would hold it, until the checks are done.
    held: list[Route] = []
    page.route(re.compile(r"/questions/red_flags_now$"),
               lambda r: held.append(r) if r.request.method == "POST" else r.continue_())
    choose(page, "red_flags_now", ["none"])
    button = page.get_by_role("button", name="Continue")
    button.click()
    expect(button).to_be_disabled()
    expect(page.locator("#main")).to_have_attribute("aria-busy", "true")
    screenshot(page, "step-loading")
    assert len(held) == 1  # one tap, one request
    held[0].continue_()
    expect(page).to_have_url(re.compile(r"/questions/red_flags_recent$"))
    expect(page.locator("#main")).not_to_have_attribute("aria-busy", "true")
    assert watch.errors == []


def test_a_step_that_cannot_reach_the_server_says_so(page: Page, base_url: str):
    """A phone between masts: the answer never arrives. The page says so, with the
    emergency numbers, and the button is there for another try, which works."""
    page.set_viewport_size(PHONE)  # the button is screens below the top of the page
    page.goto("/questions/red_flags_now")
    choose(page, "red_flags_now", ["none"])
    page.route(re.compile(r"/questions/red_flags_now$"),
               lambda r: r.abort() if r.request.method == "POST" else r.continue_())
    button = page.get_by_role("button", name="Continue")
    problem = page.locator("#connection-problem")
    expect(problem).to_be_hidden()
    button.click()
    expect(problem).to_be_visible()
    expect(problem).to_be_in_viewport()  # on the screen they tapped, beside the button
    expect(button).to_be_in_viewport()
    expect(problem).to_have_attribute("role", "alert")
    expect(problem).to_contain_text("Your answer was not sent")
    expect(problem.locator('a[href="tel:911"]')).to_be_visible()
    expect(button).to_be_enabled()
    screenshot(page, "step-not-sent")
    page.unroute(re.compile(r"/questions/red_flags_now$"))
    button.click()
    expect(page).to_have_url(re.compile(r"/questions/red_flags_recent$"))
    expect(problem).to_be_hidden()


def test_without_javascript_a_second_click_cannot_lose_the_result(nojs_page: Page):
    """The plain form: a double submit lands on the same result (the submit is
    idempotent), and Back from the result is check-answers saying there is a result."""
    page = nojs_page
    result = complete(page, harmless())
    page.go_back()
    expect(page).to_have_url(re.compile(r"/check-answers$"))
    expect(page.get_by_text("You already have a result for these answers")).to_be_visible()
    page.get_by_role("button", name="Get my result").click()
    expect(page).to_have_url(re.compile(re.escape(result) + "$"))


def test_buttons_that_need_javascript_are_hidden_without_it(nojs_page: Page, base_url: str):
    page = nojs_page
    result = complete(page, harmless())
    expect(page.get_by_role("button", name="Copy share link")).to_have_count(0)
    page.goto(result + "/print")
    expect(page.get_by_role("button", name="Print")).to_have_count(0)
    # The way back: this browser's results on the start page, and a line to keep the link.
    page.goto("/")
    expect(page.get_by_role("heading", name="Your results on this device")).to_be_visible()
    expect(page.locator(".my-results a").first).to_have_attribute("href", result)


def test_the_urgent_banner_is_where_focus_lands(page: Page, base_url: str, watch):
    page.goto("/questions/red_flags_now")
    choose(page, "red_flags_now", ["speech"])
    page.get_by_role("button", name="Continue").click()
    banner = page.locator("#main .banner--urgent")  # the page's, not the connection alert
    expect(banner).to_be_visible()
    expect(banner).to_be_focused()
    # The very next question asks how it started, and a sudden start is an emergency: the
    # banner leads with calling now if so, then the urgent line for the rest.
    expect(banner.locator("p").first).to_contain_text(
        "Call your local emergency number now if your answer is")
    expect(banner.locator('a[href="tel:999"]')).to_be_visible()
    expect(banner).to_contain_text("If not, get medical advice today")
    expect(banner).to_contain_text("111")
    expect(banner).not_to_contain_text("carry on")
    expect(page).to_have_url(re.compile(r"/questions/signs_onset$"))
    expect(page.locator("#connection-problem")).to_be_hidden()
    assert watch.errors == []


def test_the_chart_keeps_its_colours_in_forced_colours_mode(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, forced_colors="active")
    page = context.new_page()
    result = complete(page, harmless())
    for place in ("Leg or foot", "Eyelid"):
        page.goto(result + "/diary")
        page.locator("fieldset", has_text="Where").get_by_label(place, exact=True).check()
        page.get_by_label("Seconds").check()
        page.locator("fieldset", has_text="How strong").get_by_label("3", exact=True).check()
        page.get_by_role("button", name="Save this twitch").click()
        expect(page.get_by_text("Twitch saved")).to_be_visible()
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    swatches = page.locator(".legend__swatch")
    colours = {swatches.nth(i).evaluate("e => getComputedStyle(e).backgroundColor")
               for i in range(swatches.count())}
    # Each place keeps its own colour (forced colours would make them all one system colour).
    assert len(colours) == swatches.count() == 2, colours
    screenshot(page, "chart-forced-colours")
    context.close()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_new_pages_have_no_violations(browser: Browser, base_url: str, viewport):
    context = browser.new_context(base_url=base_url,
                                  viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    name = "phone" if viewport else "desktop"
    result = complete(page, harmless())
    page.goto(result + "/diary")
    page.locator("fieldset", has_text="Where").get_by_label("Eyelid", exact=True).check()
    page.get_by_label("Seconds").check()
    page.locator("fieldset", has_text="How strong").get_by_label("1", exact=True).check()
    page.get_by_role("button", name="Save this twitch").click()
    delete_url = page.locator("a", has_text="Delete").first.get_attribute("href")
    for label, url in {"levels": "/levels", "start-with-results": "/",
                       "diary-saved": page.url, "diary-delete": delete_url,
                       "result-delete": result + "/delete"}.items():
        page.goto(url)
        results = AXE.run(page, options=WCAG_22_AA)
        assert results.violations_count == 0, f"{label}: {results.generate_report()}"
        screenshot(page, f"{label}-{name}")
    context.close()


def test_long_unbroken_text_wraps_on_a_phone(browser: Browser, base_url: str):
    """A pasted link or a key held down must not push the page off a phone's screen."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    result = complete(page, harmless(notes="https://example.org/" + "x" * 975))
    page.goto(result + "/diary")
    page.locator("fieldset", has_text="Where").get_by_label("Eyelid", exact=True).check()
    page.get_by_label("Seconds").check()
    page.locator("fieldset", has_text="How strong").get_by_label("1", exact=True).check()
    page.get_by_label("Note (optional)").fill("y" * 500)
    page.get_by_role("button", name="Save this twitch").click()
    expect(page.get_by_text("Twitch saved")).to_be_visible()
    for path in (result, result + "/print", result + "/diary", "/check-answers"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    context.close()
