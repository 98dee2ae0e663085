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
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from fastapi.testclient import TestClient

from app import flow
from app import questionnaire as q
from app.assessments import utcnow
from app.i18n import catalogue_dir
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

CODE = "eo"  # a language Babel knows (its dates) and we do not ship
OPEN, CLOSE = "⟦", "⟧"
PLACEHOLDER_OR_TAG = re.compile(r"(%\([a-z_]+\)s|%%|<[^>]+>)")
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[^\W\d_]{2,}")
URL = re.compile(r"https?://\S+")
# What the person types: their own words, shown as typed.
TYPED = "zqxnote"
# The zones the diary entries are noted in: their place names are tzdata's.
ZONES = ("Europe/Madrid", "America/New_York")
# Said to people too: what app.js announces (a character count, the chart shown).
HEARD = ("aria-label", "title", "alt", "placeholder", "data-left", "data-left-one", "data-over",
         "data-over-one", "data-said")


def pseudo(message: str) -> str:
    """Every run of the msgid's own text marked; placeholders and tags kept as they are."""
    return "".join(part if PLACEHOLDER_OR_TAG.fullmatch(part) or not part.strip()
                   else f"{OPEN}{part}{CLOSE}"
                   for part in PLACEHOLDER_OR_TAG.split(message) if part)


@pytest.fixture(scope="session")
def pseudo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("locale")
    with (catalogue_dir() / "messages.pot").open("rb") as pot:
        catalogue = read_po(pot, locale=CODE)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(pseudo(message.id[min(n, 1)])
                                   for n in range(catalogue.num_plurals))
        else:
            message.string = pseudo(message.id)
    out = folder / CODE / "LC_MESSAGES"
    out.mkdir(parents=True)
    with (out / "messages.mo").open("wb") as mo:
        write_mo(mo, catalogue)
    return folder


@pytest.fixture
def pseudo_app(settings: Settings, pseudo_dir: Path) -> Any:
    return create_app(settings.model_copy(update={"locale_dir": pseudo_dir}))


@pytest.fixture
def pseudo_client(pseudo_app: Any) -> Iterator[TestClient]:
    with TestClient(pseudo_app, raise_server_exceptions=False) as c:
        assert c.get(f"/?lang={CODE}").status_code == 200  # the cookie: every page after
        yield c
    pseudo_app.state.database.dispose()


def allowed_words() -> set[str]:
    """Words a page may show outside a mark: Babel's month and day names for the locale,
    the diary's place names, and what the person typed."""
    locale = Locale.parse(CODE)
    names: set[str] = {TYPED, "UTC"}
    for table in (locale.months, locale.days):
        for context in table.values():
            for width in context.values():
                names.update(str(n).lower() for n in width.values())
    for zone in ZONES:
        names.update(w.lower() for w in WORD.findall(zone.split("/")[-1].replace("_", " ")))
    return {w for n in names for w in WORD.findall(n.lower())}


ALLOWED = allowed_words()


def stray(text: str) -> list[str]:
    """The words of `text` outside every mark (and not a date's or a place's); an address
    (the share link written out) has none."""
    left = URL.sub(" ", text)
    while MARKED.search(left):
        left = MARKED.sub(" ", left)
    return [w for w in WORD.findall(left) if w.lower() not in ALLOWED]


def _skipped(node: Tag) -> bool:
    """Not text of ours: scripts, what the person typed, the language names (each in its
    own language, for someone who cannot read the page), and the time zones' place names."""
    for parent in (node, *node.parents):
        if not isinstance(parent, Tag):
            continue
        if parent.name in ("script", "style", "textarea", "template"):
            return True
        if parent.get("id") == "language-switch":
            return True
        if parent.name == "option" and parent.find_parent("select", id="tz-field") \
                and parent.get("value") not in ("", "UTC"):
            return True
    return False


def untranslated(html: str) -> list[str]:
    """Each visible text, and each attribute people hear, with a word outside the marks."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for node in soup.find_all(string=True):
        if isinstance(node, (Comment, Doctype)) or not isinstance(node, NavigableString):
            continue
        if node.parent is None or _skipped(node.parent):
            continue
        if words := stray(str(node)):
            found.append(f"text {str(node).strip()!r} ({' '.join(words)})")
    for tag in soup.find_all(True):
        if _skipped(tag):
            continue
        heard = [tag.get(name) for name in HEARD]
        if tag.name == "optgroup":
            heard.append(tag.get("label"))
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            heard.append(tag.get("value"))
        for value in heard:
            if isinstance(value, str) and (words := stray(value)):
                found.append(f"<{tag.name}> attribute {value!r} ({' '.join(words)})")
    return found


class Pages:
    """Every page drawn, by name; the test fails naming each with its untranslated texts."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.problems: dict[str, list[str]] = {}
        self.seen: list[str] = []

    def check(self, name: str, response: Any, status: int = 200) -> Any:
        assert response.status_code == status, (name, response.status_code,
                                                 response.text[:300])
        assert response.headers["content-type"].startswith("text/html"), name
        self.seen.append(name)
        if found := untranslated(response.text):
            self.problems[name] = found
        return response

    def get(self, name: str, url: str, status: int = 200, **kwargs: Any) -> Any:
        return self.check(name, self.client.get(url, **kwargs), status)

    def report(self) -> str:
        return "\n".join(f"{name}:\n  " + "\n  ".join(found)
                         for name, found in self.problems.items())


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
