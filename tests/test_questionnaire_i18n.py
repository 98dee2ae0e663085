"""The questionnaire in every version, and the messages about its answers, in Spanish.

Every word a question page can show comes from the questionnaire data or app.answers: if
each is a msgid of the catalogue, and the Spanish catalogue translates each, nothing of
the questionnaire can reach a page in English by mistake.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from app import answers, i18n
from app.form_answers import from_form
from app.i18n import Languages, catalogue_dir
from app.questionnaire import BY_ID, RETIRED, VERSIONS, Item, Option
from tests.factories import harmless, post_answer, walk

# Fields that are codes a program reads, never words a person does.
CODES = {"link_id", "kind", "code"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def _words(thing: Item | Option) -> Iterator[str]:
    """Every text field of an item or option, so a field added later is checked too."""
    for field in dataclasses.fields(thing):
        value = getattr(thing, field.name)
        if field.name not in CODES and isinstance(value, str) and value:
            yield value


def _texts(version: str) -> set[str]:
    found: set[str] = set()
    for item in VERSIONS[version]:
        found.update(_words(item))
        for option in item.options:
            found.update(_words(option))
    return found


def _catalogue(path: str) -> dict[str, object]:
    with (catalogue_dir() / path).open("rb") as file:
        return {message.id: message for message in read_po(file) if message.id}


POT = _catalogue("messages.pot")
SPANISH_PO = _catalogue("es/LC_MESSAGES/messages.po")
SPANISH = Languages().get("es")


def test_every_version_is_asked_in_words_the_catalogue_holds():
    # Each version has words of its own (a version left out would show here), and the
    # onset questions that were put together from pieces are whole sentences.
    assert "2 weeks to 3 months" in _texts("1") - _texts("2")
    assert "Slurred speech or difficulty speaking" in _texts("2") - _texts("3")
    assert {"How did these signs start?", "How the symptoms started"} <= _texts("3")
    for version in VERSIONS:
        missing = sorted(_texts(version) - POT.keys())
        assert not missing, f"version {version} shows texts no catalogue has: {missing}"
    assert set(RETIRED.values()) <= POT.keys()


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_spanish_translates_every_text_of_every_version(version):
    assert SPANISH is not None
    for text in sorted(_texts(version) | set(RETIRED.values())):
        entry = SPANISH_PO.get(text)
        assert entry is not None and entry.string and not entry.fuzzy, text
        assert PLACEHOLDER.findall(entry.string) == PLACEHOLDER.findall(text), text
        # The compiled catalogue the app reads says the same (run scripts/i18n compile).
        assert SPANISH.gettext(text) == entry.string, text


def test_every_answer_message_is_spanish_with_its_placeholders_kept():
    messages = [m for m in POT if isinstance(m, str) and PLACEHOLDER.search(m)]
    assert len(messages) >= 9
    for message in messages:
        entry = SPANISH_PO[message]
        assert entry.string and sorted(PLACEHOLDER.findall(entry.string)) == sorted(
            PLACEHOLDER.findall(message)), message


def _problem(item_id: str, value: object) -> str:
    (error,) = answers.check_value(BY_ID[item_id], value)
    return error.message


def test_messages_are_english_unless_a_language_is_spoken():
    assert i18n.CURRENT.get() is None
    assert _problem("red_flags_now", ["none", "speech"]) == (
        "Select ‘None of these’ on its own, or choose only the other options")
    assert _problem("notes", "x" * 12345) == (
        "Must be 1,000 characters or fewer (you entered 12,345)")
    assert _problem("duration", "ages") == "Unknown answer code 'ages'"
    assert answers.required_message(BY_ID["spreading"]) == (
        "Select yes if the twitching has spread to other parts of your body")


def test_messages_are_made_in_the_language_spoken():
    assert SPANISH is not None
    with i18n.speaking(SPANISH):
        # The option's own label is translated inside the sentence.
        assert _problem("red_flags_now", ["none", "speech"]) == (
            "Seleccione únicamente ‘Nada de esto’, o elija solo las otras opciones")
        # Numbers as Babel writes them in Spanish: a point between thousands.
        assert _problem("notes", "x" * 12345) == (
            "Debe tener 1.000 caracteres o menos (usted escribió 12.345)")
        assert _problem("duration", "ages") == "Código de respuesta desconocido 'ages'"
        _, errors = from_form(BY_ID["signs_onset"], [])
        assert errors[0].message == "Seleccione cómo empezaron estas señales"
        not_asked = answers.validate({"signs_onset": "days", "red_flags_now": ["none"]},
                                     complete=False)
        assert not_asked[0].message.startswith(
            "Solo se pregunta si 'red_flags_now' incluye 'swallowing' o 'red_flags_now' "
            "incluye 'speech' o ")
    # Back to English once the language is no longer spoken.
    assert _problem("duration", "ages") == "Unknown answer code 'ages'"


def test_the_not_asked_message_keeps_its_english_words():
    errors = answers.validate({"symptoms_onset": "days", "symptoms": ["cramps"],
                               "red_flags_now": ["speech"]}, complete=False)
    assert [e.message for e in errors if e.type == "not_enabled"] == [
        "Not asked unless 'symptoms' includes 'weakness' or 'symptoms' includes "
        "'numbness_tingling' or 'symptoms' includes 'coordination_loss' or 'symptoms' "
        "includes 'walking_difficulty', and not when 'red_flags_now' includes "
        "'swallowing', and not when 'red_flags_now' includes 'speech'"]


def _error_summary(page: str) -> str:
    summary = BeautifulSoup(page, "html.parser").find(class_="error-summary")
    assert summary is not None, page[:500]
    return summary.get_text(" ", strip=True)


def test_a_question_page_gives_its_error_in_spanish(client):
    client.get("/?lang=es")  # the switch: remembered in the cookie
    mixed = post_answer(client, "red_flags_now", ["none", "speech"])
    assert mixed.status_code == 422
    assert "Seleccione únicamente ‘Nada de esto’, o elija solo las otras opciones" in (
        _error_summary(mixed.text))
    empty = post_answer(client, "red_flags_now", None)
    assert "Seleccione lo que tenga ahora mismo, o ‘Nada de esto’" in (
        _error_summary(empty.text))


def test_a_too_long_note_is_counted_in_the_pages_language(client):
    walk(client, harmless())
    english = post_answer(client, "notes", "x" * 1001, change=True)
    assert english.status_code == 422
    assert "Must be 1,000 characters or fewer (you entered 1,001)" in (
        _error_summary(english.text))
    client.get("/?lang=es")
    spanish = post_answer(client, "notes", "x" * 1001, change=True)
    assert "Debe tener 1.000 caracteres o menos (usted escribió 1.001)" in (
        _error_summary(spanish.text))


def test_the_json_api_keeps_its_messages_english(client):
    client.get("/?lang=es")  # a Spanish page's cookie, and a Spanish browser
    response = client.post("/api/v1/assessments",
                           json={"answers": harmless(red_flags_now=["none", "speech"],
                                                     duration="ages")},
                           headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert response.status_code == 422
    messages = {p["item"]: p["msg"] for p in response.json()["detail"]}
    assert messages["red_flags_now"] == (
        "Select ‘None of these’ on its own, or choose only the other options")
    assert messages["duration"] == "Unknown answer code 'ages'"
