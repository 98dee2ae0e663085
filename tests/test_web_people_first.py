"""What a worried person met on a phone, at the HTTP level: the way back to a
result, plain words and per-question errors, the emergency line kept in an error, the delete
and re-take pages saying what happens to the diary, and diary times in the person's zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import update

from app.models import DiaryEntry
from tests.factories import count, harmless, post_answer, result_url, submit_form

API = "/api/v1/assessments"


def add_entry(client, url: str, **fields: str):
    return submit_form(client, f"{url}/diary", {"location": "leg_foot", "duration": "seconds",
                                                "intensity": "2", **fields})


def test_the_start_page_lists_this_browsers_results_and_only_them(app, client):
    assert "Your results on this device" not in client.get("/").text
    url = result_url(client)
    page = client.get("/").text
    assert "Your results on this device" in page and f'href="{url}"' in page
    # The call-now box comes before "Start now" (version 3): someone who needs to call
    # must read that before starting. With the answers sent, it is a fresh start, not
    # "continue where you left off".
    assert page.index("banner--emergency") < page.index("Start now")
    assert "Continue where you left off" not in page
    fresh = submit_form(client, "/start-again")
    assert fresh.headers["location"] == "/questions/red_flags_now"
    assert f'href="{url}"' in client.get("/").text  # the result stays listed
    # "Forget this device" forgets the list too, once the person was told of
    # the result on its confirmation page; the result itself stays.
    submit_form(client, "/forget", {"told": url.removeprefix("/r/")})
    assert "Your results on this device" not in client.get("/").text
    # ... and its key: the next person at this device cannot delete or change the result.
    page = client.get(url)
    assert page.status_code == 200 and "Delete my result" not in page.text
    assert "A shared result from" in page.text
    with TestClient(app) as stranger:
        assert "Your results on this device" not in stranger.get("/").text


def test_the_result_says_to_keep_the_link_and_links_the_levels_page(client):
    html = client.get(result_url(client)).text
    # The words changed on purpose: the start page lists the result too.
    assert "Your results on this device" in html and "bookmark this page" in html
    assert 'href="/levels"' in html
    levels = client.get("/levels")
    assert levels.status_code == 200
    for headline in ("Call emergency services now", "Get medical advice today",
                     "See a doctor within a week"):
        assert headline in levels.text
    assert 'href="tel:911"' in levels.text


def test_back_from_the_result_is_check_answers_saying_a_result_exists(client):
    url = result_url(client)
    page = client.get("/check-answers")
    assert page.status_code == 200
    assert "You already have a result for these answers" in page.text
    assert f'href="{url}"' in page.text


def test_patient_pages_use_no_jargon(client):
    url = result_url(client)
    for path in ("/", url, f"{url}/print", f"{url}/diary", "/levels"):
        visible = re.sub(r"<[^>]+>", " ", client.get(path).text)
        assert "FHIR" not in visible and "API documentation" not in visible, path


def test_each_question_says_what_is_missing_in_its_own_words(client):
    for link_id, words in (("duration", "Select how long you have had the twitching"),
                           ("locations", "Select where you feel the twitching"),
                           ("spreading", "Select yes if the twitching has spread")):
        html = post_answer(client, link_id, None).text
        assert html.count(words) == 2, link_id  # in the summary and at the field


def test_conflicting_ticks_with_an_emergency_sign_repeat_the_emergency_advice(client):
    html = post_answer(client, "red_flags_now", ["breathing_severe", "none"]).text
    assert "There is a problem" in html
    assert "One of your answers needs help now" in html and 'href="tel:911"' in html
    plain = post_answer(client, "symptoms", ["cramps", "none"]).text
    assert "One of your answers needs help now" not in plain


def test_the_notes_box_has_a_counter_that_javascript_fills(client):
    html = client.get("/questions/notes").text
    assert 'data-character-count="1000"' in html and "You can enter up to 1,000 characters" in html
    assert re.search(r'class="hint character-count__status" aria-live="polite" hidden', html)


def test_delete_says_the_diary_goes_too(client):
    url = result_url(client)
    assert "Your answers and your result will be removed" in client.get(f"{url}/delete").text
    add_entry(client, url)
    page = client.get(f"{url}/delete").text
    assert "your twitch diary (1 entry)" in page and "Yes, delete my result and diary" in page


def test_deleting_an_entry_asks_first_and_says_it_is_gone(client, session):
    url = result_url(client)
    add_entry(client, url)
    entry_id = session.query(DiaryEntry).one().id
    confirm = client.get(f"{url}/diary/{entry_id}/delete")
    assert confirm.status_code == 200 and "Delete this twitch from your diary?" in confirm.text
    assert count(session, DiaryEntry) == 1  # asking deletes nothing
    done = submit_form(client, f"{url}/diary/{entry_id}/delete")
    assert done.status_code == 303
    assert "Entry deleted" in client.get(done.headers["location"]).text
    assert count(session, DiaryEntry) == 0


def test_a_retake_takes_the_diary_to_the_new_result(app, client, session):
    old = result_url(client)
    add_entry(client, old, note="from the first week")
    submit_form(client, f"{old}/retake")
    for link_id in ("red_flags_now", "red_flags_recent"):  # asked afresh (drafts.start_retake)
        post_answer(client, link_id, ["none"], change=True)
    new = submit_form(client, "/check-answers").headers["location"]
    assert new != old
    assert "from the first week" in client.get(f"{new}/diary").text
    assert "There is a newer result" in client.get(old).text
    # Someone the old link was shared with is not led to the newer result.
    with TestClient(app) as doctor:
        shared = doctor.get(old).text
    assert "There is a newer result" not in shared and new not in shared


def test_the_shared_view_is_for_a_reader_not_the_owner(app, client):
    url = result_url(client)
    with TestClient(app) as stranger:
        html = stranger.get(url).text
    assert "A shared result from" in html
    assert html.index("A shared result from") < html.index("card__headline")
    for owner_only in ("Start again", "You can answer the questions again", "Delete my result"):
        assert owner_only not in html, owner_only


def test_the_zone_select_never_guesses_from_the_browsers_language(client):
    """Changed on purpose: a language's country once guessed New York for an en-US
    browser in Los Angeles, and saved times 3 hours off. No entry yet: a choice to make."""
    url = result_url(client)
    page = client.get(f"{url}/diary", headers={"Accept-Language": "ja-JP,ja;q=0.9"}).text
    select = re.search(r'<select[^>]*id="tz-field".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"\s+selected', select) == [""]
    assert "Choose your time zone" in select and "data-browser-zone" in select


def test_the_api_keeps_and_returns_the_zone_an_entry_was_noted_in(client):
    created = client.post(f"{API}", json={"answers": harmless()}).json()
    diary = f"{API}/{created['token']}/diary"
    key = {"X-Delete-Key": created["delete_key"]}
    at = (datetime.now(UTC) - timedelta(days=1)).replace(hour=23, minute=30, second=0,
                                                         microsecond=0)
    body = {"at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "tz": "Asia/Tokyo", "location": "face",
            "duration": "seconds", "intensity": 2}
    entry = client.post(diary, json=body, headers=key)
    assert entry.status_code == 201, entry.text
    assert entry.json()["tz"] == "Asia/Tokyo"
    # 23:30 UTC is 08:30 the next morning in Tokyo.
    tokyo = at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert tokyo.hour == 8 and entry.json()["local_at"] == tokyo.isoformat()
    bad = client.post(diary, json={**body, "tz": "Mars/Olympus"}, headers=key)
    assert bad.status_code == 422 and "tz" in bad.text


def test_the_saved_notice_works_for_any_entry_id_a_database_gives(client, session):
    """Ids count over every diary of the service: the 100,000th entry is said saved too."""
    url = result_url(client)
    add_entry(client, url)
    session.execute(update(DiaryEntry).values(id=123456))
    session.commit()
    assert "Twitch saved" in client.get(f"{url}/diary?saved=123456").text
    for odd in ("abc", "0", "-1", "9" * 30, str(2**31)):
        page = client.get(f"{url}/diary?saved={odd}")
        assert page.status_code == 200 and "Twitch saved" not in page.text, odd
