"""Answer sets and helpers shared by the tests (test data, not app code)."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.form_answers import to_form
from app.http.sessions import COOKIE as SESSION_COOKIE
from app.http.sessions import SessionKeys
from app.models import Assessment, Draft

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "cases-v3.json").read_text())["cases"]
CASES_BY_ID = {case["id"]: case for case in CASES}


def harmless(**overrides: Any) -> dict[str, Any]:
    """A complete answer set that fires no rule; override items to build other cases."""
    answers: dict[str, Any] = {
        "red_flags_now": ["none"], "red_flags_recent": ["none"], "age_band": "16_to_64",
        "locations": ["leg_foot"], "duration": "less_than_1_week", "frequency": "occasional",
        "course": "same", "spreading": False, "symptoms": ["none"],
        "triggers": ["none_identified"], "medications": ["none"], "new_medication": False,
        "lifestyle_tried": "not_tried", "notes": "",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def count(session: Session, model: type) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model)) or 0


def stored_results(session: Session) -> int:
    return count(session, Assessment)


def stored_drafts(session: Session) -> int:
    return count(session, Draft)


HTMX = {"HX-Request": "true"}


def session_id(client: Any) -> str:
    """The client's anonymous session id (visiting a page starts a session)."""
    if not client.cookies.get(SESSION_COOKIE):
        client.get("/")
    keys = SessionKeys(client.app.state.signing_key)
    found = keys.verified(client.cookies.get(SESSION_COOKIE),
                          max_age=client.app.state.settings.draft_days * 86400)
    assert found, "the session cookie is not one the app signed"
    return found[0]


def csrf(client: Any) -> str:
    """The CSRF token of the client's anonymous session."""
    return SessionKeys(client.app.state.signing_key).csrf_token(session_id(client))


def shown_answers(client: Any) -> str:
    """The fingerprint of the answers the check-answers page shows (its form sends it)."""
    page = client.get("/check-answers").text
    found = re.search(r'name="answers" value="([0-9a-f]+)"', page)
    return found.group(1) if found else ""


def submit_form(client: Any, url: str, data: dict[str, Any] | None = None, *,
                htmx: bool = False, follow_redirects: bool = False) -> Any:
    """Post a form as the page would: with the session's CSRF token (and, from the
    check-answers page, the fingerprint of the answers it shows)."""
    data = dict(data or {})
    if url == "/check-answers" and "answers" not in data:
        data["answers"] = shown_answers(client)
    return client.post(url, data={**data, "csrf_token": csrf(client)},
                       headers=HTMX if htmx else {}, follow_redirects=follow_redirects)


def post_answer(client: Any, link_id: str, value: Any, *, htmx: bool = False,
                change: bool = False) -> Any:
    url = f"/questions/{link_id}" + ("?change=1" if change else "")
    data = {link_id: to_form(value)} if value is not None else {}
    return submit_form(client, url, data, htmx=htmx)


def walk(client: Any, answers: dict[str, Any], *, htmx: bool = False) -> tuple[str, list[str]]:
    """Answer page after page as a person would: without JavaScript following each 303;
    with htmx taking each answer's response as the next page (one round trip a step),
    at the address its HX-Push-Url gives.

    Returns where the flow ended (check-answers or a result URL) and the pages visited.
    """
    location = "/questions/red_flags_now"
    visited: list[str] = []
    page = client.get(location, headers=HTMX if htmx else {})
    while location.startswith("/questions/"):
        link_id = location.removeprefix("/questions/").split("?")[0]
        assert page.status_code == 200, (location, page.text[:500])
        visited.append(link_id)
        response = post_answer(client, link_id, answers.get(link_id, ""), htmx=htmx)
        if htmx and response.status_code == 200:
            location, page = response.headers["hx-push-url"], response
            # The next page itself: its form posts to the address shown.
            assert f'action="{location}"' in page.text, (location, page.text[:500])
            continue
        assert response.status_code == 303, (link_id, response.text[:500])
        location = response.headers["location"]
        if location.startswith("/questions/"):
            page = client.get(location, headers=HTMX if htmx else {})
        assert len(visited) < 30
    return location, visited


def result_url(client: Any, answers: dict[str, Any] | None = None) -> str:
    """Answer through the pages and submit: the new result's URL (/r/<token>)."""
    end, _ = walk(client, answers or harmless())
    return submit_form(client, end).headers["location"] if end == "/check-answers" else end


def run_async(coroutine: Any) -> Any:
    """Run a coroutine to its end on a loop of its own, in a thread of its own: the browser
    tests' Playwright keeps an event loop running in the main thread, where asyncio.run()
    refuses to start another."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
