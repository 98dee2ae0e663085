"""Four people complete the questionnaire, with htmx and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.triage import LEVELS_BY_ID
from tests.browser.conftest import screenshot
from tests.browser.people import choose, complete, path_of
from tests.factories import CASES_BY_ID

# One of each: emergency early exit, urgent, routine, self-care (and soon, for good measure).
FOUR = ["P03", "P09", "P06", "P01", "P05"]


def assert_result(page: Page, case_id: str) -> None:
    level = CASES_BY_ID[case_id]["expected_level"]
    card = page.locator(f".card--{level}")
    expect(card).to_be_visible()
    expect(card.locator("h1")).to_have_text(LEVELS_BY_ID[level].headline)
    expect(page.get_by_text("This is not a diagnosis")).to_be_visible()


@pytest.mark.parametrize("case_id", FOUR)
def test_with_javascript_steps_are_swapped_by_htmx(page: Page, watch, case_id):
    steps: list[str] = []
    complete(page, CASES_BY_ID[case_id]["answers"], expect_no_reload=True,
             on_step=lambda p, link_id: steps.append(path_of(p)))
    assert steps[0] == "/questions/red_flags_now"
    assert all(re.fullmatch(r"/questions/\w+", s) for s in steps)  # the address bar followed
    assert_result(page, case_id)


@pytest.mark.parametrize("case_id", FOUR)
def test_without_javascript(nojs_page: Page, case_id):
    complete(nojs_page, CASES_BY_ID[case_id]["answers"])
    assert_result(nojs_page, case_id)


def test_back_and_forward_land_on_the_right_question_with_the_answer_kept(page: Page, watch):
    page.goto("/")
    page.get_by_role("link", name="Start now").click()
    for link_id, value, following in [("red_flags_now", ["none"], "red_flags_recent"),
                                      ("red_flags_recent", ["none"], "age_band"),
                                      ("age_band", "16_to_64", "locations"),
                                      ("locations", ["leg_foot"], "duration"),
                                      ("duration", "1_to_2_weeks", "frequency")]:
        expect(page).to_have_url(re.compile(f"/questions/{link_id}$"))
        choose(page, link_id, value)
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(re.compile(f"/questions/{following}$"))
    page.go_back()
    expect(page).to_have_url(re.compile("/questions/duration$"))
    expect(page.locator("h1")).to_have_text("How long have you had the twitching?")
    expect(page.locator("input[value='1_to_2_weeks']")).to_be_checked()
    page.go_back()
    expect(page).to_have_url(re.compile("/questions/locations$"))
    expect(page.locator("input[value='leg_foot']")).to_be_checked()
    page.go_forward()
    expect(page).to_have_url(re.compile("/questions/duration$"))
    expect(page.locator("h1")).to_have_text("How long have you had the twitching?")
    page.go_forward()
    expect(page.locator("h1")).to_have_text("How often does it happen?")


def test_exclusive_none_clears_the_others_with_javascript(page: Page, watch):
    page.goto("/questions/symptoms")
    choose(page, "symptoms", ["weakness", "cramps"])
    choose(page, "symptoms", ["none"])
    expect(page.locator("input[value='none']")).to_be_checked()
    expect(page.locator("input[value='weakness']")).not_to_be_checked()
    expect(page.locator("input[value='cramps']")).not_to_be_checked()
    choose(page, "symptoms", ["atrophy"])
    expect(page.locator("input[value='none']")).not_to_be_checked()


def test_exclusive_mix_without_javascript_is_explained(nojs_page: Page):
    nojs_page.goto("/questions/symptoms")
    choose(nojs_page, "symptoms", ["weakness", "none"])
    nojs_page.get_by_role("button", name="Continue").click()
    expect(nojs_page.locator(".error-summary")).to_contain_text("on its own")
    expect(nojs_page.locator("input[value='weakness']")).to_be_checked()


def test_error_with_htmx_focuses_the_summary_and_links_to_the_field(page: Page, base_url):
    page.goto("/questions/course")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_url(re.compile("/questions/course$"))
    screenshot(page, "error-desktop")
    summary.get_by_role("link").click()
    expect(page.locator("#course-field")).to_be_focused()


def test_change_from_check_answers_returns_there(page: Page, watch):
    assert complete(page, CASES_BY_ID["P01"]["answers"], submit=False) == "/check-answers"
    page.get_by_role("link", name=re.compile("Change how often")).click()
    expect(page).to_have_url(re.compile(r"/questions/frequency\?change=1$"))
    choose(page, "frequency", "constant")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile("/check-answers$"))
    expect(page.locator(".summary-list")).to_contain_text("Most of the day")
