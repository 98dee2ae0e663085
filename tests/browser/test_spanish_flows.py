"""The whole questionnaire in Spanish, in Chromium: a browser that asks for Spanish
(Accept-Language) is served it from the first page, with htmx and without JavaScript; the
switch changes language mid-way and keeps the page and the answers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from app.i18n import Languages
from app.questionnaire import BY_ID
from app.triage import LEVELS_BY_ID
from tests.browser.conftest import Watch
from tests.browser.people import choose, complete, path_of
from tests.factories import CASES_BY_ID

SPANISH = Languages.of().get("es")
# Emergency early exit, urgent, routine, self-care and soon.
CASES = ["P03", "P09", "P06", "P01", "P05"]


def _(text: str) -> str:
    return SPANISH.gettext(text)


@pytest.fixture(params=["htmx", "no-javascript"])
def spanish_page(request, browser: Browser, base_url: str) -> Iterator[tuple[Page, bool]]:
    htmx = request.param == "htmx"
    context = browser.new_context(base_url=base_url, locale="es-MX",
                                  java_script_enabled=htmx)
    page = context.new_page()
    watch = Watch(base_url)
    watch.attach(page)
    yield page, htmx
    context.close()
    assert watch.foreign() == [] and watch.errors == []


@pytest.mark.parametrize("case_id", CASES)
def test_the_whole_questionnaire_in_spanish(spanish_page, case_id):
    page, htmx = spanish_page
    languages: set[str] = set()
    complete(page, CASES_BY_ID[case_id]["answers"], expect_no_reload=htmx, words=_,
             on_step=lambda p, link_id: languages.add(p.locator("html").get_attribute("lang")))
    assert languages == {"es"}
    level = LEVELS_BY_ID[CASES_BY_ID[case_id]["expected_level"]]
    card = page.locator(f".card--{level.id}")
    expect(card.locator("h1")).to_have_text(_(level.headline))
    assert _(level.headline) != level.headline
    expect(page.get_by_text(_("This is not a diagnosis")).first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_the_switch_keeps_the_page_and_the_answers(spanish_page):
    page, _with_htmx = spanish_page
    page.goto("/questions/red_flags_now")
    choose(page, "red_flags_now", ["none"])
    page.get_by_role("button", name=_("Continue")).click()
    expect(page).to_have_url(re.compile(r"/questions/red_flags_recent$"))
    # Chosen, not yet sent: the switch keeps it, and stays on this question.
    choose(page, "red_flags_recent", ["none"])
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/questions/red_flags_recent\?lang=en$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(BY_ID["red_flags_recent"].question)
    expect(page.locator("input[name='red_flags_recent'][value='none']")).to_be_checked()
    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(re.compile(r"/questions/red_flags_now$"))
    # Still English (the cookie), and the answer given in Spanish is kept.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("input[name='red_flags_now'][value='none']")).to_be_checked()
    assert path_of(page) == "/questions/red_flags_now"
