"""Nothing is left untranslated: every page type, drawn in a made-up translation that marks
each piece of text it translates, has no visible word outside a mark.

The pseudo catalogue is our real .pot with each msgstr the msgid with every run of its own
words wrapped in ⟦ ⟧ (placeholders and HTML tags left as they are). So a word the page shows
is either inside a mark (it came from the catalogue), or a value put into a translated
sentence: a date or number (written by Babel for the locale: Esperanto's month names
here), a place name of the time zone database, or what the person typed. Anything else
is a text a third language could not translate: the test names it, and its page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from app import flow
from app import questionnaire as q
from app.assessments import utcnow
from app.main import create_app
from app.settings import Settings
from tests.factories import (
    CASES,
    CASES_BY_ID,
    HTMX,
    csrf,
    harmless,
    post_answer,
    submit_form,
)
from tests.pseudo_locale import (
    CODE,
    TYPED,
    ZONES,
    Pages,
    pseudo,
    stray,
    untranslated,
    write_catalogue,
)


@pytest.fixture(scope="session")
def pseudo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalogue(tmp_path_factory.mktemp("locale"))


@pytest.fixture
def pseudo_app(settings: Settings, pseudo_dir: Path) -> Any:
    return create_app(settings.model_copy(update={"locale_dir": pseudo_dir}))


@pytest.fixture
def pseudo_client(pseudo_app: Any) -> Iterator[TestClient]:
    with TestClient(pseudo_app, raise_server_exceptions=False) as c:
        assert c.get(f"/?lang={CODE}").status_code == 200  # the cookie: every page after
        yield c
    pseudo_app.state.database.dispose()


def _covering_cases() -> list[dict[str, Any]]:
    """Answer sets that between them ask every question of the questionnaire."""
    asked: set[str] = set()
    chosen = []
    candidates = [harmless(notes=TYPED)] + [case["answers"] for case in CASES]
    while True:
        best = max(candidates, key=lambda a: len(
            {i.link_id for i in flow.enabled_items(a)} - asked))
        new = {i.link_id for i in flow.enabled_items(best)} - asked
        if not new:
            return chosen
        asked |= new
        chosen.append(best)


def _walk(pages: Pages, answers: dict[str, Any]) -> str:
    """Each question page of these answers, as a person goes through them; where it ends."""
    client = pages.client
    client.post("/start-again", data={"csrf_token": csrf(client)})
    location = f"/questions/{q.ITEMS[0].link_id}"
    while location.startswith("/questions/"):
        link_id = location.removeprefix("/questions/").split("?")[0]
        pages.get(f"question {link_id}", location)
        response = post_answer(client, link_id, answers.get(link_id, ""))
        assert response.status_code == 303, (link_id, response.text[:300])
        location = response.headers["location"]
        assert len(pages.seen) < 200
    return location


def _result(pages: Pages, answers: dict[str, Any]) -> str:
    end = _walk(pages, answers)
    if end == "/check-answers":
        pages.get("check answers", end)
        end = submit_form(pages.client, end).headers["location"]
    return end


def _diary(pages: Pages, url: str) -> None:
    client = pages.client
    now = utcnow()
    for days, zone, location in ((20, ZONES[0], "eyelid"), (1, ZONES[1], "arm_hand"),
                                 (0, ZONES[1], "leg_foot")):
        at = now - timedelta(days=days, hours=2)
        local = at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")
        sent = submit_form(client, f"{url}/diary", {
            "at": local, "tz": zone, "location": location, "duration": "minutes",
            "intensity": "3", "tags": ["caffeine", "stress_anxiety"], "note": TYPED})
        assert sent.status_code == 303, sent.text[:300]
    saved = pages.get("diary, just saved", sent.headers["location"])
    assert saved.text.count('class="entry"') == 3
    pages.get("diary, 90 days", f"{url}/diary?days=90")
    pages.check("diary with errors", submit_form(client, f"{url}/diary", {
        "at": "2099-01-01T10:00", "tz": "", "location": "", "duration": "minutes",
        "intensity": "9", "note": TYPED}), 422)
    pages.check("diary, a time in the future", submit_form(client, f"{url}/diary", {
        "at": "2099-01-01T10:00", "tz": ZONES[0], "location": "eyelid", "duration": "minutes",
        "intensity": "2", "note": TYPED}), 422)
    entry_id = re.search(r'id="entry-(\d+)"', saved.text)
    assert entry_id
    pages.get("diary entry", f"{url}/diary/{entry_id.group(1)}/edit")
    pages.get("delete a diary entry", f"{url}/diary/{entry_id.group(1)}/delete")
    deleted = submit_form(client, f"{url}/diary/{entry_id.group(1)}/delete")
    pages.get("diary, entry deleted", deleted.headers["location"])
    csv = client.get(f"{url}/diary.csv").text.lstrip("\ufeff")
    header = csv.splitlines()[0]
    assert not stray(header.replace(",", " ")), header
    pages.get("print with diary", f"{url}/print")


def test_every_page_type_is_drawn_from_the_catalogue(pseudo_client):
    pages = Pages(pseudo_client)
    client = pseudo_client
    pages.get("start", "/")

    asked = set()
    for answers in _covering_cases():
        _walk(pages, answers)
        asked |= {i.link_id for i in flow.enabled_items(answers)}
    assert asked == {item.link_id for item in q.ITEMS}
    assert {f"question {item.link_id}" for item in q.ITEMS} <= set(pages.seen)
    # Errors on a question page (one of each kind), and an htmx step's fragment.
    first = q.ITEMS[0].link_id
    pages.check("question with an error", post_answer(client, first, None), 422)
    pages.check("question with an emergency and an error",
                post_answer(client, first, ["breathing_severe", "none"]), 422)
    pages.get("question, htmx", f"/questions/{first}", headers=HTMX)

    levels = {"self_care": "P01", "routine": "P06", "soon": "P05", "urgent": "P04",
              "emergency": "P03"}
    urls = {}
    for level, case in levels.items():
        url = urls[level] = _result(pages, CASES_BY_ID[case]["answers"])
        assert url.startswith("/r/"), (level, url)
        pages.get(f"result {level}", url)
        pages.get(f"print {level}", f"{url}/print")
    with TestClient(client.app, raise_server_exceptions=False) as doctor:
        shared = Pages(doctor)
        for level, url in urls.items():
            shared.get(f"shared {level}", f"{url}?lang={CODE}")
            shared.get(f"shared diary {level}", f"{url}/diary?lang={CODE}")
        pages.problems.update(shared.problems)
        pages.seen += shared.seen

    _diary(pages, urls["routine"])
    pages.get("start with results", "/")
    pages.get("levels", "/levels")
    pages.get("delete a result", f"{urls['routine']}/delete")
    pages.get("forget", "/forget")
    gone = submit_form(client, f"{urls['soon']}/delete")
    pages.get("deleted", gone.headers["location"])
    pages.get("start, forgotten", "/?forgotten=kept")
    pages.get("not found", "/no-such-page", 404)
    pages.get("result not found", "/r/" + "A" * 32, 404)
    pages.check("form expired", client.post("/start-again", data={}), 403)
    pages.check("cannot be done here", client.get("/start-again"), 405)
    with TestClient(client.app, raise_server_exceptions=False) as stranger:
        pages.check("owner only", stranger.post(
            f"{urls['routine']}/delete?lang={CODE}", data={"csrf_token": csrf(stranger)}),
            403)

    assert not pages.problems, (
        f"{sum(map(len, pages.problems.values()))} texts on {len(pages.problems)} of "
        f"{len(pages.seen)} pages are not from the catalogue:\n{pages.report()}")


def test_the_pseudo_catalogue_marks_words_and_keeps_placeholders():
    assert pseudo("Question %(number)s of %(count)s") == "⟦Question ⟧%(number)s⟦ of ⟧%(count)s"
    assert pseudo('Delete<span class="x"> of %(date)s</span>') == \
        '⟦Delete⟧<span class="x">⟦ of ⟧%(date)s</span>'
    assert stray("⟦Question ⟧3⟦ of ⟧16") == []
    assert stray("20 Nov 2026⟦: ⟧Routine") == ["Routine"]
    assert untranslated("<p>⟦Fine⟧</p><button aria-label='Close'>⟦x⟧</button>") == [
        "<button> attribute 'Close' (Close)"]
