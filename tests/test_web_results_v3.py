"""What the result and print pages say in version 3 (version 2's page rules stand where v3
is silent): the right words for each level, an emergency page that leads with only what
makes it an emergency, and a summary a doctor can use. What version-2 results said is kept
in tests/test_version_2_results.py."""

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
    ({"red_flags_now": ["breathing_severe"]}, False),
], ids=["self_care", "routine", "soon", "urgent", "emergency"])
def test_most_twitches_are_harmless_only_at_self_care_and_routine(client, answers, shown):
    text = main_text(client.get(result_url(client, answers)).text)
    assert ("Most muscle twitches are harmless" in text) is shown
    assert "points to a problem" not in text


def test_self_care_never_claims_no_answer_matches_a_warning_sign(client):
    text = main_text(client.get(result_url(client, harmless(symptoms=["cramps"]))).text)
    assert "matches the warning signs" not in text
    assert "Your answers show none of the signs that need a doctor now" in text
    assert "Keep an eye on your cramps" in text


def test_emergency_page_puts_calling_first_and_nothing_competes(client):
    answers = CASES_BY_ID["P22"]["answers"]
    soup = BeautifulSoup(client.get(result_url(client, answers)).text, "html.parser")
    main = soup.find("main")
    card = main.find(class_="card")
    numbers = [a["href"] for a in card.select("a[href^='tel:']")]
    assert numbers == ["tel:911", "tel:999", "tel:112"]
    # The first links of the page are the numbers; a rule comes before everything else.
    first_links = [a.get("href") for a in main.find_all("a")][:3]
    assert first_links == numbers
    tell = " ".join(card.find(class_="card__tell").get_text(" ").lower().split())
    assert "one side of the face drooping" in tell
    assert "How the signs started: suddenly, over minutes or hours, or I woke up" in \
        " ".join(card.find(class_="card__tell").get_text(" ").split())
    assert "how the signs started: suddenly, over minutes or hours" in tell
    assert "when you were last seen well (if you woke up with it: when you went to sleep)" \
        in tell
    above = main.find("hr").find_all_previous(string=True)
    above_text = " ".join(" ".join(above).split())
    for competing in ("diary", "harmless", "Share link", "Print a summary"):
        assert competing not in above_text, competing
    assert "diary" not in main.get_text().lower()
    below = " ".join(" ".join(main.find("hr").find_all_next(string=True)).split())
    assert "Print a summary for your doctor" in below and "Share link" in below


def test_emergency_leads_with_only_what_makes_it_one(client):
    """P16: sudden slurred speech. The stroke reason leads; trouble speaking (urgent on its
    own) is under "Also tell the doctor", below the call section."""
    soup = BeautifulSoup(client.get(result_url(client, CASES_BY_ID["P16"]["answers"])).text,
                         "html.parser")
    main = soup.find("main")
    rule = main.find("hr")
    above = " ".join(" ".join(rule.find_all_previous(string=True)).split())
    below = " ".join(" ".join(rule.find_all_next(string=True)).split())
    assert "came on suddenly in the last 2 days" in above
    assert "trouble swallowing or speaking. With twitching" not in above
    assert "Also tell the doctor" in below
    assert "trouble swallowing or speaking. With twitching" in below
    # A slower step a reason below names never reads as an option instead of calling.
    assert below.index("Call your local emergency number first. These are for the doctor "
                       "to know: they do not change what to do now.") < below.index(
        "trouble swallowing or speaking. With twitching")


def test_the_safety_net_on_the_page_shows_only_groups_above_the_level(client):
    text = main_text(client.get(result_url(client, harmless(spreading=True))).text)
    net = re.search(r"When to get help sooner (.*?) Sources?:", text).group(1)
    assert "The twitching spreads" not in net and "See a doctor within a week" not in net
    assert "Call your local emergency number (911, 999 or 112) now if" in net
    assert "Get medical advice today if" in net


def test_urgent_gives_no_lifestyle_tips(client):
    answers = harmless(red_flags_recent=["swallowing"], triggers=["caffeine", "poor_sleep"],
                       locations=["arm_hand"], duration="1_to_2_weeks")
    text = main_text(client.get(result_url(client, answers)).text)
    assert "Get medical advice today" in text
    for tip in ("Cut down on caffeine", "Sleep 7 to 9 hours", "Stretch the twitching muscle",
                "While you wait"):
        assert tip not in text, tip
    assert "Keep a twitch diary" in text
    assert "or it gets worse" not in text
    assert "If you cannot, call 111 in the UK, 116 117 in Germany" in text


def test_soon_and_routine_tips_come_while_you_wait_without_a_trial(client):
    for answers in (harmless(triggers=["caffeine"], spreading=True),
                    harmless(triggers=["caffeine"], age_band="under_16")):
        text = main_text(client.get(result_url(client, answers)).text)
        waiting = text.index("While you wait for your appointment")
        assert text.index("Cut down on caffeine") > waiting
        assert "Try this for two weeks" not in text
    text = main_text(client.get(result_url(client, harmless(triggers=["caffeine"]))).text)
    assert "Try this for two weeks" in text and "While you wait" not in text


def test_printed_summary_of_version_3(client):
    answers = {**CASES_BY_ID["P17"]["answers"], "notes": "Choked on water twice"}
    url = result_url(client, answers)
    soup = BeautifulSoup(client.get(f"{url}/print").text, "html.parser")
    text = " ".join(soup.find("main").get_text(" ").split())
    for words in ("When to get help sooner", "Contact your doctor today",
                  "Age 16 to 64", "What a doctor may check",
                  "reflexes, muscle strength, coordination and feeling",
                  "Background from the articles, not advice", "Choked on water twice",
                  "Questionnaire version 3, rules version 3"):
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


@pytest.mark.parametrize(("answers", "asks_the_time"), [
    ({"red_flags_now": ["fit_confusion"]}, False),
    ({"red_flags_now": ["bladder"]}, False),
    ({"red_flags_now": ["breathing_severe"]}, False),
    ({"red_flags_now": ["one_side"], "signs_onset": "sudden"}, True),
], ids=["fit", "bladder", "breathing", "stroke-sign"])
def test_the_call_handler_line_leads_with_the_sign_and_asks_the_time_for_stroke_signs(
        client, answers, asks_the_time):
    """An outside clinician: the line opened with "I have muscle twitching" rather than the
    sign that makes it an emergency, and asked when the person was last seen well for
    signs where that is not what the call handler needs (a fit, the bladder)."""
    card = BeautifulSoup(client.get(result_url(client, answers)).text, "html.parser").find(
        class_="card__tell")
    tell = " ".join(card.get_text(" ").split())
    assert tell.startswith("Tell the call handler: Warning signs right now:"), tell
    assert "I also have muscle twitching." in tell
    assert ("when you were last seen well" in tell) is asks_the_time


def test_the_safety_net_is_listed_by_group_on_the_page(client):
    """An outside reader on a phone: three levels and about 20 signs ran together as one
    paragraph, some 40 lines. Each group's lead is now followed by a list of its signs
    (the print keeps one paragraph, for room)."""
    from app.triage.safety_net import LEADS

    html = client.get(result_url(client, harmless())).text
    net = BeautifulSoup(html, "html.parser").find(class_="safety-net")
    leads = [p.get_text(strip=True) for p in net.find_all("p") if p.get_text(strip=True)
             in LEADS.values()]
    assert leads == [LEADS[lv] for lv in ("emergency", "urgent", "soon", "routine")]
    first = net.find("ul")
    assert "One side of your face droops." in [li.get_text(strip=True)
                                               for li in first.find_all("li")]
