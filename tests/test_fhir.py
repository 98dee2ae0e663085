"""FHIR R4 export, validated with fhir.resources (R4B models cover R4's Questionnaire and
QuestionnaireResponse), and the round trip back to the same triage."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from sqlalchemy import select

from app import fhir, fhir_published, flow
from app import questionnaire as q
from app.fhir_enable import leaves
from app.i18n import Languages
from app.models import Assessment
from app.triage import assess
from tests.factories import CASES, harmless
from tests.fhir_states import fhir_enabled, prefixes, texts, translation_in, walk

API = "/api/v1/assessments"


def _answers_in(response: Mapping[str, Any]) -> dict[str, Any]:
    """Back from a QuestionnaireResponse to the app's answers, as a receiving system would
    read it: what it scores to must be the stored level (the round trip)."""
    answers: dict[str, Any] = {}
    for entry in leaves(response.get("item", [])):
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
    items = {i["linkId"]: i for i in leaves(document["item"])}
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
    for item in q.ITEMS:  # a hint is a display item under its question
        hints = [{k: h[k] for k in ("linkId", "type", "text")}
                 for h in items[item.link_id].get("item", [])]
        assert hints == ([{"linkId": f"{item.link_id}-hint", "type": "display",
                           "text": item.hint}] if item.hint else []), item.link_id
    eyelid = items["eyelid_closes"]["enableWhen"]
    assert eyelid == [{"question": "locations", "operator": "=",
                       "answerCoding": fhir.coding(q.BY_ID["locations"], "eyelid")}]
    assert "enableWhen" not in items["new_medication"]  # asked whenever the walk gets there
    # The early exits: nothing after them is asked (page 1's three, a sudden onset), so
    # the rest of the questionnaire is a group enabled only when they did not end it.
    top = document["item"]
    assert [n["linkId"] for n in top] == ["red_flags_now", "after-red_flags_now"]
    assert "enableWhen" not in top[0]
    assert top[1]["enableBehavior"] == "all"
    assert [(c["question"], c["operator"], c["answerCoding"]["code"])
            for c in top[1]["enableWhen"]] == [
        ("red_flags_now", "!=", "breathing_severe"), ("red_flags_now", "!=", "fit_confusion"),
        ("red_flags_now", "!=", "bladder")]
    onset, after_onset = top[1]["item"]
    assert onset["linkId"] == "signs_onset"
    assert onset["enableBehavior"] == "any" and len(onset["enableWhen"]) == 5
    assert [o["valueCoding"]["code"] for o in onset["answerOption"]] == [
        "sudden", "sudden_earlier", "days", "slowly"]
    # signs_onset is often not asked: then the rest is asked (exists = false).
    assert after_onset["enableBehavior"] == "any"
    assert after_onset["enableWhen"][0] == {"question": "signs_onset", "operator": "exists",
                                            "answerBoolean": False}
    assert {c["answerCoding"]["code"] for c in after_onset["enableWhen"][1:]} == {
        "sudden_earlier", "days", "slowly"}
    # Any of four symptoms, unless trouble swallowing or speaking: two behaviours, two levels.
    unless = next(n for n in after_onset["item"] if n["linkId"] == "symptoms_onset-unless")
    assert unless["enableBehavior"] == "all" and [c["answerCoding"]["code"]
                                                  for c in unless["enableWhen"]] == [
        "swallowing", "speech"]
    assert unless["item"][0]["enableBehavior"] == "any"
    assert "came_on_suddenly" not in items
    assert document["meta"] == {"versionId": "3"} and document["version"] == "3"
    assert document["language"] == "en"


def test_choices_are_radios_or_checkboxes_and_none_of_these_stands_alone(client):
    document = client.get("/fhir/Questionnaire/twitch-triage").json()
    exclusive = 0
    for fhir_item in leaves(document["item"]):
        item = q.BY_ID[fhir_item["linkId"]]
        controls = [e for e in fhir_item.get("extension", []) if e["url"] == fhir.ITEM_CONTROL]
        if item.kind not in ("multi", "single"):
            assert controls == []
            continue
        assert controls == [{"url": fhir.ITEM_CONTROL, "valueCodeableConcept": {"coding": [
            {"system": "http://hl7.org/fhir/questionnaire-item-control",
             "code": "check-box" if item.kind == "multi" else "radio-button"}]}}]
        for fhir_option, option in zip(fhir_item["answerOption"], item.options, strict=True):
            flags = [e for e in fhir_option.get("extension", [])
                     if e["url"] == fhir.OPTION_EXCLUSIVE]
            assert flags == ([{"url": fhir.OPTION_EXCLUSIVE, "valueBoolean": True}]
                             if option.exclusive else []), (item.link_id, option.code)
            exclusive += option.exclusive
    assert exclusive == 5  # "None of these" on five pages


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
        Questionnaire.model_validate(document)
        link_ids = [item["linkId"] for item in leaves(document["item"])]
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
    for entry in leaves(document["item"]):
        item = q.BY_ID[entry["linkId"]]
        for answer in entry["answer"]:
            if "valueCoding" in answer:
                assert answer["valueCoding"]["code"] in item.codes
    # A response follows its Questionnaire's groups.
    shape = set(_paths(client.get("/fhir/Questionnaire/twitch-triage").json()["item"]))
    assert set(_paths(document["item"])) <= shape
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


def _in_order_up_to(enabled: list[str], upto: q.Item | None, items) -> list[str]:
    """The items a person filling in page by page has met: up to the page shown next."""
    if upto is None:
        return enabled
    order = [i.link_id for i in items]
    return [link_id for link_id in enabled if order.index(link_id) <= order.index(upto.link_id)]


CHANGING = [v for v in q.VERSIONS if v not in fhir_published.VERSIONS]


def test_only_published_versions_are_frozen():
    assert CHANGING == [q.VERSION]


@pytest.mark.parametrize("version", CHANGING)
def test_fhir_enables_exactly_what_our_flow_asks_in_every_state(version):
    """Walk our flow through every deciding answer; in every state FHIR's enableWhen, read
    as R4 reads it, enables exactly our pages; read as LHC-Forms reads it ("!=" against no
    answer is false), the same once the walk is complete, and up to the next page before."""
    items = q.items_of(version)
    tree = fhir.questionnaire("https://x.example", version)["item"]
    states = complete = 0
    for answers, upcoming in walk(items):
        ours = [i.link_id for i in flow.enabled_items(answers, items)]
        assert fhir_enabled(tree, answers, items) == ours, answers
        strict = fhir_enabled(tree, answers, items, unanswered_differs=False)
        assert _in_order_up_to(strict, upcoming, items) == _in_order_up_to(ours, upcoming,
                                                                          items), answers
        states += 1
        complete += upcoming is None
    assert complete >= 10 and states > complete
    print(f"version {version}: {states} states, {complete} complete")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_fhir_enables_what_our_flow_asks_along_each_vignette(case):
    tree = fhir.questionnaire("https://x.example")["item"]
    for answers, upcoming in prefixes(case["answers"], q.ITEMS):
        ours = [i.link_id for i in flow.enabled_items(answers, q.ITEMS)]
        for differs in (True, False):
            theirs = fhir_enabled(tree, answers, q.ITEMS, unanswered_differs=differs)
            assert _in_order_up_to(theirs, upcoming, q.ITEMS) == _in_order_up_to(
                ours, upcoming, q.ITEMS), (answers, differs)


def test_no_onset_is_asked_after_an_early_exit_on_page_1():
    """The issue's example (version 2's came_on_suddenly after "breathing") in version 3:
    a sign with an onset question, ticked with a sign that ends the questionnaire."""
    tree = fhir.questionnaire("https://x.example")["item"]
    answers = {"red_flags_now": ["breathing_severe", "speech"], "symptoms": ["weakness"]}
    for differs in (True, False):
        assert fhir_enabled(tree, answers, q.ITEMS, unanswered_differs=differs) == [
            "red_flags_now"]
    # Version 2 as published has the gap the issue found; it stays as published.
    old = fhir.questionnaire("https://x.example", "2")["item"]
    assert "came_on_suddenly" in fhir_enabled(
        old, {"red_flags_now": ["breathing", "speech"]}, q.items_of("2"))


def test_every_text_the_spanish_catalogue_translates_carries_its_translation(client):
    """Read from the catalogue's source (.po): every entry it translates (even to the same
    word, as "Alcohol") is carried, and nothing it does not translate."""
    po = Path(fhir.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as file:
        catalogue = read_po(file)
    spanish = {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    for version in CHANGING:
        document = client.get(f"/fhir/Questionnaire/twitch-triage/_history/{version}").json()
        Questionnaire.model_validate(document)
        for text, extra in texts(document):
            assert translation_in(extra, "es") == spanish.get(text), text


def test_a_translation_that_is_the_english_word_is_carried(tmp_path):
    catalog = Catalog(locale="es")
    catalog.add("Alcohol", "Alcohol")
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as out:
        write_mo(out, catalog)
    document = fhir.questionnaire("https://x.example", languages=Languages(tmp_path))
    alcohol = [extra for text, extra in texts(document) if text == "Alcohol"]
    assert [translation_in(extra, "es") for extra in alcohol] == ["Alcohol"]
    assert sum(bool(translation_in(extra, "es")) for _, extra in texts(document)) == 1


@pytest.fixture
def pseudo(tmp_path) -> Languages:
    """A made-up language ("qps") whose catalogue translates every text of the
    Questionnaire, each as ⟦text⟧."""
    every = {text for v in CHANGING for text, _ in texts(fhir.questionnaire("", v))}
    catalog = Catalog(locale="en")  # the made-up code has no Babel locale of its own
    for text in every:
        catalog.add(text, f"⟦{text}⟧")
    folder = tmp_path / "qps" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as out:
        write_mo(out, catalog)
    return Languages(tmp_path)


def test_a_catalogue_that_translates_everything_reaches_every_text(pseudo):
    """Each text carries its translation, so a complete Spanish catalogue needs no code."""
    for version in CHANGING:
        document = fhir.questionnaire("https://x.example", version, pseudo)
        Questionnaire.model_validate(document)
        found = texts(document)
        assert len(found) > 50
        for text, extra in found:
            assert translation_in(extra, "qps") == f"⟦{text}⟧", text
    # A version published before stays as it was published.
    assert "⟦" not in str(fhir.questionnaire("https://x.example", "2", pseudo))


def test_a_response_is_in_its_language_with_the_same_codes(pseudo):
    case = CASES[0]
    said = {"base_url": "https://x.example", "response_id": "x", "answers": case["answers"],
            "authored": datetime(2026, 12, 2, tzinfo=UTC), "questionnaire_version": q.VERSION,
            "level": "self_care", "headline": "h", "rule_ids": [], "rules_version": "3"}
    english = fhir.questionnaire_response(**said)
    other = fhir.questionnaire_response(**said, language=pseudo.get("qps"))
    QuestionnaireResponse.model_validate(other)
    assert (english["language"], other["language"]) == ("en", "qps")
    pairs = list(zip(leaves(english["item"]), leaves(other["item"]), strict=True))
    assert len(pairs) == len(case["answers"]) - 1  # empty notes carry no answer
    for mine, theirs in pairs:
        assert theirs["text"] == f"⟦{mine['text']}⟧"
        # The same codes; a coding's display in the response's language.
        for given, said_so in zip(mine["answer"], theirs["answer"], strict=True):
            if "valueCoding" in given:
                coded, shown = given["valueCoding"], said_so["valueCoding"]
                assert {**coded, "display": f"⟦{coded['display']}⟧"} == shown
            else:
                assert said_so == given


def _paths(nodes, above=()):
    for node in nodes:
        yield (*above, node["linkId"])
        yield from _paths(node.get("item", []), (*above, node["linkId"]))


def test_a_response_says_its_language(client, app, session):
    created = client.post(API, json={"answers": harmless()}).json()
    document = client.get(f"/r/{created['token']}/fhir").json()
    QuestionnaireResponse.model_validate(document)
    assert document["language"] == getattr(
        session.scalars(select(Assessment)).one(), "language", "en")
