"""Floods once filled the database (700 API results in 1.5 s, 300
emergency results), and the one bucket of new questionnaires, shared by everyone, let one
client keep every other from starting. Now each address has its own limit and everyone a
shared one (app.ratelimit), and an emergency answer over any limit still gets the whole
emergency result, stored or not."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from app import questionnaire as q
from app.main import create_app
from app.ratelimit import ClientBuckets, WriteLimits, network_of
from tests.factories import (
    harmless,
    post_answer,
    result_url,
    stored_drafts,
    stored_results,
    submit_form,
    walk,
)

API = "/api/v1/assessments"
# A first-page answer that ends the questionnaire with an emergency result.
EMERGENCY = next(o.code for o in q.ITEMS[0].options if o.ends_questionnaire)
VISITOR = ("203.0.113.9", 50000)  # another address than TestClient's "testclient"


def limited(settings, *, per_client: int = 1_000_000, total: int = 1_000_000):
    return create_app(settings.model_copy(update={"client_writes_per_minute": per_client,
                                                  "new_drafts_per_minute": total}))


def start(client: TestClient, signs: list[str]):
    client.cookies.clear()  # a new questionnaire each time, as the flood did
    return post_answer(client, "red_flags_now", signs)


def over_the_limit(client: TestClient) -> None:
    """New questionnaires until one is refused (it must be, and soon)."""
    statuses = [start(client, ["none"]).status_code for _ in range(12)]
    assert 429 in statuses, statuses


def test_one_client_flooding_does_not_lock_out_another(settings):
    """Before: a real visitor got 429 on 19 of 20 tries while one client looped."""
    app = limited(settings, per_client=9, total=60)  # bursts of 3 and of 10
    with TestClient(app) as flood, TestClient(app, client=VISITOR) as visitor:
        flooded = [start(flood, ["none"]).status_code for _ in range(30)]
        assert flooded.count(303) == 3 and flooded[-1] == 429
        assert [start(visitor, ["none"]).status_code for _ in range(3)] == [303] * 3
        with app.state.session_factory() as session:
            assert stored_drafts(session) == 6


def test_api_submissions_are_limited_per_address(settings):
    app = limited(settings, per_client=9)  # bursts of 3
    with TestClient(app) as flood, TestClient(app, client=VISITOR) as other:
        statuses = [flood.post(API, json={"answers": harmless()}).status_code
                    for _ in range(5)]
        assert statuses == [201] * 3 + [429] * 2
        refused = flood.post(API, json={"answers": harmless()})
        assert int(refused.headers["retry-after"]) >= 1
        assert "nothing was stored" in refused.json()["detail"] and "999" in refused.json()[
            "detail"]
        assert other.post(API, json={"answers": harmless()}).status_code == 201
        with app.state.session_factory() as session:
            assert stored_results(session) == 4


def test_the_shared_write_budget_sheds_a_flood_from_many_addresses(settings):
    # Bursts of 10 whoever sends, then one a minute: slow enough that no token comes back
    # while twelve clients start on a busy machine (at 60 a minute one did, in CI).
    app = limited(settings, total=1)
    statuses = []
    for n in range(12):
        with TestClient(app, client=(f"198.51.100.{n}", 50000)) as one:
            statuses.append(one.post(API, json={"answers": harmless()}).status_code)
    assert statuses == [201] * 10 + [429] * 2
    with TestClient(app, client=VISITOR) as visitor:
        refused = start(visitor, ["none"])
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


@pytest.mark.parametrize("limits", [{"per_client": 3}, {"total": 6}],
                         ids=["own-limit", "shared-budget"])
@pytest.mark.parametrize("htmx", [False, True])
def test_an_emergency_answer_over_any_limit_gets_the_whole_emergency_page(settings, limits,
                                                                          htmx):
    """Before: an emergency answer skipped the limit and stored a result (300 in 1.5 s).
    Over a limit now, it stores nothing, and the person still gets the whole result with
    the numbers to call: never a refusal."""
    app = limited(settings, **limits)
    with TestClient(app) as client:
        over_the_limit(client)
        client.cookies.clear()
        response = post_answer(client, "red_flags_now", [EMERGENCY], htmx=htmx)
        assert response.status_code == 200
        page = response.text
        assert "Call your local emergency number now" in page
        for number in ("911", "999", "112"):
            assert f'href="tel:{number}"' in page
        assert "This is not a diagnosis" in page and "was not stored" in page
        assert ("<!DOCTYPE html>" in page) is not htmx
        with app.state.session_factory() as session:
            assert stored_results(session) == 0


def test_a_warning_sign_over_the_limit_keeps_the_answer_and_says_get_help_today(settings):
    app = limited(settings, per_client=3)
    with TestClient(app) as client:
        over_the_limit(client)
        refused = start(client, ["swallowing"])
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        page = refused.text
        assert "Get medical advice today" in page and 'href="tel:999"' in page
        assert "Nothing was lost" in page and 'value="swallowing" checked' in page
        with app.state.session_factory() as session:
            drafts = stored_drafts(session)
        assert start(client, ["none"]).status_code == 429  # still over: nothing stored
        with app.state.session_factory() as session:
            assert stored_drafts(session) == drafts


def test_client_buckets_keep_no_address_forget_each_day_and_stay_bounded():
    day = [date(2026, 12, 1)]
    buckets = ClientBuckets(60, burst=2, most_clients=100, clock=lambda: 0.0,
                            today=lambda: day[0])
    assert [buckets.take("192.0.2.1") for _ in range(2)] == [None, None]
    assert buckets.take("192.0.2.1") is not None  # over, on the same day
    kept = b"".join(buckets._buckets)
    assert b"192.0.2.1" not in kept and len(next(iter(buckets._buckets))) == 32
    day[0] = date(2026, 12, 2)  # a new key, and every bucket gone
    assert buckets.take("192.0.2.1") is None and len(buckets) == 1
    assert b"".join(buckets._buckets) != kept
    for n in range(1000):
        buckets.take(f"2001:db8::{n:x}")
    assert len(buckets) == 100


def emergency_page(response) -> bool:
    return response.status_code == 200 and "was not stored" in response.text and all(
        f'href="tel:{number}"' in response.text for number in ("911", "999", "112"))


def test_every_stored_result_takes_a_token_not_only_a_new_questionnaire(settings):
    """Found by a second attack: one browser switching its first answer between an
    emergency and "none" stored a new result each time (100 a second), as only a new
    draft was limited. Now each new result takes a token; over the limit the emergency
    page is still shown, unstored."""
    app = limited(settings, per_client=9)  # bursts of 3
    with TestClient(app) as client:
        outcomes = []
        for _ in range(8):
            outcomes.append(post_answer(client, "red_flags_now", [EMERGENCY]))
            assert post_answer(client, "red_flags_now", ["none"]).status_code == 303
        stored = [r for r in outcomes if r.status_code == 303]
        assert 1 <= len(stored) <= 3 and all(
            r.headers["location"].startswith("/r/") for r in stored)
        assert all(emergency_page(r) for r in outcomes if r.status_code != 303)
        with app.state.session_factory() as session:
            assert stored_results(session) == len(stored)


def test_a_result_over_the_limit_keeps_the_answers_and_a_second_submit_is_never_refused(
        settings):
    app = limited(settings, per_client=3)  # bursts of 3
    with TestClient(app) as client:
        first = result_url(client)  # a draft and a result: two tokens
        assert submit_form(client, "/check-answers").headers["location"] == first
        client.cookies.clear()
        post_answer(client, "red_flags_now", ["none"])  # the third token: a new draft
        assert walk(client, harmless())[0] == "/check-answers"  # no token left for a result
        refused = submit_form(client, "/check-answers")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "Your answers were not sent yet" in refused.text
        assert "Nothing was lost" in refused.text and "Check your answers" in refused.text
        with app.state.session_factory() as session:
            assert stored_results(session) == 1


def test_bad_api_requests_use_up_no_allowance_and_an_emergency_gets_its_result(settings):
    app = limited(settings, per_client=3)  # bursts of 3
    with TestClient(app) as client:
        for _ in range(10):
            assert client.post(API, json={"answers": {}}).status_code == 422
        assert [client.post(API, json={"answers": harmless()}).status_code
                for _ in range(4)] == [201] * 3 + [429]
        refused = client.post(API, json={"answers": {"red_flags_now": [EMERGENCY]}})
        assert refused.status_code == 429
        body = refused.json()
        assert body["result"]["level"] == "emergency" and body["result"]["reasons"]
        assert "token" not in body["result"] and "911" in body["detail"]
        plain = client.post(API, json={"answers": harmless()}).json()
        assert plain["result"] is None
        with app.state.session_factory() as session:
            assert stored_results(session) == 3


def test_an_ipv6_client_is_counted_by_its_64_not_by_each_address():
    assert network_of("2001:db8:1:2::1") == network_of("2001:db8:1:2:ffff::9")
    assert network_of("2001:db8:1:2::1") != network_of("2001:db8:1:3::1")
    assert network_of("::ffff:192.0.2.7") == network_of("192.0.2.7") == "192.0.2.7"
    limits = WriteLimits(per_client=9, total=1_000_000)  # bursts of 3
    taken = [limits.take((f"2001:db8:1:2::{n:x}", 443)) for n in range(5)]
    assert taken[:3] == [None] * 3 and None not in taken[3:]
    assert limits.take(("2001:db8:1:3::1", 443)) is None


def test_diary_entries_are_limited_per_address_and_nothing_is_lost(settings):
    """A second attack wrote 2,000 diary entries in 14 s (4 KB each, kept 90 days): diary
    adds had no limit. They now have their own per-address allowance (not the shared one,
    so a diary flood never holds up a result); over it the form comes back with its
    values and a 429, and the API says when to send again."""
    from tests.factories import csrf

    app = limited(settings, per_client=12)  # diary: 24 a minute, bursts of 6
    with TestClient(app) as client:
        created = client.post(API, json={"answers": harmless()}).json()
        url = f"{API}/{created['token']}/diary"
        body = {"at": "2026-11-30T10:00:00Z", "tz": "Europe/London", "location": "eyelid",
                "duration": "seconds", "intensity": 2, "tags": [], "note": ""}
        key = {"X-Delete-Key": created["delete_key"]}
        statuses = [client.post(url, json=body, headers=key).status_code for _ in range(8)]
        assert statuses == [201] * 6 + [429] * 2
        refused = client.post(url, json=body, headers=key)
        assert int(refused.headers["retry-after"]) >= 1 and "Nothing was lost" in refused.text
        client.cookies.set("tt_owner", created["delete_key"])
        page = client.post(f"/r/{created['token']}/diary", data={
            "csrf_token": csrf(client), "location": "leg_foot", "duration": "seconds",
            "intensity": "4", "tz": "Europe/London", "note": "kept on the form"})
        assert page.status_code == 429 and "kept on the form" in page.text
        assert "Too many entries at once" in page.text
        # Results are not held up by a diary flood.
        assert client.post(API, json={"answers": harmless()}).status_code == 201
        listed = client.get(url, headers=key).json()
        assert listed["total"] == 6


@pytest.mark.parametrize("beside", [{"age_band": "bogus"}, {"notes": "x" * 1001},
                                    {"came_on_suddenly": True}])
def test_an_api_emergency_with_a_bad_answer_beside_it_still_gets_its_result(client, beside):
    """A second attack: an emergency sent with one answer that is not valid got a bare 422,
    with neither the result nor the numbers. The 422 names what is wrong and, when the
    valid answers alone are an emergency, carries what they scored (stored nowhere)."""
    response = client.post(API, json={"answers": {"red_flags_now": [EMERGENCY], **beside}})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and body["result"]["level"] == "emergency"
    assert body["result"]["reasons"] and "token" not in body["result"]
    calm = client.post(API, json={"answers": {**harmless(), **beside}}).json()
    assert calm["detail"] and "result" not in calm


def test_the_apis_refusal_of_an_emergency_is_worded_in_the_language_of_its_result(settings):
    app = limited(settings, per_client=3)
    with TestClient(app) as client:
        for _ in range(4):
            refused = client.post(API, json={"answers": {"red_flags_now": [EMERGENCY]}},
                                  headers={"Accept-Language": "es"})
        assert refused.status_code == 429
        assert refused.headers["content-language"] == "es"
        body = refused.json()
        assert body["result"]["language"] == "es"
        assert body["detail"].startswith("Demasiados envíos") and "911" in body["detail"]


def test_an_unstored_emergency_leads_with_what_makes_it_one_as_a_stored_one_does(settings):
    """Sudden slurred speech (public case P16) when no result may be stored: the stroke
    reason above the rule; trouble speaking, which alone says "today", below it, after
    the line that calling comes first."""
    app = limited(settings, per_client=3)  # bursts of 3
    with TestClient(app) as client:
        result_url(client)  # a draft and a result: two tokens
        client.cookies.clear()
        assert post_answer(client, "red_flags_now", ["speech"]).status_code == 303  # the third
        page = post_answer(client, "signs_onset", "sudden")
        assert emergency_page(page)
    main = " ".join(page.text.split("<main", 1)[1].split())
    above, below = main.split('<hr class="section-break">', 1)
    assert "came on suddenly in the last 2 days" in above
    assert "trouble swallowing or speaking" not in above
    assert below.index("Call your local emergency number first.") < below.index(
        "trouble swallowing or speaking")
