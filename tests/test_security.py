"""Defences: headers, CSRF, size limits, escaping of free text, and unguessable tokens."""

from __future__ import annotations

import re
import secrets

import pytest
from markupsafe import escape as html_escape

from app.http.sessions import SessionKeys
from tests.conftest import TEST_SECRET
from tests.factories import (
    CASES_BY_ID,
    harmless,
    post_answer,
    result_url,
    stored_drafts,
    stored_results,
    submit_form,
    walk,
)

API = "/api/v1/assessments"


def html_pages(client):
    url = result_url(client, harmless())
    return ["/", "/questions/red_flags_now", "/questions/notes", url, f"{url}/print",
            f"{url}/delete", "/deleted", "/r/" + "Q" * 32, "/docs"]


def test_every_page_carries_the_security_headers(client):
    for path in html_pages(client):
        headers = client.get(path).headers
        assert headers["content-type"].startswith("text/html"), path
        csp = headers["content-security-policy"]
        for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'",
                          "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"):
            assert directive in csp, (path, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "camera=()" in headers["permissions-policy"]


def test_other_responses_are_never_sniffed_run_or_leak_the_referrer(client):
    asset = re.search(r'href="(/assets/[^"]+)"', client.get("/").text).group(1)
    for path in [asset, "/openapi.json", f"{API}/x", "/healthz",
                 "/fhir/Questionnaire/twitch-triage"]:
        headers = client.get(path).headers
        assert not headers["content-type"].startswith("text/html"), path
        assert headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_a_request_for_another_host_is_refused_with_the_same_headers(client):
    """A request naming a host this server is not (DNS rebinding, a stray proxy) is refused
    before any route; the refusal is not sniffed, cached or framed either."""
    for path in ("/", f"{API}/x"):
        refused = client.get(path, headers={"Host": "evil.example"})
        assert refused.status_code == 400, path
        assert refused.headers["x-content-type-options"] == "nosniff"
        assert refused.headers["content-security-policy"] == \
            "default-src 'none'; frame-ancestors 'none'"
        assert refused.headers["referrer-policy"] == "no-referrer"
        assert "set-cookie" not in refused.headers


def test_redirects_never_leak_the_referrer(client):
    response = post_answer(client, "red_flags_now", ["none"])
    assert response.status_code == 303
    assert response.headers["referrer-policy"] == "no-referrer"


def test_no_page_has_inline_script_or_style(client):
    for path in html_pages(client):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\sstyle=", html), path
        assert "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_result_share_and_print_pages_are_not_cached_or_indexed(client):
    url = result_url(client, harmless())
    for path in (url, f"{url}/print", f"{url}/delete"):
        headers = client.get(path).headers
        assert headers["cache-control"] == "no-store"
        assert headers["x-robots-tag"] == "noindex"


def test_cross_site_post_without_the_token_is_refused_and_changes_nothing(client, session):
    post_answer(client, "red_flags_now", ["none"])
    before = client.get("/questions/red_flags_now").text
    forged = client.post("/questions/red_flags_now", data={"red_flags_now": ["breathing_severe"]},
                         follow_redirects=False)
    assert forged.status_code == 403 and "Nothing was changed" in forged.text
    assert client.get("/questions/red_flags_now").text == before
    assert stored_results(session) == 0


@pytest.mark.parametrize("token", [
    "", "0" * 64, "not-a-token", SessionKeys(TEST_SECRET).csrf_token("B" * 32),
    SessionKeys("the old constant").csrf_token("B" * 32)])
def test_wrong_csrf_tokens_are_refused(client, session, token):
    walk(client, harmless())
    for path in ("/check-answers", "/start-again"):
        response = client.post(path, data={"csrf_token": token}, follow_redirects=False)
        assert response.status_code == 403
    assert stored_results(session) == 0 and stored_drafts(session) == 1


def test_delete_without_the_token_keeps_the_result(client, session):
    url = result_url(client, harmless())
    assert client.post(f"{url}/delete", follow_redirects=False).status_code == 403
    assert stored_results(session) == 1


def test_api_accepts_only_json(client, session):
    body = '{"answers": {"red_flags_now": ["breathing_severe"]}}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None,
                         "multipart/form-data; boundary=x"):
        headers = {"content-type": content_type} if content_type else {}
        response = client.post(API, content=body, headers=headers)
        assert response.status_code == 415, content_type
    assert stored_results(session) == 0


def test_bodies_over_64_kb_are_refused_before_parsing(client, session):
    big = {"answers": harmless(notes="n" * 70_000)}
    assert client.post(API, json=big).status_code == 413
    form = submit_form(client, "/questions/notes", {"notes": "n" * 70_000})
    assert form.status_code == 413 and "too much" in form.text.lower()

    def chunks():
        for _ in range(100):
            yield b"x" * 1000

    response = client.post(API, content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert stored_results(session) == 0 and stored_drafts(session) == 0


def test_too_many_form_fields_are_refused(client, session):
    data = {f"f{i}": "x" for i in range(150)}
    response = submit_form(client, "/questions/duration", {**data, "duration": "daily"})
    assert response.status_code == 400
    assert stored_drafts(session) == 0


HOSTILE = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "{{7*7}} {% raw %}",
           "é ü 日本 + & = % ;csrf_token=x&notes="]  # what a form body must carry intact


@pytest.mark.parametrize("text", HOSTILE)
def test_free_text_is_stored_as_given_and_always_escaped(app, client, text):
    answers = {**CASES_BY_ID["P01"]["answers"], "notes": text}
    walk(client, answers)
    pages = {"question": client.get("/questions/notes").text,
             "check answers": client.get("/check-answers").text}
    url = submit_form(client, "/check-answers").headers["location"]
    pages["print"] = client.get(f"{url}/print").text
    created = client.post(API, json={"answers": answers}).json()
    pages["api print"] = client.get(f"{created['share_url']}/print", headers={
        "Cookie": f"tt_owner={created['delete_key']}"}).text  # the notes are the owner's
    for name, html in pages.items():
        assert "<script>alert" not in html and "<img src=x" not in html, name
        # Shown as typed: escaped markup, and template syntax left uninterpreted.
        assert str(html_escape(text)) in html, name
    with app.state.session_factory() as s:
        from app.models import Assessment
        assert {row.answers["notes"] for row in s.query(Assessment)} == {text}


def test_a_sweep_of_10000_random_tokens_finds_nothing_and_costs_no_errors(client):
    for _ in range(3):  # real results exist, and still none is found
        client.post(API, json={"answers": harmless()})
    statuses: dict[int, int] = {}
    for i in range(10_000):
        token = secrets.token_urlsafe(24)
        path = f"{API}/{token}" if i % 2 else f"/r/{token}"
        status = client.get(path).status_code
        statuses[status] = statuses.get(status, 0) + 1
    assert statuses == {404: 10_000}
