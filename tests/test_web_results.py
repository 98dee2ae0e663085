"""The result page, the share link, the printable summary, expiry and delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.assessments import utcnow
from app.models import Assessment
from app.questionnaire import BY_ID, answer_labels
from tests.factories import CASES_BY_ID, HTMX, harmless, stored_results, submit_form, walk


def finish(client, answers):
    """Answer every page and submit; returns the result URL."""
    end, _ = walk(client, answers)
    if end == "/check-answers":
        end = submit_form(client, end).headers["location"]
    return end


def test_result_page_for_the_owner(client):
    url = finish(client, CASES_BY_ID["P05"]["answers"])
    html = client.get(url).text
    assert "See a doctor within a week" in html and "card--soon" in html
    assert "Level: Soon" in html  # the level is in words, not colour alone
    assert "Weakness with twitching is the most important sign" in html
    assert "How to Get Rid of Muscle Twitches and When to Worry" in html
    assert "Keep a twitch diary" in html and "When to get help sooner" in html
    assert "Most muscle twitches are harmless" in html
    assert "This is not a diagnosis" in html
    for button in ("Print a summary for your doctor", "Copy share link", "Delete my result",
                   "Start again"):
        assert button in html, button


@pytest.mark.parametrize(("case_id", "headline"), [
    ("P03", "Call emergency services now"), ("P09", "Get medical advice today"),
    ("P05", "See a doctor within a week"),
    ("P06", "Talk to your doctor at a routine appointment"),
    ("P01", "Likely harmless: care for yourself at home"),
])
def test_each_level_has_its_own_card_and_wording(client, case_id, headline):
    html = client.get(finish(client, CASES_BY_ID[case_id]["answers"])).text
    assert headline in html and f"card--{CASES_BY_ID[case_id]['expected_level']}" in html
    assert "not a diagnosis" in html.lower()


def test_share_link_is_read_only_in_another_browser(app, client):
    url = finish(client, harmless())
    with TestClient(app) as stranger:
        response = stranger.get(url)
        assert response.status_code == 200
        assert "Likely harmless" in response.text
        assert "Delete my result" not in response.text
        assert "This is a shared result" in response.text
        assert stranger.get(f"{url}/delete").status_code == 403
        assert submit_form(stranger, f"{url}/delete").status_code == 403
    assert client.get(url).status_code == 200


def test_result_pages_are_private_to_caches_and_robots(client):
    url = finish(client, harmless())
    for path in (url, f"{url}/print"):
        response = client.get(path)
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-robots-tag"] == "noindex"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_share_url_is_absolute_and_uses_public_base_url(app, client):
    url = finish(client, harmless())
    assert f'value="http://testserver{url}"' in client.get(url).text
    app.state.settings.public_base_url = "https://twitch.example.org/"
    assert f"https://twitch.example.org{url}" in client.get(f"{url}/print").text


def test_owner_cookie_is_scoped_to_its_result(client):
    walk(client, harmless())
    response = submit_form(client, "/check-answers")
    token = response.headers["location"].removeprefix("/r/")
    cookie = response.headers["set-cookie"].lower()
    assert f"path=/r/{token.lower()}" in cookie
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_print_summary_has_everything_a_doctor_needs(client):
    answers = {**CASES_BY_ID["P04"]["answers"], "notes": "Worse after typing all day"}
    url = finish(client, answers)
    html = client.get(f"{url}/print").text
    assert "Get medical advice today" in html
    for link_id, value in answers.items():
        for label in answer_labels(BY_ID[link_id], value):
            assert label in html, (link_id, label)
    assert "Worse after typing all day" in html
    assert "arm_hand" not in html and "more_than_3_months" not in html
    for words in ("Electromyography (EMG)", "Nerve conduction studies", "MRI", "thyroid",
                  "not advice", "Questionnaire version 1", "rules version 1",
                  f"http://testserver{url}", "When to get help sooner", "Print"):
        assert words in html, words


def test_unknown_expired_and_deleted_tokens_get_the_same_404(client, session):
    url = finish(client, harmless())
    expired = finish(client, harmless(locations=["face"]))
    session.execute(update(Assessment).where(Assessment.token == expired.removeprefix("/r/"))
                    .values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    submit_form(client, f"{url}/delete")
    bodies = set()
    for path in (url, expired, "/r/" + "Z" * 32, "/r/%3Cscript%3E"):
        for suffix in ("", "/print"):
            response = client.get(path + suffix)
            assert response.status_code == 404, path + suffix
            bodies.add(response.text)
    assert len(bodies) == 1 and "Page not found" in bodies.pop()


def test_delete_asks_first_then_removes_at_once(client, session):
    url = finish(client, harmless())
    confirm = client.get(f"{url}/delete")
    assert confirm.status_code == 200 and "Are you sure" in confirm.text
    assert f'action="{url}/delete" method="post"' in confirm.text
    assert stored_results(session) == 1
    response = submit_form(client, f"{url}/delete")
    assert response.status_code == 303 and response.headers["location"] == "/deleted"
    assert stored_results(session) == 0
    assert client.get(url).status_code == 404
    assert "has been deleted" in client.get("/deleted").text


def test_wrong_key_cannot_delete_and_nothing_is_lost(app, client, session):
    url = finish(client, harmless())
    with TestClient(app, cookies={"tt_owner": "not-the-key"}) as other:
        refused = submit_form(other, f"{url}/delete")
        assert refused.status_code == 403 and "Nothing was changed" in refused.text
    assert stored_results(session) == 1 and client.get(url).status_code == 200


def test_result_page_as_htmx_fragment(client):
    url = finish(client, harmless())
    fragment = client.get(url, headers=HTMX)
    assert "<html" not in fragment.text and "card--self_care" in fragment.text
    assert fragment.text.startswith("<title>Your result")


def test_emergency_result_says_to_call_now(client):
    url = finish(client, {"red_flags_now": ["breathing"]})
    html = client.get(url).text
    assert "Call your local emergency number now" in html
    assert "What you can do" not in html  # no self-care advice in an emergency
