"""The doctor's view on the share link and the print: the level and the answers
in words first, then reasons, safety net, diary and self-care last; the person's notes on
the print, and on the share page only when the owner says so."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.questionnaire import answer_labels, items_of
from app.triage.advice import DOCTOR_TESTS
from tests.factories import CASES_BY_ID, csrf, harmless, result_url, submit_form

NOTE = "My right hand feels weaker, I drop cups"
ENTRY_NOTE = "after the third coffee"


def _shared(app, url: str) -> str:
    with TestClient(app) as stranger:
        return stranger.get(url).text


def _entry(client, url: str, **fields: str) -> None:
    assert submit_form(client, f"{url}/diary", {
        "location": "arm_hand", "duration": "minutes", "intensity": "3",
        "tz": "Europe/London", **fields}).status_code == 303


def test_the_share_page_leads_with_the_answers_in_words(app, client):
    answers = harmless(notes=NOTE, triggers=["caffeine"], course="worsening")
    url = result_url(client, answers)
    _entry(client, url, note=ENTRY_NOTE)
    page = _shared(app, url)
    # Every answer as the result's own questionnaire version words it (no codes).
    for item in items_of("2"):
        if item.kind != "text" and item.link_id in answers:
            for label in answer_labels(item, answers[item.link_id]):
                assert label in page, (item.link_id, label)
    order = ["card__headline", "What the person told us", "Why we say this",
             "When to get help sooner", "Twitch diary", "Twitches per day, last 30 days",
             "Last entries", "What a doctor may check", "While you wait for your appointment"]
    assert [m for m in order if m not in page] == []
    at = [page.index(marker) for marker in order]
    assert at == sorted(at), dict(zip(order, at, strict=True))
    # The per-day table's day, weekday first ("Wed 2 Dec 2026"), with the entry's one twitch.
    assert re.search(r"<td>(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}</td>"
                     r"<td>1</td>", page), page[page.index("per-day"):][:600]
    # Off by default: neither the typed notes nor a diary entry's note.
    assert NOTE not in page and ENTRY_NOTE not in page
    assert "Show my notes to anyone with the link" not in page  # the owner's switch only


def test_the_owner_shows_and_hides_the_notes_and_nobody_else_can(app, client):
    url = result_url(client, harmless(notes=NOTE))
    _entry(client, url, note=ENTRY_NOTE)
    owner_page = client.get(url).text
    assert "Show my notes to anyone with the link" in owner_page
    assert 'name="show_notes" type="checkbox" value="yes" aria' in owner_page  # unticked
    shown = submit_form(client, f"{url}/notes-sharing", {"show_notes": "yes"})
    assert shown.status_code == 303 and shown.headers["location"].endswith("?notes=shown#sharing")
    page = _shared(app, url)
    assert NOTE in page and ENTRY_NOTE in page
    assert "your notes are now shown" in client.get(f"{url}?notes=shown").text
    # Someone with only the link cannot change it; nor can a post without the CSRF token.
    with TestClient(app) as stranger:
        stranger.get(url)
        refused = stranger.post(f"{url}/notes-sharing", data={"csrf_token": csrf(stranger)},
                                follow_redirects=False)
        assert refused.status_code == 403
    assert client.post(f"{url}/notes-sharing", data={}, follow_redirects=False
                       ).status_code == 403
    assert NOTE in _shared(app, url)
    submit_form(client, f"{url}/notes-sharing", {})  # unticked: hidden again
    assert NOTE not in _shared(app, url)


def test_the_owners_print_has_the_notes_before_the_doctors_checks(app, client):
    url = result_url(client, harmless(notes=NOTE))
    printed = client.get(f"{url}/print").text  # the person's own paper
    with TestClient(app) as stranger:
        assert NOTE not in stranger.get(f"{url}/print").text  # not through the link
    assert NOTE in printed
    assert printed.index("Answers") < printed.index(NOTE) < printed.index(
        "What a doctor may check") < printed.index("Advice given")


def test_specialist_tests_are_named_only_from_soon_up(app, client):
    calm = result_url(client, harmless())
    for page in (_shared(app, calm), client.get(f"{calm}/print").text):
        assert "reflexes, muscle strength, coordination and feeling" in page
        assert "EMG" not in page and "MRI" not in page
        assert DOCTOR_TESTS[0] in page  # blood tests are still named
    submit_form(client, "/start-again")
    soon = result_url(client, CASES_BY_ID["P05"]["answers"])
    for page in (_shared(app, soon), client.get(f"{soon}/print").text):
        assert "Electromyography (EMG)" in page and "MRI" in page


def test_the_shared_diary_and_its_csv_keep_entry_notes_to_the_owner_unless_shown(app, client):
    url = result_url(client)
    _entry(client, url, note=ENTRY_NOTE)
    assert ENTRY_NOTE in client.get(f"{url}/diary").text
    assert ENTRY_NOTE not in _shared(app, f"{url}/diary")
    submit_form(client, f"{url}/notes-sharing", {"show_notes": "yes"})
    assert ENTRY_NOTE in _shared(app, f"{url}/diary")
    with TestClient(app) as stranger:
        assert ENTRY_NOTE in stranger.get(f"{url}/diary.csv").text
    submit_form(client, f"{url}/notes-sharing", {})
    with TestClient(app) as stranger:
        assert ENTRY_NOTE not in stranger.get(f"{url}/diary.csv").text
    assert ENTRY_NOTE in client.get(f"{url}/diary.csv").text  # the owner's own export


def test_the_print_and_fhir_through_the_share_link_keep_the_notes_unless_shown(app):
    """Found reading the merge: the share page hid the notes, but the print page and the
    FHIR file behind the same link still carried them to anyone with it."""
    from fastapi.testclient import TestClient

    from tests.factories import harmless, result_url, submit_form

    with TestClient(app) as owner, TestClient(app) as stranger:
        url = result_url(owner, harmless(notes="Only mine: I drop cups"))
        for path in ("/print", "/fhir"):
            assert "I drop cups" in owner.get(url + path).text, path
            assert "I drop cups" not in stranger.get(url + path).text, path
        submit_form(owner, url + "/notes-sharing", {"show_notes": "yes"})
        for path in ("", "/print", "/fhir"):
            assert "I drop cups" in stranger.get(url + path).text, path


def test_the_print_pages_way_to_print_is_at_the_top(client):
    """An outside reader on a phone: the Print button and how to print sat nine screens
    down the print page, under the whole summary."""
    from tests.factories import harmless, result_url

    page = client.get(result_url(client, harmless()) + "/print").text
    assert page.index("use your browser's Print or Share menu") < page.index("card__headline")
    assert page.index("data-print") < page.index("card__headline")
