"""The Spanish of the FHIR Questionnaire is complete: every text a person reads carries its
Spanish translation. It passes once the `es` catalogue translates the whole questionnaire
(tests/test_fhir.py checks that each translated text is carried, and that a catalogue that
translates everything reaches every text)."""

from __future__ import annotations

from tests.fhir_states import texts, translation_in


def test_every_text_of_the_questionnaire_has_its_spanish(client):
    document = client.get("/fhir/Questionnaire/twitch-triage").json()
    found = texts(document)
    missing = [text for text, extra in found if not translation_in(extra, "es")]
    assert missing == [], f"{len(missing)} of {len(found)} texts have no Spanish"
