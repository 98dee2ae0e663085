"""The diary through the JSON API and the pages: owner-only writes, read-only shares,
strict checks, CSV, re-take, and that it goes when its result goes."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from app.assessments import utcnow
from app.models import Assessment, DiaryEntry
from tests.factories import (
    CASES_BY_ID,
    HTMX,
    count,
    harmless,
    post_answer,
    result_url,
    submit_form,
)

API = "/api/v1/assessments"


def iso(delta: timedelta = timedelta()) -> str:
    return (utcnow() - delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry(**change):
    return {"at": iso(), "location": "leg_foot", "duration": "seconds", "intensity": 3,
            "tags": ["caffeine"], "note": "after coffee", **change}


@pytest.fixture
def created(client):
    return client.post(API, json={"answers": harmless()}).json()


def post_entry(client, created, body, key=None):
    return client.post(f"{API}/{created['token']}/diary", json=body,
                       headers={"X-Delete-Key": key or created["delete_key"]})


def test_api_add_read_delete(client, created):
    when = iso(timedelta(days=2))
    made = post_entry(client, created, entry(at=when))
    assert made.status_code == 201
    body = made.json()
    # Kept to the minute: the seconds say nothing a doctor needs.
    assert body["id"] and body["at"] == when[:-3] + "00Z" and body["intensity"] == 3
    post_entry(client, created, entry(at=iso(timedelta(days=30)), location="eyelid"))
    read = client.get(f"{API}/{created['token']}/diary").json()  # share token is enough
    assert [e["location"] for e in read["entries"]] == ["eyelid", "leg_foot"]  # oldest first
    assert {n["id"] for n in read["nudges"]} == {"new-location", "over-two-weeks"}
    url = f"{API}/{created['token']}/diary/{body['id']}"
    assert client.delete(url, headers={"X-Delete-Key": "wrong"}).status_code == 403
    assert client.delete(url, headers={"X-Delete-Key": created["delete_key"]}).status_code == 204
    assert client.delete(url, headers={"X-Delete-Key": created["delete_key"]}).status_code == 404
    assert len(client.get(f"{API}/{created['token']}/diary").json()["entries"]) == 1


def test_api_diary_notes_go_to_the_owner_or_to_everyone_only_when_shown(client, created):
    """A second attack: the API read gave every entry's note to anyone with the link,
    while the pages kept them to the owner unless the person chose to show them."""
    assert post_entry(client, created, entry(note="Only mine")).status_code == 201
    url = f"{API}/{created['token']}/diary"
    assert client.get(url).json()["entries"][0]["note"] == ""
    assert client.get(url, headers={"X-Delete-Key": "wrong"}).json()["entries"][0]["note"] == ""
    owner = client.get(url, headers={"X-Delete-Key": created["delete_key"]}).json()
    assert owner["entries"][0]["note"] == "Only mine"
    client.cookies.set("tt_owner", created["delete_key"])  # the browser that made it
    shown = submit_form(client, f"/r/{created['token']}/notes-sharing", {"show_notes": "yes"})
    assert shown.status_code == 303
    client.cookies.clear()
    assert client.get(url).json()["entries"][0]["note"] == "Only mine"


@pytest.mark.parametrize("bad", [
    # Times as offsets, made into times when the test runs: a time made at collection
    # stops being "in the future" once the suite has run for more than five minutes.
    {"at": -timedelta(minutes=10)}, {"at": timedelta(days=400)},
    {"intensity": 6}, {"intensity": "3"}, {"location": "elbow"}, {"tags": ["nope"]},
    {"note": "n" * 501}, {"extra": 1}])
def test_api_bad_entries_are_422_and_nothing_is_stored(client, session, created, bad):
    bad = {k: iso(v) if isinstance(v, timedelta) else v for k, v in bad.items()}
    response = post_entry(client, created, entry(**bad))
    assert response.status_code == 422
    assert response.json()["detail"][0]["item"] in bad
    assert count(session, DiaryEntry) == 0


def test_api_needs_the_owner_key_and_a_live_result(client, session, created):
    refused = post_entry(client, created, entry(), key="wrong")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Wrong or missing delete key"}
    assert client.post(f"{API}/{created['token']}/diary", json=entry()).status_code == 403
    assert client.post(f"{API}/{'A' * 32}/diary", json=entry(),
                       headers={"X-Delete-Key": "x"}).status_code == 404
    assert client.get(f"{API}/{'A' * 32}/diary").status_code == 404
    assert count(session, DiaryEntry) == 0


def test_diary_goes_with_its_result(client, session, created):
    post_entry(client, created, entry())
    client.delete(f"{API}/{created['token']}", headers={"X-Delete-Key": created["delete_key"]})
    assert count(session, DiaryEntry) == 0


def test_diary_expires_with_its_result(client, session, created):
    from app.purge import purge

    post_entry(client, created, entry())
    session.query(Assessment).update({"expires_at": utcnow() - timedelta(seconds=1)})
    session.commit()
    purge(session)
    assert count(session, DiaryEntry) == 0


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_owner_adds_an_entry_from_the_page(client, session, htmx):
    url = result_url(client)
    page = client.get(f"{url}/diary")
    assert page.status_code == 200 and "Add a twitch" in page.text
    response = submit_form(client, f"{url}/diary", {
        "at": "", "tz": "UTC", "location": "arm_hand", "duration": "minutes",
        "intensity": "4", "tags": ["stress_anxiety"], "note": "<b>typing</b>"}, htmx=htmx)
    saved = session.query(DiaryEntry).one().id
    # Back to the diary, which says what was saved at the top (the entry may be screens down).
    assert response.status_code == 303
    assert response.headers["location"] == f"{url}/diary?saved={saved}"
    assert "Twitch saved" in client.get(response.headers["location"]).text
    after = client.get(f"{url}/diary", headers=HTMX if htmx else {}).text
    assert "Arm or hand" in after and "strength 4 of 5" in after
    assert "&lt;b&gt;typing&lt;/b&gt;" in after
    assert "new place (arm or hand)" in after  # nudge: not in the original answers
    assert count(session, DiaryEntry) == 1


def test_form_time_is_the_chosen_zones_clock_stored_as_utc(client):
    url = result_url(client)
    zone = ZoneInfo("America/New_York")
    local = (datetime.now(zone) - timedelta(hours=3)).replace(second=0, microsecond=0)
    submit_form(client, f"{url}/diary", {"at": local.strftime("%Y-%m-%dT%H:%M"),
                                         "tz": "America/New_York", "location": "leg_foot",
                                         "duration": "seconds", "intensity": "2"})
    entry = client.get(f"{API}/{url.removeprefix('/r/')}/diary").json()["entries"][0]
    assert entry["at"] == local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert entry["tz"] == "America/New_York"
    assert entry["local_at"].startswith(local.strftime("%Y-%m-%dT%H:%M"))


def test_page_errors_are_422_with_summary_and_values_kept(client, session):
    url = result_url(client)
    response = submit_form(client, f"{url}/diary", {
        "at": "2099-01-01T10:00", "location": "", "duration": "minutes", "intensity": "9",
        "tags": ["poor_sleep", "alcohol"], "note": "keep me"})
    assert response.status_code == 422
    for tag in ("poor_sleep", "alcohol"):  # every choice survives the error
        assert re.search(rf'value="{tag}"\s+checked', response.text), tag
    assert "There is a problem" in response.text and 'href="#at-field"' in response.text
    assert "keep me" in response.text and "cannot be in the future" in response.text
    assert count(session, DiaryEntry) == 0


def test_edit_and_delete_entries(client, session):
    url = result_url(client)
    submit_form(client, f"{url}/diary", {"location": "leg_foot", "duration": "seconds",
                                         "intensity": "2"})
    entry_id = session.query(DiaryEntry).one().id
    form = client.get(f"{url}/diary/{entry_id}/edit").text
    assert 'value="leg_foot" checked' in form or 'value="leg_foot"\n' in form
    # Its time and zone are the entry's own: the add form's hints about now and here are not.
    assert "When it happened, on a clock in the time zone below." in form
    assert "leave this empty" not in form and "somewhere else now" not in form
    added = client.get(f"{url}/diary").text
    assert "leave this empty" in added and "somewhere else now" in added
    response = submit_form(client, f"{url}/diary/{entry_id}", {
        "at": "", "location": "eyelid", "duration": "hours", "intensity": "5"})
    assert response.status_code == 303
    session.expire_all()
    assert session.query(DiaryEntry).one().location == "eyelid"
    submit_form(client, f"{url}/diary/{entry_id}/delete")
    assert count(session, DiaryEntry) == 0


def test_share_link_is_read_only(app, client, session):
    url = result_url(client)
    submit_form(client, f"{url}/diary", {"location": "leg_foot", "duration": "seconds",
                                         "intensity": "2"})
    entry_id = session.query(DiaryEntry).one().id
    with TestClient(app) as stranger:
        page = stranger.get(f"{url}/diary").text
        assert "A shared diary" in page and "Add a twitch" not in page
        assert "Leg or foot" in page
        for path, data in ((f"{url}/diary", {"location": "eyelid", "duration": "seconds",
                                            "intensity": "2"}),
                           (f"{url}/diary/{entry_id}/delete", {}),
                           (f"{url}/diary/{entry_id}", {"location": "eyelid"})):
            assert submit_form(stranger, path, data).status_code == 403
        refused = stranger.get(f"{url}/diary/{entry_id}/edit")
        assert refused.status_code == 403 and "Nothing was changed" in refused.text
        # Someone else's result cannot be re-taken into a stranger's draft either.
        assert submit_form(stranger, f"{url}/retake").status_code == 403
    assert count(session, DiaryEntry) == 1


def test_writes_need_the_csrf_token(client, session):
    url = result_url(client)
    response = client.post(f"{url}/diary", data={"location": "leg_foot",
                                                 "duration": "seconds", "intensity": "2"})
    assert response.status_code == 403 and count(session, DiaryEntry) == 0


def test_csv_export_is_escaped_for_spreadsheets(client):
    url = result_url(client)
    submit_form(client, f"{url}/diary", {"location": "leg_foot", "duration": "seconds",
                                         "intensity": "2", "note": "=HYPERLINK(1)"})
    response = client.get(f"{url}/diary.csv")
    assert response.headers["content-type"].startswith("text/csv")
    # A byte-order mark, so spreadsheet apps read the file as UTF-8.
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["when (local time)", "time zone", "where"]
    assert rows[1][1] == "UTC" and rows[1][2] == "Leg or foot"
    assert rows[1][6] == "'=HYPERLINK(1)"


def test_print_and_share_pages_include_the_diary(client):
    url = result_url(client)
    for days_ago, place in ((20, "leg_foot"), (0, "arm_hand")):
        local = (utcnow() - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M")
        submit_form(client, f"{url}/diary", {"at": local, "location": place,
                                             "duration": "seconds", "intensity": "2"})
    for page in (client.get(url).text, client.get(f"{url}/print").text):
        assert "Days with twitching" in page and "Arm or hand:" in page
        assert "more than two weeks" in page
    assert "<svg" in client.get(f"{url}/print").text


def test_retake_asks_the_warning_signs_afresh_fills_in_the_rest_and_links_the_new_result(
        client, session):
    url = result_url(client, CASES_BY_ID["P06"]["answers"])
    response = submit_form(client, f"{url}/retake")
    assert response.headers["location"] == "/check-answers"
    # "None right now" a week ago says nothing of now: those pages are asked first, empty.
    asked = client.get("/check-answers", follow_redirects=False).headers["location"]
    assert asked == "/questions/red_flags_now?change=1"
    first = client.get(asked).text
    assert "checked" not in first
    # Back leads somewhere: check answers would only send them here again.
    assert re.search(r'<a href="([^"]*)" class="back-link"', first).group(1) == "/"
    recent = post_answer(client, "red_flags_now", ["none"], change=True).headers["location"]
    assert recent == "/questions/red_flags_recent?change=1"
    assert "checked" not in client.get(recent).text
    done = post_answer(client, "red_flags_recent", ["none"], change=True)
    assert done.headers["location"] == "/check-answers"
    check = client.get("/check-answers").text
    assert "More than 2 weeks, up to 3 months" in check  # the earlier answers are filled in
    new = submit_form(client, "/check-answers").headers["location"]
    assert new != url
    rows = {r.token: r for r in session.query(Assessment)}
    assert rows[new.removeprefix("/r/")].previous_id == rows[url.removeprefix("/r/")].id
    assert rows[url.removeprefix("/r/")].level == "routine"  # the old result is unchanged


def test_a_zone_chosen_before_an_error_is_kept_not_guessed_again(client):
    """A first entry's zone is a guess the browser replaces (app.js); once the person has
    chosen one, the form sent back with an error keeps it, and nothing replaces it."""
    url = result_url(client)
    first = client.get(f"{url}/diary").text
    assert re.search(r'<select[^>]*id="tz-field"[^>]*data-browser-zone', first)
    again = submit_form(client, f"{url}/diary", {"at": "2026-11-20T10:00",
                                                 "tz": "Europe/London", "location": "",
                                                 "duration": "seconds", "intensity": "2"})
    assert again.status_code == 422
    select = re.search(r'<select[^>]*id="tz-field".*?</select>', again.text, re.S).group(0)
    assert "data-browser-zone" not in select
    assert re.search(r'value="Europe/London"\s+selected', select)


def test_no_zone_chosen_is_an_error_not_a_guess_and_the_last_choice_comes_next(client, session):
    """Without JavaScript, a first entry needs a zone chosen (never guessed); the next form
    starts at the zone saved last; a future time names the zone it was read in."""
    url = result_url(client)
    fields = {"location": "leg_foot", "duration": "seconds", "intensity": "2"}
    refused = submit_form(client, f"{url}/diary", {**fields, "tz": "", "at": "2026-11-20T10:00"})
    assert refused.status_code == 422 and "Select your time zone from the list" in refused.text
    assert 'value="2026-11-20T10:00"' in refused.text  # the time typed is kept
    assert count(session, DiaryEntry) == 0
    assert submit_form(client, f"{url}/diary", {**fields, "tz": "America/Los_Angeles"}
                       ).status_code == 303
    select = re.search(r'<select[^>]*id="tz-field".*?</select>',
                       client.get(f"{url}/diary").text, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"\s+selected', select) == ["America/Los_Angeles"]
    # Tokyo's clock read in Los Angeles is in the future there: the message says where.
    tokyo_now = datetime.now(ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%dT%H:%M")
    future = submit_form(client, f"{url}/diary", {**fields, "tz": "America/Los_Angeles",
                                                  "at": tokyo_now})
    assert future.status_code == 422
    assert "cannot be in the future: it is now" in future.text and " in Los Angeles" in future.text
    assert submit_form(client, f"{url}/diary", {**fields, "tz": "Asia/Tokyo", "at": tokyo_now}
                       ).status_code == 303


def last_fall_back() -> datetime:
    """01:30 UTC on the latest last Sunday of October: in the hour Europe's clocks went
    back through (Madrid's 02:30 came twice), always within the year a diary takes."""
    now = utcnow()
    for year in (now.year, now.year - 1):
        sunday = date(year, 10, 31) - timedelta(days=(date(year, 10, 31).weekday() + 1) % 7)
        moment = datetime(sunday.year, sunday.month, sunday.day, 1, 30, tzinfo=UTC)
        if moment < now - timedelta(hours=1):
            return moment
    raise AssertionError("unreachable")


def test_an_entry_in_the_hour_the_clocks_went_back_is_saved_unchanged_as_it_was(client,
                                                                                session):
    """An entry at the second of the two 02:30s of a night the clocks went back, saved
    from its edit form unchanged, stays where it was (not an hour earlier)."""
    second = last_fall_back()
    local = second.astimezone(ZoneInfo("Europe/Madrid"))
    assert local.fold == 1 and local.strftime("%H:%M") == "02:30"
    created = client.post(API, json={"answers": harmless()}).json()
    client.post(f"{API}/{created['token']}/diary",
                json={"at": second.isoformat(), "tz": "Europe/Madrid",
                      "location": "leg_foot", "duration": "seconds", "intensity": 2},
                headers={"X-Delete-Key": created["delete_key"]})
    entry = session.query(DiaryEntry).one()
    url = f"/r/{created['token']}"
    client.cookies.set("tt_owner", created["delete_key"], path=url)
    form = client.get(f"{url}/diary/{entry.id}/edit").text
    at = local.strftime("%Y-%m-%dT%H:%M")
    assert f'value="{at}"' in form
    fields = dict(re.findall(r'<input type="hidden" name="(fold)" value="([^"]*)"', form))
    saved = submit_form(client, f"{url}/diary/{entry.id}", {
        "at": at, "tz": "Europe/Madrid", "location": "leg_foot", "duration": "seconds",
        "intensity": "2", **fields})
    assert saved.status_code == 303, saved.text[:300]
    session.expire_all()
    assert session.query(DiaryEntry).one().at == second
    # A time typed anew is read as any other: the first of two, as the clock first shows it.
    earlier = local.replace(minute=15, fold=0)
    submit_form(client, f"{url}/diary/{entry.id}", {
        "at": earlier.strftime("%Y-%m-%dT%H:%M"), "tz": "Europe/Madrid",
        "location": "leg_foot", "duration": "seconds", "intensity": "2", **fields})
    session.expire_all()
    assert session.query(DiaryEntry).one().at == earlier.astimezone(UTC) == \
        second - timedelta(hours=1, minutes=15)
