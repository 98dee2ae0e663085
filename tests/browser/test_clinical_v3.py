"""Version 3 in a real browser: two question pages to the emergency result for a sudden
stroke sign, the emergency result on a phone, and the printed summary on one page of A4 and
of US Letter at every level (the diary may add one)."""

from __future__ import annotations

import io

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import PHONE, screenshot
from tests.browser.people import complete, own, stored
from tests.factories import CASES_BY_ID, harmless

NOTES = ("It started in my thumb while typing. My father had a stroke at 70, so I worry. "
         * 13)[:1000]
EVERY_SYMPTOM = ["weakness", "atrophy", "numbness_tingling", "coordination_loss",
                 "walking_difficulty", "cramps", "weight_loss", "daily_activities",
                 "exercise_damage", "sickness"]
SIGNS = ["swallowing", "speech", "face_droop", "one_side", "sight"]
EVERY_RECENT = ["breathing_new", *SIGNS, "fit_confusion"]
EVERY_PLACE = ["eyelid", "face", "tongue", "arm_hand", "leg_foot", "torso_back"]
EVERY_MEDICINE = ["corticosteroids", "diuretics", "asthma_inhaler", "stimulants",
                  "other_regular"]
NOT_WATER_TABLETS = [m for m in EVERY_MEDICINE if m != "diuretics"]
EVERY_TRIGGER = ["caffeine", "stress_anxiety", "poor_sleep", "intense_exercise",
                 "dehydration_heat", "nicotine", "alcohol", "low_mineral_diet"]
LONG = dict(age_band="under_16", locations=EVERY_PLACE, eyelid_closes=True,
            duration="more_than_3_months", frequency="constant", medications=EVERY_MEDICINE,
            new_medication=True, medicine_reaction=False, lifestyle_tried="no_change",
            notes=NOTES)
# The most there can be to print at each level: every rule of the level and below, every
# answer, the longest notes.
MOST = {
    "emergency": harmless(**LONG, red_flags_now=["breathing_new", *SIGNS], signs_onset="sudden",
                          red_flags_recent=EVERY_RECENT, course="worsening", spreading=True,
                          symptoms=EVERY_SYMPTOM,
                          triggers=[*EVERY_TRIGGER, "alcohol_stopped"]),
    "urgent": harmless(**LONG, red_flags_now=SIGNS, signs_onset="days",
                       red_flags_recent=EVERY_RECENT, course="worsening", spreading=True,
                       symptoms=EVERY_SYMPTOM, triggers=[*EVERY_TRIGGER, "alcohol_stopped"]),
    "soon": harmless(**LONG, course="worsening", spreading=True, triggers=EVERY_TRIGGER,
                     symptoms=["atrophy", "walking_difficulty", "cramps", "weight_loss",
                               "daily_activities"], symptoms_onset="slowly"),
    # Water tablets with cramps is `soon` in version 3: every other medicine below it.
    "routine": harmless(**{**LONG, "medications": NOT_WATER_TABLETS}, triggers=EVERY_TRIGGER,
                        symptoms=["cramps", "daily_activities"]),
    "self_care": harmless(locations=["eyelid", "arm_hand"], eyelid_closes=False,
                          symptoms=["cramps"], medications=NOT_WATER_TABLETS, notes=NOTES,
                          triggers=EVERY_TRIGGER),
}
PAPER = ("A4", "Letter")


def printed_pages(page: Page, url: str, paper: str) -> int:
    page.goto(url)
    page.emulate_media(media="print")
    return len(PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True))).pages)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("level", list(MOST))
def test_the_fullest_summary_of_each_level_prints_on_one_page(page: Page, base_url, level,
                                                              paper, language):
    # Made in that language (the API's Accept-Language), so its print is in it.
    created = httpx.post(f"{base_url}/api/v1/assessments", json={"answers": MOST[level]},
                         headers={"Accept-Language": language})
    assert (created.json()["level"], created.json()["language"]) == (level, language)
    own(page, base_url, created.json())  # the person's own paper: notes and all
    assert printed_pages(page, created.json()["share_url"] + "/print", paper) == 1


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("case_id", ["P03", "P16", "P04", "P17", "P05", "P06", "P19", "P01",
                                     "P22", "P24", "P27", "P28", "P30", "P32"])
def test_each_vignette_prints_on_one_page(page: Page, base_url, case_id, paper, language):
    share = stored(base_url, {**CASES_BY_ID[case_id]["answers"], "notes": NOTES[:300]},
                   owner=page, language=language)
    assert printed_pages(page, share + "/print", paper) == 1


def test_a_diary_adds_at_most_one_page(page: Page, base_url, watch):
    share = complete(page, MOST["routine"])
    page.goto(share + "/diary")
    for place in ("arm_hand", "leg_foot", "face"):
        page.locator(f"input[name='location'][value='{place}']").check()
        page.locator("input[name='duration'][value='minutes']").check()
        page.locator("input[name='intensity'][value='3']").check()
        page.get_by_role("button", name="Save this twitch").click()
        expect(page.locator(".entry").filter(has_text="strength 3")).not_to_have_count(0)
    for paper in PAPER:
        assert printed_pages(page, share + "/print", paper) == 2


@pytest.mark.parametrize("viewport", [PHONE, {"width": 320, "height": 568}],
                         ids=["360x740", "320x568"])
@pytest.mark.parametrize("case_id", ["P03", "P16", "P22"])
def test_emergency_numbers_are_links_above_the_fold_on_a_phone(browser: Browser, base_url,
                                                               viewport, case_id):
    context = browser.new_context(base_url=base_url, viewport=viewport, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    complete(page, CASES_BY_ID[case_id]["answers"])
    numbers = page.locator(".card a[href^='tel:']")
    assert numbers.evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
        "tel:911", "tel:999", "tel:112"]
    assert page.evaluate("window.scrollY") == 0
    for i in range(3):
        box = numbers.nth(i).bounding_box()
        assert box and box["y"] + box["height"] <= viewport["height"], (i, box)
        assert box["height"] >= 44  # a target a thumb can hit
    # Nothing that competes with calling above the rule: no diary, no reassurance, no share.
    above = page.evaluate("""() => { const hr = document.querySelector('main hr');
        const range = document.createRange(); range.setStartBefore(document.querySelector('main'));
        range.setEndBefore(hr); return range.toString(); }""")
    for competing in ("diary", "harmless", "Share link"):
        assert competing not in above
    screenshot(page, f"emergency-{case_id}-{viewport['width']}x{viewport['height']}")
    context.close()


def _two_pages_to_call_now(page: Page) -> None:
    steps: list[str] = []
    complete(page, {"red_flags_now": ["face_droop"], "signs_onset": "sudden"},
             on_step=lambda p, link_id: steps.append(link_id))
    assert steps == ["red_flags_now", "signs_onset"]
    expect(page.locator(".card--emergency h1")).to_have_text("Call emergency services now")
    expect(page.locator(".card__tell")).to_contain_text("when you were last seen well")


def test_a_sudden_stroke_sign_reaches_call_now_in_two_pages_with_javascript(page: Page,
                                                                            watch):
    _two_pages_to_call_now(page)


def test_a_sudden_stroke_sign_reaches_call_now_in_two_pages_without_javascript(
        nojs_page: Page):
    _two_pages_to_call_now(nojs_page)
