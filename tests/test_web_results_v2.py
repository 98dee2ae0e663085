"""What the result and print pages say in version 2: the right words for each level, an
emergency page with nothing that competes with calling, and a summary a doctor can use."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.factories import CASES_BY_ID, harmless, result_url


def main_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").find("main").get_text(" ").split())


@pytest.mark.parametrize(("answers", "shown"), [
    (harmless(), True), (harmless(locations=["face"]), True),
    (harmless(spreading=True), False), (harmless(red_flags_recent=["speech"]), False),
    ({"red_flags_now": ["breathing"]}, False),
], ids=["self_care", "routine", "soon", "urgent", "emergency"])
def test_most_twitches_are_harmless_only_at_self_care_and_routine(client, answers, shown):
    text = main_text(client.get(result_url(client, answers)).text)
    assert ("Most muscle twitches are harmless" in text) is shown
    assert "points to a problem" not in text


def test_self_care_says_no_answer_matches_a_warning_sign(client):
    text = main_text(client.get(result_url(client, harmless())).text)
    assert "None of your answers matches the warning signs in the four articles" in text


def test_emergency_page_puts_calling_first_and_nothing_competes(client):
    answers = CASES_BY_ID["P16"]["answers"]
    soup = BeautifulSoup(client.get(result_url(client, answers)).text, "html.parser")
    main = soup.find("main")
    card = main.find(class_="card")
    numbers = [a["href"] for a in card.select("a[href^='tel:']")]
    assert numbers == ["tel:911", "tel:999", "tel:112"]
    # The first links of the page are the numbers; a rule comes before everything else.
    first_links = [a.get("href") for a in main.find_all("a")][:3]
    assert first_links == numbers
    tell = card.find(class_="card__tell").get_text(" ")
    assert "Slurred speech or difficulty speaking".lower() in tell.lower()
    assert "came on suddenly in the last day: yes" in " ".join(tell.lower().split())
    above = main.find("hr").find_all_previous(string=True)
    above_text = " ".join(" ".join(above).split())
    for competing in ("diary", "harmless", "Share link", "Print a summary"):
        assert competing not in above_text, competing
    assert "diary" not in main.get_text().lower()
    below = " ".join(" ".join(main.find("hr").find_all_next(string=True)).split())
    assert "Print a summary for your doctor" in below and "Share link" in below


def test_the_safety_net_on_the_page_names_only_what_was_not_reported(client):
    text = main_text(client.get(result_url(client, harmless(spreading=True))).text)
    net = re.search(r"When to get help sooner (.*?) Sources?:", text).group(1)
    assert "spreads" not in net and "gets worse" in net
    assert "Call your local emergency number (911, 999 or 112)" in net


def test_urgent_gives_no_lifestyle_tips(client):
    answers = harmless(red_flags_recent=["swallowing"], triggers=["caffeine", "poor_sleep"],
                       locations=["arm_hand"], duration="1_to_2_weeks")
    text = main_text(client.get(result_url(client, answers)).text)
    assert "Get medical advice today" in text
    for tip in ("Cut down on caffeine", "Sleep 7 to 9 hours", "Stretch the twitching muscle",
                "While you wait"):
        assert tip not in text, tip
    assert "Keep a twitch diary" in text
    assert "If you cannot get medical advice today, or it gets worse" in text


def test_soon_and_routine_tips_come_while_you_wait_without_a_trial(client):
    for answers in (harmless(triggers=["caffeine"], spreading=True),
                    harmless(triggers=["caffeine"], age_band="under_16")):
        text = main_text(client.get(result_url(client, answers)).text)
        waiting = text.index("While you wait for your appointment")
        assert text.index("Cut down on caffeine") > waiting
        assert "Try this for two weeks" not in text
    text = main_text(client.get(result_url(client, harmless(triggers=["caffeine"]))).text)
    assert "Try this for two weeks" in text and "While you wait" not in text


def test_printed_summary_of_version_2(client):
    answers = {**CASES_BY_ID["P17"]["answers"], "notes": "Choked on water twice"}
    url = result_url(client, answers)
    soup = BeautifulSoup(client.get(f"{url}/print").text, "html.parser")
    text = " ".join(soup.find("main").get_text(" ").split())
    for words in ("When to get help sooner", "If you cannot get medical advice today",
                  "Age 16 to 64", "What a doctor may check",
                  "reflexes, muscle strength, coordination and feeling",
                  "Background from the articles, not advice", "Choked on water twice",
                  "Questionnaire version 2, rules version 2"):
        assert words in text, words
    emergency = soup.select_one(".print-emergency")
    assert "call your local emergency number" in emergency.get_text()
    assert [a["href"] for a in emergency.select("a")] == ["tel:911", "tel:999", "tel:112"]
    # Each reason carries its sources' numbers; the titles are listed once.
    titles = [c.get_text() for c in soup.select(".print-sources cite")]
    assert "Random Muscle Twitches: When Should You Be Concerned?" in titles
    assert "Safety rule of this tool (not from the four articles)" in titles  # safety net
    for reason in soup.select(".print-reasons li"):
        assert re.search(r"\[\d(, \d)*\]$", reason.get_text().strip()), reason
