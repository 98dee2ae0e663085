"""The questionnaire pages, plain (post/redirect/get) and with htmx, end to end."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from app import flow
from app.models import Draft
from app.questionnaire import ITEMS
from tests.factories import (
    CASES,
    CASES_BY_ID,
    HTMX,
    csrf,
    harmless,
    post_answer,
    session_id,
    shown_answers,
    stored_drafts,
    stored_results,
    submit_form,
    walk,
)


def test_start_page_says_what_matters(client):
    html = client.get("/").text
    for words in ("about 2 minutes", "not a diagnosis", "name or contact details",
                  "call your local emergency number now", "Start now"):
        assert words.lower() in html.lower(), words
    assert 'href="/questions/red_flags_now"' in html


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_every_vignette_through_the_pages(client, session, case, htmx):
    end, visited = walk(client, case["answers"], htmx=htmx)
    if case["expected_level"] == "emergency":
        # The result at once, with every later page skipped.
        exit_item = flow.ends_early(case["answers"])
        assert visited[-1] == exit_item.link_id
        assert visited == [i.link_id for i in flow.enabled_items(case["answers"])]
    else:
        assert end == "/check-answers"
        check = client.get(end, headers=HTMX if htmx else {})
        assert check.status_code == 200
        end = submit_form(client, end, htmx=htmx)
        assert end.status_code == 303
        end = end.headers["location"]
        assert set(visited) == {k for k in case["answers"]}
    assert end.startswith("/r/")
    result = client.get(end)
    assert result.status_code == 200
    assert f"card--{case['expected_level']}" in result.text
    assert stored_results(session) == 1
    # The draft is kept, linked to its result: a second submit lands there again.
    assert [d.result_token for d in session.query(Draft)] == [end.removeprefix("/r/")]


def test_question_page_is_a_govuk_question_page(client):
    html = client.get("/questions/locations").text
    assert re.search(r"<legend[^>]*>.*<h1[^>]*>Where do you feel the twitching\?</h1>", html, re.S)
    assert "Question 5 of 18" in html
    assert 'class="back-link"' in html and 'href="/questions/age_band"' in html
    assert '<form action="/questions/locations" method="post"' in html
    # htmx enhances the plain form from the body (hx-boost), not per form.
    assert '<body hx-boost="true" hx-target="#main"' in html
    assert ">Continue</button>" in html


def test_htmx_gets_the_main_block_only_with_vary(client):
    plain = client.get("/questions/duration")
    fragment = client.get("/questions/duration", headers=HTMX)
    assert "<html" in plain.text and "<html" not in fragment.text
    assert fragment.text.startswith("<title>How long have you had the twitching?")
    assert '<form action="/questions/duration" method="post"' in fragment.text
    assert "<header" not in fragment.text
    for response in (plain, fragment):
        assert "HX-Request" in response.headers["vary"]
    # A history restore asks for the whole page.
    restore = client.get("/questions/duration",
                         headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_an_answer_is_303_without_javascript_and_the_next_fragment_with_htmx(client):
    plain = post_answer(client, "red_flags_now", ["none"])
    assert plain.status_code == 303
    assert plain.headers["location"] == "/questions/red_flags_recent"
    # With htmx, one round trip: the next page's block, and its address for the bar.
    response = post_answer(client, "red_flags_now", ["none"], htmx=True)
    assert response.status_code == 200
    assert response.headers["hx-push-url"] == "/questions/red_flags_recent"
    assert "HX-Request" in response.headers["vary"]
    assert "<html" not in response.text and "In the last 7 days" in response.text
    assert 'action="/questions/red_flags_recent"' in response.text


def test_with_htmx_a_changed_answer_returns_to_check_answers_in_one_request(client):
    assert walk(client, harmless())[0] == "/check-answers"
    response = post_answer(client, "duration", "less_than_1_week", htmx=True, change=True)
    assert response.status_code == 200
    assert response.headers["hx-push-url"] == "/check-answers"
    assert "<html" not in response.text and 'action="/check-answers"' in response.text


def test_conditional_eyelid_question_and_dropping_its_answer(client):
    post_answer(client, "red_flags_now", ["none"])
    post_answer(client, "red_flags_recent", ["none"])
    post_answer(client, "age_band", "16_to_64")
    response = post_answer(client, "locations", ["eyelid"])
    assert response.headers["location"] == "/questions/eyelid_closes"
    assert "Question 5 of 17" in client.get("/questions/eyelid_closes").text
    assert post_answer(client, "eyelid_closes", True).headers["location"] == "/questions/duration"
    # Changing the location disables the eyelid question and drops its answer.
    assert post_answer(client, "locations", ["face"]).headers["location"] == "/questions/duration"
    skipped = client.get("/questions/eyelid_closes", follow_redirects=False)
    assert skipped.status_code == 303


def test_the_medicine_question_is_asked_of_everyone(client):
    """A short course or a medicine bought without a prescription: "none" on the list."""
    end, visited = walk(client, harmless(medications=["none"], new_medication=True,
                                         medicine_reaction=False))
    assert "new_medication" in visited and end == "/check-answers"
    assert "Started, stopped or changed a medicine" in client.get(end).text
    page = client.get("/questions/new_medication").text
    assert "without a prescription" in page


@pytest.mark.parametrize("code", ["breathing_severe", "fit_confusion", "bladder"])
def test_an_early_exit_on_page_1_ends_at_once_with_the_emergency_result(client, session, code):
    response = post_answer(client, "red_flags_now", [code])
    assert response.status_code == 303 and response.headers["location"].startswith("/r/")
    html = client.get(response.headers["location"]).text
    assert "Call emergency services now" in html
    assert "911" in html and "999" in html and "112" in html
    assert stored_results(session) == 1


def test_urgent_banner_on_every_later_page(client):
    post_answer(client, "red_flags_now", ["speech"])
    post_answer(client, "signs_onset", "slowly")
    for item in ITEMS[1:4]:
        page = client.get(f"/questions/{item.link_id}", follow_redirects=True).text
        banner = BeautifulSoup(page, "html.parser").select_one(".banner--urgent:not([hidden])")
        # It leads with the action, names an urgent line, and never says "carry on"; on
        # the onset page, whose sudden answer is an emergency, with calling if so.
        lead = banner.find("p").get_text(strip=True)
        if item.kind == "single" and any(o.ends_questionnaire for o in item.options):
            assert lead.startswith("Call your local emergency number now if your answer is")
        else:
            assert lead == "Get medical advice today."
        assert "111" in banner.get_text() and "carry on" not in page
    post_answer(client, "locations", ["arm_hand"])
    post_answer(client, "red_flags_now", ["none"])
    assert "Get medical advice today" not in client.get("/questions/locations").text


def test_missing_answer_is_422_with_error_summary_and_field_message(client):
    response = post_answer(client, "duration", None)
    assert response.status_code == 422
    html = response.text
    assert "There is a problem" in html
    assert 'href="#duration-field"' in html and 'id="duration-field"' in html
    assert 'class="error-message"' in html and "Select how long you have had the twitching" in html
    assert "<title>Error: " in html


@pytest.mark.parametrize(("link_id", "values"), [
    ("duration", ["forever"]),
    ("spreading", ["maybe"]),
    ("symptoms", ["none", "cramps"]),
    ("locations", ["<script>"]),
    ("notes", ["x" * 1001]),
    ("frequency", ["daily", "constant"]),
])
def test_crafted_values_are_422_and_keep_other_answers(client, session, link_id, values):
    post_answer(client, "red_flags_now", ["none"])
    response = post_answer(client, link_id, values)
    assert response.status_code == 422 and "There is a problem" in response.text
    assert "<script>" not in response.text
    # The earlier answer is still there.
    assert "checked" in client.get("/questions/red_flags_now").text


def test_exclusive_mix_keeps_the_choices_shown(client):
    response = post_answer(client, "symptoms", ["none", "cramps"])
    html = response.text
    assert re.search(r'value="cramps"\s+checked', html)
    assert re.search(r'value="none"\s+checked', html)
    assert "data-exclusive" in html


def test_long_notes_are_kept_on_the_error_page(client):
    response = post_answer(client, "notes", "word " * 300)
    assert response.status_code == 422 and "word word" in response.text


def test_htmx_error_is_a_fragment_that_does_not_push_history(client):
    response = post_answer(client, "course", None, htmx=True)
    assert response.status_code == 422
    assert "<html" not in response.text and "There is a problem" in response.text
    assert response.headers["hx-push-url"] == "false"


def test_unknown_question_is_a_friendly_404(client):
    for response in (client.get("/questions/nope"), submit_form(client, "/questions/nope")):
        assert response.status_code == 404 and "Page not found" in response.text


def test_check_answers_lists_every_answer_with_change_links(client):
    walk(client, CASES_BY_ID["P08"]["answers"])
    html = client.get("/check-answers").text
    for item in ("red_flags_now", "locations", "duration", "new_medication", "notes"):
        assert f'href="/questions/{item}?change=1"' in html
    assert "An asthma inhaler" in html and "asthma_inhaler" not in html


def test_change_returns_to_check_answers(client):
    walk(client, harmless())
    response = post_answer(client, "course", "worsening", change=True)
    assert response.headers["location"] == "/check-answers"
    assert "It is getting worse" in client.get("/check-answers").text


def test_change_that_enables_a_question_asks_it_then_returns(client):
    walk(client, harmless())
    response = post_answer(client, "locations", ["eyelid"], change=True)
    assert response.headers["location"] == "/questions/eyelid_closes?change=1"
    back = client.get(response.headers["location"]).text
    # Back is the answer that made it asked: check answers would send them straight here.
    assert 'href="/questions/locations?change=1" class="back-link"' in back
    response = post_answer(client, "eyelid_closes", False, change=True)
    assert response.headers["location"] == "/check-answers"


def test_check_answers_sends_unfinished_people_back(client):
    assert client.get("/check-answers", follow_redirects=False).headers["location"] == \
        "/questions/red_flags_now"
    post_answer(client, "red_flags_now", ["none"])
    assert client.get("/check-answers", follow_redirects=False).headers["location"] == \
        "/questions/red_flags_recent"


def test_resume_in_a_new_client_with_the_same_cookie(app, client):
    from fastapi.testclient import TestClient

    for link_id, value in (("red_flags_now", ["none"]), ("red_flags_recent", ["none"]),
                           ("age_band", "65_or_over"), ("locations", ["tongue"])):
        post_answer(client, link_id, value)
    cookie = client.cookies.get("tt_session")
    with TestClient(app, cookies={"tt_session": cookie}) as other:
        start = other.get("/").text
        assert "Continue where you left off" in start
        assert 'href="/questions/duration"' in start
        assert re.search(r'value="tongue"\s+checked', other.get("/questions/locations").text)


@pytest.mark.parametrize("path", ["/questions/locations", "/check-answers"])
def test_a_page_shared_by_two_people_carries_each_ones_own_token(app, client, path):
    """Two people at the same point with the same answers: each page carries the viewer's
    own CSRF token."""
    from fastapi.testclient import TestClient

    with TestClient(app) as other:
        for person in (client, other):
            for link_id, value in harmless().items():
                post_answer(person, link_id, value)
        pages = [person.get(path).text for person in (client, other)]
        tokens = [csrf(person) for person in (client, other)]
    assert tokens[0] != tokens[1]
    for page, own, theirs in zip(pages, tokens, reversed(tokens), strict=True):
        assert f'value="{own}"' in page and theirs not in page
    # Same answers, same page, once the tokens are set aside.
    assert pages[0].replace(tokens[0], "") == pages[1].replace(tokens[1], "")


def test_a_changed_answer_changes_the_page(client):
    post_answer(client, "red_flags_now", ["none"])
    post_answer(client, "locations", ["tongue"])
    assert re.search(r'value="tongue"\s+checked', client.get("/questions/locations").text)
    post_answer(client, "locations", ["eyelid"])
    page = client.get("/questions/locations").text
    assert re.search(r'value="eyelid"\s+checked', page)
    assert not re.search(r'value="tongue"\s+checked', page)


def test_session_cookie_is_httponly_and_lax_and_set_once(client):
    cookie = client.get("/").headers["set-cookie"].lower()
    assert cookie.startswith("tt_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "set-cookie" not in client.get("/questions/locations").headers
    assert "set-cookie" not in client.get("/api/v1/assessments/" + "A" * 32).headers


def test_start_again_clears_the_answers(client, session):
    walk(client, harmless())
    assert stored_drafts(session) == 1
    response = submit_form(client, "/start-again")
    # Straight to the first question, with nothing filled in.
    assert response.status_code == 303
    assert response.headers["location"] == "/questions/red_flags_now"
    assert stored_drafts(session) == 0
    assert "Start now" in client.get("/").text
    assert "checked" not in client.get("/questions/red_flags_now").text


def test_a_double_submit_lands_on_the_same_result_and_keeps_the_key(client, session):
    """Without JavaScript a double click sends the form twice and the browser keeps only
    the second answer: that one must carry the same result and its owner's key."""
    walk(client, harmless())
    shown = shown_answers(client)
    first = submit_form(client, "/check-answers", {"answers": shown})
    for cookie in [c for c in client.cookies.jar if c.name == "tt_owner"]:
        client.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)  # reply 1 dropped
    assert "Delete my result" not in client.get(first.headers["location"]).text
    second = submit_form(client, "/check-answers", {"answers": shown})
    assert second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert stored_results(session) == 1
    owner = client.get(second.headers["location"])
    assert "Delete my result" in owner.text  # the second reply's cookie is the owner's key


