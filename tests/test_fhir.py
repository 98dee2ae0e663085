"""FHIR R4 export, validated with fhir.resources (R4B models cover R4's Questionnaire and
QuestionnaireResponse), and the round trip back to the same triage."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from app import fhir
from app import questionnaire as q
from app.triage import assess
from tests.factories import CASES, harmless

API = "/api/v1/assessments"


def _answers_in(response: Mapping[str, Any]) -> dict[str, Any]:
    """Back from a QuestionnaireResponse to the app's answers, as a receiving system would
    read it: what it scores to must be the stored level (the round trip)."""
    answers: dict[str, Any] = {}
    for entry in response.get("item", []):
        item = q.BY_ID[entry["linkId"]]
        values = entry.get("answer", [])
        if item.kind == "bool":
            answers[item.link_id] = values[0]["valueBoolean"]
        elif item.kind == "text":
            answers[item.link_id] = values[0]["valueString"] if values else ""
        else:
            codes = [v["valueCoding"]["code"] for v in values
                     if v["valueCoding"]["system"] == fhir.CODE_SYSTEM + item.link_id]
            answers[item.link_id] = codes if item.kind == "multi" else codes[0]
    return answers



def test_questionnaire_is_valid_fhir_generated_from_the_data(client):
    response = client.get("/fhir/Questionnaire/twitch-triage")
    assert response.headers["content-type"].startswith("application/fhir+json")
    document = response.json()
    Questionnaire.model_validate(document)  # raises on anything not R4
    assert document["version"] == q.VERSION
    items = {i["linkId"]: i for i in document["item"]}
    assert list(items) == [item.link_id for item in q.ITEMS]
    for item in q.ITEMS:
        fhir_item = items[item.link_id]
        assert fhir_item["required"] == item.required
        assert fhir_item["type"] == {"multi": "choice", "single": "choice", "bool": "boolean",
                                     "text": "text"}[item.kind]
        assert fhir_item.get("repeats", False) == (item.kind == "multi")
        codes = [o["valueCoding"]["code"] for o in fhir_item.get("answerOption", [])]
        assert codes == list(item.codes if item.kind != "bool" else [])
    assert items["notes"]["maxLength"] == 1000
    eyelid = items["eyelid_closes"]["enableWhen"]
    assert {"question": "locations", "operator": "=",
            "answerCoding": fhir.coding(q.BY_ID["locations"], "eyelid")} in eyelid
    # Always asked now: only the early exits can disable it.
    medicine = items["new_medication"]["enableWhen"]
    assert {c["question"] for c in medicine} == {"red_flags_now", "signs_onset",
                                                 "symptoms_onset"}
    assert items["new_medication"]["enableBehavior"] == "all"
    assert {"question": "signs_onset", "operator": "!=",
            "answerCoding": fhir.coding(q.BY_ID["signs_onset"], "sudden")} in medicine
    # The early exits: nothing after them is asked (page 1's three, a sudden sign).
    exits = [(c["question"], c["answerCoding"]["code"])
             for c in items["red_flags_recent"]["enableWhen"]]
    assert exits == [("red_flags_now", "breathing_severe"), ("red_flags_now", "fit_confusion"),
                     ("red_flags_now", "bladder"), ("signs_onset", "sudden")]
    assert "enableWhen" not in items["red_flags_now"]
    onset = items["signs_onset"]
    assert onset["enableBehavior"] == "any" and len(onset["enableWhen"]) == 5
    assert [o["valueCoding"]["code"] for o in onset["answerOption"]] == [
        "sudden", "sudden_earlier", "days", "slowly"]
    assert "came_on_suddenly" not in items
    assert document["meta"] == {"versionId": "3"} and document["version"] == "3"


def test_a_response_names_version_3_of_the_questionnaire(client):
    created = client.post(API, json={"answers": harmless()}).json()
    document = client.get(f"/r/{created['token']}/fhir").json()
    assert document["questionnaire"].endswith("/fhir/Questionnaire/twitch-triage|3")
    assert {"url": "rulesVersion", "valueString": "3"} in \
        document["extension"][0]["extension"]


def test_each_version_of_the_questionnaire_is_served(client):
    for version, gone, new in (("1", "age_band", None), ("2", "signs_onset", "came_on_suddenly"),
                               ("3", "came_on_suddenly", "signs_onset")):
        document = client.get(f"/fhir/Questionnaire/twitch-triage/_history/{version}").json()
        assert document["version"] == version and document["meta"]["versionId"] == version
        link_ids = [item["linkId"] for item in document["item"]]
        assert gone not in link_ids and (new is None or new in link_ids)
    assert client.get("/fhir/Questionnaire/twitch-triage/_history/4").status_code == 404


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_response_is_valid_and_round_trips_to_the_stored_level(client, case):
    created = client.post(API, json={"answers": case["answers"]}).json()
    response = client.get(f"/r/{created['token']}/fhir")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    assert response.headers["cache-control"] == "no-store"
    document = response.json()
    QuestionnaireResponse.model_validate(document)
    assert document["status"] == "completed" and document["authored"].endswith("Z")
    assert created["token"] not in document["id"]
    for entry in document["item"]:
        item = q.BY_ID[entry["linkId"]]
        for answer in entry["answer"]:
            if "valueCoding" in answer:
                assert answer["valueCoding"]["code"] in item.codes
    answers = _answers_in(document)
    assert assess(answers).level.id == created["level"] == case["expected_level"]
    triage = {e["url"]: e for e in document["extension"][0]["extension"]}
    assert document["extension"][0]["url"] == fhir.TRIAGE_EXTENSION
    assert triage["level"]["valueCode"] == created["level"]
    rules = [e["valueCode"] for e in document["extension"][0]["extension"]
             if e["url"] == "rule"]
    assert sorted(rules) == sorted(case["expected_rules"])


def test_an_unknown_token_or_address_is_a_fhir_404(client):
    """A FHIR client gets FHIR: an OperationOutcome, never a page."""
    for path in ("/r/" + "Z" * 32 + "/fhir", "/fhir/QuestionnaireResponse/" + "Z" * 32,
                 "/fhir/Questionnaire/nope", "/fhir/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("application/fhir+json"), path
        outcome = response.json()
        assert outcome["resourceType"] == "OperationOutcome", path
        assert outcome["issue"][0]["code"] == "not-found", path
    # A known address asked with the wrong method is still that: a 405, as FHIR.
    wrong = client.post("/fhir/Questionnaire/twitch-triage")
    assert wrong.status_code == 405 and wrong.json()["resourceType"] == "OperationOutcome"


def test_print_page_links_the_fhir_document_and_shows_a_qr_code(client, app):
    app.state.settings.public_base_url = "https://twitch.example.org"
    created = client.post(API, json={"answers": harmless()}).json()
    html = client.get(f"{created['share_url']}/print").text
    assert f'href="/r/{created["token"]}/fhir"' in html
    assert "Download a file for your doctor's computer system" in html
    qr = re.search(r'<img class="qr" src="([^"]+)" alt="QR code of the link[^"]*">', html)
    assert qr, "the summary shows its QR code"
    svg = client.get(qr.group(1))
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and "<title>QR code of the link" in svg.text
    assert f"https://twitch.example.org/r/{created['token']}" in html
