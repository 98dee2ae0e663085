"""Input a stranger sends (the audit's list and more): always a 4xx with a clear message,
never a 500 or a dropped connection, and nothing half-stored."""

from __future__ import annotations

import json

import pytest

from app.models import DiaryEntry
from tests.factories import count, harmless, result_url, stored_results, submit_form

API = "/api/v1/assessments"


@pytest.fixture
def created(client):
    return client.post(API, json={"answers": harmless()}).json()


def as_json(body) -> dict:
    """The request as a client sends JSON: escapes for what UTF-8 cannot carry (a lone
    surrogate arrives as "\\ud800" text, as the audit sent it)."""
    return {"content": json.dumps(body), "headers": {"content-type": "application/json"}}


def diary_post(client, created, body):
    request = as_json(body)
    return client.post(f"{API}/{created['token']}/diary", content=request["content"],
                       headers={**request["headers"], "X-Delete-Key": created["delete_key"]})


GOOD = {"location": "leg_foot", "duration": "seconds", "intensity": 3}


@pytest.mark.parametrize(("field", "value"), [
    ("location", ["x"]), ("location", {"a": 1}), ("duration", {}), ("duration", ["hours"]),
    ("tags", [["caffeine"]]), ("tags", [{"a": 1}]), ("tags", "caffeine"),
    ("at", "0001-01-01T00:00:00+01:00"), ("at", "9999-12-31T23:59:59-01:00"),
    ("at", ["2026-11-20T08:00:00Z"]), ("at", "2026-11-20T08:00:00"),
    ("intensity", "3"), ("intensity", 3.5), ("intensity", True), ("intensity", 10**30),
    ("note", "a\x00b"), ("note", "\ud800"), ("note", "bell\x07"), ("note", ["x"]),
])
def test_odd_diary_bodies_are_422_naming_the_field(client, session, created, field, value):
    response = diary_post(client, created, {**GOOD, field: value})
    assert response.status_code == 422, response.text
    assert field in [p["item"] for p in response.json()["detail"]]
    assert count(session, DiaryEntry) == 0


@pytest.mark.parametrize("notes", ["a\x00b", "\ud800", "half \udc00 a pair", "\x1b[2J"])
def test_unstorable_notes_are_refused_and_never_break_a_page(client, session, notes):
    response = client.post(API, **as_json({"answers": harmless(notes=notes)}))
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["item"] == "notes" and "characters" in problem["msg"]
    assert stored_results(session) == 0


def test_a_surrogate_pair_that_makes_one_character_is_fine(client):
    created = client.post(API, json={"answers": harmless(notes="twitch \U0001f62c")}).json()
    owner = {"Cookie": f"tt_owner={created['delete_key']}"}  # notes go to their owner
    for path in (f"/r/{created['token']}/print", f"/r/{created['token']}/fhir"):
        response = client.get(path, headers=owner)
        assert response.status_code == 200 and "\U0001f62c" in response.text


def test_unstorable_notes_typed_in_the_form_get_the_page_back(client, session):
    from tests.factories import post_answer, walk

    walk(client, harmless())
    response = post_answer(client, "notes", "before\x00after", change=True)
    assert response.status_code == 422
    assert "Remove the control characters" in response.text


@pytest.mark.parametrize("path", [
    "/assets/x/%00", "/assets/x/..%2f..%2fapp%2fsettings.py", "/assets/%00/app.css",
    "/assets/x/a%5cb", "/assets/" + "x/" * 300 + "app.css",
])
def test_odd_asset_paths_are_404(client, path):
    assert client.get(path).status_code == 404


def test_odd_diary_page_queries_are_ignored(client):
    url = result_url(client, harmless())
    for query in ("days=%C2%B2", "days=-14", "days=99999999999999999999", "page=%C2%B2",
                  "page=0", "page=99999999999999"):
        response = client.get(f"{url}/diary?{query}")
        assert response.status_code == 200, query


@pytest.mark.parametrize(("field", "value"), [
    ("intensity", "\u00b2"), ("intensity", "99999999999999999999"), ("intensity", "-1"),
    ("tz", "Mars/Olympus_Mons"), ("tz", "\u00b2"), ("tz", "../../etc/passwd"),
    ("at", "2026-13-45T99:99"),
    ("at", "0001-01-01T00:00"), ("location", "x"),
])
def test_odd_diary_form_values_get_the_form_back(client, session, field, value):
    url = result_url(client, harmless())
    form = {"at": "", "location": "leg_foot", "duration": "seconds", "intensity": "2",
            field: value}
    response = submit_form(client, f"{url}/diary", form)
    assert response.status_code == 422, (field, value)
    assert "There is a problem" in response.text
    assert count(session, DiaryEntry) == 0


@pytest.mark.parametrize("entry_id", ["99999999999999999999999", str(2**31), str(2**63)])
def test_entry_ids_no_database_can_hold_are_404(client, entry_id):
    url = result_url(client, harmless())
    key = client.cookies.get("tt_owner", path=url)
    token = url.rsplit("/", 1)[1]
    assert client.get(f"{url}/diary/{entry_id}/edit").status_code == 404
    assert submit_form(client, f"{url}/diary/{entry_id}/delete").status_code == 404
    api = client.delete(f"{API}/{token}/diary/{entry_id}", headers={"X-Delete-Key": key})
    assert api.status_code in (404, 422)


def test_a_diary_entry_giving_a_key_twice_is_422_naming_it(client, created, session):
    body = '{"location": "leg_foot", "duration": "seconds", "intensity": 3, "intensity": 1}'
    response = client.post(f"{API}/{created['token']}/diary", content=body,
                           headers={"content-type": "application/json",
                                    "X-Delete-Key": created["delete_key"]})
    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [["body", "intensity"]]
    assert count(session, DiaryEntry) == 0