def test_submits_at_the_same_moment_make_one_result(app, client, session):
    """Two posts of one draft racing each other (a fast double tap without JavaScript, as
    an outside check sent them) take turns on the draft's row: one result, one URL."""
    import threading

    from fastapi.testclient import TestClient

    walk(client, harmless())
    data = {"answers": shown_answers(client), "csrf_token": csrf(client)}
    ready, locations = threading.Barrier(4), []

    def post() -> None:
        # Not `with TestClient(...)`: each racer would run the app's lifespan, and the
        # first to end would dispose of the engine while the others still waited for its
        # one writers' connection (a 5 s wait, and now and then a 503). Each racer has an
        # event loop of its own; the app `client` started, and its engines, serve them all.
        racer = TestClient(app, base_url=str(client.base_url),
                           cookies=dict(client.cookies.items()))
        ready.wait()
        response = racer.post("/check-answers", data=data, follow_redirects=False)
        locations.append((response.status_code, response.headers.get("location")))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(locations) == 4 and {status for status, _ in locations} == {303}, locations
    assert len({where for _, where in locations}) == 1, locations
    assert stored_results(session) == 1


def test_back_from_the_result_finds_the_answers_not_an_empty_questionnaire(client, session):
    walk(client, harmless(locations=["tongue"]))
    result = submit_form(client, "/check-answers").headers["location"]
    page = client.get("/check-answers")
    assert page.status_code == 200 and "Tongue" in page.text
    assert "You already have a result for these answers" in page.text
    assert f'href="{result}"' in page.text
    # Changing an answer makes it a new questionnaire, and a new result.
    post_answer(client, "course", "worsening", change=True)
    assert "You already have a result" not in client.get("/check-answers").text
    again = submit_form(client, "/check-answers").headers["location"]
    assert again != result and stored_results(session) == 2


