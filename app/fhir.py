"""HL7 FHIR R4: the questionnaire as a `Questionnaire` and a stored result as a
`QuestionnaireResponse`, both generated from app.questionnaire (nothing written twice).
Pure: dicts in and out, no web or database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from app import fhir_enable, fhir_published
from app import questionnaire as q
from app.i18n import ENGLISH, N_, SOURCE_LANGUAGE, Language

QUESTIONNAIRE_ID = "twitch-triage"
# Stable identifiers of the app's own; URNs, so nothing ever resolves them over a network.
CODE_SYSTEM = "urn:twitch-triage:codesystem:"  # + item linkId: one answer list per item
TRIAGE_EXTENSION = "urn:twitch-triage:StructureDefinition:triage-result"
FHIR_JSON = "application/fhir+json"


TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
TITLE = N_("Check your muscle twitches")
DESCRIPTION = N_("A self-check of muscle twitches against the warning signs of four health "
                 "articles. Not a diagnosis.")


def translations(text: str, languages: Iterable[Language]) -> dict[str, Any]:
    """The `_text` (or `_display`, ...) of a text: FHIR's translation extension for each
    language whose catalogue translates it (an untranslated text gets none)."""
    found = [{"url": TRANSLATION, "extension": [
        {"url": "lang", "valueCode": lang.code},
        {"url": "content", "valueString": lang.gettext(text)}]}
        for lang in languages if lang.code != SOURCE_LANGUAGE and lang.translates(text)]
    return {"extension": found} if found else {}


def _with_translations(key: str, text: str, languages: Iterable[Language]) -> dict[str, Any]:
    extra = translations(text, languages)
    return {key: text, **({f"_{key}": extra} if extra else {})}


def coding(item: q.Item, code: str, languages: Iterable[Language] = ()) -> dict[str, Any]:
    option = item.option(code)
    return {"system": CODE_SYSTEM + item.link_id, "code": code,
            **_with_translations("display", option.label if option else code, languages)}


def _answer(item: q.Item, code: str) -> dict[str, Any]:
    """An enableWhen's answer: a boolean for a yes/no item, else the option's coding."""
    if item.kind == "bool":
        return {"answerBoolean": code == "yes"}
    return {"answerCoding": coding(item, code)}


def _item(item: q.Item, languages: Iterable[Language]) -> dict[str, Any]:
    out = fhir_published.plain_item(item, lambda i, code: coding(i, code, languages))
    out.update(_with_translations("text", item.question, languages))
    if item.kind in ("multi", "single"):
        # Our pages show every option at once: radios or checkboxes, never a drop-down.
        control = "check-box" if item.kind == "multi" else "radio-button"
        out["extension"] = [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [
            {"system": ITEM_CONTROL_SYSTEM, "code": control}]}}]
        for option, fhir_option in zip(item.options, out["answerOption"], strict=True):
            if option.exclusive:  # as on our pages: it stands alone
                fhir_option["extension"] = [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]
    if item.hint:  # shown under the question, as on our pages
        out["item"] = [{"linkId": f"{item.link_id}-hint", "type": "display",
                        **_with_translations("text", item.hint, languages)}]
    return out


def canonical_url(base_url: str) -> str:
    return f"{base_url}/fhir/Questionnaire/{QUESTIONNAIRE_ID}"


def questionnaire(base_url: str, version: str = q.VERSION,
                  languages: Iterable[Language] = ()) -> dict[str, Any]:
    """The Questionnaire resource of one version (the current one by default), in English
    with a translation of each text into each of `languages` that has one. A version
    published before is served as it was published."""
    if version in fhir_published.VERSIONS:
        languages, said = [], {}
        items = fhir_published.items(version, _answer, coding)
    else:
        languages, said = list(languages), {"language": SOURCE_LANGUAGE}
        items = fhir_enable.tree(q.items_of(version), lambda i: _item(i, languages), _answer)
    return {"resourceType": "Questionnaire", "id": QUESTIONNAIRE_ID,
            "meta": {"versionId": version}, **said,
            "url": canonical_url(base_url), "version": version, "name": "TwitchTriage",
            **_with_translations("title", TITLE, languages), "status": "active",
            "subjectType": ["Patient"],
            **_with_translations("description", DESCRIPTION, languages),
            "item": items}


def outcome(code: str, message: str) -> dict[str, Any]:
    """An OperationOutcome: an error, its FHIR issue type (`not-found`, `forbidden`, ...)
    and what a person reads."""
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": message}]}


def not_found(message: str) -> dict[str, Any]:
    return outcome("not-found", message)


def _answers(item: q.Item, value: Any, language: Language) -> list[dict[str, Any]]:
    """An item's answers: codes as the Questionnaire's, displays in the response's language."""
    if item.kind == "bool":
        return [{"valueBoolean": bool(value)}]
    if item.kind == "text":
        return [{"valueString": value}] if value else []
    codes = value if isinstance(value, list) else [value]
    shown = [coding(item, code) for code in codes]
    return [{"valueCoding": {**c, "display": language.gettext(c["display"])}} for c in shown]


def _response_items(nodes: list[dict[str, Any]], by_id: Mapping[str, q.Item],
                    answers: Mapping[str, Any], language: Language) -> list[dict[str, Any]]:
    """The answered items, in the Questionnaire's groups (a response follows its shape)."""
    out: list[dict[str, Any]] = []
    for node in nodes:
        if node["type"] == "group":
            if inner := _response_items(node["item"], by_id, answers, language):
                out.append({"linkId": node["linkId"], "item": inner})
            continue
        item = by_id[node["linkId"]]
        if item.link_id in answers and (
                given := _answers(item, answers[item.link_id], language)):
            out.append({"linkId": item.link_id, "text": language.gettext(item.question),
                        "answer": given})
    return out


def questionnaire_response(*, base_url: str, response_id: str, answers: Mapping[str, Any],
                           authored: datetime, questionnaire_version: str, level: str,
                           headline: str, rule_ids: list[str], rules_version: str,
                           language: Language = ENGLISH) -> dict[str, Any]:
    """A stored result, in the language it was made in (its item texts too; codes and
    option displays stay the Questionnaire's)."""
    items = q.items_of(questionnaire_version)
    tree = questionnaire(base_url, questionnaire_version)["item"]
    triage = [{"url": "level", "valueCode": level},
              {"url": "headline", "valueString": language.gettext(headline)},
              {"url": "rulesVersion", "valueString": rules_version}]
    triage += [{"url": "rule", "valueCode": rule} for rule in rule_ids]
    return {"resourceType": "QuestionnaireResponse", "id": response_id,
            # A version published before says nothing of language, as it was published.
            **({} if questionnaire_version in fhir_published.VERSIONS
               else {"language": language.code}),
            "questionnaire": f"{canonical_url(base_url)}|{questionnaire_version}",
            "status": "completed", "authored": authored.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "extension": [{"url": TRIAGE_EXTENSION, "extension": triage}],
            "item": _response_items(tree, {i.link_id: i for i in items}, answers, language)}
