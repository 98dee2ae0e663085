"""The printed summary as Chromium prints it, printing the result page, and the share link."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from app.questionnaire import BY_ID, answer_labels
from app.triage import LEVELS_BY_ID
from tests.browser.people import complete, stored
from tests.factories import CASES_BY_ID, harmless

NOTES = ("It started in my thumb while typing. My father had a stroke at 70, so I worry. "
         "It is worse at night when I lie down and after coffee.")


def squash(text: str) -> str:
    """PDF text comes back with line breaks where the layout wrapped, and ligatures."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize(("case_id", "max_pages", "min_pages"), [("P04", 1, 1), ("P01", 1, 1)])
def test_printed_summary_fits_and_holds_everything(page: Page, base_url, case_id, max_pages,
                                                   min_pages):
    answers = {**CASES_BY_ID[case_id]["answers"], "notes": NOTES}
    share = stored(base_url, answers, owner=page)
    page.goto(share + "/print")
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert min_pages <= len(reader.pages) <= max_pages
    raw = " ".join(p.extract_text() for p in reader.pages)
    text = squash(raw)
    level = LEVELS_BY_ID[CASES_BY_ID[case_id]["expected_level"]]
    assert squash(level.headline) in text
    for link_id, value in answers.items():
        for label in answer_labels(BY_ID[link_id], value):
            assert squash(label) in text, (link_id, label)
    assert squash(f"{base_url}{share}") in text
    assert not re.search(r"\bPrint\b", raw), "the Print button must not be printed"


def test_printing_the_result_page_hides_buttons_and_navigation(page: Page, base_url):
    complete(page, harmless())
    page.emulate_media(media="print")
    for selector in (".header", ".footer", ".actions", "button", ".skip-link"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.locator(".card__headline")).to_be_visible()
    expect(page.locator(".reassure")).to_be_visible()


def test_share_link_in_a_second_browser_is_read_only(page: Page, browser: Browser, base_url,
                                                      watch):
    result = complete(page, CASES_BY_ID["P06"]["answers"])
    expect(page.get_by_role("link", name="Delete my result")).to_be_visible()
    stranger = browser.new_context(base_url=base_url)
    other = stranger.new_page()
    other.goto(result)
    expect(other.locator("h1")).to_have_text("Talk to your doctor at a routine appointment")
    expect(other.get_by_text("A shared result from")).to_be_visible()
    expect(other.get_by_role("link", name="Delete my result")).to_have_count(0)
    assert [c["name"] for c in stranger.cookies()] == ["tt_session"]  # no owner's key
    stranger.close()


def test_copy_link_puts_the_absolute_url_on_the_clipboard(page: Page, base_url, watch):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    result = complete(page, harmless())
    page.get_by_role("button", name="Copy share link").click()
    expect(page.locator("#copy-status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}{result}"


def test_print_button_on_the_summary(page: Page, base_url, watch):
    page.goto(stored(base_url, harmless()) + "/print")
    # A function string is called by evaluate: replace window.print inside one.
    page.evaluate("() => { window.__printed = 0; "
                  "window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1


def test_delete_from_the_browser(page: Page, base_url, watch):
    result = complete(page, harmless())
    page.get_by_role("link", name="Delete my result").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to delete your result?")
    page.get_by_role("button", name="Yes, delete my result").click()
    expect(page.locator("h1")).to_have_text("Your result has been deleted")
    response = page.request.get(result)
    assert response.status == 404
