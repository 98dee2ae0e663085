"""JSON shapes of the API (spec/api.md). The answers schema is generated from the
questionnaire data; app.answers does the validation, so both faces give the same verdicts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.assessments import StoredResult
from app.questionnaire import BY_ID, ITEMS, Item
from app.triage import LEVELS

LevelId = Literal[tuple(level.id for level in LEVELS)]  # type: ignore[valid-type]


def _has(item: Item, code: str) -> dict[str, Any]:
    """JSON Schema for "the answer to `item` includes `code`"."""
    value = {"contains": {"const": code}} if item.kind == "multi" else {"const": code}
    return {"required": [item.link_id], "properties": {item.link_id: value}}


def _enabled(item: Item) -> dict[str, Any]:
    condition = item.enable_when
    assert condition is not None
    source = BY_ID[condition.item]
    has = _has(source, condition.code)
    if condition.operator == "=":
        return has
    return {"required": [source.link_id],
            "properties": {source.link_id: {"not": has["properties"][source.link_id]}}}


def _rules() -> list[dict[str, Any]]:
    """The cross-item rules of app.answers, as JSON Schema, so the schema is the contract:
    every asked item is required unless an answer ends the questionnaire early, and a
    conditional item is given exactly when its condition holds."""
    early = {"anyOf": [_has(item, o.code) for item in ITEMS for o in item.options
                       if o.ends_questionnaire]}
    always = [item.link_id for item in ITEMS if item.required and item.enable_when is None]
    rules: list[dict[str, Any]] = [{"if": early, "else": {"required": always}}]
    for item in ITEMS:
        if item.enable_when is not None:
            required = {"if": early, "else": {"required": [item.link_id]}} if item.required \
                else {}
            rules.append({"if": _enabled(item), "then": required,
                          "else": {"not": {"required": [item.link_id]}}})
    return rules


def _item_schema(item: Item) -> dict[str, Any]:
    base: dict[str, Any] = {"description": item.question}
    if item.kind == "bool":
        return {**base, "type": "boolean"}
    if item.kind == "text":
        return {**base, "type": "string", "maxLength": item.max_chars}
    if item.kind == "single":
        return {**base, "type": "string", "enum": list(item.codes)}
    schema = {**base, "type": "array", "items": {"type": "string", "enum": list(item.codes)},
              "minItems": 1, "uniqueItems": True}
    exclusive = [o.code for o in item.options if o.exclusive]
    if exclusive:  # an exclusive option stands alone
        schema["anyOf"] = [{"maxItems": 1}, {"not": {"contains": {"enum": exclusive}}}]
    return schema


def answers_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Answers by item id. Every asked item except notes is required, unless "
                       "red_flags_now has breathing. Conditional items only when asked.",
        "properties": {item.link_id: _item_schema(item) for item in ITEMS},
        "additionalProperties": False,
        "allOf": _rules(),
    }


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, Any] = Field(json_schema_extra=answers_schema())  # type: ignore[arg-type]


class ReasonOut(BaseModel):
    rule: str
    level: LevelId
    text: str
    sources: list[str]


class AdviceOut(BaseModel):
    id: str
    text: str
    sources: list[str]


class AssessmentOut(BaseModel):
    token: str
    level: LevelId
    headline: str
    reasons: list[ReasonOut]
    advice: list[AdviceOut]
    questionnaire_version: str
    rules_version: str
    created_at: str = Field(examples=["2026-11-21T12:00:00Z"])
    share_url: str
    print_url: str



def assessment_body(result: StoredResult) -> dict[str, Any]:
    """An AssessmentOut as JSON-ready data, built straight from the stored result.

    The endpoints send this as it is: building the models and letting FastAPI check and
    serialise them again took ~15% of an API POST. The schema tests (schemathesis) check
    every response against AssessmentOut / AssessmentCreated.
    """
    return {
        "token": result.token, "level": result.level.id, "headline": result.level.headline,
        "reasons": [{"rule": r["rule"], "level": r["level"], "text": r["text"],
                     "sources": r["sources"]} for r in result.reasons],
        "advice": [{"id": a["id"], "text": a["text"], "sources": a["sources"]}
                   for a in result.advice],
        "questionnaire_version": result.questionnaire_version,
        "rules_version": result.rules_version,
        "created_at": result.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "share_url": f"/r/{result.token}", "print_url": f"/r/{result.token}/print",
    }


class AssessmentCreated(AssessmentOut):
    delete_key: str = Field(description="Secret needed to delete the result; returned only here")


class Problem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    item: str | None = Field(default=None, description="The answer item at fault, if any")


class ValidationProblem(BaseModel):
    detail: list[Problem]


class ErrorMessage(BaseModel):
    detail: str
