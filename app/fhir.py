"""HL7 FHIR R4: the questionnaire as a `Questionnaire` and a stored result as a
`QuestionnaireResponse`, both generated from app.questionnaire (nothing written twice).
Pure: dicts in and out, no web or database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app import questionnaire as q

QUESTIONNAIRE_ID = "twitch-triage"
# Stable identifiers of the app's own; URNs, so nothing ever resolves them over a network.
CODE_SYSTEM = "urn:twitch-triage:codesystem:"  # + item linkId: one answer list per item
TRIAGE_EXTENSION = "urn:twitch-triage:StructureDefinition:triage-result"
FHIR_JSON = "application/fhir+json"


def coding(item: q.Item, code: str) -> dict[str, str]:
    option = item.option(code)
    return {"system": CODE_SYSTEM + item.link_id, "code": code,
            "display": option.label if option else code}


def _answer(item: q.Item, code: str) -> dict[str, Any]:
    """An enableWhen's answer: a boolean for a yes/no item, else the option's coding."""
    if item.kind == "bool":
        return {"answerBoolean": code == "yes"}
    return {"answerCoding": coding(item, code)}


def _enable_when(item: q.Item, items: tuple[q.Item, ...]) -> tuple[list[dict[str, Any]], str]:
    """The item's enableWhen conditions and their enableBehavior.

    An answer that ends the questionnaire disables every later item ("!=" that answer, all
    of them). An item asked when any of several answers is given ("any") cannot also carry
    those: FHIR has one behaviour per item. The app still accepts such an answer after an
    early exit, as it accepts any later answer then (they are optional, never forbidden).
    """
    # The version's own items: its words for the answers a condition names.
    by_id = {other.link_id: other for other in items}
    own = [{"question": c.item, "operator": c.operator, **_answer(by_id[c.item], c.code)}
           for c in item.enable_when]
    if len(own) > 1:
        return own, "any"
    guards = []
    for earlier in items[:items.index(item)]:
        guards += [{"question": earlier.link_id, "operator": "!=", **_answer(earlier, o.code)}
                   for o in earlier.options if o.ends_questionnaire]
    return guards + own, "all"


def _item(item: q.Item, items: tuple[q.Item, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"linkId": item.link_id, "text": item.question,
                           "type": {"multi": "choice", "single": "choice", "bool": "boolean",
                                    "text": "text"}[item.kind],
                           "required": item.required}
    if item.kind == "multi":
        out["repeats"] = True
    if item.kind in ("multi", "single"):
        out["answerOption"] = [{"valueCoding": coding(item, o.code)} for o in item.options]
    if item.max_chars:
        out["maxLength"] = item.max_chars
    conditions, behaviour = _enable_when(item, items)
    if conditions:
        out["enableWhen"] = conditions
        if len(conditions) > 1:
            out["enableBehavior"] = behaviour
    return out


def canonical_url(base_url: str) -> str:
    return f"{base_url}/fhir/Questionnaire/{QUESTIONNAIRE_ID}"


def questionnaire(base_url: str, version: str = q.VERSION) -> dict[str, Any]:
    """The Questionnaire resource of one version (the current one by default)."""
    items = q.items_of(version)
    return {"resourceType": "Questionnaire", "id": QUESTIONNAIRE_ID,
            "meta": {"versionId": version},
            "url": canonical_url(base_url), "version": version, "name": "TwitchTriage",
            "title": "Check your muscle twitches", "status": "active",
            "subjectType": ["Patient"],
            "description": "A self-check of muscle twitches against the warning signs of four "
                           "health articles. Not a diagnosis.",
            "item": [_item(item, items) for item in items]}


def outcome(code: str, message: str) -> dict[str, Any]:
    """An OperationOutcome: an error, its FHIR issue type (`not-found`, `forbidden`, ...)
    and what a person reads."""
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": message}]}


def not_found(message: str) -> dict[str, Any]:
    return outcome("not-found", message)


def _answers(item: q.Item, value: Any) -> list[dict[str, Any]]:
    if item.kind == "bool":
        return [{"valueBoolean": bool(value)}]
    if item.kind == "text":
        return [{"valueString": value}] if value else []
    codes = value if isinstance(value, list) else [value]
    return [{"valueCoding": coding(item, code)} for code in codes]


def questionnaire_response(*, base_url: str, response_id: str, answers: Mapping[str, Any],
                           authored: datetime, questionnaire_version: str, level: str,
                           headline: str, rule_ids: list[str],
                           rules_version: str) -> dict[str, Any]:
    items = []
    for item in q.items_of(questionnaire_version):
        if item.link_id in answers and (given := _answers(item, answers[item.link_id])):
            items.append({"linkId": item.link_id, "text": item.question, "answer": given})
    triage = [{"url": "level", "valueCode": level}, {"url": "headline", "valueString": headline},
              {"url": "rulesVersion", "valueString": rules_version}]
    triage += [{"url": "rule", "valueCode": rule} for rule in rule_ids]
    return {"resourceType": "QuestionnaireResponse", "id": response_id,
            "questionnaire": f"{canonical_url(base_url)}|{questionnaire_version}",
            "status": "completed", "authored": authored.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "extension": [{"url": TRIAGE_EXTENSION, "extension": triage}],
            "item": items}
