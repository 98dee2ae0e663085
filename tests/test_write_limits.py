"""Issue 20, finding 2: floods filled the database (700 API results in 1.5 s, 300
emergency results), and the one bucket of new questionnaires, shared by everyone, let one
client keep every other from starting. Now each address has its own limit and everyone a
shared one (app.ratelimit), and an emergency answer over any limit still gets the whole
emergency result, stored or not."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.ratelimit import ClientBuckets
from tests.factories import harmless, post_answer, stored_drafts, stored_results

API = "/api/v1/assessments"
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
    app = limited(settings, total=60)  # bursts of 10, whoever sends
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
        response = post_answer(client, "red_flags_now", ["breathing"], htmx=htmx)
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