def test_a_tab_showing_old_answers_cannot_submit_them(client, session):
    walk(client, harmless())
    old_tab = shown_answers(client)
    post_answer(client, "course", "worsening", change=True)  # in another tab
    response = submit_form(client, "/check-answers", {"answers": old_tab})
    assert response.status_code == 409
    assert "Your answers have changed" in response.text
    assert "It is getting worse" in response.text  # the answers as they are now
    assert stored_results(session) == 0
    done = submit_form(client, "/check-answers", {"answers": shown_answers(client)})
    assert done.headers["location"].startswith("/r/")


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/x-www-form-urlencoded", b"%%%&&&=="),
    ("multipart/form-data; boundary=x", b"--x\r\nbroken"),
    ("multipart/form-data", b"no boundary"),
    ("application/json", b'{"duration": "daily"}'),
    ("text/plain", b"\x00\xff"),
])
def test_malformed_forms_never_500(client, session, content_type, body):
    response = client.post("/questions/duration", content=body,
                           headers={"content-type": content_type})
    assert response.status_code in (400, 403, 422)
    assert "<h1" in response.text
    assert stored_results(session) == 0


def test_symptoms_onset_lists_what_was_ticked_and_sudden_ends_at_once(client, session):
    answers = harmless(symptoms=["weakness", "numbness_tingling", "cramps"])
    _end, visited = walk(client, {**answers, "symptoms_onset": "slowly"})
    assert visited.index("symptoms_onset") == visited.index("symptoms") + 1
    page = client.get("/questions/symptoms_onset").text
    assert "How did these symptoms start?" in page and "I woke up with it" in page
    listed = re.search(r"You told us about:\s*<ul[^>]*>(.*?)</ul>", page, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == [
        "Weakness", "Numbness, tingling or a change in feeling"]
    response = post_answer(client, "symptoms_onset", "sudden", change=True)
    assert response.status_code == 303 and response.headers["location"].startswith("/r/")
    html = client.get(response.headers["location"]).text
    assert "Call emergency services now" in html and 'href="tel:999"' in html
    assert "stroke" in html
    assert stored_results(session) == 1


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_sudden_stroke_sign_reaches_the_emergency_result_in_two_pages(client, session, htmx):
    end, visited = walk(client, {"red_flags_now": ["face_droop"], "signs_onset": "sudden"},
                        htmx=htmx)
    assert visited == ["red_flags_now", "signs_onset"]
    html = client.get(end).text
    assert "card--emergency" in html and "when you were last seen well" in html


def test_urgent_banner_from_signs_of_the_last_week(client):
    post_answer(client, "red_flags_now", ["none"])
    assert "Get medical advice today" not in client.get("/questions/red_flags_recent").text
    post_answer(client, "red_flags_recent", ["swallowing"])
    for link_id in ("age_band", "locations"):
        page = client.get(f"/questions/{link_id}").text
        assert "Get medical advice today" in page
        assert "You told us about: difficulty swallowing." in page


def test_question_count_never_jumps_up_on_the_pages(client):
    location, seen = "/questions/red_flags_now", []
    answers = harmless(locations=["eyelid", "arm_hand"], eyelid_closes=False,
                       symptoms=["weakness"], symptoms_onset="slowly")
    while location.startswith("/questions/"):
        link_id = location.removeprefix("/questions/")
        text = client.get(location).text
        seen.append(tuple(map(int, re.search(r"Question (\d+) of (\d+)", text).groups())))
        location = post_answer(client, link_id, answers.get(link_id, "")).headers["location"]
    assert [n for n, _ in seen] == list(range(1, len(seen) + 1))
    assert [m for _, m in seen] == sorted((m for _, m in seen), reverse=True)
    assert seen[-1] == (len(seen), len(seen))


def test_a_version_1_draft_keeps_its_answers_and_asks_the_new_items(app, client, session):
    """A draft saved before version 2 (no age, no recent signs; the medicine question
    skipped as "none" was ticked) resumes at the first new question, then fills each gap
    and comes back to check the answers."""
    from app.assessments import hash_secret
    from app.repository import save_draft

    version_1 = {k: v for k, v in harmless(locations=["tongue"]).items()
                 if k not in ("red_flags_recent", "age_band", "new_medication")}
    now = datetime.now(UTC)
    save_draft(session, id_hash=hash_secret(session_id(client)), answers=version_1,
               now=now, expires_at=now + timedelta(days=1))
    session.commit()
    start = client.get("/").text
    assert 'href="/questions/red_flags_recent?change=1"' in start
    assert client.get("/check-answers", follow_redirects=False).headers["location"] == \
        "/questions/red_flags_recent?change=1"
    assert re.search(r'value="tongue"\s+checked', client.get("/questions/locations").text)
    steps = [("red_flags_recent", ["none"], "/questions/age_band?change=1"),
             ("age_band", "16_to_64", "/questions/new_medication?change=1"),
             ("new_medication", False, "/check-answers")]
    for link_id, value, following in steps:
        assert post_answer(client, link_id, value, change=True).headers["location"] == following
    html = client.get("/check-answers").text
    assert "Tongue" in html and "16 to 64" in html
    assert session.get(Draft, hash_secret(session_id(client))) is not None


def test_a_version_2_draft_keeps_its_valid_answers_and_asks_the_new_ones(client, session):
    """A draft saved by version 2: its `breathing` code and `came_on_suddenly` are not
    version 3's, so those are asked again (red_flags_recent, symptoms_onset); the rest is
    kept."""
    from app.assessments import hash_secret
    from app.repository import save_draft

    version_2 = harmless(locations=["tongue"], red_flags_recent=["breathing"],
                         symptoms=["weakness"], came_on_suddenly=False)
    now = datetime.now(UTC)
    save_draft(session, id_hash=hash_secret(session_id(client)), answers=version_2,
               now=now, expires_at=now + timedelta(days=1))
    session.commit()
    assert client.get("/check-answers", follow_redirects=False).headers["location"] == \
        "/questions/red_flags_recent?change=1"
    assert re.search(r'value="tongue"\s+checked', client.get("/questions/locations").text)
    steps = [("red_flags_recent", ["breathing_new"], "/questions/symptoms_onset?change=1"),
             ("symptoms_onset", "slowly", "/check-answers")]
    for link_id, value, following in steps:
        assert post_answer(client, link_id, value, change=True).headers["location"] == following
    html = client.get("/check-answers").text
    assert "Tongue" in html and "Slowly, over more than 4 weeks" in html
    result = submit_form(client, "/check-answers").headers["location"]
    assert "card--urgent" in client.get(result).text


def test_the_start_pages_call_now_box_names_a_floppy_child_and_poisoning(client):
    """An outside clinician: neither a drowsy, floppy child nor a poisoning can be said in
    the questions, so the box before the Start button names them."""
    page = client.get("/").text
    box = page.split('banner--emergency')[1].split("</div>")[0]
    assert "floppy, very sleepy or hard to wake" in box and "poisoned" in box
    assert page.index("banner--emergency") < page.index("Start now")


def test_the_medicine_question_asks_about_changes_since_the_twitching_began(client):
    walk(client, harmless())
    page = client.get("/questions/new_medication").text
    assert "In the 3 months before the twitching started, or since then" in page


def test_after_a_stroke_sign_the_onset_page_leads_with_calling_if_it_was_sudden(client):
    """An outside reader: after "one side of the face drooping", the onset page's banner
    led with "Get medical advice today" and had no number to tap, though a sudden start
    is an emergency (the next answer)."""
    post_answer(client, "red_flags_now", ["face_droop"])
    page = client.get("/questions/signs_onset").text
    found = BeautifulSoup(page, "html.parser").select_one(".banner--urgent:not([hidden])")
    title = found.find("p").get_text(" ", strip=True)
    assert title.startswith("Call your local emergency number now if your answer is")
    assert "Suddenly, over minutes or hours" in title
    banner = str(found)
    assert 'href="tel:999"' in banner and "If not, get medical advice today" in banner
    # A page whose answers cannot make it an emergency keeps the plain urgent banner.
    post_answer(client, "signs_onset", "days")
    later = client.get("/questions/red_flags_recent").text
    assert "if your answer is" not in later and "Get medical advice today." in later


def test_line_breaks_a_browser_sends_as_cr_lf_count_once_in_a_limit(client, session):
    """A browser posts each typed line break as CR LF; the person typed one character, and
    the page's hint ("up to 1,000") and its counter count one."""
    typed = ("y" * 12 + "\n") * 71 + "z" * (1000 - 13 * 71)  # 1,000 characters, 71 breaks
    assert len(typed) == 1000 and typed.count("\n") == 71
    walk(client, harmless())
    sent = post_answer(client, "notes", typed.replace("\n", "\r\n"), change=True)
    assert sent.status_code == 303, sent.text[:300]
    assert session.query(Draft).one().answers["notes"] == typed
    refused = post_answer(client, "notes", typed.replace("\n", "\r\n") + "!", change=True)
    assert refused.status_code == 422  # one over is still over
