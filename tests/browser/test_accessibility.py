"""axe-core (WCAG 2.2 A and AA) on every page type, on a desktop and on a 360x740 phone,
where nothing may scroll sideways. Screenshots of each go to test-artifacts/."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from app.i18n import Languages
from tests.browser.conftest import PHONE, Watch, screenshot
from tests.browser.people import complete, stored
from tests.factories import CASES_BY_ID, harmless

WCAG_22_AA = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]}}
AXE = Axe()
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}
# A person whose answers make every conditional question appear but signs_onset (which
# rules out symptoms_onset; P22's pages check it).
EVERY_QUESTION = harmless(red_flags_recent=["swallowing"], locations=["eyelid", "arm_hand"],
                          eyelid_closes=False, symptoms=["weakness"], symptoms_onset="slowly",
                          medications=["asthma_inhaler"], new_medication=True,
                          medicine_reaction=False, notes="Worse in the evening")


def check(page: Page, name: str, viewport: str, checked: list[str], language: str = "en"
          ) -> None:
    results = AXE.run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"
    if viewport == "phone":
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    screenshot(page, f"{name}-{viewport}" + ("" if language == "en" else f"-{language}"))
    checked.append(name)


@pytest.fixture(params=list(VIEWPORTS))
def viewport_page(request, browser: Browser, base_url: str, language: str):
    # The browser asks for the language as a person's would (Accept-Language).
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[request.param],
                                  locale=BROWSER_LOCALES[language])
    page = context.new_page()
    watch = Watch(base_url)
    watch.attach(context)
    watch.attach(page)
    yield request.param, page, watch
    context.close()
    assert watch.foreign() == []


BROWSER_LOCALES = {"en": "en-GB", "es": "es-ES"}


@pytest.fixture(params=list(BROWSER_LOCALES))
def language(request) -> str:
    return request.param


def test_every_page_type_has_no_violations(viewport_page, base_url, language):
    viewport, page, watch = viewport_page
    words = Languages.of().get(language).gettext
    checked: list[str] = []

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, "start", viewport, checked, language)
    complete(page, EVERY_QUESTION, submit=False, words=words,
             on_step=lambda p, link_id: check(p, f"question-{link_id}", viewport, checked,
                                              language))
    check(page, "check-answers", viewport, checked, language)
    page.get_by_role("button", name=words("Get my result")).click()
    expect(page.locator(".card__headline")).to_be_visible()
    check(page, "result-owner", viewport, checked, language)
    assert watch.errors == []

    page.context.clear_cookies()  # a new person: nothing answered yet
    page.goto("/questions/duration")
    page.get_by_role("button", name=words("Continue")).click()
    expect(page.locator(".error-summary")).to_be_focused()
    check(page, "error", viewport, checked, language)

    for case_id in ("P03", "P16", "P09", "P17", "P05", "P06", "P01", "P22"):
        level = CASES_BY_ID[case_id]["expected_level"]
        page.goto(stored(base_url, CASES_BY_ID[case_id]["answers"], language=language))
        check(page, f"result-{level}-{case_id}", viewport, checked, language)
    page.goto(stored(base_url, {**CASES_BY_ID["P04"]["answers"], "notes": "Long day"},
                     language=language) + "/print")
    check(page, "print", viewport, checked, language)
    page.goto("/r/" + "N" * 32)
    expect(page.locator("h1")).to_have_text(words("Page not found"))
    check(page, "not-found", viewport, checked, language)

    assert len([n for n in checked if n.startswith("question-")]) == 17
    assert len([n for n in checked if n.startswith("result-")]) == 9
