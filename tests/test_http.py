"""What every request passes through (app.http): the signed session, gzip, the body limit."""

from __future__ import annotations

import gzip
import time
import types

import pytest

from app.http.sessions import COOKIE, SessionKeys
from tests.factories import harmless, post_answer, result_url, session_id

API = "/api/v1/assessments"


def test_a_session_id_chosen_by_the_client_is_never_adopted(app, client):
    """Session fixation: a planted id (signed or not, ours in shape) gets a new session."""
    for planted in ("A" * 32, "A" * 32 + ".forged", SessionKeys("another secret").new()[1]):
        client.cookies.clear()
        client.cookies.set(COOKIE, planted)
        response = client.get("/")
        issued = response.headers["set-cookie"]
        assert issued.startswith(f"{COOKIE}=") and planted not in issued


def test_a_planted_session_cannot_read_or_change_another_persons_draft(app, client):
    from fastapi.testclient import TestClient

    post_answer(client, "red_flags_now", ["none"])
    victim = session_id(client)
    with TestClient(app) as attacker:
        attacker.cookies.set(COOKIE, victim)  # the bare id, without the server's signature
        page = attacker.get("/questions/red_flags_now").text
        assert 'value="none"\n' not in page and "checked" not in page
        assert attacker.get("/check-answers", follow_redirects=False).headers["location"] == \
            "/questions/red_flags_now"


def test_the_session_cookie_lasts_as_long_as_a_draft(client, settings):
    cookie = client.get("/").headers["set-cookie"]
    assert f"Max-Age={settings.draft_days * 86400}" in cookie


def test_a_session_cookie_older_than_a_draft_is_refused(client, settings, monkeypatch):
    """The signature once had no time, so a copied cookie kept working
    after its Max-Age. Refused once it is older than a draft lasts; accepted until then."""
    import itsdangerous.timed

    post_answer(client, "red_flags_now", ["none"])
    cookie, lifetime = client.cookies.get(COOKIE), settings.draft_days * 86400

    def days_later(seconds: int) -> None:
        real = time.time
        monkeypatch.setattr(itsdangerous.timed, "time",
                            types.SimpleNamespace(time=lambda: real() + seconds))

    days_later(3600)  # within a day: the same cookie, not signed again
    assert "set-cookie" not in client.get("/").headers
    days_later(lifetime - 60)  # the browser's own copy is still alive
    assert "checked" in client.get("/questions/red_flags_now").text
    days_later(lifetime + 60)  # a copy kept past the cookie's Max-Age
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)
    response = client.get("/questions/red_flags_now")
    assert response.headers["set-cookie"].startswith(f"{COOKIE}=")
    assert cookie not in response.headers["set-cookie"] and "checked" not in response.text


def test_a_session_in_use_is_signed_again_so_it_outlives_its_first_cookie(client, settings,
                                                                          monkeypatch):
    """Found by the second attack: the cookie was signed once, at the first visit, so
    someone still answering on day 7 lost their answers mid-way. A cookie more than a day
    old is signed again, for the same session, on each use."""
    import itsdangerous.timed

    post_answer(client, "red_flags_now", ["none"])
    lifetime = settings.draft_days * 86400
    real = time.time
    for day in range(2, 12, 2):  # a visit every other day, well past the first lifetime
        monkeypatch.setattr(itsdangerous.timed, "time",
                            types.SimpleNamespace(time=lambda d=day: real() + d * 86400))
        response = client.get("/questions/red_flags_now")
        assert "checked" in response.text, day
        assert response.headers["set-cookie"].startswith(f"{COOKIE}="), day
    assert day * 86400 > lifetime


def test_an_unusable_session_cookie_gets_a_new_one(client):
    client.cookies.set(COOKIE, "short")
    response = client.get("/")
    assert response.headers["set-cookie"].startswith(f"{COOKIE}=")
    assert "short" not in response.headers["set-cookie"]


def test_html_is_gzipped_when_accepted_and_says_it_varies(client):
    plain = client.get("/questions/symptoms", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["vary"] and "HX-Request" in plain.headers["vary"]
    with client.stream("GET", "/questions/symptoms",
                       headers={"accept-encoding": "gzip"}) as zipped:
        raw = b"".join(zipped.iter_raw())
        assert zipped.headers["content-encoding"] == "gzip"
        assert int(zipped.headers["content-length"]) == len(raw) < len(plain.content)
    assert gzip.decompress(raw) == plain.content


def test_small_and_binary_bodies_are_not_gzipped(client):
    small = client.get("/healthz", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers and small.json() == {"status": "ok"}


def test_json_and_csv_are_gzipped_too(client):
    url = result_url(client, harmless())
    for path in (f"/api/v1/assessments/{url.rsplit('/', 1)[1]}", f"{url}/fhir"):
        response = client.get(path, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip", path
        assert response.json()  # httpx decoded it: the gzip stream is whole


def test_a_refused_body_still_carries_the_security_headers(client):
    response = client.post(API, content=b"{}", headers={
        "content-type": "application/json", "content-length": str(10**6)})
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("length", ["-1", "1e3", "abc", " 12"])
def test_a_content_length_that_is_not_a_number_is_refused(client, length):
    response = client.post(API, content=b"{}", headers={
        "content-type": "application/json", "content-length": length})
    assert response.status_code in (400, 413)


def test_a_static_file_has_one_name_only(client):
    """/assets/<hash>/<name> is each file's one name: the old /static/ mount was a second
    one, gzipped again on every request."""
    for path in ["/static/app.css", "/static/vendor/swagger-ui/swagger-ui-bundle.js"]:
        assert client.get(path, headers={"accept-encoding": "gzip"}).status_code == 404


def test_every_page_answers_head_as_it_answers_get_and_the_api_document_is_unchanged(
        app, client):
    """HTTP asks every server to answer HEAD where it answers GET (link checkers and uptime
    monitors send it): each page's status and headers. (The server, not the app, leaves
    out the body: the test client drops it whatever the app sends.)"""
    from app.http.errors import face_of
    from app.web.errors import FACE

    result = result_url(client)
    for url in ("/", "/questions/red_flags_now", "/questions/no_such_question", "/levels",
                "/check-answers", "/forget", result, f"{result}/print", f"{result}/diary",
                "/healthz", "/docs", "/no/such/page"):
        got, head = client.get(url, follow_redirects=False), \
            client.head(url, follow_redirects=False)
        assert head.status_code == got.status_code, url
        for name in ("content-type", "location", "vary", "cache-control",
                     "content-security-policy"):
            assert head.headers.get(name) == got.headers.get(name), (url, name)
    for route in app.state.routes:
        methods = getattr(route, "methods", None) or set()
        if "GET" in methods and face_of({"route": route}, FACE) is FACE:
            assert "HEAD" in methods, route.path
    # The API's routes are left as they were: its document lists no HEAD operations.
    document = client.get("/openapi.json").json()
    assert not [op for path in document["paths"].values() for op in path if op == "head"]
