"""The result page, the share link, the printable summary, expiry and delete."""

from __future__ import annotations

import gc
import re
import secrets
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.assessments import utcnow
from app.models import Assessment
from app.questionnaire import BY_ID, answer_labels
from tests.factories import (
    CASES_BY_ID,
    HTMX,
    harmless,
    result_url,
    stored_results,
    submit_form,
    walk,
)


def test_result_page_for_the_owner(client):
    url = result_url(client, CASES_BY_ID["P05"]["answers"])
    html = client.get(url).text
    assert "See a doctor within a week" in html and "card--soon" in html
    assert "Level: Soon" in html  # the level is in words, not colour alone
    assert "Weakness with twitching is the most important sign" in html
    assert "How to Get Rid of Muscle Twitches and When to Worry" in html
    assert "Keep a twitch diary" in html and "When to get help sooner" in html
    # At "soon" nothing competes with booking the visit: no "most twitches are harmless".
    assert "Most muscle twitches are harmless" not in html
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
    html = client.get(result_url(client, CASES_BY_ID[case_id]["answers"])).text
    assert headline in html and f"card--{CASES_BY_ID[case_id]['expected_level']}" in html
    assert "not a diagnosis" in html.lower()


def test_share_link_is_read_only_in_another_browser(app, client):
    url = result_url(client, harmless())
    with TestClient(app) as stranger:
        response = stranger.get(url)
        assert response.status_code == 200
        assert "Likely harmless" in response.text
        assert "Delete my result" not in response.text
        assert "A shared result from" in response.text
        assert stranger.get(f"{url}/delete").status_code == 403
        assert submit_form(stranger, f"{url}/delete").status_code == 403
    assert client.get(url).status_code == 200


def test_result_pages_are_private_to_caches_and_robots(client):
    url = result_url(client, harmless())
    for path in (url, f"{url}/print"):
        response = client.get(path)
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-robots-tag"] == "noindex"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_share_url_is_absolute_and_uses_public_base_url(app, client):
    url = result_url(client, harmless())
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
    url = result_url(client, answers)
    html = client.get(f"{url}/print").text
    assert "Get medical advice today" in html
    for link_id, value in answers.items():
        for label in answer_labels(BY_ID[link_id], value):
            assert label in html, (link_id, label)
    assert "Worse after typing all day" in html
    assert "arm_hand" not in html and "more_than_3_months" not in html
    for words in ("Electromyography (EMG)", "Nerve conduction studies", "MRI", "thyroid",
                  "not advice", "Questionnaire version 3", "rules version 3",
                  f"http://testserver{url}", "When to get help sooner", "Print"):
        assert words in html, words


def test_unknown_expired_and_deleted_tokens_get_the_same_404(client, session):
    url = result_url(client, harmless())
    expired = result_url(client, harmless(locations=["face"]))
    for seen in (url, expired):  # so their pages are cached, and must not be served again
        assert client.get(seen).status_code == client.get(f"{seen}/print").status_code == 200
    session.execute(update(Assessment).where(Assessment.token == expired.removeprefix("/r/"))
                    .values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    submit_form(client, f"{url}/delete")
    bodies = set()
    for path in (url, expired, "/r/" + "Z" * 32, "/r/%3Cscript%3E"):
        for suffix in ("", "/print"):
            response = client.get(path + suffix)
            assert response.status_code == 404, path + suffix
            # The language switch links to the address asked for; nothing else may differ.
            bodies.add(re.sub(r'href="[^"]*\?lang=', 'href="HERE?lang=', response.text))
    assert len(bodies) == 1 and "Page not found" in bodies.pop()


def test_delete_asks_first_then_removes_at_once(client, session):
    url = result_url(client, harmless())
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
    url = result_url(client, harmless())
    with TestClient(app, cookies={"tt_owner": "not-the-key"}) as other:
        refused = submit_form(other, f"{url}/delete")
        assert refused.status_code == 403 and "Nothing was changed" in refused.text
    assert stored_results(session) == 1 and client.get(url).status_code == 200


def test_result_page_as_htmx_fragment(client):
    url = result_url(client, harmless())
    fragment = client.get(url, headers=HTMX)
    assert "<html" not in fragment.text and "card--self_care" in fragment.text
    assert fragment.text.startswith("<title>Your result")


def test_emergency_result_says_to_call_now(client):
    url = result_url(client, {"red_flags_now": ["breathing_severe"]})
    html = client.get(url).text
    assert "Call your local emergency number now" in html
    assert "What you can do" not in html  # no self-care advice in an emergency


def test_owner_and_stranger_each_get_their_own_page_of_one_result(app, client):
    url = result_url(client, harmless())
    with TestClient(app) as stranger:
        for _ in range(2):
            assert "Delete my result" not in stranger.get(url).text
            assert "Delete my result" in client.get(url).text


def test_a_new_diary_entry_shows_on_the_share_page(app, client):
    url = result_url(client, harmless())
    with TestClient(app) as stranger:
        assert "Tongue" not in stranger.get(url).text
        submit_form(client, f"{url}/diary", {"location": "tongue", "duration": "seconds",
                                             "intensity": "2"})
        assert "Tongue" in stranger.get(url).text


def _held_in_memory(marker: str) -> bool:
    """Whether any live object of this process, but `marker` itself, holds a string that
    contains it."""
    gc.collect()
    return any(isinstance(o, str) and marker in o and o is not marker
               for o in gc.get_referents(*gc.get_objects()))


def test_nothing_keeps_typed_notes_or_diary_notes_in_memory(app, client):
    """No page cache: after the requests, no object holds what a person typed, whatever
    pages were shown (with several Host names, days and pages, as the audit tried)."""
    typed, noted = f"Worries-{secrets.token_hex(8)}", f"Diary-{secrets.token_hex(8)}"
    end, _ = walk(client, harmless(notes=typed))
    assert typed in client.get(end).text  # check answers shows them
    url = submit_form(client, "/check-answers").headers["location"]
    submit_form(client, f"{url}/diary", {"location": "tongue", "duration": "seconds",
                                         "intensity": "2", "note": noted})
    for path in (url, f"{url}/print", f"{url}/diary?days=90", f"{url}/diary.csv"):
        for host in ("testserver", "localhost"):
            assert client.get(path, headers={"host": host}).status_code == 200
    assert not _held_in_memory(typed)
    assert not _held_in_memory(noted)
