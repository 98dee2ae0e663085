"""JSON shapes of the API (spec/api.md). The answers schema is generated from the
questionnaire data; app.answers does the validation, so both faces give the same verdicts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.assessments import StoredResult
from app.questionnaire import ITEMS, Item
from app.triage import LEVELS

LevelId = Literal[tuple(level.id for level in LEVELS)]  # type: ignore[valid-type]


def _item_schema(item: Item) -> dict[str, Any]:
    base: dict[str, Any] = {"description": item.question}
    if item.kind == "bool":
        return {**base, "type": "boolean"}
    if item.kind == "text":
        return {**base, "type": "string", "maxLength": item.max_chars}
    if item.kind == "single":
        return {**base, "type": "string", "enum": list(item.codes)}
    return {**base, "type": "array", "items": {"type": "string", "enum": list(item.codes)},
            "minItems": 1, "uniqueItems": True}


def answers_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Answers by item id. Every asked item except notes is required, unless "
                       "red_flags_now has breathing. Conditional items only when asked.",
        "properties": {item.link_id: _item_schema(item) for item in ITEMS},
        "additionalProperties": False,
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

    @classmethod
    def of(cls, result: StoredResult) -> AssessmentOut:
        return cls(
            token=result.token, level=result.level.id, headline=result.level.headline,
            reasons=[ReasonOut(rule=r["rule"], level=r["level"], text=r["text"],
                               sources=r["sources"]) for r in result.reasons],
            advice=[AdviceOut(id=a["id"], text=a["text"], sources=a["sources"])
                    for a in result.advice],
            questionnaire_version=result.questionnaire_version,
            rules_version=result.rules_version,
            created_at=result.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            share_url=f"/r/{result.token}", print_url=f"/r/{result.token}/print",
        )


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
