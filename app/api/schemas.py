"""JSON shapes of the API. The answers schema is generated from the
questionnaire data; app.answers does the validation, so both faces give the same verdicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.assessments import StoredResult
from app.questionnaire import BY_ID, ITEMS, EnableWhen, Item
from app.triage import LEVELS

# What app.answers.storable_text refuses, as JSON Schema can say it (tab and new lines pass).
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"
if TYPE_CHECKING:  # built from the levels at run time, which a type checker cannot follow
    LevelId = str
else:
    LevelId = Literal[tuple(level.id for level in LEVELS)]


def _has(item: Item, *codes: str) -> dict[str, Any]:
    """JSON Schema for "the answer to `item` includes any of `codes`"."""
    one = {"const": codes[0]} if len(codes) == 1 else {"enum": list(codes)}
    if item.kind == "multi":
        value: dict[str, Any] = {"contains": one}
    elif item.kind == "bool":
        value = {"const": codes[0] == "yes"} if len(codes) == 1 else {"type": "boolean"}
    else:
        value = one
    return {"required": [item.link_id], "properties": {item.link_id: value}}


def _holds(condition: EnableWhen) -> dict[str, Any]:
    has = _has(BY_ID[condition.item], condition.code)
    if condition.operator == "=":
        return has
    return {"required": [condition.item],
            "properties": {condition.item: {"not": has["properties"][condition.item]}}}


def _any(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def _rules() -> list[dict[str, Any]]:
    """The cross-item rules of app.answers, as JSON Schema, so the schema is the contract:
    every asked item is required unless an answer before it ended the questionnaire, and a
    conditional item is given only when its condition holds."""
    rules: list[dict[str, Any]] = []
    early_exits: list[dict[str, Any]] = []  # the answers that end it, before this item
    # Items always asked after the same early exits share one rule: a schema with a rule
    # per item, or many nested rules, is more than schemathesis' generator will take
    # (tests/test_api_fuzz.py).
    shared: dict[str, Any] | None = None
    for item in ITEMS:
        # What rules an asked item out (items.py: "=" conditions), one "any of" per item.
        by_item: dict[str, list[str]] = {}
        for c in item.unless:
            by_item.setdefault(c.item, []).append(c.code)
        unless = [_has(BY_ID[other], *codes) for other, codes in by_item.items()]
        required: dict[str, Any] = {}
        if item.required:
            required = {"required": [item.link_id]}
            if early_exits:
                # A copy: the list grows with later items' exits, which must not count here.
                required = {"if": _any(list(early_exits)), "then": {}, "else": required}
        forbidden = {"not": {"required": [item.link_id]}}
        if unless:  # ruled out whatever enables it ("if", not "not contains": see above)
            required = {"if": _any(unless), "then": forbidden, "else": required}
        if item.enable_when:
            rules.append({"if": _any([_holds(c) for c in item.enable_when]),
                          "then": required, "else": forbidden})
        elif required and shared is not None:
            shared.get("else", shared)["required"].append(item.link_id)
        elif required:
            shared = required
            rules.append(required)
        if ending := [o.code for o in item.options if o.ends_questionnaire]:
            # One condition per item (any of its ending answers) keeps the schema small.
            early_exits.append(_has(item, *ending))
            shared = None  # the next items have one more exit before them
    return rules


def _item_schema(item: Item) -> dict[str, Any]:
    base: dict[str, Any] = {"description": item.question}
    if item.kind == "bool":
        return {**base, "type": "boolean"}
    if item.kind == "text":
        return {**base, "type": "string", "maxLength": item.max_chars,
                "pattern": NO_CONTROL_CHARACTERS}
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
        "description": "Answers by item id (questionnaire version 3). Every asked item "
                       "except notes is required, unless an earlier answer ended the "
                       "questionnaire (red_flags_now has breathing_severe, fit_confusion or "
                       "bladder, or signs_onset or symptoms_onset is sudden). Conditional "
                       "items only when asked. The version-2 codes 'breathing' and "
                       "'came_on_suddenly' are refused.",
        "properties": {item.link_id: _item_schema(item) for item in ITEMS},
        "additionalProperties": False,
        "allOf": _rules(),
    }


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, Any] = Field(json_schema_extra=answers_schema())


class ReasonOut(BaseModel):
    rule: str
    level: LevelId
    text: str
    sources: list[str]


class AdviceOut(BaseModel):
    id: str
    text: str
    sources: list[str]


class ScoredOut(BaseModel):
    """What the answers scored, stored or not."""

    level: LevelId
    headline: str
    reasons: list[ReasonOut]
    advice: list[AdviceOut]
    questionnaire_version: str
    rules_version: str
    language: str = Field(description="The language of `headline` and of the reason and "
                                      "advice texts, chosen by Accept-Language (also sent "
                                      "as Content-Language); codes are the same in all",
                          examples=["en", "es"])


class AssessmentOut(ScoredOut):
    token: str
    created_at: str = Field(examples=["2026-11-21T12:00:00Z"])
    share_url: str
    print_url: str



def unstored_body(result: StoredResult) -> dict[str, Any]:
    """A ScoredOut as JSON-ready data: what a result says (in the language it is read in,
    `StoredResult.read_in`), with nothing that points to a stored one."""
    return {
        "level": result.level.id, "headline": result.level.headline,
        "reasons": [{"rule": r["rule"], "level": r["level"], "text": r["text"],
                     "sources": r["sources"]} for r in result.reasons],
        "advice": [{"id": a["id"], "text": a["text"], "sources": a["sources"]}
                   for a in result.advice],
        "questionnaire_version": result.questionnaire_version,
        "rules_version": result.rules_version, "language": result.shown_in,
    }


def assessment_body(result: StoredResult, path_for: Callable[..., str]) -> dict[str, Any]:
    """An AssessmentOut as JSON-ready data, built straight from the stored result.

    The endpoints send this as it is: building the models and letting FastAPI check and
    serialise them again took ~15% of an API POST. The schema tests (schemathesis) check
    every response against AssessmentOut / AssessmentCreated.
    """
    return {
        "token": result.token, **unstored_body(result),
        "created_at": result.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "share_url": path_for("result", token=result.token),
        "print_url": path_for("print_summary", token=result.token),
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
    result: ScoredOut | None = Field(
        default=None, description="Set only when the valid answers alone are an emergency: "
                                  "what they scored, stored nowhere, to show the person at "
                                  "once while the rest is put right")


class ErrorMessage(BaseModel):
    detail: str


class TooManyProblem(ErrorMessage):
    result: ScoredOut | None = Field(
        default=None, description="Set only when the answers are an emergency: what they "
                                  "scored, stored nowhere, to show the person at once")
