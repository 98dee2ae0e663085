""""Forget this device": a confirmation page first, words that match what
happens, and never a result left readable but beyond deleting without the person told."""

from __future__ import annotations

import re

from tests.factories import csrf, harmless, result_url, submit_form, walk


def told(page: str) -> list[str]:
    return re.findall(r'name="told" value="([^"]+)"', page)


def test_the_footer_leads_to_a_confirmation_page_not_an_action(client):
    page = client.get("/").text
    assert 'href="/forget"' in page and 'action="/forget"' not in page
    confirm = client.get("/forget")
    assert confirm.status_code == 200
    assert '<form action="/forget" method="post"' in confirm.text
    assert "No result was made on this device" in confirm.text


def test_the_page_says_what_happens_to_the_result_link_diary_and_key(client):
    url = result_url(client)
    submit_form(client, f"{url}/diary", {"location": "leg_foot", "duration": "seconds",
                                         "intensity": "2", "tz": "Europe/London"})
    page = client.get("/forget").text
    token = url.removeprefix("/r/")
    assert told(page) == [token]
    for said in ("Its link keeps working until", "anyone who has it can read the result",
                 "its twitch diary (1 entry)", "Its delete key leaves this device",
                 "nobody can delete it before it expires", "It is deleted by itself on"):
        assert said in page, said
    # Deleting is offered instead, on the result's own confirmation page.
    assert f'href="{url}/delete"' in page and "Delete my result" in page
    # Nothing on the page says the result goes, or that nothing is kept.
    assert "nothing of them is kept" not in page.lower()


def test_forgetting_without_being_told_of_a_result_forgets_nothing(client):
    url = result_url(client)
    # A post that does not name the result (an old form, a stale page): shown the page again.
    refused = submit_form(client, "/forget")
    assert refused.status_code == 409
    assert "Nothing was forgotten yet" in refused.text and told(refused.text)
    assert "Delete my result" in client.get(url).text  # the key is still here
    assert "Your results on this device" in client.get("/").text
    # A second result made after the page was shown is not forgotten with the first.
    first_page = client.get("/forget").text
    submit_form(client, "/start-again")
    second = result_url(client, harmless(duration="1_to_2_weeks"))
    assert second != url
    stale = client.post("/forget", data={"csrf_token": csrf(client), "told": told(first_page)})
    assert stale.status_code == 409 and second.removeprefix("/r/") in told(stale.text)
    assert "Delete my result" in client.get(second).text


def test_forgetting_after_being_told_removes_the_key_and_says_the_result_stays(client):
    url = result_url(client)
    page = client.get("/forget").text
    done = client.post("/forget", data={"csrf_token": csrf(client), "told": told(page)},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/?forgotten=kept"
    start = client.get(done.headers["location"]).text
    assert "Your results on this device" not in start
    assert "stay on our server, read-only for anyone with their link" in start
    shown = client.get(url)
    assert shown.status_code == 200 and "Delete my result" not in shown.text


def test_forgetting_answers_in_progress_needs_no_result_named(client, session):
    walk(client, harmless(notes="something to forget"))
    page = client.get("/forget").text
    assert "The answers you have not sent yet are deleted" in page and not told(page)
    done = submit_form(client, "/forget")
    assert done.headers["location"] == "/?forgotten=1"
    assert "stay on our server" not in client.get("/?forgotten=1").text


def test_no_key_stays_on_the_device_beyond_the_list_forget_goes_through(client, monkeypatch):
    """The device lists its newest results (cookies.MOST_REMEMBERED); a result that no
    longer fits loses its key with its place, so forgetting the device leaves no key."""
    from app.web import cookies

    monkeypatch.setattr(cookies, "MOST_REMEMBERED", 2)
    made = []
    for duration in ("less_than_1_week", "1_to_2_weeks", "2_weeks_to_3_months"):
        submit_form(client, "/start-again")
        made.append(result_url(client, harmless(duration=duration)))
    assert "Delete my result" not in client.get(made[0]).text  # the oldest: no room, no key
    assert all("Delete my result" in client.get(url).text for url in made[1:])
    page = client.get("/forget").text
    assert told(page) == [url.removeprefix("/r/") for url in reversed(made[1:])]
    monkeypatch.setattr(cookies, "LISTED_ON_START", 1)  # the start page lists the newest
    start = client.get("/").text
    assert f'href="{made[2]}"' in start and f'href="{made[1]}"' not in start
    # Each result page says truly whether the start page lists it.
    assert "lists your result under" in client.get(made[2]).text
    older = client.get(made[1]).text
    assert "lists your result under" not in older
    assert "the start page lists this browser’s 1 newest results, and this one is older" \
        in older
    client.post("/forget", data={"csrf_token": csrf(client), "told": told(page)})
    for url in made:
        assert "Delete my result" not in client.get(url).text, url
