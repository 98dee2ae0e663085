"""Free text a person replaced or asked to forget stayed in the
SQLite write-ahead log until the next checkpoint, which only a delete or the hourly purge
ran. After "Forget", "Start again", a changed note and a changed diary entry, the old
words are in neither the database file nor its WAL. Canaries grepped in the real files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.factories import harmless, post_answer, result_url, submit_form, walk

pytestmark = pytest.mark.sqlite_only
ENTRY = {"location": "leg_foot", "duration": "seconds", "intensity": "2"}


@pytest.fixture
def on_disk(settings):
    path = Path(make_url(settings.database_url).database)

    def read() -> bytes:
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*")
                        if p.is_file())
    return read


def canary(name: str) -> str:
    return f"Canary-{name}-5d1e8b"


@pytest.fixture
def found(on_disk):
    """Whether a canary is in the database file or its WAL (a short failure message)."""
    return lambda name: canary(name).encode() in on_disk()


@pytest.mark.parametrize("how", ["/forget", "/start-again"])
def test_forgotten_answers_leave_no_text_on_disk(client, found, how):
    walk(client, harmless(notes=canary(how)))
    assert found(how)  # written: the check can see it
    assert submit_form(client, how).status_code == 303
    assert not found(how)


def test_a_changed_note_leaves_no_old_text_on_disk(client, found):
    walk(client, harmless(notes=canary("old-note")))
    assert found("old-note")
    assert post_answer(client, "notes", "other words", change=True).status_code == 303
    assert "other words" in client.get("/check-answers").text
    assert not found("old-note")


def test_a_changed_diary_entry_leaves_no_old_text_on_disk(client, found):
    url = result_url(client, harmless())
    submit_form(client, f"{url}/diary", {**ENTRY, "note": canary("diary")})
    assert found("diary")
    page = client.get(f"{url}/diary").text
    entry = re.search(r"/diary/(\d+)/edit", page).group(1)
    response = submit_form(client, f"{url}/diary/{entry}", {**ENTRY, "note": "new words"})
    assert response.status_code == 303
    assert "new words" in client.get(f"{url}/diary").text
    assert not found("diary")
