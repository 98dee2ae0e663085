"""The doctor's view in Chromium, with and without JavaScript, on a phone (360x740) and a desktop
(1280x800): print and share near the top, the notes switch, the doctor's view through the
link, the forget page, all axe-clean; and the printed summary's page counts."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import PHONE, screenshot
from tests.browser.people import complete, own
from tests.browser.test_diary import check
from tests.factories import harmless

DESKTOP = {"width": 1280, "height": 800}
NOTE = "My right hand feels weaker, I drop cups"
VIEWS = [pytest.param(PHONE, True, id="phone-js"), pytest.param(PHONE, False, id="phone-nojs"),
         pytest.param(DESKTOP, True, id="desktop-js"),
         pytest.param(DESKTOP, False, id="desktop-nojs")]


def clean(page: Page, name: str, javascript: bool) -> None:
    """axe-clean with no sideways scroll, and a screenshot (axe is a script: it runs where
    scripts do, over the same pages)."""
    if javascript:
        check(page, name)
    else:
        screenshot(page, name)


@pytest.mark.parametrize(("viewport", "javascript"), VIEWS)
def test_print_and_share_near_the_top_and_the_notes_switch(browser: Browser, base_url: str,
                                                          viewport, javascript: bool):
    name = f"{'phone' if viewport is PHONE else 'desktop'}-{'js' if javascript else 'nojs'}"
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                  viewport=viewport)
    page = context.new_page()
    result = complete(page, harmless(notes=NOTE, course="worsening"))
    printing = page.get_by_role("link", name="Print or save as PDF")
    sharing = page.get_by_role("link", name="Share with your doctor")
    for link in (printing, sharing):
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= 2 * viewport["height"], box
        assert box["y"] < page.locator("h2", has_text="Why we say this").bounding_box()["y"]
    clean(page, f"result-owner-{name}", javascript)
    sharing.click()
    expect(page.get_by_label("Show my notes to anyone with the link")).to_be_in_viewport()
    expect(page.get_by_label("Show my notes to anyone with the link")).not_to_be_checked()
    # Someone with the link: the answers, not the notes (off by default).
    stranger = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                   viewport=viewport)
    other = stranger.new_page()
    other.goto(result)
    expect(other.get_by_role("heading", name="What the person told us")).to_be_visible()
    expect(other.get_by_text(NOTE)).to_have_count(0)
    clean(other, f"result-shared-{name}", javascript)
    # The owner shows the notes; the stranger's next visit has them.
    page.get_by_label("Show my notes to anyone with the link").check()
    page.get_by_role("button", name="Save this choice").click()
    expect(page.get_by_text("Saved: your notes are now shown")).to_be_visible()
    expect(page.get_by_label("Show my notes to anyone with the link")).to_be_checked()
    other.goto(result)
    expect(other.get_by_text(NOTE)).to_be_visible()
    stranger.close()
    # Print: a plain link to the print page, with or without JavaScript.
    page.goto(result)
    page.get_by_role("link", name="Print or save as PDF").click()
    expect(page).to_have_url(f"{base_url}{result}/print")
    expect(page.get_by_text(NOTE)).to_be_visible()
    clean(page, f"print-{name}", javascript)
    context.close()


@pytest.mark.parametrize(("viewport", "javascript"), VIEWS)
def test_forgetting_this_device_asks_first(browser: Browser, base_url: str, viewport,
                                           javascript: bool):
    name = f"{'phone' if viewport is PHONE else 'desktop'}-{'js' if javascript else 'nojs'}"
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                  viewport=viewport)
    page = context.new_page()
    result = complete(page, harmless())
    page.get_by_role("link", name="Forget this device").click()
    expect(page.get_by_role("heading", name="Forget this device?")).to_be_visible()
    expect(page.get_by_text("Its delete key leaves this device")).to_be_visible()
    clean(page, f"forget-{name}", javascript)
    # "Delete my result" instead goes to the result's own delete page.
    page.get_by_role("link", name="Delete my result").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to delete your result?")
    page.goto("/forget")
    page.get_by_role("button", name="Forget this device and keep my result").click()
    expect(page.get_by_text("This device is forgotten")).to_be_visible()
    expect(page.get_by_text("Your results on this device")).to_have_count(0)
    page.goto(result)
    expect(page.get_by_role("link", name="Delete my result")).to_have_count(0)
    context.close()


def _result_with_diary(base_url: str, entries: int, page: Page | None = None) -> str:
    """A result with `entries` diary entries; `page`'s browser is made its owner (the
    print is the person's own paper, with their notes)."""
    created = httpx.post(f"{base_url}/api/v1/assessments",
                         json={"answers": harmless(notes=NOTE, course="worsening")}).json()
    diary = f"{base_url}/api/v1/assessments/{created['token']}/diary"
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    places = ("arm_hand", "leg_foot", "eyelid", "face")
    for i in range(entries):
        at = now - timedelta(hours=11 * i + 1)
        body = {"at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "tz": "Europe/London",
                "location": places[i % 4], "duration": "minutes", "intensity": 1 + i % 5,
                "note": "after coffee" if i % 3 == 0 else ""}
        httpx.post(diary, json=body,
                   headers={"X-Delete-Key": created["delete_key"]}).raise_for_status()
    if page is not None:
        own(page, base_url, created)
    return created["share_url"]


@pytest.mark.parametrize("entries", [0, 3, 60])
def test_print_page_counts(page: Page, base_url: str, entries: int):
    """Without a diary one page; with one, two: page 1 the summary and QR code, page 2 the
    diary's chart and per-day table. (Figures in the issue's note.)"""
    share = _result_with_diary(base_url, entries, page)
    page.goto(share + "/print")
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        print(f"print pages: {paper} with {entries} diary entries: {len(reader.pages)}")
        assert len(reader.pages) == (2 if entries else 1), paper
        first = reader.pages[0].extract_text()
        assert "Answers" in first and "Live result" in first and NOTE.split()[0] in first
        assert "Twitches per day" not in first
        if entries:
            second = reader.pages[1].extract_text()
            assert "Twitches per day" in second and "Twitch diary" in second
